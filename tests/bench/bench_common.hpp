// Shared by the benchmarks: run a program (or a function) in a child process and measure
// its wall time and peak RSS, the way a user's shell would (one SimGrid engine per process,
// so every simulation runs in its own child and the benchmark process never makes one).
// Forking and waiting is the project's one helper (sim/cli/child_process.hpp).
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/cli/child_process.hpp"

namespace cmsim::bench {

struct ChildRun {
  int exit_code = -1;      // -1 when killed by a signal
  double wall_s = 0;       // fork to reaped
  double peak_rss_MB = 0;  // the child's own ru_maxrss (wait4), MiB
  std::string out;         // what it wrote on stdout (when captured)
};

inline double rss_MB(const rusage& ru) { return static_cast<double>(ru.ru_maxrss) / 1024.0; }  // KiB on Linux

namespace detail {
using Clock = std::chrono::steady_clock;

// Reads the reply to its end, then reaps the child: the wall time includes both.
inline ChildRun reap(std::optional<Child> child, Clock::time_point t0) {
  if (!child) throw std::runtime_error("pipe or fork failed");
  rusage ru{};
  const Finished done = finish_child(*child, &ru);
  if (done.status == -1) throw std::runtime_error("wait4 failed");
  ChildRun r;
  r.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  r.peak_rss_MB = rss_MB(ru);
  r.exit_code = exit_code_of(done.status);
  r.out = done.reply;
  return r;
}

inline int run_body(int fd, const std::function<std::string()>& body) {
  try {
    write_all(fd, body());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "benchmark child: %s\n", e.what());
    return 1;
  }
}
}  // namespace detail

// fork + exec `argv`; stdout captured when `capture`, else discarded; stderr inherited.
inline ChildRun run_program(const std::vector<std::string>& argv, bool capture = false) {
  const auto t0 = detail::Clock::now();
  return detail::reap(start_program(argv, capture ? Stream::kCapture : Stream::kDiscard), t0);
}

// Runs `body` in a forked child; whatever it returns is the child's stdout-equivalent. The
// child _exits: no SimGrid teardown or atexit handlers of the parent's state.
inline ChildRun run_forked(const std::function<std::string()>& body) {
  const auto t0 = detail::Clock::now();
  return detail::reap(fork_child([&](int fd) { return detail::run_body(fd, body); }, true), t0);
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

// A fresh folder under $TMPDIR for one benchmark process, removed when it goes away.
class TempDir {
 public:
  explicit TempDir(const std::string& tag)
      : path_(std::filesystem::temp_directory_path() / ("cmsim-" + tag + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The benchmark process's one scratch folder, removed at exit. Everything a benchmark writes
// goes into a new subfolder of it and nothing is deleted before the end: on ext4, creating
// thousands of files right after deleting thousands makes the inode allocator skip the
// recently freed inodes one by one, and the next run would pay for the last one's cleanup.
inline const std::filesystem::path& scratch() {
  static TempDir dir("bench");
  return dir.path();
}

// A new, empty subfolder of scratch(): <tag>-1, <tag>-2, ...
inline std::filesystem::path new_subdir(const std::string& tag) {
  static int n = 0;
  const auto p = scratch() / (tag + "-" + std::to_string(++n));
  std::filesystem::create_directories(p);
  return p;
}

inline std::uintmax_t tree_bytes(const std::filesystem::path& dir) {
  std::uintmax_t total = 0;
  if (!std::filesystem::exists(dir)) return 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

inline std::uintmax_t tree_files(const std::filesystem::path& dir) {
  std::uintmax_t files = 0;
  if (!std::filesystem::exists(dir)) return 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++files;
  return files;
}

// `cmsim run SCENARIO --out DIR` (outputs replaced), plus what run.json says.
struct CmsimRun {
  ChildRun process;
  double sim_s = 0;            // run.json wall_s: simulate() alone
  double sim_peak_rss_MB = 0;  // run.json peak_rss_bytes: at the end of simulate()
};

inline CmsimRun cmsim_run(const std::string& scenario, const std::filesystem::path& out) {
  std::filesystem::remove_all(out);
  CmsimRun r;
  r.process = run_program({CMSIM_BIN, "run", scenario, "--out", out.string()});
  if (r.process.exit_code != 0) throw std::runtime_error("cmsim run " + scenario + " failed");
  const auto run = nlohmann::json::parse(read_text(out / "run.json"));
  r.sim_s = run.at("wall_s").get<double>();
  r.sim_peak_rss_MB = run.at("peak_rss_bytes").get<double>() / (1024.0 * 1024.0);
  return r;
}

// The floor program on a run's transfers.csv; its JSON line parsed.
struct FloorRun {
  ChildRun process;
  nlohmann::json report;
};

inline FloorRun floor_run(const std::string& scenario, const std::filesystem::path& transfers_csv,
                          const std::vector<std::string>& flags) {
  std::vector<std::string> argv{CMSIM_FLOOR_BIN, scenario, transfers_csv.string()};
  argv.insert(argv.end(), flags.begin(), flags.end());
  FloorRun r;
  r.process = run_program(argv, true);
  if (r.process.exit_code != 0) throw std::runtime_error("cmsim_floor failed");
  r.report = nlohmann::json::parse(r.process.out);
  return r;
}

// Iterations per benchmark: CMSIM_BENCH_ITERATIONS, else `fallback`.
inline int iterations(int fallback) {
  if (const char* v = std::getenv("CMSIM_BENCH_ITERATIONS")) {
    const int n = std::atoi(v);
    if (n > 0) return n;
  }
  return fallback;
}

inline std::string largest_scenario() {
  return std::string(CMSIM_SOURCE_DIR) + "/scenarios/examples/largest-hierarchy.json";
}

}  // namespace cmsim::bench
