// The hierarchy expansion in report.html (docs/modelling.md §6): a stand-alone primary
// growing into a CAS hierarchy, request by request: refused ones with the product's reason,
// a completed one with its steps in order, the time the hierarchy had no service connection
// point, the sites it added, and the first update to reach every site afterwards.
#include <string>
#include <vector>

#include "models/outcomes.hpp"
#include "reports/html_table.hpp"
#include "reports/report_html_sections.hpp"

namespace cmsim::reports::html {
namespace {

std::string steps_list(const ExpansionResult& x) {
  if (x.steps.empty()) return {};
  std::string out = "<ol class=\"steps\">\n";
  for (const ExpansionStep& s : x.steps)
    out += "<li>" + escape(s.step) + " <small>" + (s.t_s ? sim_time(s.t_s) : std::string("not reached")) +
           "</small></li>\n";
  return out + "</ol>\n";
}

std::string outcome_text(const ExpansionResult& x) {
  std::string out;
  if (x.without_scp_s)
    out += "<p>Without a service connection point for " + escape(short_duration(*x.without_scp_s)) +
           ": no update checks and no new updates in that time.</p>\n";
  if (!x.first_update_everywhere.empty())
    out += "<p>First update on every site afterwards: " + escape(x.first_update_everywhere) + " at " +
           sim_time(x.first_update_all_sites_t_s) + ".</p>\n";
  return out;
}

std::string expansion_block(const ExpansionResult& x) {
  std::string out = "<h3>expand_to_cas: " + escape(x.primary) + " under a new CAS (" + escape(x.new_cas) + ")" +
                    " <span class=\"state\">" + escape(to_string(x.status)) + "</span></h3>\n<p>Requested at " +
                    sim_time(x.requested_t_s) + ".";
  if (!x.reason.empty()) out += " Refused: " + escape(x.reason) + ".";
  if (x.status == ExpansionStatus::waiting_for_scp)
    out += " Waiting: the service connection point has not been reinstalled at the CAS.";
  return out + "</p>\n" + steps_list(x) + outcome_text(x);
}

std::string added_sites(const Results& r) {
  std::vector<std::string> rows;
  for (const SiteResult& s : r.sites)
    if (s.added_t_s)
      rows.push_back(table_row({escape(s.code), escape(s.type), escape(s.parent), sim_time(s.added_t_s),
                                escape(s.initial_version), escape(s.final_version)}));
  if (rows.empty()) return {};
  std::string out = "<h3>Sites added during the run</h3>\n<table>\n" +
                    table_head({"site", "type", "parent", "added", "installed at", "at the end"}) + "<tbody>\n";
  for (const std::string& row : rows) out += row;
  return out + "</tbody></table>\n";
}

}  // namespace

const char* expansion_css() { return ""; }

std::string expansion_section(const Results& results) {
  std::string out = "<section id=\"expansion\">\n<h2>Expansion</h2>\n";
  if (results.expansions.empty() && added_sites(results).empty())
    return out + "<p>The hierarchy was not expanded during the run.</p>\n</section>\n";
  for (const ExpansionResult& x : results.expansions) out += expansion_block(x);
  return out + added_sites(results) + "</section>\n";
}

}  // namespace cmsim::reports::html
