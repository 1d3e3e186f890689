#include "sim/cli/command_sweep.hpp"

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <thread>

#include "models/scenario_loader.hpp"
#include "models/version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/sweep_html.hpp"
#include "sim/cli/child_process.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupts.hpp"
#include "sim/cli/sweep_options.hpp"
#include "sim/simulation.hpp"

namespace cmsim {

namespace fs = std::filesystem;
using sweep::Plan;
using sweep::RunId;
using sweep::RunRecord;
using sweep::Shard;

// ---- files shared with merge -------------------------------------------------------------

namespace sweep_files {

fs::path run_path(const fs::path& dir, const RunId& run) { return dir / "runs" / sweep::run_file_name(run); }

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::optional<sweep::Manifest> read_manifest(const fs::path& dir, std::string& error) {
  const fs::path path = dir / kManifest;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    error = path.string() + ": no such file (expected the manifest `cmsim sweep` writes into its --out)";
    return std::nullopt;
  }
  std::string why;
  auto manifest = sweep::parse_manifest(read_text(path), why);
  if (!manifest) error = path.string() + ": " + why;
  return manifest;
}

void write_results(const fs::path& dir, const Plan& plan, const std::vector<RunRecord>& records) {
  const auto sorted = sweep::sorted_records(records);
  fs::create_directories(dir);
  reports::write_file_atomically(dir / "runs.csv", sweep::runs_csv(plan, sorted));
  reports::write_file_atomically(dir / "summary.json", sweep::summary_json(plan, sorted));
  reports::write_file_atomically(dir / "sweep.html", reports::sweep_html(plan, sorted));
}

}  // namespace sweep_files

namespace {

// ---- validating the request before anything is written ------------------------------------

std::size_t usable_cpus() {
  // The affinity mask, not the machine's core count: Slurm, taskset and containers limit it.
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return static_cast<std::size_t>(CPU_COUNT(&set));
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? n : 1;
}

// Each grid point loaded and validated: a --vary value that breaks the scenario is invalid
// input before any run starts, not a crash in the middle of the sweep.
struct Prepared {
  Plan plan;
  Shard shard;
  std::vector<Scenario> points;  // index = grid point
  fs::path out;
};

bool print_errors(const std::vector<std::string>& errors, std::ostream& err) {
  for (const std::string& e : errors) err << e << '\n';
  return errors.empty();
}

// Problems of every point, each distinct line once, tagged with the first point it broke.
bool load_points(const std::string& text, const std::string& file, Prepared& prep, std::ostream& err) {
  std::set<std::string> seen;
  for (std::size_t p = 0; p < prep.plan.point_count(); ++p) {
    LoadResult loaded = load_scenario_text(text, file, sweep::point_overrides(prep.plan, p));
    for (const Problem& problem : loaded.problems.list()) {
      const std::string line = format_problem(file, problem);
      if (seen.insert(line).second)
        err << line
            << (prep.plan.axes.empty()
                    ? ""
                    : " [grid point " + std::to_string(p) + ": " + sweep::point_label(prep.plan, p) + "]")
            << '\n';
    }
    if (loaded.scenario) prep.points.push_back(std::move(*loaded.scenario));
  }
  return seen.empty();
}

std::optional<Prepared> prepare(const SweepRequest& request, std::ostream& err) {
  std::vector<std::string> errors;
  if (request.replicas < 1) errors.push_back("--replicas must be at least 1");
  Prepared prep;
  prep.plan.axes = sweep::parse_vary_list(request.vary, errors);
  std::string shard_error;
  const auto shard = sweep::parse_shard(request.shard, shard_error);
  if (!shard) errors.push_back(shard_error);
  Problems unreadable;
  const auto read = read_scenario_text(request.file, unreadable);
  for (const std::string& line : format_problems(request.file, unreadable)) errors.push_back(line);
  if (!print_errors(errors, err)) return std::nullopt;
  prep.shard = *shard;
  const std::string& text = *read;
  const LoadResult base = load_scenario_text(text, request.file);
  if (!base.scenario) {
    for (const std::string& line : format_problems(request.file, base.problems)) err << line << '\n';
    return std::nullopt;
  }
  prep.plan.scenario = base.scenario->name;
  prep.plan.base_seed = base.scenario->seed;
  prep.plan.replicas = request.replicas;
  prep.plan.sweep_id = sweep::make_sweep_id(text, request.replicas, prep.plan.axes, kCmsimVersion);
  if (!load_points(text, request.file, prep, err)) return std::nullopt;
  prep.out = request.out_dir.empty() ? fs::path("out") / (prep.plan.scenario + "-sweep") : fs::path(request.out_dir);
  return prep;
}

// A DIR that already holds a manifest must hold this very sweep and shard: otherwise its
// run files would be mixed with ours, and a merge could count a run twice.
bool out_dir_matches(const Prepared& prep, std::ostream& err) {
  std::error_code ec;
  if (!fs::exists(prep.out / sweep_files::kManifest, ec)) return true;
  std::string error;
  const auto manifest = sweep_files::read_manifest(prep.out, error);
  if (manifest && manifest->plan == prep.plan && manifest->shard == prep.shard) return true;
  err << prep.out.string() << ": holds another sweep or shard ("
      << (manifest ? "sweep id " + manifest->plan.sweep_id : error)
      << "); use another --out, or delete it to start over\n";
  return false;
}

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

// Redrawn in place with \r on a terminal; a log file (CI, Slurm) gets only the final line.
class Progress {
 public:
  Progress(std::ostream& err, std::size_t total) : err_(err), total_(total), tty_(::isatty(STDERR_FILENO) != 0) {}

