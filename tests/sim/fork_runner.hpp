// Fork-per-simulation for gtest (after WRENCH's TestWithFork.h; docs/modelling.md §12.4.6).
// SimGrid allows one Engine per process and a second one keeps the first one's clock and
// configuration, so every simulation runs in a forked child and only a string comes back.
// The parent test process must never create an Engine itself.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>

namespace cmsim::test {

namespace fork_detail {

inline void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

inline std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

// Child side: never returns. An exception or a failed EXPECT inside `body` is a non-zero exit.
[[noreturn]] inline void run_child(int write_fd, const std::function<std::string()>& body) {
  int code = 0;
  std::string output;
  try {
    output = body();
    if (::testing::Test::HasFailure()) code = 3;
  } catch (const std::exception& e) {
    output = std::string("uncaught exception: ") + e.what();
    code = 2;
  } catch (...) {
    output = "uncaught non-standard exception";
    code = 2;
  }
  write_all(write_fd, output);
  ::close(write_fd);
  std::fflush(stdout);  // _exit skips stdio flushing, and gtest prints child failures there
  std::fflush(stderr);
  ::_exit(code);
}

inline int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  return status;
}

}  // namespace fork_detail

// Runs `body` in a forked child and returns the string it returned. A child that crashes,
// aborts, throws or fails an EXPECT is a test failure here, and the call throws so the
// test stops (gtest reports the exception). Prefer returning text and asserting in the
// parent: assertions made in the child only show in the child's output.
inline std::string run_in_child(const std::function<std::string()>& body) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(stdout);  // or the child would print the parent's buffered output again
  std::fflush(stderr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    fork_detail::run_child(fds[1], body);
  }
  // Close our copy of the write end first: otherwise read() never sees EOF if the child dies.
  ::close(fds[1]);
  const std::string output = fork_detail::read_all(fds[0]);
  ::close(fds[0]);
  const int status = fork_detail::wait_for(pid);
  if (WIFSIGNALED(status)) {
    ADD_FAILURE() << "simulation child killed by signal " << WTERMSIG(status) << "; output: " << output;
    throw std::runtime_error("simulation child crashed");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ADD_FAILURE() << "simulation child exited with " << WEXITSTATUS(status) << "; output: " << output;
    throw std::runtime_error("simulation child failed");
  }
  return output;
}

}  // namespace cmsim::test
