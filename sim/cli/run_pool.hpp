// The simulations of a sweep or an advise, run at most N at a time, each in a child process
// that writes its own file (so a finished run survives an interruption and a rerun resumes),
// with a progress line on stderr. One engine per process is SimGrid's rule; the parent never
// creates one.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace cmsim {

struct PoolJob {
  std::string name;                   // "run 12 (grid point 3, seed 44)": for messages
  std::function<std::string()> body;  // runs in the child; writes its file, returns ""
};

struct PoolOutcome {
  std::size_t done = 0;
  std::size_t failed = 0;   // including the invalid ones
  std::size_t invalid = 0;  // exited 2 (kExitInvalidInput): the user's input, no use retrying
  int interrupted_by = 0;   // the signal, or 0
};

// Progress where stderr is not a terminal (CI, Slurm logs): a line each time another 10 % of
// the runs is done or 30 s have passed since the last line, whichever comes first.
inline constexpr std::size_t kLogProgressPercentStep = 10;
inline constexpr double kLogProgressInterval_s = 30;

// `command` prefixes the progress lines ("sweep: 40/40 runs done, ..."). On SIGINT or SIGTERM
// the children under way are killed and their half-written files and folders (*.tmp-*) in
// `runs_dir` removed; the finished ones stay. After a child exits 2 no further job starts
// (the ones under way finish).
PoolOutcome run_pool(const std::vector<PoolJob>& jobs, std::size_t parallel, const std::filesystem::path& runs_dir,
                     const std::string& command, std::ostream& err);

// The CPUs this process may use: the affinity mask, not the machine's core count, since
// Slurm, taskset and containers limit it.
std::size_t usable_cpus();

}  // namespace cmsim
