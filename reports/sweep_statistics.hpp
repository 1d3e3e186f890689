// Distributions of a sweep's metrics: the percentiles summary.json reports.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

namespace cmsim::sweep {

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

// A metric value in JSON: a time as a double, a count as an integer, null when absent.
nlohmann::ordered_json metric_value_json(const std::optional<double>& value, bool is_time);

}  // namespace cmsim::sweep
