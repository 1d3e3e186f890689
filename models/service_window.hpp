// Service windows of a CAS or primary (docs/modelling.md §4.2): an install may start only inside one.
// Several windows are a union; a site without windows is always open. Times are UTC.
#pragma once

#include <cstdint>
#include <vector>

#include "scenario.hpp"

namespace cmsim {

// The earliest time >= t_s (seconds from the scenario start) at which a window is open:
// t_s itself when one is open then, or when there are no windows.
double next_window_open(const std::vector<ServiceWindow>& windows, double t_s, std::int64_t start_unix_s);
bool window_open(const std::vector<ServiceWindow>& windows, double t_s, std::int64_t start_unix_s);

// Day arithmetic shared with file-route schedules: the UTC weekday (0 = Sunday) of the day
// containing t_s, and the scenario time at which that day began.
int weekday_at(double t_s, std::int64_t start_unix_s);
double day_start_s(double t_s, std::int64_t start_unix_s);

}  // namespace cmsim
