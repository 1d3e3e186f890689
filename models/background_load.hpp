// Business traffic a WAN link carries besides ConfigMgr's (docs/modelling.md §5.4), shared by
// the scenario (what the planner said) and the results (what the utilization counts).
#pragma once

#include <cstdint>

namespace cmsim {

// On the days and from..to (UTC) it takes `share` of the link's capacity, which replication
// then cannot use. Overlapping entries: the largest share counts.
struct BackgroundLoad {
  std::uint8_t days_mask = 0x7F;
  int from_minute = 0;
  int to_minute = 24 * 60;
  double share = 0;  // 0..0.95
};

}  // namespace cmsim
