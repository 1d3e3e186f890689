// The sections of report.html, one function each (internal to reports/). Each returns a
// complete <section> element.
#pragma once

#include <string>
#include <vector>

#include "models/results.hpp"

namespace cmsim::reports::html {

std::string hierarchy_section(const Results& results);
std::string timelines_section(const Results& results);
std::string servicing_section(const Results& results);
std::string scp_section(const Results& results);

// Position of each site in the drawing's depth-first order (top tier first, children in
// Results order), so timeline rows read like the hierarchy. Unknown codes are not listed.
std::vector<std::string> sites_depth_first(const Results& results);

}  // namespace cmsim::reports::html
