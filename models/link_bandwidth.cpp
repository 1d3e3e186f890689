#include "models/link_bandwidth.hpp"

#include <algorithm>

#include "models/service_window.hpp"

namespace cmsim {
namespace {

constexpr double kDay_s = 86400.0;

bool covers(const BackgroundLoad& b, double t_s, std::int64_t start_unix_s) {
  if (!(b.days_mask & (1u << weekday_at(t_s, start_unix_s)))) return false;
  const double minute = (t_s - day_start_s(t_s, start_unix_s)) / 60.0;
  return minute >= b.from_minute && minute < b.to_minute;
}

// A degraded_link fault's bandwidth when one covers t_s (the lowest if several do).
double capacity_at(double nominal_Bps, const std::vector<BandwidthWindow>& degraded, double t_s) {
  double bandwidth = nominal_Bps;
  for (const BandwidthWindow& w : degraded)
    if (t_s >= w.start_s && t_s < w.end_s) bandwidth = std::min(bandwidth, w.bandwidth_Bps);
  return bandwidth;
}

// Where the figure may change: each entry's from and to on each of its days, and each
// degraded window's edges.
std::vector<double> change_points(const std::vector<BandwidthWindow>& degraded,
                                  const std::vector<BackgroundLoad>& background, std::int64_t start_unix_s,
                                  double horizon_s) {
  std::vector<double> points{0};
  for (const BandwidthWindow& w : degraded) points.insert(points.end(), {w.start_s, w.end_s});
  if (!background.empty())
    for (double day = day_start_s(0, start_unix_s); day <= horizon_s; day += kDay_s) {
      const int weekday = weekday_at(day, start_unix_s);
      for (const BackgroundLoad& b : background)
        if (b.days_mask & (1u << weekday))
          points.insert(points.end(), {day + b.from_minute * 60.0, day + b.to_minute * 60.0});
    }
  points.erase(std::remove_if(points.begin(), points.end(), [&](double t) { return t < 0 || t > horizon_s; }),
               points.end());
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

}  // namespace

double background_share(const std::vector<BackgroundLoad>& background, double t_s, std::int64_t start_unix_s) {
  double share = 0;
  for (const BackgroundLoad& b : background)
    if (covers(b, t_s, start_unix_s)) share = std::max(share, b.share);
  return share;
}

std::vector<BandwidthStep> available_bandwidth(double nominal_Bps, const std::vector<BandwidthWindow>& degraded,
                                               const std::vector<BackgroundLoad>& background, std::int64_t start_unix_s,
                                               double horizon_s) {
  std::vector<BandwidthStep> steps;
  double current = nominal_Bps;
  for (const double t : change_points(degraded, background, start_unix_s, horizon_s)) {
    const double value = capacity_at(nominal_Bps, degraded, t) * (1 - background_share(background, t, start_unix_s));
    if (value == current) continue;
    steps.push_back({t, value});
    current = value;
  }
  return steps;
}

}  // namespace cmsim
