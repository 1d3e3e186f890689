// How the cost of `cmsim run` grows with sites x simulated days.
//
// The hierarchies are cut from scenarios/examples/largest-hierarchy.json (same catalog,
// admin policy, random link faults, links and SCP): the CAS plus the first P primaries with
// their 250 secondaries each, P = 4, 8, 16, 25 -> 1,005, 2,009, 4,017 and 6,276 sites, over
// 90, 180 and 365 days. Each point is one full `cmsim run` (all outputs) in a child process,
// then the floor program (cmsim_floor --timed) on that run's transfers.csv.
//
// Manual time = the cmsim process wall. Counters:
//   sites, days
//   wall_s / sim_s / rss_MB       cmsim process wall, run.json wall_s (simulate() alone), peak RSS
//   us_per_site_day               wall_s / (sites x days), in microseconds: flat = linear
//   sim_us_per_site_day           the same for sim_s
//   floor_sim_s                   cmsim_floor --timed sim_s (SimGrid alone on the same transfers)
//   transfers                     rows in transfers.csv
// CMSIM_BENCH_ITERATIONS sets the iterations per point (default 1).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>

#include "bench_common.hpp"

namespace {

using namespace cmsim::bench;
using ojson = nlohmann::ordered_json;

// The largest hierarchy cut to `primaries` primaries (in file order) and `days` days.
std::string cut_scenario(const ojson& largest, int primaries, int days) {
  ojson s = largest;
  std::vector<std::string> kept_primaries;
  ojson sites = ojson::array();
  for (const auto& site : largest.at("sites")) {
    const std::string type = site.at("type");
    if (type == "primary") {
      if (static_cast<int>(kept_primaries.size()) >= primaries) continue;
      kept_primaries.push_back(site.at("code"));
    } else if (type == "secondary") {
      const std::string parent = site.at("parent");
      if (std::find(kept_primaries.begin(), kept_primaries.end(), parent) == kept_primaries.end()) continue;
    }
    sites.push_back(site);
  }
  s["name"] = "scaling-" + std::to_string(sites.size()) + "-sites-" + std::to_string(days) + "d";
  s["sites"] = sites;
  s["duration"] = std::to_string(days) + "d";
  return s.dump(1);
}

std::size_t csv_rows(const std::filesystem::path& csv) {
  const std::string text = read_text(csv);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return lines > 0 ? lines - 1 : 0;
}

void BM_Scaling(benchmark::State& state) {
  const int primaries = static_cast<int>(state.range(0));
  const int days = static_cast<int>(state.range(1));
  const std::filesystem::path tmp = new_subdir("scaling");
  const ojson largest = ojson::parse(read_text(largest_scenario()));
  const auto file = tmp / "scenario.json";
  const std::string text = cut_scenario(largest, primaries, days);
  write_text(file, text);
  const double sites = static_cast<double>(ojson::parse(text).at("sites").size());
  int iteration = 0;
  double wall = 0, sim = 0, rss = 0, floor_sim = 0;
  std::size_t transfers = 0;
  for (auto _ : state) {
    const auto out = tmp / ("out" + std::to_string(++iteration));  // never reused: see README
    const CmsimRun c = cmsim_run(file.string(), out);
    transfers = csv_rows(out / "transfers.csv");
    const FloorRun f = floor_run(file.string(), out / "transfers.csv", {"--timed"});
    state.SetIterationTime(c.process.wall_s);
    wall += c.process.wall_s;
    sim += c.sim_s;
    rss += c.process.peak_rss_MB;
    floor_sim += f.report.at("sim_s").get<double>();
  }
  const double n = static_cast<double>(state.iterations());
  using benchmark::Counter;
  state.counters["sites"] = sites;
  state.counters["days"] = days;
  state.counters["wall_s"] = wall / n;
  state.counters["sim_s"] = sim / n;
  state.counters["rss_MB"] = rss / n;
  state.counters["us_per_site_day"] = wall / n / (sites * days) * 1e6;
  state.counters["sim_us_per_site_day"] = sim / n / (sites * days) * 1e6;
  state.counters["floor_sim_s"] = floor_sim / n;
  state.counters["transfers"] = static_cast<double>(transfers);
}

}  // namespace

BENCHMARK(BM_Scaling)
    ->ArgNames({"primaries", "days"})
    ->ArgsProduct({{4, 8, 16, 25}, {90, 180, 365}})
    ->Unit(benchmark::kSecond)
    ->UseManualTime()
    ->Iterations(iterations(1));

BENCHMARK_MAIN();
