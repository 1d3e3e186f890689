#include "models/sweep_plan.hpp"

#include <cstdio>

namespace cmsim::sweep {
namespace {

std::uint64_t fnv1a(std::uint64_t hash, const std::string& text) {
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string hex16(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

std::size_t Plan::point_count() const {
  std::size_t n = 1;
  for (const Axis& a : axes) n *= a.values.size();
  return n;
}

bool Plan::operator==(const Plan& o) const {
  return scenario == o.scenario && base_seed == o.base_seed && replicas == o.replicas && axes == o.axes &&
         sweep_id == o.sweep_id && metrics == o.metrics;
}

std::string make_sweep_id(const std::string& scenario_text, std::size_t replicas, const std::vector<Axis>& axes,
                          const std::string& cmsim_version) {
  // Separators outside any scenario or key text, so ("a","bc") and ("ab","c") differ.
  std::string header = "cmsim-sweep/1\x1f" + cmsim_version + "\x1f" + std::to_string(replicas) + "\x1f";
  for (const Axis& a : axes) {
    header += a.key + "\x1e";
    for (const std::string& v : a.values) header += v + "\x1d";
    header += "\x1f";
  }
  return hex16(fnv1a(fnv1a(0xcbf29ce484222325ULL, header), scenario_text));
}

std::vector<std::string> point_values(const Plan& plan, std::size_t point) {
  std::vector<std::string> values(plan.axes.size());
  for (std::size_t a = plan.axes.size(); a-- > 0;) {
    const std::size_t size = plan.axes[a].values.size();
    values[a] = plan.axes[a].values[point % size];
    point /= size;
  }
  return values;
}

std::vector<std::string> point_overrides(const Plan& plan, std::size_t point) {
  const auto values = point_values(plan, point);
  std::vector<std::string> overrides;
  for (std::size_t a = 0; a < plan.axes.size(); ++a) overrides.push_back(plan.axes[a].key + "=" + values[a]);
  return overrides;
}

std::string point_label(const Plan& plan, std::size_t point) {
  if (plan.axes.empty()) return "(no --vary)";
  std::string label;
  for (const std::string& o : point_overrides(plan, point)) label += (label.empty() ? "" : ", ") + o;
  return label;
}

RunId run_at(const Plan& plan, std::size_t k) {
  const std::size_t replica = k % plan.replicas;
  return RunId{k, k / plan.replicas, replica, plan.base_seed + replica};
}

bool in_shard(std::size_t k, const Shard& shard) { return k % shard.count == shard.index - 1; }

std::vector<RunId> shard_runs(const Plan& plan, const Shard& shard) {
  std::vector<RunId> runs;
  for (std::size_t k = 0; k < plan.run_count(); ++k)
    if (in_shard(k, shard)) runs.push_back(run_at(plan, k));
  return runs;
}

std::string run_file_name(const RunId& run) {
  return "p" + std::to_string(run.point) + "-" + std::to_string(run.seed) + ".json";
}

}  // namespace cmsim::sweep
