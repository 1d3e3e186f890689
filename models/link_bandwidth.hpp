// What a WAN link can give ConfigMgr over time (docs/modelling.md §5.4): its nominal bandwidth,
// or a degraded_link fault's, minus the business traffic of its background load. Computed
// as the moments the figure changes, which the simulator hands SimGrid as one bandwidth
// profile per link: no actor ticks through the hours.
#pragma once

#include <cstdint>
#include <vector>

#include "models/fault_plan.hpp"
#include "models/scenario.hpp"

namespace cmsim {

struct BandwidthStep {
  double t_s = 0;
  double bandwidth_Bps = 0;  // from t_s until the next step
};

// The share of capacity business traffic takes at t_s (seconds from the scenario start).
double background_share(const std::vector<BackgroundLoad>& background, double t_s, std::int64_t start_unix_s);

// Every change of the available bandwidth over [0, horizon_s], in time order, starting with
// the value at 0 when it is not the nominal one. Empty when nothing changes it.
std::vector<BandwidthStep> available_bandwidth(double nominal_Bps, const std::vector<BandwidthWindow>& degraded,
                                               const std::vector<BackgroundLoad>& background, std::int64_t start_unix_s,
                                               double horizon_s);

}  // namespace cmsim
