#include "service_window.hpp"

#include <cmath>
#include <limits>

namespace cmsim {
namespace {

constexpr double kDay_s = 86400.0;

double absolute(double t_s, std::int64_t start_unix_s) { return static_cast<double>(start_unix_s) + t_s; }

}  // namespace

double day_start_s(double t_s, std::int64_t start_unix_s) {
  const double abs_s = absolute(t_s, start_unix_s);
  return std::floor(abs_s / kDay_s) * kDay_s - static_cast<double>(start_unix_s);
}

int weekday_at(double t_s, std::int64_t start_unix_s) {
  const auto day = static_cast<std::int64_t>(std::floor(absolute(t_s, start_unix_s) / kDay_s));
  return static_cast<int>(((day % 7) + 11) % 7);  // 1970-01-01 was a Thursday
}

double next_window_open(const std::vector<ServiceWindow>& windows, double t_s, std::int64_t start_unix_s) {
  if (windows.empty()) return t_s;
  double best = std::numeric_limits<double>::infinity();
  const double today = day_start_s(t_s, start_unix_s);
  // A window that opened on an earlier day may still be open (22:00 for 6 hours, or up to
  // the 168 hours the loader accepts); look a week back and a week ahead.
  for (int d = -7; d <= 7; ++d) {
    const double day = today + d * kDay_s;
    const int weekday = weekday_at(day, start_unix_s);
    for (const ServiceWindow& w : windows) {
      if (!(w.days_mask & (1u << weekday))) continue;
      const double open = day + w.from_minute * 60.0, close = open + w.duration_s;
      if (t_s >= open && t_s < close) return t_s;
      if (open > t_s) best = std::min(best, open);
    }
  }
  return best;
}

bool window_open(const std::vector<ServiceWindow>& windows, double t_s, std::int64_t start_unix_s) {
  return next_window_open(windows, t_s, start_unix_s) == t_s;
}

}  // namespace cmsim