  void tick(std::size_t done, std::size_t failed) {
    done_ = done;
    failed_ = failed;
    if (!tty_) return;
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
  void finish() {
    if (tty_) err_ << "\r\x1b[K";
    err_ << "sweep: " << done_ << "/" << total_ << " runs done, " << failed_ << " failed, in " << clock_text(elapsed())
         << '\n';
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
  std::size_t total_, done_ = 0, failed_ = 0;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point drawn_{};
};

// ---- running --------------------------------------------------------------------------------

// Runs of this shard whose file is not a complete record of this sweep yet.
std::vector<RunId> unfinished(const Prepared& prep, const std::vector<RunId>& runs) {
  std::vector<RunId> todo;
  for (const RunId& run : runs) {
    std::string error;
    if (!sweep::parse_run_record(sweep_files::read_text(sweep_files::run_path(prep.out, run)), prep.plan, run, error))
      todo.push_back(run);
  }
  return todo;
}

// Child side: the run's seed, one simulation, its metrics file.
std::string run_one(const Prepared& prep, const RunId& run) {
  detach_from_terminal_signals();  // the parent decides what an interruption does
  Scenario scenario = prep.points.at(run.point);
  scenario.seed = run.seed;
  RunStats stats;
  const Results results = simulate(scenario, SimulationOptions{}, &stats);
  reports::write_file_atomically(sweep_files::run_path(prep.out, run),
                                 sweep::run_record_json(prep.plan, run, sweep::metrics_from_results(results)));
  return {};
}

std::string run_name(const RunId& run) {
  return "run " + std::to_string(run.index) + " (grid point " + std::to_string(run.point) + ", seed " +
         std::to_string(run.seed) + ")";
}

constexpr pid_t kInterrupted = -2;

pid_t wait_any(int& status) {
  for (;;) {
    if (interruption()) return kInterrupted;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid >= 0 || errno != EINTR) return pid;
  }
}

// SIGINT or SIGTERM: the runs under way are stopped, their half-written files removed; the
// finished ones stay in runs/, so the same command resumes with the rest.
void stop_running(const Prepared& prep, std::map<pid_t, RunId>& running) {
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
  for (const auto& entry : fs::directory_iterator(prep.out / "runs", ec))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) fs::remove(entry.path(), ec);
}

struct RunAllOutcome {
  std::size_t done = 0;
  std::size_t failed = 0;
  int interrupted_by = 0;  // the signal, or 0
};

// At most `jobs` children at a time.
RunAllOutcome run_all(const Prepared& prep, const std::vector<RunId>& todo, std::size_t jobs, std::ostream& err) {
  catch_interrupts();
  Progress progress(err, todo.size());
  std::map<pid_t, RunId> running;
  std::size_t next = 0, done = 0, failed = 0;
  progress.tick(0, 0);
  while (next < todo.size() || !running.empty()) {
    while (running.size() < jobs && next < todo.size()) {
      const RunId run = todo[next++];
      const auto child = start_child([&prep, run] { return run_one(prep, run); }, false);
      if (child) {
        running.emplace(child->pid, run);
        continue;
      }
      ++done, ++failed;
      progress.say(run_name(run) + ": cannot start a process");
    }
    if (running.empty()) continue;
    int status = 0;
    const pid_t pid = wait_any(status);
    if (pid == kInterrupted) {
      stop_running(prep, running);
      progress.finish();
      return {done, failed, interruption()};
    }
    if (pid < 0) break;  // no children left to wait for: nothing more will finish
    const auto it = running.find(pid);
    if (it == running.end()) continue;
    ++done;
    if (!succeeded(status)) {
      ++failed;
      progress.say(run_name(it->second) + " failed: " + describe_status(status));
    }
    running.erase(it);
    progress.tick(done, failed);
  }
  progress.finish();
  return {done, failed + running.size(), 0};
}

std::vector<RunRecord> read_records(const Prepared& prep, const std::vector<RunId>& runs) {
  std::vector<RunRecord> records;
  for (const RunId& run : runs) {
    std::string error;
    auto record =
        sweep::parse_run_record(sweep_files::read_text(sweep_files::run_path(prep.out, run)), prep.plan, run, error);
    if (!record) throw std::runtime_error(sweep_files::run_path(prep.out, run).string() + ": " + error);
    records.push_back(std::move(*record));
  }
  return records;
}

void announce(const Prepared& prep, std::size_t shard_runs, std::size_t todo, std::size_t jobs, std::ostream& err) {
  err << "sweep: " << prep.plan.scenario << ": " << prep.plan.point_count() << " grid point(s) x " << prep.plan.replicas
      << " replicas = " << prep.plan.run_count() << " runs";
  if (prep.shard.count > 1) err << "; shard " << prep.shard.index << "/" << prep.shard.count << " has " << shard_runs;
  err << "; skipped " << (shard_runs - todo) << " finished runs; " << todo << " to run, " << jobs << " at a time\n";
}

int finish(const Prepared& prep, const std::vector<RunId>& runs, std::ostream& out) {
  if (prep.shard.count > 1) {
    out << "shard " << prep.shard.index << "/" << prep.shard.count << ": " << runs.size() << " runs in "
        << (prep.out / "runs").string() << "; join the shards with `cmsim merge DIR... --out DIR`\n";
    return kExitOk;
  }
  sweep_files::write_results(prep.out, prep.plan, read_records(prep, runs));
  out << "runs: " << (prep.out / "runs.csv").string() << "\nsummary: " << (prep.out / "summary.json").string()
      << "\npage: " << (prep.out / "sweep.html").string() << '\n';
  return kExitOk;
}

}  // namespace

