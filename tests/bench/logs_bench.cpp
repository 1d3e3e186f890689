// The share of ConfigMgr log files in the largest run (6,276 sites, 365 days): does writing
// logs/ dominate `cmsim run`?
//
// In a forked child (one SimGrid engine per process) this does what `cmsim run` does: load,
// simulate, evaluate the expectations, write_run_outputs (which writes the files side by
// side on the cores, the log folder first). Then it writes each output again on its own to time it,
// the logs last (a LogFolder with the run's records and the replication monitor's derived
// rcmctrl.log records), and re-creates every stored LogRecord (the bookkeeping of
// Recorder::log: copy of site, file, component and text strings, thread lookup,
// push_back) to estimate what recording the logs cost inside simulate(). Formatting the
// text at the call sites is not included.
//
// Manual time = the child's whole wall. Counters (last iteration):
//   total_s               load + simulate + expectations + write_run_outputs (as `cmsim run`)
//   load_s, sim_s, outputs_s
//   report_json_s, csv_s, html_s   the other outputs, one by one
//   logs_write_s          the log folder alone (render + one file per site and log file)
//   logs_write_delta_s    what the logs add to the outputs' wall: outputs_s minus the others
//                         one by one (0 when the logs fit beside them)
//   logs_record_est_s     estimate of recording the stored LogRecords during simulate()
//   logs_share_total      (logs_write_delta_s + logs_record_est_s) / total_s
//   logs_share_outputs    logs_write_s / (sum of the outputs written one by one): the share
//                         of the writing work, whichever thread does it
//   free_results_s        freeing the Results at the end (a process exit pays it too)
//   log_records (stored + derived), log_records_derived, log_files, logs_MB, output_MB
//   (on disk), logs_mem_MB (estimated heap of the stored Results::logs), rss_after_sim_MB,
//   rss_MB (peak of the child)
// CMSIM_BENCH_ITERATIONS sets the iterations (default 2).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "bench_common.hpp"
#include "models/expectations.hpp"
#include "models/replication_logs.hpp"
#include "models/scenario_loader.hpp"
#include "reports/atomic_file.hpp"
#include "reports/csv_tables.hpp"
#include "reports/log_folder.hpp"
#include "reports/output_set.hpp"
#include "reports/report_html.hpp"
#include "reports/report_json.hpp"
#include "sim/simulation.hpp"

namespace {

using namespace cmsim::bench;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double self_rss_MB() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return rss_MB(ru);
}

