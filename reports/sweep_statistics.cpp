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

namespace cmsim::sweep {
namespace {

// Continued fraction of the incomplete beta function (modified Lentz), as in Numerical
// Recipes §6.4; converges fast for x < (a + 1) / (a + b + 2).
double beta_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    c = 1 + aa / c;
    d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
    c = std::fabs(c) < kTiny ? kTiny : c;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    c = 1 + aa / c;
    d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
    c = std::fabs(c) < kTiny ? kTiny : c;
    const double step = d * c;
    h *= step;
    if (std::fabs(step - 1) < 1e-15) break;
  }
  return h;
}

// I_x(a, b), the regularized incomplete beta function.
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front =
      std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

double student_t_cdf(double t, double df) {
  const double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

double log_binomial_half(std::size_t n, std::size_t k) {
  const auto nn = static_cast<double>(n), kk = static_cast<double>(k);
  return std::lgamma(nn + 1) - std::lgamma(kk + 1) - std::lgamma(nn - kk + 1) - nn * std::log(2.0);
}

}  // namespace

double student_t_quantile(double q, double df) {
  if (q == 0.5) return 0;
  if (q < 0.5) return -student_t_quantile(1 - q, df);
  double lo = 0, hi = 1;
  while (student_t_cdf(hi, df) < q && hi < 1e12) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = (lo + hi) / 2;
    (student_t_cdf(mid, df) < q ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

std::size_t median_interval_rank(std::size_t n, double level, double& coverage) {
  const double tail_allowed = (1 - level) / 2;
  double below = 0;  // P(B < j), growing with j
  std::size_t j = 0;
  for (std::size_t k = 0; 2 * k < n; ++k) {  // j = k + 1 keeps x(j) at or below the median
    const double next = below + std::exp(log_binomial_half(n, k));
    if (next > tail_allowed * (1 + 1e-12)) break;
    below = next;
    j = k + 1;
  }
  coverage = j == 0 ? 0 : 1 - 2 * below;
  return j;
}

MetricStatistics statistics(const std::vector<std::optional<double>>& values) {
  MetricStatistics s;
  std::vector<double> present;
  for (const auto& v : values)
    if (v) present.push_back(*v);
  s.runs = values.size();
  s.n = present.size();
  s.missing = s.runs - s.n;
  if (present.empty()) return s;
  std::sort(present.begin(), present.end());
  double sum = 0;
  for (double v : present) sum += v;
  const auto n = static_cast<double>(s.n);
  const double mean = present.front() == present.back() ? present.front() : sum / n;
  s.mean = mean;
  s.min = present.front();
  s.max = present.back();
  s.p5 = nearest_rank(present, 5);
  s.p25 = nearest_rank(present, 25);
  s.p50 = nearest_rank(present, 50);
  s.p75 = nearest_rank(present, 75);
  s.p90 = nearest_rank(present, 90);
  s.p95 = nearest_rank(present, 95);
  s.p99 = nearest_rank(present, 99);
  if (s.n >= 2) {
    double squares = 0;
    for (double v : present) squares += (v - mean) * (v - mean);
    // Equal values have no spread; summing their rounding would show 3e-17 instead of 0.
    const double sd = s.min == s.max ? 0.0 : std::sqrt(squares / (n - 1));
    s.sd = sd;
    const double half = student_t_quantile(1 - (1 - kConfidenceLevel) / 2, n - 1) * sd / std::sqrt(n);
    s.mean_ci95 =
        sd == 0 ? Interval{*s.min, *s.max, kConfidenceLevel} : Interval{mean - half, mean + half, kConfidenceLevel};
  }
  double coverage = 0;
  const std::size_t j = median_interval_rank(s.n, kConfidenceLevel, coverage);
  if (j > 0) s.median_ci95 = Interval{present[j - 1], present[s.n - j], coverage};
  return s;
}

nlohmann::ordered_json statistics_json(const MetricStatistics& s, bool integral) {
  const auto datum = [integral](const std::optional<double>& v) { return metric_value_json(v, !integral); };
  const auto real = [](const std::optional<double>& v) { return v ? OJson(*v) : OJson(nullptr); };
  const auto interval = [](const std::optional<Interval>& i, bool as_data, bool integral_data) {
    if (!i) return OJson(nullptr);
    OJson j{{"lo", as_data ? metric_value_json(i->lo, !integral_data) : OJson(i->lo)},
            {"hi", as_data ? metric_value_json(i->hi, !integral_data) : OJson(i->hi)},
            {"coverage", i->coverage}};
    return j;
  };
  return OJson{{"runs", s.runs},
               {"n", s.n},
               {"missing", s.missing},
               {"mean", real(s.mean)},
               {"sd", real(s.sd)},
               {"min", datum(s.min)},
               {"p5", datum(s.p5)},
               {"p25", datum(s.p25)},
               {"p50", datum(s.p50)},
               {"p75", datum(s.p75)},
               {"p90", datum(s.p90)},
               {"p95", datum(s.p95)},
               {"p99", datum(s.p99)},
               {"max", datum(s.max)},
               {"mean_ci95", interval(s.mean_ci95, false, integral)},
               {"median_ci95", interval(s.median_ci95, true, integral)}};
}

}  // namespace cmsim::sweep
