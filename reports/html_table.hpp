// Table rows for the sections of report.html; cells are HTML already (escape text first).
#pragma once

#include <string>
#include <vector>

#include "reports/html_svg.hpp"

namespace cmsim::reports::html {

inline std::string table_row(const std::vector<std::string>& cells, const std::string& tr_class = {}) {
  std::string out = tr_class.empty() ? "<tr>" : "<tr class=\"" + escape(tr_class) + "\">";
  for (const std::string& c : cells) out += "<td>" + c + "</td>";
  return out + "</tr>\n";
}

inline std::string table_head(const std::vector<std::string>& names) {
  std::string out = "<thead><tr>";
  for (const std::string& n : names) out += "<th>" + n + "</th>";
  return out + "</tr></thead>\n";
}

}  // namespace cmsim::reports::html
