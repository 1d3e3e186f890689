// Fork and wait, once for the whole project: the CLI (one simulation per child: SimGrid allows
// one engine per process and the parent never creates one, so a forked child starts
// engine-free with the scenario already loaded), the simulation tests' fork runner and the
// benchmarks all start their children here. Plain POSIX: this is its own small library
// (cmsim_child_process) that links nothing, so tests and benchmarks can use it too.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cmsim {

// A running child whose reply comes back over a pipe.
struct Child {
  pid_t pid = -1;
  int reply_fd = -1;  // read end; -1 when the child replies through files instead
};

// ---- the generic core ------------------------------------------------------------------

// Flushes this process's stdio, forks, and in the child runs `child_main` with the pipe's
// write end (-1 without a pipe), then flushes stdio and _exits with what it returned. An
// exception escaping `child_main` is printed to stderr and exit 3. nullopt when the pipe or
// fork fails.
std::optional<Child> fork_child(const std::function<int(int reply_fd)>& child_main, bool with_pipe);

// Where an exec'd program's stdout or stderr goes; kCapture is the reply pipe.
enum class Stream { kInherit, kDiscard, kCapture };

// fork + execv(argv[0], argv). A program that cannot be executed exits 127 (as in a shell).
std::optional<Child> start_program(const std::vector<std::string>& argv, Stream out, Stream err = Stream::kInherit);

// write() until done (EINTR-safe); false when the other end is gone.
bool write_all(int fd, std::string_view text);

// Reads the child's reply to the end (EINTR-safe) and closes it; "" for a child without a pipe.
std::string read_reply(Child& child);

// Like read_reply, but gives up as soon as `stop()` is true: it is asked before reading and
// after every signal, with no moment at which a signal could arrive unnoticed. nullopt when
// stopped (the reply end is then closed).
std::optional<std::string> read_reply_unless(Child& child, const std::function<bool()>& stop);

// Waits for this child (EINTR-safe); the raw status, or -1 when it cannot be waited for.
// `usage`, when given, receives the child's resource usage (wait4).
int wait_child(pid_t pid, rusage* usage = nullptr);

// The raw status when the child has ended (it is then reaped), nullopt while it runs.
std::optional<int> poll_child(pid_t pid);

struct Finished {
  std::string reply;
  int status = -1;
};
// read_reply, then wait_child: in that order, or a child blocked on a full pipe never ends.
Finished finish_child(Child& child, rusage* usage = nullptr);

// "exit 3", "killed by signal 9": for messages about a child that did not exit 0.
std::string describe_status(int status);
bool succeeded(int status);
// The exit code, or -1 when the child did not exit (a signal, or lost).
int exit_code_of(int status);

// ---- the CLI's children ----------------------------------------------------------------

// For a child that _exits when done: `value` is moved to the heap and never destroyed, since
// the system takes a process's memory back at once, where freeing a year of results piece by
// piece takes a tenth of a second (clang's -disable-free, for the same reason).
template <typename T>
T& kept_until_exit(T&& value) {
  return *new T(std::forward<T>(value));
}

// The child runs `body`, writes what it returns to the pipe, and _exits 0; when `body`
// throws, it prints the reason to stderr as "cmsim: <what>" and _exits 3. With `with_pipe`
// false nothing is sent back (the body writes its own files). The child dies with its
// parent, so a killed cmsim leaves no simulation writing on behind it.
std::optional<Child> start_child(const std::function<std::string()>& body, bool with_pipe);

}  // namespace cmsim
