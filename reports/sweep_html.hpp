// sweep.html: one self-contained page (no scripts, no network): per metric family a table of
// the statistics (sweep_statistics.hpp) and small multiples of empirical CDFs, one panel per
// metric and grid point, as inline SVG (docs/scenario.md §4.7). Deterministic: the same plan
// and records give the same bytes, so a merged sweep's page equals an unsharded one's.
#pragma once

#include <string>
#include <vector>

#include "models/sweep_plan.hpp"
#include "reports/sweep_statistics.hpp"
#include "reports/sweep_tables.hpp"

namespace cmsim::reports {

// A panel's CDF is a step function over the point's runs: y = (runs with a value <= x) / runs,
// so a point where some runs never reached a time plateaus below 1.
std::string sweep_html(const sweep::Plan& plan, const std::vector<sweep::RunRecord>& records);

// Escapes & < > " for text and attribute values; compare.html uses it too.
std::string sweep_escape(const std::string& text);

}  // namespace cmsim::reports
