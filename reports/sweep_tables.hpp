// The files of a sweep (docs/scenario.md §4): each run's record under runs/, the shard
// manifest, runs.csv and summary.json, built from the runs' metrics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/results.hpp"
#include "models/sweep_plan.hpp"

namespace cmsim::sweep {

// ---- metrics of one run --------------------------------------------------------------

struct MetricDef {
  const char* name;
  bool is_time;  // seconds (a double, null when never reached); else a count
};

// In runs.csv / summary.json order: ready_to_install_t_s, all_primaries_t_s, all_sites_t_s,
// transfers, failed_transfers, error_messages, status_11488, scp_checks_ok,
// scp_checks_failed.
const std::vector<MetricDef>& metric_defs();

using MetricValues = std::vector<std::optional<double>>;  // metric_defs() order

struct RunMetrics {
  std::string update;  // name of the update the times belong to; empty when none
  MetricValues values;
};

// The times are those of the update that reached Ready to install first (earliest
// ready_to_install_t_s; the earlier listed on a tie); all null when none did.
RunMetrics metrics_from_results(const Results& results);

// One named metric of a sweep run (reports/sweep_metrics.hpp chooses them).
struct SweepValue {
  std::string name;
  std::optional<double> value;  // null: never reached before the horizon, or absent in this run
  bool integral = false;        // a count or a number of bytes: written as an integer
  bool operator==(const SweepValue& o) const { return name == o.name && value == o.value && integral == o.integral; }
};

struct SweepMetrics {
  // The update the unsuffixed times belong to (--update NAME or the first one Ready to
  // install); empty when there is none, and with --update all (each time names its update).
  std::string update;
  std::vector<SweepValue> values;
};

struct RunRecord {
  std::size_t point = 0;
  std::uint64_t seed = 0;
  std::string update;               // SweepMetrics::update
  std::vector<SweepValue> metrics;  // in the order the run recorded them
};

// The text of runs/<file>: a small JSON object, format cmsim-sweep-run/1.
std::string run_record_json(const Plan& plan, const RunId& run, const SweepMetrics& metrics);
// Reads a run file back; nullopt (with `error`) when it is not a complete run of `run` in
// this sweep, so a restart reruns it.
std::optional<RunRecord> parse_run_record(const std::string& text, const Plan& plan, const RunId& run,
                                          std::string& error);

// ---- shard manifest (<out>/shard.json) -------------------------------------------------

std::string manifest_json(const Plan& plan, const Shard& shard, std::size_t shard_runs);
struct Manifest {
  Plan plan;
  Shard shard;
};
std::optional<Manifest> parse_manifest(const std::string& text, std::string& error);

// ---- aggregated outputs ----------------------------------------------------------------

// Records sorted by point, then seed: the order every output uses, whatever order the runs
// finished in.
std::vector<RunRecord> sorted_records(std::vector<RunRecord> records);

// Every metric name of the records, in the order of first appearance (records sorted by
// point, then seed): the columns of runs.csv and the keys of summary.json.
std::vector<std::string> metric_columns(const std::vector<RunRecord>& records);

// Header: point,seed,<each --vary key>,update,<metrics>. A value a run lacks or never reached
// is NA; times are written in JSON's shortest round-trip form, counts as integers.
std::string runs_csv(const Plan& plan, const std::vector<RunRecord>& records);

// format cmsim-sweep-summary/1 (reports/summary.schema.json): the plan, the metrics, the
// methods, then per grid point and metric the statistics of sweep_statistics.hpp.
std::string summary_json(const Plan& plan, const std::vector<RunRecord>& records);

// A metric value as runs.csv writes it ("NA" for null).
std::string format_metric(const std::optional<double>& value, bool is_time);

// The marker of a missing value in runs.csv (pandas and R read it as NaN / NA).
inline constexpr const char* kCsvMissing = "NA";

}  // namespace cmsim::sweep
