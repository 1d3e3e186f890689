// The pure part of `cmsim sweep` and `cmsim merge` (spec §1, §4): parsing --vary and
// --shard, expanding the grid, numbering runs, the per-run record, and the aggregated
// texts (runs.csv, summary.json). No engine, no processes, no files: the commands do the
// I/O, so everything here is unit-testable and both commands build byte-identical results
// from the same records.
//
// Numbering, which shards and restarts rely on:
// - a grid point is one combination of the --vary lists, in command-line order, the last
//   --vary changing fastest (an odometer); with no --vary there is one point, 0;
// - replica r (0-based) of every point runs with seed = scenario seed + r;
// - run k = point * replicas + r; shard I/N (1-based I) runs the k with k % N == I - 1,
//   so every shard gets a share of every grid point.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/results.hpp"

namespace cmsim::sweep {

// One --vary: a dotted scenario key (as --set takes) and the values it runs through.
struct Axis {
  std::string key;
  std::vector<std::string> values;
  bool operator==(const Axis& o) const { return key == o.key && values == o.values; }
};

// "KEY=V1,V2,...". Commas inside [...], {...} or "..." do not split, so a JSON value such
// as [1,2] stays one value. Sets `error` and returns nullopt on an empty key, an empty
// value list or value, or a repeated value.
std::optional<Axis> parse_vary(const std::string& text, std::string& error);

// All --vary options; every problem is appended to `errors` (one line each). A key given
// twice, or `seed` (seeds come from --replicas), is a problem.
std::vector<Axis> parse_vary_list(const std::vector<std::string>& texts, std::vector<std::string>& errors);

struct Shard {
  std::size_t index = 1;  // 1-based
  std::size_t count = 1;
  bool operator==(const Shard& o) const { return index == o.index && count == o.count; }
};

// "I/N" with 1 <= I <= N. An empty text is the whole sweep, 1/1.
std::optional<Shard> parse_shard(const std::string& text, std::string& error);

// What identifies a sweep: everything its results depend on.
struct Plan {
  std::string scenario;  // the scenario's name
  std::uint64_t base_seed = 0;
  std::size_t replicas = 1;
  std::vector<Axis> axes;
  std::string sweep_id;  // see make_sweep_id

  std::size_t point_count() const;
  std::size_t run_count() const { return point_count() * replicas; }
  bool operator==(const Plan& o) const;
};

// 16 hex digits of FNV-1a over the cmsim version, replicas, the axes and the scenario
// file's bytes (which hold its seed): shards of one sweep agree on it, and a restart with
// a changed scenario or grid is told apart from a resume.
std::string make_sweep_id(const std::string& scenario_text, std::size_t replicas, const std::vector<Axis>& axes,
                          const std::string& cmsim_version);

std::vector<std::string> point_values(const Plan& plan, std::size_t point);
// The --set strings that turn the scenario into grid point `point`.
std::vector<std::string> point_overrides(const Plan& plan, std::size_t point);
// "internet.bandwidth=50Mbps, scp.mode=offline"; "(no --vary)" for the single point.
std::string point_label(const Plan& plan, std::size_t point);

struct RunId {
  std::size_t index = 0;  // k
  std::size_t point = 0;
  std::size_t replica = 0;
  std::uint64_t seed = 0;
};

RunId run_at(const Plan& plan, std::size_t k);
bool in_shard(std::size_t k, const Shard& shard);
std::vector<RunId> shard_runs(const Plan& plan, const Shard& shard);
// "p<point>-<seed>.json", the run's file under <out>/runs/.
std::string run_file_name(const RunId& run);

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

struct RunRecord {
  std::size_t point = 0;
  std::uint64_t seed = 0;
  RunMetrics metrics;
};

// The text of runs/<file>: a small JSON object, format cmsim-sweep-run/1.
std::string run_record_json(const Plan& plan, const RunId& run, const RunMetrics& metrics);
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

// ---- statistics ------------------------------------------------------------------------

struct Distribution {
  std::size_t n = 0;        // values present
  std::size_t missing = 0;  // nulls (never reached), excluded from the percentiles
  std::optional<double> p50, p90, p95, p99, max;
};

// Nearest rank: the smallest value with at least p% of the values at or below it, i.e.
// sorted[ceil(p/100 * n) - 1]. Always one of the data; `sorted` must be non-empty.
double nearest_rank(const std::vector<double>& sorted, double percent);
Distribution distribution(const std::vector<std::optional<double>>& values);
nlohmann::ordered_json distribution_json(const Distribution& d, bool is_time);

// ---- aggregated outputs ----------------------------------------------------------------

// Records sorted by point, then seed: the order every output uses, whatever order the runs
// finished in.
std::vector<RunRecord> sorted_records(std::vector<RunRecord> records);

// Header: point,seed,<each --vary key>,update,<metrics>. Nulls are empty fields; times are
// written in JSON's shortest round-trip form, counts as integers.
std::string runs_csv(const Plan& plan, const std::vector<RunRecord>& records);

// format cmsim-sweep-summary/1: the plan, then per grid point and metric n, missing, p50,
// p90, p95, p99, max.
std::string summary_json(const Plan& plan, const std::vector<RunRecord>& records);

// A metric value as runs.csv writes it ("" for null).
std::string format_metric(const std::optional<double>& value, bool is_time);

}  // namespace cmsim::sweep
