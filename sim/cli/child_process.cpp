#include "sim/cli/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>

namespace cmsim {
namespace {

// Both the C++ streams and C stdio: a child's _exit skips flushing, and a buffer that is
// still full at fork() would be printed twice, once by each process.
void flush_stdio() {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// _exit, not exit: the child must not run the parent's atexit handlers or unwind into the
// parent's stack.
[[noreturn]] void run_and_exit(int fd, const std::function<int(int)>& child_main) {
  int code = 3;
  try {
    code = child_main(fd);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "child process: %s\n", e.what());
  } catch (...) {
    std::fputs("child process: unknown exception\n", stderr);
  }
  close_fd(fd);
  flush_stdio();
  ::_exit(code);
}

// One read(); false at the end of the pipe or on an error.
bool read_some(int fd, std::string& text) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.append(buffer, static_cast<std::size_t>(n));
    return true;
  }
}

// Every signal held back while `stop` is asked, and let in only inside ppoll(): one that
// arrives between the question and the wait then interrupts the wait instead of being missed.
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
  }
  ~SignalsHeld() { pthread_sigmask(SIG_SETMASK, &previous, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;
  sigset_t previous;
};

// Reads `fd` to its end; true when `stop()` said so first.
bool read_until_stopped(int fd, std::string& text, const std::function<bool()>& stop) {
  const SignalsHeld held;
  for (;;) {
    if (stop()) return true;
    if (fd < 0) return false;
    pollfd ready{fd, POLLIN, 0};
    if (::ppoll(&ready, 1, nullptr, &held.previous) < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (!read_some(fd, text)) return false;
  }
}

void redirect(Stream stream, int target, int reply_fd) {
  if (stream == Stream::kCapture) {
    ::dup2(reply_fd, target);
  } else if (stream == Stream::kDiscard) {
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);  // the dup2 copy stays open
    ::dup2(null, target);
  }
}

int exec_program(const std::vector<char*>& args, Stream out, Stream err, int reply_fd) {
  redirect(out, STDOUT_FILENO, reply_fd);
  redirect(err, STDERR_FILENO, reply_fd);
  ::execv(args[0], args.data());
  std::perror(args[0]);
  return 127;
}

// A child that outlives a killed cmsim would go on writing into a staging folder that the
// next run removes as a leftover.
void die_with_parent(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(3);  // the parent died before prctl took effect
}

int cli_child_main(pid_t parent, int fd, const std::function<std::string()>& body) {
  die_with_parent(parent);
  try {
    const std::string reply = body();
    if (fd >= 0) write_all(fd, reply);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "cmsim: " << e.what() << std::endl;
  } catch (...) {
    std::cerr << "cmsim: unknown exception" << std::endl;
  }
  return 3;
}

}  // namespace

std::optional<Child> fork_child(const std::function<int(int reply_fd)>& child_main, bool with_pipe) {
  int fds[2] = {-1, -1};
  // Close-on-exec, so a program exec'd by a later child does not hold this pipe open.
  if (with_pipe && ::pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  flush_stdio();
  const pid_t pid = ::fork();
  if (pid < 0) {
    close_fd(fds[0]);
    close_fd(fds[1]);
    return std::nullopt;
  }
  if (pid == 0) {
    close_fd(fds[0]);
    run_and_exit(fds[1], child_main);
  }
  close_fd(fds[1]);  // ours first, so the read sees EOF when the child dies
  return Child{pid, fds[0]};
}

std::optional<Child> start_program(const std::vector<std::string>& argv, Stream out, Stream err) {
  if (argv.empty()) return std::nullopt;
  std::vector<char*> args;  // built before fork(): the child only redirects and execs
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const bool capture = out == Stream::kCapture || err == Stream::kCapture;
  return fork_child([&](int fd) { return exec_program(args, out, err, fd); }, capture);
}

bool write_all(int fd, std::string_view text) {
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string read_reply(Child& child) {
  std::string text;
  if (child.reply_fd < 0) return text;
  while (read_some(child.reply_fd, text)) {
  }
  close_fd(child.reply_fd);
  return text;
}

std::optional<std::string> read_reply_unless(Child& child, const std::function<bool()>& stop) {
  std::string text;
  const bool stopped = read_until_stopped(child.reply_fd, text, stop);
  close_fd(child.reply_fd);
  if (stopped) return std::nullopt;
  return text;
}

int wait_child(pid_t pid, rusage* usage) {
  int status = 0;
  while (::wait4(pid, &status, 0, usage) < 0)
    if (errno != EINTR) return -1;
  return status;
}

std::optional<int> poll_child(pid_t pid) {
  int status = 0;
  for (;;) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r == 0) return std::nullopt;
    if (errno != EINTR) return -1;
  }
}

Finished finish_child(Child& child, rusage* usage) {
  Finished done;
  done.reply = read_reply(child);
  done.status = wait_child(child.pid, usage);
  return done;
}

bool succeeded(int status) { return exit_code_of(status) == 0; }

int exit_code_of(int status) { return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

std::string describe_status(int status) {
  if (status == -1) return "lost the child process";
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "exit " + std::to_string(WEXITSTATUS(status));
}

std::optional<Child> start_child(const std::function<std::string()>& body, bool with_pipe) {
  const pid_t parent = ::getpid();
  return fork_child([&](int fd) { return cli_child_main(parent, fd, body); }, with_pipe);
}

}  // namespace cmsim
