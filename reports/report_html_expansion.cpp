// The hierarchy expansion in report.html: a stand-alone primary growing into a CAS hierarchy.
#include <string>

#include "reports/report_html_sections.hpp"

namespace cmsim::reports::html {

const char* expansion_css() { return ""; }

std::string expansion_section(const Results&) { return {}; }

}  // namespace cmsim::reports::html
