// Database replication link states (docs/modelling.md §5.2) computed by effect: the CMUpdates group
// syncs every minute; a link is degraded after `degraded_after` consecutive failed syncs and
// failed after `failed_after`, and active again at the first successful sync. Instead of
// ticking every minute, the simulator asks when those syncs fall.
#pragma once

#include <cmath>

namespace cmsim {

// The first sync tick at or after t_s; ticks are every `interval_s` from the run start.
inline double first_sync_at_or_after(double t_s, double interval_s) {
  return std::ceil(t_s / interval_s - 1e-9) * interval_s;
}

struct DrsThresholds {
  double degraded_s;
  double failed_s;
};

// An outage from `down_s`: the first failed sync is the first tick at or after it; the
// n-th consecutive failure comes (n - 1) intervals later.
inline DrsThresholds drs_thresholds(double down_s, int degraded_after, int failed_after, double interval_s) {
  const double first = first_sync_at_or_after(down_s, interval_s);
  return {first + (degraded_after - 1) * interval_s, first + (failed_after - 1) * interval_s};
}

}  // namespace cmsim
