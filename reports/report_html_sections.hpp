// The sections of report.html, one function each (internal to reports/). Each returns a
// complete <section> element.
#pragma once

#include <string>
#include <vector>

#include "models/link_usage.hpp"
#include "models/results.hpp"

namespace cmsim::reports::html {

std::string hierarchy_section(const Results& results);
std::string timelines_section(const Results& results);
std::string servicing_section(const Results& results);
std::string scp_section(const Results& results);
// report_html_expansion.cpp: each expand_to_cas, its steps in order and the time without an SCP.
std::string expansion_section(const Results& results);
const char* expansion_css();
// report_html_links.cpp: WAN and internet link utilization (heat map, links over threshold).
std::string links_section(const Results& results, const LinkUsage* usage = nullptr);
const char* links_css();
// report_html_status.cpp: Monitoring's Component Status, Database Replication, status messages.
std::string component_status_section(const Results& results);
std::string db_replication_section(const Results& results);
std::string status_messages_section(const Results& results);
const char* status_css();

// Position of each site in the drawing's depth-first order (top tier first, children in
// Results order), so timeline rows read like the hierarchy. Unknown codes are not listed.
std::vector<std::string> sites_depth_first(const Results& results);

}  // namespace cmsim::reports::html
