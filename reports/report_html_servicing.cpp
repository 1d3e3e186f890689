// The Updates and Servicing Status section of report.html: per update, Show Status as a table,
// one row per site and one column per phase (Download .. Post Installation). A cell gives the
// phase's status word in its colour and its start and end; a <details> in it lists the steps,
// so they are one click away without a script. Above kHtmlServicingDetailMaxSecondaries
// secondaries in an update, the top tier and the primaries keep their rows and the secondaries
// become one row of status counts per phase.
#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reports/html_svg.hpp"
#include "reports/report_html.hpp"
#include "reports/report_html_sections.hpp"

namespace cmsim::reports::html {
namespace {

constexpr std::size_t kAttentionCodesShown = 20;  // sites named in a summary cell's tooltip

// The stylesheet's class for a status: the colour a reader sees.
const char* status_class(PhaseStatus status) {
  switch (status) {
    case PhaseStatus::in_progress:
      return "st-progress";
    case PhaseStatus::needs_attention:
      return "st-attention";
    case PhaseStatus::complete:
      return "st-complete";
    case PhaseStatus::completed_with_warning:
      return "st-warning";
    case PhaseStatus::failed:
      return "st-failed";
  }
  return "st-none";
}

// Not yet seen by the reader as good news: worth naming the sites.
bool needs_a_look(PhaseStatus status) {
  return status == PhaseStatus::needs_attention || status == PhaseStatus::completed_with_warning ||
         status == PhaseStatus::failed;
}

// "+8d 2h → +8d 3h"; an end that never came is "—", as elsewhere on the page.
std::string span(double start, const std::optional<double>& end) {
  return sim_time(start) + " \xE2\x86\x92 " + sim_time(end);
}

std::string status_word(PhaseStatus status) {
  return std::string("<span class=\"st ") + status_class(status) + "\">" + escape(to_string(status)) + "</span>";
}

std::string steps_list(const std::vector<ServicingStep>& steps) {
  std::string out = "<ol class=\"steps\">";
  for (const ServicingStep& s : steps)
    out += "<li>" + status_word(s.status) + " " + escape(s.name) + " <small>" + span(s.start_t_s, s.end_t_s) +
           "</small></li>";
  return out + "</ol>";
}

std::string phase_cell(const PhaseRecord* p) {
  if (!p) return "<td class=\"ps st-none\">\xE2\x80\x94</td>";
  const std::string head = status_word(p->status) + "<br><small>" + span(p->start_t_s, p->end_t_s) + "</small>";
  std::string out = std::string("<td class=\"ps ") + status_class(p->status) + "\">";
  if (p->steps.empty()) return out + head + "</td>";
  return out + "<details><summary>" + head + "</summary>" + steps_list(p->steps) + "</details></td>";
}

// The Download column belongs to the top tier that downloaded the update; other sites have none.
const char* kNoColumn = "<td class=\"ps na\"></td>";

// "P01 primary", as the timelines label their rows; a CAS called CAS is just "CAS".
std::string site_label(const std::string& code, const std::string& type) {
  const std::string word = type == "cas" ? "CAS" : type;
  if (type.empty() || type == "other" || code == word) return escape(code);
  return escape(code) + " <small>" + escape(word) + "</small>";
}

std::string site_row(const UpdateResult& u, const std::string& code, const std::string& type,
                     const ServicingStatus* phases) {
  std::string out = "<tr><th>" + site_label(code, type) + "</th>";
  for (const ServicingPhase phase : servicing_phases()) {
    if (phase == ServicingPhase::download) {
      const bool downloaded_here = u.download && code == u.downloaded_at;
      out += downloaded_here ? phase_cell(&*u.download) : kNoColumn;
    } else {
      out += phase_cell(phases ? find_phase(*phases, phase) : nullptr);
    }
  }
  return out + "</tr>\n";
}

// One phase of many sites: how many stand at each status, when the first started and the last
// ended, and (on hover) which sites need a look.
std::string summary_cell(const std::vector<const UpdateSiteResult*>& sites, ServicingPhase phase) {
  std::map<PhaseStatus, std::size_t> counts;
  std::size_t not_started = 0;
  std::optional<double> first_start, last_end;
  std::vector<std::string> attention;
  std::size_t attention_total = 0;
  for (const UpdateSiteResult* s : sites) {
    const PhaseRecord* p = find_phase(s->phases, phase);
    if (!p) {
      ++not_started;
      continue;
    }
    ++counts[p->status];
    first_start = std::min(first_start.value_or(p->start_t_s), p->start_t_s);
    if (p->end_t_s) last_end = std::max(last_end.value_or(*p->end_t_s), *p->end_t_s);
    if (needs_a_look(p->status)) {
      ++attention_total;
      if (attention.size() < kAttentionCodesShown) attention.push_back(s->site);
    }
  }
  // No site ran this phase (a secondary has no prerequisite check or post installation of
  // its own): the same dash as a single site's phase that has not started.
  if (counts.empty()) return "<td class=\"ps st-none\" title=\"no site ran this phase\">\xE2\x80\x94</td>";
  // The worst status present colours the cell, so a failure among thousands is not missed.
  const PhaseStatus order[] = {PhaseStatus::failed, PhaseStatus::needs_attention, PhaseStatus::completed_with_warning,
                               PhaseStatus::in_progress, PhaseStatus::complete};
  const char* cls = "st-none";
  for (const PhaseStatus status : order)
    if (counts.count(status)) {
      cls = status_class(status);
      break;
    }
  std::string out = std::string("<td class=\"ps ") + cls + "\"";
  if (!attention.empty()) {
    std::string title = "Needing a look: ";
    for (std::size_t i = 0; i < attention.size(); ++i) title += (i ? ", " : "") + attention[i];
    if (attention_total > attention.size())
      title += " and " + std::to_string(attention_total - attention.size()) + " more";
    out += " title=\"" + escape(title) + "\"";
  }
  out += ">";
  bool first = true;
  for (const PhaseStatus status : order) {
    const auto it = counts.find(status);
    if (it == counts.end()) continue;
    out += std::string(first ? "" : "<br>") + std::to_string(it->second) + " " + status_word(status);
    first = false;
  }
  if (not_started) out += std::string(first ? "" : "<br>") + std::to_string(not_started) + " not started";
  if (first_start) out += "<br><small>" + span(*first_start, last_end) + "</small>";
  return out + "</td>";
}

std::string summary_row(const std::vector<const UpdateSiteResult*>& sites, const std::string& what) {
  std::string out = "<tr><th>" + std::to_string(sites.size()) + " " + escape(what) + "</th>" + kNoColumn;
  for (const ServicingPhase phase : servicing_phases())
    if (phase != ServicingPhase::download) out += summary_cell(sites, phase);
  return out + "</tr>\n";
}

bool any_phase(const UpdateResult& u) {
  return u.download ||
         std::any_of(u.sites.begin(), u.sites.end(), [](const UpdateSiteResult& s) { return !s.phases.empty(); });
}

std::string update_table(const Results& r, const UpdateResult& u) {
  std::string out = "<h3>" + escape(u.version) +
                    (u.name.empty() || u.name == u.version ? "" : " \xE2\x80\x94 " + escape(u.name)) + "</h3>\n";
  if (!any_phase(u)) return out + "<p class=\"note\">No Show Status phase has started for this update.</p>\n";
  std::map<std::string, std::string> types;
  for (const SiteResult& s : r.sites) types.emplace(s.code, s.type);
  const auto type_of = [&](const std::string& code) {
    const auto it = types.find(code);
    return it == types.end() ? std::string("other") : it->second;
  };
  std::vector<const UpdateSiteResult*> secondaries;
  for (const UpdateSiteResult& s : u.sites)
    if (type_of(s.site) == "secondary") secondaries.push_back(&s);
  const bool aggregate = secondaries.size() > kHtmlServicingDetailMaxSecondaries;
  if (aggregate)
    out += "<p class=\"note\">" + std::to_string(secondaries.size()) +
           " secondaries: counted by status per phase, from the first start to the last end; hover for the ones "
           "needing a look. Each site's phases and steps are in servicing_status.csv and report.json.</p>\n";
  out += "<div class=\"scroll\">\n<table class=\"servicing\">\n<thead><tr><th>site</th>";
  for (const ServicingPhase phase : servicing_phases()) out += "<th>" + escape(to_string(phase)) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  // The site that downloaded it leads, even if the rollout does not list it.
  const bool listed =
      std::any_of(u.sites.begin(), u.sites.end(), [&](const UpdateSiteResult& s) { return s.site == u.downloaded_at; });
  if (u.download && !listed) out += site_row(u, u.downloaded_at, type_of(u.downloaded_at), nullptr);
  for (const UpdateSiteResult& s : u.sites) {
    const std::string type = type_of(s.site);
    if (aggregate && type == "secondary") continue;
    out += site_row(u, s.site, type, &s.phases);
  }
  if (aggregate) out += summary_row(secondaries, "secondaries");
  return out + "</tbody></table>\n</div>\n";
}

const char* kServicingLegend =
    "<p class=\"legend\">Monitoring &gt; Updates and Servicing Status &gt; Show Status, per site: "
    "<span class=\"st st-complete\">Complete</span> <span class=\"st st-progress\">In progress</span> "
    "<span class=\"st st-attention\">In progress, needs attention</span> "
    "<span class=\"st st-warning\">Completed with warning</span> <span class=\"st st-failed\">Failed</span> "
    "<span class=\"st st-none\">\xE2\x80\x94</span> not started. Times are since the start of the run, start "
    "\xE2\x86\x92 end (\xE2\x80\x94 while still going); open a cell for its steps.</p>\n";

}  // namespace

std::string servicing_section(const Results& results) {
  std::string out = "<section id=\"servicing\">\n<h2>Updates and Servicing Status</h2>\n";
  if (results.updates.empty()) return out + "<p>No update became available during the run.</p>\n</section>\n";
  out += kServicingLegend;
  for (const UpdateResult& u : results.updates) out += update_table(results, u);
  return out + "</section>\n";
}

}  // namespace cmsim::reports::html
