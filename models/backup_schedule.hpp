// When the Backup Site Server maintenance task runs (docs/modelling.md §2.7): daily at its
// UTC time of day, counted from the scenario's start, which may fall mid-day.
#pragma once

#include <cstdint>

namespace cmsim {

inline constexpr double kSecondsPerDay = 86400.0;

// Seconds from the scenario's start to the task's first run (0 when it starts exactly then);
// later runs follow every kSecondsPerDay.
inline double first_backup_s(std::int64_t start_unix_s, int daily_at_minute) {
  const double at_s = daily_at_minute * 60.0;
  const auto seconds_into_day = static_cast<double>(((start_unix_s % 86400) + 86400) % 86400);
  double first = at_s - seconds_into_day;
  if (first < 0) first += kSecondsPerDay;
  return first;
}

}  // namespace cmsim