std::string measure(const std::filesystem::path& dir) {
  nlohmann::json m;
  auto t = Clock::now();
  const auto t_all = t;
  cmsim::LoadResult loaded = cmsim::load_scenario_file(largest_scenario());
  if (!loaded.scenario) throw std::runtime_error("invalid scenario");
  const cmsim::Scenario& scenario = *loaded.scenario;
  m["load_s"] = since(t);

  t = Clock::now();
  cmsim::RunStats stats;
  cmsim::Results results = cmsim::simulate(scenario, cmsim::SimulationOptions{}, &stats);
  results.expectations = cmsim::evaluate_expectations(scenario, results);
  m["sim_s"] = since(t);
  m["rss_after_sim_MB"] = self_rss_MB();

  t = Clock::now();
  cmsim::reports::OutputOptions options;
  options.max_log_bytes = scenario.max_log_bytes;
  options.scenario = &scenario;
  cmsim::reports::write_run_outputs(dir / "run", results, stats, options);
  m["outputs_s"] = since(t);
  m["total_s"] = since(t_all);
  m["output_MB"] = static_cast<double>(tree_bytes(dir / "run")) / (1024.0 * 1024.0);
  m["logs_MB"] = static_cast<double>(tree_bytes(dir / "run" / "logs")) / (1024.0 * 1024.0);

  // Each output on its own, into a fresh folder. write_run_outputs writes the log folder
  // beside the others, so what the logs add to its wall is outputs_s minus the others
  // written one by one.
  const auto one = dir / "one";
  std::filesystem::create_directories(one);
  const std::int64_t start = results.start_unix_s;
  auto streamed = [&](const char* name, auto write) {
    cmsim::reports::write_file_streamed(one / name, [&](const cmsim::reports::TextDrain& d) { write(d); });
  };
  t = Clock::now();
  streamed("report.json", [&](const auto& d) { cmsim::reports::write_report_json(results, d); });
  m["report_json_s"] = since(t);
  t = Clock::now();
  streamed("sites.csv", [&](const auto& d) { cmsim::reports::write_sites_csv(results, start, d); });
  streamed("transfers.csv", [&](const auto& d) { cmsim::reports::write_transfers_csv(results, start, d); });
  streamed("status_messages.csv", [&](const auto& d) { cmsim::reports::write_status_messages_csv(results, start, d); });
  m["csv_s"] = since(t);
  t = Clock::now();
  cmsim::reports::write_file_atomically(one / "report.html", cmsim::reports::report_html(results, &scenario));
  m["html_s"] = since(t);
  t = Clock::now();
  std::size_t derived_records = 0;
  {
    cmsim::reports::LogFolder folder(one / "logs", start, scenario.max_log_bytes);
    folder.add(results.logs);
    cmsim::ReplicationLogs monitor(results.replication);
    for (std::size_t f = 0; f < monitor.files(); ++f) {
      derived_records += monitor.lines(f);
      folder.add_file(monitor.lines(f), [&](std::size_t i) { return monitor.line(f, i); });
    }
    folder.commit();
  }
  m["logs_write_s"] = since(t);

  // What Recorder::log does per record, replayed on the run's records.
  t = Clock::now();
  cmsim::LogStore again;
  std::map<std::pair<std::string_view, std::string_view>, std::uint32_t> threads;
  for (cmsim::LogLine line : results.logs) {
    auto [it, added] =
        threads.try_emplace({line.site, line.component}, static_cast<std::uint32_t>(threads.size() + 1000));
    (void)added;
    line.thread = it->second;
    again.push_back(line);
  }
  m["logs_record_est_s"] = since(t);
  benchmark::DoNotOptimize(again.size());

  const std::size_t mem = results.logs.memory_bytes();
  std::size_t text = 0;
  for (const cmsim::LogLine line : results.logs) text += line.text.size();
  m["log_records"] = results.logs.size() + derived_records;
  m["log_records_derived"] = derived_records;
  m["log_files"] = tree_files(one / "logs");
  m["logs_mem_MB"] = static_cast<double>(mem) / (1024.0 * 1024.0);
  m["log_text_MB"] = static_cast<double>(text) / (1024.0 * 1024.0);
  t = Clock::now();
  { cmsim::Results gone = std::move(results); }
  m["free_results_s"] = since(t);
  return m.dump();
}

void BM_LogShare(benchmark::State& state) {
  const std::filesystem::path tmp = new_subdir("logs");
  nlohmann::json last;
  int iteration = 0;
  for (auto _ : state) {
    const auto dir = tmp / std::to_string(++iteration);  // never reused: see README
    const ChildRun child = run_forked([&] { return measure(dir); });
    if (child.exit_code != 0) {
      state.SkipWithError("the measuring child failed");
      return;
    }
    state.SetIterationTime(child.wall_s);
    last = nlohmann::json::parse(child.out);
    last["rss_MB"] = child.peak_rss_MB;
    std::fprintf(stderr, "  %s\n", last.dump().c_str());
  }
  for (auto& [key, value] : last.items()) state.counters[key] = value.get<double>();
  const double outputs_one_by_one = last.at("report_json_s").get<double>() + last.at("csv_s").get<double>() +
                                    last.at("html_s").get<double>() + last.at("logs_write_s").get<double>();
  state.counters["logs_share_outputs"] = last.at("logs_write_s").get<double>() / outputs_one_by_one;
  const double others =
      last.at("report_json_s").get<double>() + last.at("csv_s").get<double>() + last.at("html_s").get<double>();
  const double logs_delta = std::max(0.0, last.at("outputs_s").get<double>() - others);
  state.counters["logs_write_delta_s"] = logs_delta;
  state.counters["logs_share_total"] =
      (logs_delta + last.at("logs_record_est_s").get<double>()) / last.at("total_s").get<double>();
}

}  // namespace

BENCHMARK(BM_LogShare)->Unit(benchmark::kSecond)->UseManualTime()->Iterations(iterations(2));

BENCHMARK_MAIN();
