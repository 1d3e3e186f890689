// When SMS_DMP_DOWNLOADER checks the cloud in online mode (docs/modelling.md §2.1): every
// `check_interval_s` from the start of the last sync, and soon after the thread starts
// unless it synced recently.
#pragma once

#include <algorithm>
#include <optional>

namespace cmsim {

// "Hasn't synced recently": after a restart the thread checks once the interval since the
// last sync has passed, not at every restart (assumed; a daily backup would otherwise reset
// the cadence to the backup time).
inline double first_check_at_s(double started_s, double first_check_delay_s, std::optional<double> last_sync_t_s,
                               double check_interval_s) {
  const double soon = started_s + first_check_delay_s;
  if (!last_sync_t_s) return soon;
  return std::max(soon, *last_sync_t_s + check_interval_s);
}

// The 24-hour timer runs from the start of a sync, so a slow download does not drift it.
inline double next_check_at_s(double check_started_s, double check_interval_s) {
  return check_started_s + check_interval_s;
}

}  // namespace cmsim
