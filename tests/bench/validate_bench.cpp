// `cmsim validate` of a scenario with a very long /events list (issue #18: 1,000,000 events,
// about 100 MB; target: peak RSS at most 3x the file's size, under 2 s).
//
// The scenario is written once by scripts/make_many_events.py into the scratch folder; each
// iteration runs `cmsim validate` on it in a child process. Manual time = that process.
// Counters (means over iterations):
//   file_MB          the scenario's size
//   validate_wall_s  cmsim validate, fork to exit
//   validate_rss_MB  its peak RSS (wait4 ru_maxrss)
//   rss_per_file     validate_rss_MB / file_MB (target <= 3)
// CMSIM_BENCH_EVENTS sets the number of events (default 1000000), CMSIM_BENCH_ITERATIONS the
// iterations (default 5). `CMSIM=build/sim/cmsim scripts/measure-validate.sh` reports the
// same from the shell with /usr/bin/time.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <stdexcept>

#include "bench_common.hpp"

namespace {

using namespace cmsim::bench;

std::string events_wanted() {
  const char* v = std::getenv("CMSIM_BENCH_EVENTS");
  return v && std::atoi(v) > 0 ? v : "1000000";
}

void BM_ValidateManyEvents(benchmark::State& state) {
  const std::filesystem::path scenario = new_subdir("validate") / "many-events.json";
  // run_program execs without a PATH search; env finds python3.
  const ChildRun made =
      run_program({"/usr/bin/env", "python3", std::string(CMSIM_SOURCE_DIR) + "/scripts/make_many_events.py",
                   events_wanted(), scenario.string()});
  if (made.exit_code != 0) throw std::runtime_error("scripts/make_many_events.py failed");
  const double file_MB = static_cast<double>(std::filesystem::file_size(scenario)) / (1024.0 * 1024.0);
  double wall = 0, rss = 0;
  for (auto _ : state) {
    const ChildRun v = run_program({CMSIM_BIN, "validate", scenario.string()});
    if (v.exit_code != 0) throw std::runtime_error("cmsim validate refused the generated scenario");
    state.SetIterationTime(v.wall_s);
    wall += v.wall_s;
    rss += v.peak_rss_MB;
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["file_MB"] = file_MB;
  state.counters["validate_wall_s"] = wall / n;
  state.counters["validate_rss_MB"] = rss / n;
  state.counters["rss_per_file"] = rss / n / file_MB;
}

}  // namespace

BENCHMARK(BM_ValidateManyEvents)->Unit(benchmark::kSecond)->UseManualTime()->Iterations(iterations(5));

BENCHMARK_MAIN();
