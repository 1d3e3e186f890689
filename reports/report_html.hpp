// report.html (docs/scenario.md §4; docs/modelling.md §12.3.3): one self-contained page a planner opens from the
// output directory, offline. Inline CSS and inline SVG only, no script and no external
// reference (a Content-Security-Policy forbids any), and the same Results always give the
// same bytes.
//
// Sections: summary, hierarchy drawing, one timeline per update through the sites
// (download / replication / prereq / install, fault windows shaded), Show Status per site
// (Updates and Servicing Status: each phase's status, times and steps), configured vs
// effective SCP mode, fault windows, status messages, expectation results. Big hierarchies
// are drawn aggregated so the page stays readable and small at 6,000 sites.
#pragma once

#include <cstddef>
#include <string>

#include "models/link_usage.hpp"
#include "models/results.hpp"

namespace cmsim {
struct Scenario;
}

namespace cmsim::reports {

// Above this many sites the hierarchy drawing groups each parent's leaf children into one
// box ("250 secondaries"); if that is still too many boxes, one box per tier.
inline constexpr std::size_t kHtmlHierarchyDetailMaxSites = 60;
inline constexpr std::size_t kHtmlHierarchyMaxBoxes = 80;
// Above this many sites in an update, its timeline shows one row per tier and milestone
// (min to max, median marked) instead of one row per site.
inline constexpr std::size_t kHtmlTimelineDetailMaxRows = 80;
// Above this many secondaries in an update, Updates and Servicing Status keeps a row for the top
// tier and each primary and counts the secondaries by status per phase in one row.
inline constexpr std::size_t kHtmlServicingDetailMaxSecondaries = 50;
// Tables list this many rows; the rest are counted and are in the CSVs and report.json.
inline constexpr std::size_t kHtmlFaultRowsShown = 200;

// The whole page. `scenario`, when given, adds its description to the summary; everything
// else comes from `results`.
std::string report_html(const Results& results, const Scenario* scenario = nullptr, const LinkUsage* usage = nullptr);

}  // namespace cmsim::reports
