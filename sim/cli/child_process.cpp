#include "sim/cli/child_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <iostream>

namespace cmsim {
namespace {

void write_all(int fd, const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// _exit, not exit: the child must not run the parent's atexit handlers or flush its copies
// of the parent's stdio buffers a second time.
[[noreturn]] void child_main(int fd, const std::function<std::string()>& body) {
  int code = 0;
  try {
    const std::string reply = body();
    if (fd >= 0) write_all(fd, reply);
  } catch (const std::exception& e) {
    std::cerr << "cmsim: " << e.what() << std::endl;
    code = 3;
  } catch (...) {
    std::cerr << "cmsim: unknown exception" << std::endl;
    code = 3;
  }
  if (fd >= 0) ::close(fd);
  std::cout.flush();
  std::fflush(nullptr);
  ::_exit(code);
}

}  // namespace

std::optional<Child> start_child(const std::function<std::string()>& body, bool with_pipe) {
  int fds[2] = {-1, -1};
  if (with_pipe && ::pipe(fds) != 0) return std::nullopt;
  std::cout.flush();  // or the child's exit could print the parent's pending output again
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    if (with_pipe) {
      ::close(fds[0]);
      ::close(fds[1]);
    }
    return std::nullopt;
  }
  if (pid == 0) {
    if (with_pipe) ::close(fds[0]);
    child_main(fds[1], body);
  }
  if (with_pipe) ::close(fds[1]);  // ours first, so the read sees EOF when the child dies
  return Child{pid, fds[0]};
}

std::string read_reply(Child& child) {
  std::string text;
  if (child.reply_fd < 0) return text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(child.reply_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(child.reply_fd);
  child.reply_fd = -1;
  return text;
}

int wait_child(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return status;
}

bool succeeded(int status) { return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0; }

std::string describe_status(int status) {
  if (status == -1) return "lost the child process";
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "exit " + std::to_string(WEXITSTATUS(status));
}

}  // namespace cmsim
