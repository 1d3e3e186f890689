// advice.html (docs/scenario.md §4.9): what advise found, for a planner: the answer to the
// SLA, a tornado chart of every variation's effect on the target time around the baseline,
// and the ranked table. Self-contained (no scripts, no network) and deterministic.
#pragma once

#include <string>

#include "models/advice_result.hpp"

namespace cmsim::reports {

std::string advice_html(const advice::Advice& advice);

}  // namespace cmsim::reports
