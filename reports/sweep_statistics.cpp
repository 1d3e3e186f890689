#include "reports/sweep_statistics.hpp"

#include <algorithm>
#include <cmath>

namespace cmsim::sweep {

using OJson = nlohmann::ordered_json;

OJson metric_value_json(const std::optional<double>& value, bool is_time) {
  if (!value) return nullptr;
  if (is_time) return *value;
  return static_cast<std::int64_t>(std::llround(*value));
}

double nearest_rank(const std::vector<double>& sorted, double percent) {
  const auto n = static_cast<double>(sorted.size());
  // The epsilon keeps 0.95 * 20 = 19.000000000000004 from becoming rank 20.
  auto rank = static_cast<std::size_t>(std::ceil(percent / 100.0 * n - 1e-9));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

Distribution distribution(const std::vector<std::optional<double>>& values) {
  Distribution d;
  std::vector<double> present;
  for (const auto& v : values) {
    if (v)
      present.push_back(*v);
    else
      ++d.missing;
  }
  d.n = present.size();
  if (present.empty()) return d;
  std::sort(present.begin(), present.end());
  d.p50 = nearest_rank(present, 50);
  d.p90 = nearest_rank(present, 90);
  d.p95 = nearest_rank(present, 95);
  d.p99 = nearest_rank(present, 99);
  d.max = present.back();
  return d;
}

nlohmann::ordered_json distribution_json(const Distribution& d, bool is_time) {
  return OJson{{"n", d.n},
               {"missing", d.missing},
               {"p50", metric_value_json(d.p50, is_time)},
               {"p90", metric_value_json(d.p90, is_time)},
               {"p95", metric_value_json(d.p95, is_time)},
               {"p99", metric_value_json(d.p99, is_time)},
               {"max", metric_value_json(d.max, is_time)}};
}

}  // namespace cmsim::sweep
