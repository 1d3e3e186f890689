// Fork-per-simulation for gtest (after WRENCH's TestWithFork.h; docs/modelling.md §12.4.6).
// SimGrid allows one Engine per process and a second one keeps the first one's clock and
// configuration, so every simulation runs in a forked child and only a string comes back.
// The parent test process must never create an Engine itself. Forking and waiting is the
// project's one helper (sim/cli/child_process.hpp); what is gtest's is here.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <exception>
#include <functional>
#include <stdexcept>
#include <string>

#include "sim/cli/child_process.hpp"

namespace cmsim::test {

namespace fork_detail {

// Child side: an exception or a failed EXPECT inside `body` is a non-zero exit, and what the
// child has to say still goes back (fork_child flushes stdout, where gtest prints failures).
inline int run_child(int write_fd, const std::function<std::string()>& body) {
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
  return code;
}

}  // namespace fork_detail

// Runs `body` in a forked child and returns the string it returned. A child that crashes,
// aborts, throws or fails an EXPECT is a test failure here, and the call throws so the
// test stops (gtest reports the exception). Prefer returning text and asserting in the
// parent: assertions made in the child only show in the child's output.
inline std::string run_in_child(const std::function<std::string()>& body) {
  auto child = fork_child([&](int fd) { return fork_detail::run_child(fd, body); }, true);
  if (!child) throw std::runtime_error("pipe or fork failed");
  const Finished done = finish_child(*child);
  if (done.status == -1) throw std::runtime_error("waitpid failed");
  if (WIFSIGNALED(done.status)) {
    ADD_FAILURE() << "simulation child killed by signal " << WTERMSIG(done.status) << "; output: " << done.reply;
    throw std::runtime_error("simulation child crashed");
  }
  if (!succeeded(done.status)) {
    ADD_FAILURE() << "simulation child exited with " << WEXITSTATUS(done.status) << "; output: " << done.reply;
    throw std::runtime_error("simulation child failed");
  }
  return done.reply;
}

}  // namespace cmsim::test
