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

namespace cmsim::sweep {

// ---- the statistics summary.json and sweep.html report per metric (docs/scenario.md §4.7) -----

// A two-sided interval; `coverage` is the interval's exact confidence where the method gives
// one (the order-statistic interval of the median), else the nominal 0.95.
struct Interval {
  double lo = 0;
  double hi = 0;
  double coverage = 0.95;
};

struct MetricStatistics {
  std::size_t runs = 0;     // every run of the grid point
  std::size_t n = 0;        // runs with a value (for a time: that reached it)
  std::size_t missing = 0;  // runs without one (never reached before the horizon, or absent)
  std::optional<double> mean, sd, min, p5, p25, p50, p75, p90, p95, p99, max;
  std::optional<Interval> mean_ci95;    // Student t, n - 1 degrees of freedom; needs n >= 2
  std::optional<Interval> median_ci95;  // order statistics, binomial(n, 1/2); needs n >= 6
};

// The confidence level of both intervals.
inline constexpr double kConfidenceLevel = 0.95;

// Statistics of the present values; nulls are counted in `missing`, not ranked. Percentiles
// by nearest rank (see nearest_rank), sd with the n - 1 denominator.
MetricStatistics statistics(const std::vector<std::optional<double>>& values);

// The q quantile (0 < q < 1) of Student's t with `df` > 0 degrees of freedom, by bisection
// on its CDF (the regularized incomplete beta function), to about 1e-12.
double student_t_quantile(double q, double df);

// The distribution-free interval for the median of n sorted values: [x(j), x(n+1-j)] with
// the largest j for which P(Bin(n, 1/2) < j) <= (1 - level) / 2, so its coverage is at least
// `level`. j is 1-based; 0 when n is too small for any such interval (n < 6 at 95 %).
std::size_t median_interval_rank(std::size_t n, double level, double& coverage);

// `integral`: the metric's values are whole numbers (counts, bytes), so the statistics that
// are data (min, percentiles, max) are written as integers; the mean, sd and intervals of
// the mean stay real.
nlohmann::ordered_json statistics_json(const MetricStatistics& s, bool integral);

}  // namespace cmsim::sweep