int command_sweep(const SweepRequest& request, std::ostream& out, std::ostream& err) {
  auto prep = prepare(request, err);
  if (!prep || !out_dir_matches(*prep, err)) return kExitInvalidInput;
  try {
    const auto runs = sweep::shard_runs(prep->plan, prep->shard);
    fs::create_directories(prep->out / "runs");
    reports::write_file_atomically(prep->out / sweep_files::kManifest,
                                   sweep::manifest_json(prep->plan, prep->shard, runs.size()));
    const auto todo = unfinished(*prep, runs);
    const std::size_t jobs = request.jobs > 0 ? request.jobs : usable_cpus();
    announce(*prep, runs.size(), todo.size(), jobs, err);
    const RunAllOutcome outcome = run_all(*prep, todo, jobs, err);
    if (outcome.interrupted_by) {
      const std::size_t finished = runs.size() - todo.size() + outcome.done - outcome.failed;
      err << "sweep: interrupted by " << interruption_name(outcome.interrupted_by) << ": " << finished << " of "
          << runs.size() << " runs finished and kept in " << (prep->out / "runs").string()
          << "; run the same command again to resume\n";
      return 128 + outcome.interrupted_by;
    }
    if (outcome.failed > 0) {
      err << "sweep: " << outcome.failed << " run(s) failed; run the same command again to retry only those\n";
      return kExitInternalError;
    }
    return finish(*prep, runs, out);
  } catch (const std::exception& e) {
    err << "sweep: " << e.what() << '\n';
    return kExitInternalError;
  }
}

}  // namespace cmsim
