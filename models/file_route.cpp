#include "file_route.hpp"

#include <cmath>
#include <limits>

#include "service_window.hpp"

namespace cmsim {
namespace {

constexpr double kDay_s = 86400.0;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Whether a slot's availability lets a package of `priority` through.
bool lets_through(SchedulePriority slot, PackagePriority priority) {
  switch (slot) {
    case SchedulePriority::all:
      return true;
    case SchedulePriority::medium_high:
      return priority != PackagePriority::low;
    case SchedulePriority::high:
      return priority == PackagePriority::high;
    case SchedulePriority::closed:
      return false;
  }
  return true;
}

// Later slots override earlier ones where they overlap, like painting the console's grid.
bool schedule_open(const Link& link, double t_s, std::int64_t start_unix_s) {
  const double minute = (t_s - day_start_s(t_s, start_unix_s)) / 60.0;
  const int weekday = weekday_at(t_s, start_unix_s);
  bool open = true;
  for (const ScheduleSlot& s : link.schedule)
    if ((s.days_mask & (1u << weekday)) && minute >= s.from_minute && minute < s.to_minute)
      open = lets_through(s.priority, kPackagePriority);
  return open;
}

double rate_cap(const Link& link, double t_s, std::int64_t start_unix_s) {
  switch (link.rate_limit.mode) {
    case RateLimitMode::unlimited:
      return 0;
    case RateLimitMode::pulse:
      return pulse_rate_Bps(link.rate_limit.block_bytes, link.rate_limit.delay_s, link.bandwidth_Bps);
    case RateLimitMode::hourly: {
      // Time slicing at P % averages to P % of the link (docs/modelling.md §5.1).
      const double hour = std::floor((t_s - day_start_s(t_s, start_unix_s)) / 3600.0);
      return link.bandwidth_Bps * link.rate_limit.percent[static_cast<std::size_t>(hour)] / 100.0;
    }
  }
  return 0;
}

RouteWindow window_at(const Link& link, double t_s, std::int64_t start_unix_s) {
  RouteWindow w;
  w.rate_cap_Bps = rate_cap(link, t_s, start_unix_s);
  w.open =
      schedule_open(link, t_s, start_unix_s) && !(link.rate_limit.mode == RateLimitMode::hourly && w.rate_cap_Bps <= 0);
  return w;
}

// The next instant after t_s at which the schedule or the hourly limit may change.
double next_boundary(const Link& link, double t_s, std::int64_t start_unix_s) {
  double best = kInfinity;
  const double today = day_start_s(t_s, start_unix_s);
  if (link.rate_limit.mode == RateLimitMode::hourly) best = today + (std::floor((t_s - today) / 3600.0) + 1) * 3600.0;
  for (int d = 0; d <= 7; ++d)
    for (const ScheduleSlot& s : link.schedule)
      for (int minute : {s.from_minute, s.to_minute}) {
        const double edge = today + d * kDay_s + minute * 60.0;
        if (edge > t_s) best = std::min(best, edge);
      }
  return best;
}

}  // namespace

double pulse_rate_Bps(std::uint64_t block_bytes, double delay_s, double bandwidth_Bps) {
  const double block = static_cast<double>(block_bytes);
  return block / (block / bandwidth_Bps + delay_s);
}

RouteWindow route_window(const Link& link, double t_s, std::int64_t start_unix_s) {
  RouteWindow w = window_at(link, t_s, start_unix_s);
  // Skip boundaries where nothing changes, so a transfer is not cut without reason. The
  // rules repeat weekly: nothing changing for over a week means nothing ever will.
  double t = t_s;
  while (true) {
    t = next_boundary(link, t, start_unix_s);
    if (t == kInfinity || t - t_s > 8 * kDay_s) {
      t = kInfinity;
      break;
    }
    const RouteWindow next = window_at(link, t, start_unix_s);
    if (next.open != w.open || next.rate_cap_Bps != w.rate_cap_Bps) break;
  }
  w.until_s = t;
  return w;
}

int sendings_per_destination(const Link& link) {
  return link.rate_limit.mode == RateLimitMode::unlimited ? link.sender.per_site : 1;
}

}  // namespace cmsim
