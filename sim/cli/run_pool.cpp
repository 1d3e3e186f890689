#include "sim/cli/run_pool.hpp"

#include <sched.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <thread>

#include "sim/cli/child_process.hpp"
#include "sim/cli/interrupts.hpp"

namespace cmsim {
namespace {

namespace fs = std::filesystem;

// ---- progress on stderr ---------------------------------------------------------------------

std::string clock_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  char buffer[32];
  if (s >= 3600)
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", s / 60, s % 60);
  return buffer;
}

// Redrawn in place with \r on a terminal; a log file (CI, Slurm) gets a line every
// kLogProgressPercentStep % or kLogProgressInterval_s, whichever comes first, and the final one.
class Progress {
 public:
  Progress(std::ostream& err, std::size_t total, std::string command)
      : err_(err), command_(std::move(command)), total_(total), tty_(::isatty(STDERR_FILENO) != 0) {}

  void tick(std::size_t done, std::size_t failed) {
    done_ = done;
    failed_ = failed;
    if (!tty_) {
      log_line();
      return;
    }
    // At most ten redraws a second: thousands of millisecond runs would flood the terminal.
    const auto now = std::chrono::steady_clock::now();
    if (done != 0 && done != total_ && now - drawn_ < std::chrono::milliseconds(100)) return;
    drawn_ = now;
    err_ << '\r' << line() << "\x1b[K" << std::flush;
  }
  // A message on its own line, the bar redrawn under it.
  void say(const std::string& text) {
    if (tty_) err_ << "\r\x1b[K";
    err_ << text << '\n';
    drawn_ = {};  // the bar was wiped: draw it again now
    tick(done_, failed_);
  }
  void log_line() {
    const auto now = std::chrono::steady_clock::now();
    const std::size_t step = total_ == 0 ? 0 : done_ * 100 / total_ / kLogProgressPercentStep;
    const bool due =
        step > logged_step_ || std::chrono::duration<double>(now - logged_).count() >= kLogProgressInterval_s;
    if (done_ == 0 || done_ == total_ || !due) return;  // the start and the end have their own lines
    logged_step_ = step;
    logged_ = now;
    err_ << command_ << ": " << done_ << "/" << total_ << " runs done (" << done_ * 100 / total_ << " %), " << failed_
         << " failed, " << clock_text(elapsed()) << " elapsed, " << clock_text(elapsed() / done_ * (total_ - done_))
         << " left\n"
         << std::flush;
  }
  // Called while waiting, so a log still gets a line every kLogProgressInterval_s when runs
  // are long.
  void heartbeat() {
    if (!tty_) log_line();
  }
  void finish() {
    if (tty_) err_ << "\r\x1b[K";
    err_ << command_ << ": " << done_ << "/" << total_ << " runs done, " << failed_ << " failed, in "
         << clock_text(elapsed()) << '\n';
  }

 private:
  double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
  std::string line() const {
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = total_ == 0 ? kWidth : done_ * kWidth / total_;
    std::string bar = "[" + std::string(filled, '#') + std::string(kWidth - filled, '.') + "] ";
    bar += std::to_string(done_) + "/" + std::to_string(total_) + " runs";
    if (failed_ > 0) bar += ", " + std::to_string(failed_) + " failed";
    if (done_ > 0 && done_ < total_) bar += ", " + clock_text(elapsed() / done_ * (total_ - done_)) + " left";
    return bar;
  }

  std::ostream& err_;
  std::string command_;
  std::size_t total_, done_ = 0, failed_ = 0;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point drawn_{};
  std::size_t logged_step_ = 0;
  std::chrono::steady_clock::time_point logged_ = start_;
};

constexpr pid_t kInterrupted = -2;
constexpr pid_t kTick = -3;  // the log ticker's SIGALRM woke the wait

pid_t wait_any(int& status) {
  if (interruption()) return kInterrupted;
  const pid_t pid = ::waitpid(-1, &status, 0);
  if (pid >= 0 || errno != EINTR) return pid;
  return interruption() ? kInterrupted : kTick;
}

extern "C" void wake_only(int) {}

// Without a terminal, SIGALRM every few seconds wakes the wait so that a log gets its
// kLogProgressInterval_s line even while long runs are under way. Not inherited by children
// (timers are not, across fork); stopped on destruction.
class LogTicker {
 public:
  explicit LogTicker(bool on) : on_(on) {
    if (!on_) return;
    struct sigaction action {};
    action.sa_handler = wake_only;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: the wait returns EINTR
    ::sigaction(SIGALRM, &action, &previous_);
    itimerval every{{kTick_s, 0}, {kTick_s, 0}};
    ::setitimer(ITIMER_REAL, &every, nullptr);
  }
  ~LogTicker() {
    if (!on_) return;
    itimerval off{};
    ::setitimer(ITIMER_REAL, &off, nullptr);
    ::sigaction(SIGALRM, &previous_, nullptr);
  }
  LogTicker(const LogTicker&) = delete;
  LogTicker& operator=(const LogTicker&) = delete;

 private:
  static constexpr long kTick_s = 5;  // a fraction of kLogProgressInterval_s: lines come on time
  bool on_;
  struct sigaction previous_ {};
};

// SIGINT or SIGTERM: the runs under way are stopped, their half-written files removed; the
// finished ones stay in runs/, so the same command resumes with the rest.
void stop_running(const fs::path& runs_dir, std::map<pid_t, std::size_t>& running) {
  for (const auto& [pid, run] : running) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
  }
  for (const auto& [pid, run] : running) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  running.clear();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(runs_dir, ec))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) fs::remove_all(entry.path(), ec);
}

}  // namespace

PoolOutcome run_pool(const std::vector<PoolJob>& todo, std::size_t jobs, const fs::path& runs_dir,
                     const std::string& command, std::ostream& err) {
  catch_interrupts();
  Progress progress(err, todo.size(), command);
  const LogTicker ticker(::isatty(STDERR_FILENO) == 0);
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0, done = 0, failed = 0, invalid = 0;
  progress.tick(0, 0);
  while ((next < todo.size() && invalid == 0) || !running.empty()) {
    while (running.size() < jobs && next < todo.size() && invalid == 0) {
      const std::size_t k = next++;
      const auto child = start_child(todo[k].body, false);
      if (child) {
        running.emplace(child->pid, k);
        continue;
      }
      ++done, ++failed;
      progress.say(todo[k].name + ": cannot start a process");
    }
    if (running.empty()) continue;
    int status = 0;
    const pid_t pid = wait_any(status);
    if (pid == kTick) {
      progress.heartbeat();
      continue;
    }
    if (pid == kInterrupted) {
      stop_running(runs_dir, running);
      progress.finish();
      return {done, failed, invalid, interruption()};
    }
    if (pid < 0) break;  // no children left to wait for: nothing more will finish
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    ++done;
    if (exit_code_of(status) == 2) {
      ++failed, ++invalid;  // the child said why
    } else if (!succeeded(status)) {
      ++failed;
      progress.say(todo[it->second].name + " failed: " + describe_status(status));
    }
    running.erase(it);
    progress.tick(done, failed);
  }
  progress.finish();
  return {done, failed + running.size(), invalid, 0};
}

std::size_t usable_cpus() {
  // The affinity mask, not the machine's core count: Slurm, taskset and containers limit it.
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return static_cast<std::size_t>(CPU_COUNT(&set));
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? n : 1;
}

}  // namespace cmsim
