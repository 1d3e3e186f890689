// The Monitoring workspace's views of a run in report.html: Component Status, Database
// Replication and the status messages.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "models/record_views.hpp"
#include "models/units.hpp"
#include "reports/html_table.hpp"
#include "reports/report_html.hpp"
#include "reports/report_html_sections.hpp"

namespace cmsim::reports::html {
namespace {

std::string utc(const Results& r, double t_s) {
  return units::format_utc_iso(r.start_unix_s + static_cast<std::int64_t>(std::floor(t_s)));
}

}  // namespace

const char* status_css() { return ""; }

std::string component_status_section(const Results&) { return {}; }
std::string db_replication_section(const Results&) { return {}; }

std::string status_messages_section(const Results& r) {
  std::size_t total = 0;
  std::map<std::string, std::size_t> by_severity;
  std::vector<StatusMessage> shown;
  for_each_status_message(r, [&](const StatusMessage& m) {
    ++total;
    ++by_severity[to_string(m.severity)];
    if (shown.size() < kHtmlStatusRowsShown) shown.push_back(m);
  });
  std::string out = "<section id=\"status\">\n<h2>Status messages</h2>\n";
  if (total == 0) return out + "<p>No status messages.</p>\n</section>\n";
  std::string counts;
  for (const auto& [k, n] : by_severity) counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + k;
  out += "<p>" + std::to_string(total) + " (" + escape(counts) + ") messages.</p>\n";
  if (shown.size() < total)
    out += "<p class=\"note\">Showing the first " + std::to_string(shown.size()) + " of " + std::to_string(total) +
           " messages; all are in status_messages.csv and report.json.</p>\n";
  out += "<table>\n" + table_head({"time", "UTC", "site", "component", "id", "severity", "text"}) + "<tbody>\n";
  for (const StatusMessage& m : shown)
    out += table_row({sim_time(m.t_s), escape(utc(r, m.t_s)), escape(m.site), escape(m.component),
                      std::to_string(m.message_id), escape(to_string(m.severity)), escape(m.text)},
                     to_string(m.severity));  // the row class lets the stylesheet tint warnings and errors
  return out + "</tbody></table>\n</section>\n";
}

}  // namespace cmsim::reports::html
