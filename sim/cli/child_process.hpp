// One simulation per child process, for the commands that run many (sweep) or several
// (compare). SimGrid allows one engine per process and the parent never creates one, so a
// forked child starts engine-free with the scenario already loaded and validated.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>

namespace cmsim {

// A running child whose reply comes back over a pipe.
struct Child {
  pid_t pid = -1;
  int reply_fd = -1;  // read end; -1 when the child replies through files instead
};

// Forks. The child runs `body`, writes what it returns to the pipe, and _exits 0; when
// `body` throws, it prints the reason to stderr as "cmsim: <what>" and _exits 3.
// With `with_pipe` false nothing is sent back (the body writes its own files).
// nullopt when the pipe or fork fails.
std::optional<Child> start_child(const std::function<std::string()>& body, bool with_pipe);

// Reads the child's reply to the end; "" for a child without a pipe.
std::string read_reply(Child& child);

// waitpid for this child (EINTR-safe); the raw status, or -1 when it cannot be waited for.
int wait_child(pid_t pid);

// "exit 3", "killed by signal 9": for messages about a child that did not exit 0.
std::string describe_status(int status);
bool succeeded(int status);

}  // namespace cmsim
