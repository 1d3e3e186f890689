// What a sweep is (docs/scenario.md §1, §4): its axes, shards, grid points, and how runs
// are numbered. Pure data and arithmetic; parsing the options is the CLI's
// (sim/cli/sweep_options), the tables of results are the writers' (reports/sweep_tables).
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
#include <string>
#include <vector>

namespace cmsim::sweep {

// One --vary: a dotted scenario key (as --set takes) and the values it runs through.
struct Axis {
  std::string key;
  std::vector<std::string> values;
  bool operator==(const Axis& o) const { return key == o.key && values == o.values; }
};

struct Shard {
  std::size_t index = 1;  // 1-based
  std::size_t count = 1;
  bool operator==(const Shard& o) const { return index == o.index && count == o.count; }
};

// A --metric NAME=JSON_POINTER: a number of each run's report.json.
struct UserMetric {
  std::string name;
  std::string pointer;  // RFC 6901, e.g. /updates/0/all_sites_t_s
  bool operator==(const UserMetric& o) const { return name == o.name && pointer == o.pointer; }
};

// Which metrics each run records (docs/scenario.md §1.5): --update, --per-site, --per-link,
// --metric. The default is the nine whole-run metrics of the first update Ready to install.
struct MetricSpec {
  std::string update;  // "": the first update Ready to install; "all"; or a name or version
  bool per_site = false;
  bool per_link = false;
  std::vector<UserMetric> user;
  bool is_default() const { return update.empty() && !per_site && !per_link && user.empty(); }
  bool operator==(const MetricSpec& o) const {
    return update == o.update && per_site == o.per_site && per_link == o.per_link && user == o.user;
  }
};

// What identifies a sweep: everything its results depend on.
struct Plan {
  std::string scenario;  // the scenario's name
  std::uint64_t base_seed = 0;
  std::size_t replicas = 1;
  std::vector<Axis> axes;
  std::string sweep_id;  // see make_sweep_id
  MetricSpec metrics;

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

}  // namespace cmsim::sweep
