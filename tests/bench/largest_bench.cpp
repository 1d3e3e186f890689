// The largest documented hierarchy (scenarios/examples/largest-hierarchy.json: 1 CAS, 25
// primaries, 250 secondaries each = 6,276 sites, 365 days, built-in catalog, secondaries
// upgraded by policy, random link faults) through the full `cmsim run` with every output,
// side by side with the floor program (floor.cpp) replaying that run's transfers.csv.
//
// Each iteration, in child processes: `cmsim run` (a new output folder), then cmsim_floor
// --timed (the floor: cmsim's timeline, same platform with its fault profiles), then
// cmsim_floor as-soon-as-possible (dependency order only). Manual time = the cmsim process.
// Counters (means over iterations):
//   cmsim_wall_s     cmsim run process, fork to exit (load, simulate, expectations, outputs)
//   cmsim_sim_s      run.json wall_s: simulate() alone
//   cmsim_rss_MB     peak RSS of the cmsim process (wait4 ru_maxrss)
//   floor_wall_s / floor_sim_s / floor_rss_MB       the same for cmsim_floor --timed
//   ratio_wall = cmsim_wall_s / floor_wall_s;  ratio_sim = cmsim_sim_s / floor_sim_s
//   asap_*: the same for cmsim_floor without --timed
// Targets (the issue): cmsim_wall_s <= 1.5, cmsim_rss_MB <= 200, ratio <= 1.5.
// CMSIM_BENCH_ITERATIONS sets the iterations (default 3).
#include <benchmark/benchmark.h>

#include <cstdio>

#include "bench_common.hpp"

namespace {

using namespace cmsim::bench;

void BM_LargestHierarchy(benchmark::State& state) {
  const std::filesystem::path tmp = new_subdir("largest");
  const std::string scenario = largest_scenario();
  int iteration = 0;
  double c_wall = 0, c_sim = 0, c_rss = 0, c_sim_rss = 0;
  double f_wall = 0, f_sim = 0, f_rss = 0, a_wall = 0, a_sim = 0, a_rss = 0;
  std::uintmax_t out_bytes = 0, log_bytes = 0;
  for (auto _ : state) {
    // A new folder per iteration, all removed at the end: see README (ext4 and recently
    // deleted inodes) for why deleting the previous run's files first would skew the next.
    const auto out = tmp / ("out" + std::to_string(++iteration));
    const CmsimRun c = cmsim_run(scenario, out);
    const auto csv = out / "transfers.csv";
    out_bytes = tree_bytes(out);
    log_bytes = tree_bytes(out / "logs");
    const FloorRun f = floor_run(scenario, csv, {"--timed"});
    const FloorRun a = floor_run(scenario, csv, {});
    state.SetIterationTime(c.process.wall_s);
    c_wall += c.process.wall_s;
    c_sim += c.sim_s;
    c_rss += c.process.peak_rss_MB;
    c_sim_rss += c.sim_peak_rss_MB;
    f_wall += f.process.wall_s;
    f_sim += f.report.at("sim_s").get<double>();
    f_rss += f.process.peak_rss_MB;
    a_wall += a.process.wall_s;
    a_sim += a.report.at("sim_s").get<double>();
    a_rss += a.process.peak_rss_MB;
    std::fprintf(stderr,
                 "  cmsim run %.3f s (simulate %.3f s) %.0f MB | floor --timed %.3f s (sim %.3f s) %.0f MB | "
                 "floor asap %.3f s (sim %.3f s) %.0f MB\n",
                 c.process.wall_s, c.sim_s, c.process.peak_rss_MB, f.process.wall_s, f.report.at("sim_s").get<double>(),
                 f.process.peak_rss_MB, a.process.wall_s, a.report.at("sim_s").get<double>(), a.process.peak_rss_MB);
  }
  using benchmark::Counter;
  const auto avg = Counter::kAvgIterations;
  state.counters["cmsim_wall_s"] = Counter(c_wall, avg);
  state.counters["cmsim_sim_s"] = Counter(c_sim, avg);
  state.counters["cmsim_rss_MB"] = Counter(c_rss, avg);
  state.counters["cmsim_sim_rss_MB"] = Counter(c_sim_rss, avg);
  state.counters["floor_wall_s"] = Counter(f_wall, avg);
  state.counters["floor_sim_s"] = Counter(f_sim, avg);
  state.counters["floor_rss_MB"] = Counter(f_rss, avg);
  state.counters["ratio_wall"] = c_wall / f_wall;
  state.counters["ratio_sim"] = c_sim / f_sim;
  state.counters["asap_wall_s"] = Counter(a_wall, avg);
  state.counters["asap_sim_s"] = Counter(a_sim, avg);
  state.counters["asap_rss_MB"] = Counter(a_rss, avg);
  state.counters["ratio_wall_asap"] = c_wall / a_wall;
  state.counters["output_MB"] = static_cast<double>(out_bytes) / (1024.0 * 1024.0);
  state.counters["logs_MB"] = static_cast<double>(log_bytes) / (1024.0 * 1024.0);
}

}  // namespace

BENCHMARK(BM_LargestHierarchy)->Unit(benchmark::kSecond)->UseManualTime()->Iterations(iterations(3));

BENCHMARK_MAIN();
