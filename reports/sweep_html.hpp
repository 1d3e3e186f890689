// sweep.html: one self-contained page (no scripts, no network) with the empirical CDF of
// every sweep metric, one line per grid point, as inline SVG. Deterministic: the same plan
// and records give the same bytes, so a merged sweep's page equals an unsharded one's.
#pragma once

#include <string>
#include <vector>

#include "models/sweep_plan.hpp"
#include "reports/sweep_statistics.hpp"
#include "reports/sweep_tables.hpp"

namespace cmsim::reports {

// The CDF of a point is a step function over its runs: y = (runs with a value <= x) / runs,
// so a point where some runs never reached a time plateaus below 1.
std::string sweep_html(const sweep::Plan& plan, const std::vector<sweep::RunRecord>& records);

// Escapes & < > " for text and attribute values; compare.html uses it too.
std::string sweep_escape(const std::string& text);

}  // namespace cmsim::reports
