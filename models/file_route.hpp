// The sender's rules for one file replication route (docs/modelling.md §5.1): when the route's
// schedule lets a package through, at what rate a rate limit lets it go, and how many
// sendings it may carry at once.
#pragma once

#include <cstdint>

#include "scenario.hpp"

namespace cmsim {

// What a route allows from t_s until `until_s`, when its schedule or hourly limit next
// changes (infinity when it never does).
struct RouteWindow {
  bool open = true;
  double rate_cap_Bps = 0;  // 0: no cap beyond the link itself
  double until_s = 0;
};

enum class PackagePriority { low, medium, high };

// Classic packages, the Easy Setup Package among them, default to medium priority (assumed).
inline constexpr PackagePriority kPackagePriority = PackagePriority::medium;

RouteWindow route_window(const Link& link, double t_s, std::int64_t start_unix_s);

// Pulse mode sends a block, then waits: block / (block / bandwidth + delay) on average.
double pulse_rate_Bps(std::uint64_t block_bytes, double delay_s, double bandwidth_Bps);

// docs/modelling.md §5.1: any rate limit caps concurrent sendings to that destination at 1.
int sendings_per_destination(const Link& link);

}  // namespace cmsim
