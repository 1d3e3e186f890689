// The service connection point section of report.html: its configured and effective mode
// over time, every cloud check, and the faults that can change what it sees.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "reports/html_svg.hpp"
#include "reports/report_html.hpp"
#include "reports/report_html_chart.hpp"
#include "reports/report_html_sections.hpp"

namespace cmsim::reports::html {
namespace {

void mode_lane(Svg& svg, const TimeScale& scale, const std::vector<ModeChange>& modes, bool configured, double y) {
  svg.text(kChartX - 6, y + kBarH - 2, configured ? "configured" : "effective", "rl");
  for (std::size_t i = 0; i < modes.size(); ++i) {
    const double a = modes[i].t_s;
    const double b = i + 1 < modes.size() ? modes[i + 1].t_s : scale.t1;
    const std::string& mode = configured ? modes[i].configured : modes[i].effective;
    const std::string title = std::string(configured ? "configured " : "effective ") + mode + " from " + sim_time(a) +
                              " (" + modes[i].cause + ")";
    svg.rect(scale.x(a), y, std::max(scale.x(b) - scale.x(a), 1.0), kBarH, "m-" + mode, title);
  }
}

void check_lane(Svg& svg, const TimeScale& scale, const std::vector<ScpCheck>& checks, double y) {
  svg.text(kChartX - 6, y + kBarH - 2, "checks", "rl");
  for (const ScpCheck& c : checks) {
    std::string title = "check " + sim_time(c.t_s) + " (" + c.effective_mode + "): " + to_string(c.outcome);
    if (!c.reason.empty()) title += ", " + c.reason;
    if (!c.offered.empty()) title += ", offered " + c.offered;
    svg.rect(scale.x(c.t_s) - 1, y, 2, kBarH, std::string("c-") + to_string(c.outcome), title);
  }
}

// Each placement's end: the next one's start, or the end of the chart.
double placement_end(const std::vector<ScpPlacement>& placements, std::size_t i, double t1) {
  return i + 1 < placements.size() ? placements[i + 1].t_s : t1;
}

// Where the role was: a bar per server it was on, hatched while the hierarchy had none.
void placement_lane(Svg& svg, const TimeScale& scale, const std::vector<ScpPlacement>& placements, double y) {
  svg.text(kChartX - 6, y + kBarH - 2, "role on", "rl");
  for (std::size_t i = 0; i < placements.size(); ++i) {
    const double a = placements[i].t_s, b = placement_end(placements, i, scale.t1);
    const std::string& site = placements[i].site;
    // The server names the site too ("CAS" or "CAS-SCP"), so a move between them shows.
    const std::string& where = placements[i].server.empty() ? site : placements[i].server;
    const double w = std::max(scale.x(b) - scale.x(a), 1.0);
    svg.rect(scale.x(a), y, w, kBarH, site.empty() ? "gap" : "scp-on",
             (site.empty() ? "no SCP" : "on " + where) + " from " + sim_time(a) + " to " + sim_time(b));
    if (!site.empty() && w > 40) svg.text(scale.x(a) + 4, y + kBarH - 2, where, "scp-l");
  }
}

// While the role is uninstalled nothing runs in either mode: the effective lane says so.
void gaps_over_effective(Svg& svg, const TimeScale& scale, const std::vector<ScpPlacement>& placements, double y) {
  for (std::size_t i = 0; i < placements.size(); ++i) {
    if (!placements[i].site.empty()) continue;
    const double a = placements[i].t_s, b = placement_end(placements, i, scale.t1);
    svg.rect(scale.x(a), y, std::max(scale.x(b) - scale.x(a), 1.0), kBarH, "gap",
             "no SCP from " + sim_time(a) + " to " + sim_time(b));
  }
}

// Only faults that can change what the SCP sees: the internet, its own site, or a server it
// ran on going down.
std::vector<FaultView> scp_faults(const Results& r) {
  auto ran_on = [&r](std::string_view target) {
    return std::any_of(r.scp.placements.begin(), r.scp.placements.end(),
                       [&](const ScpPlacement& p) { return !p.server.empty() && p.server == target; });
  };
  std::vector<FaultView> out;
  for (const FaultView f : r.faults)
    if (f.kind == FaultKind::internet_fault ||
        (f.kind == FaultKind::site_down && (f.target == r.scp.site || ran_on(f.target))))
      out.push_back(f);
  return out;
}

std::string scp_svg(const Results& r) {
  double t1 = r.duration_s;
  for (const ModeChange& m : r.scp.modes) t1 = std::max(t1, m.t_s);
  for (const ScpCheck& c : r.scp.checks) t1 = std::max(t1, c.t_s);
  const TimeScale scale{0, std::max(t1, 60.0), kChartX, kChartW};
  const bool moved = r.scp.placements.size() > 1;
  const double lanes = moved ? 4 : 3, y0 = kTop + 4 + (moved ? kRowH : 0);
  const double bottom = kTop + lanes * kRowH;
  Svg svg(kWidth, bottom + 6, "Service connection point mode timeline");
  time_axis(svg, scale, kTop - 6, bottom, r.start_unix_s);
  fault_bands(svg, scale, scp_faults(r), kTop - 4, bottom - kTop + 4, r.duration_s);
  if (moved) placement_lane(svg, scale, r.scp.placements, kTop + 4);
  mode_lane(svg, scale, r.scp.modes, true, y0);
  mode_lane(svg, scale, r.scp.modes, false, y0 + kRowH);
  gaps_over_effective(svg, scale, r.scp.placements, y0 + kRowH);
  check_lane(svg, scale, r.scp.checks, y0 + 2 * kRowH);
  return svg.finish();
}

std::string check_counts(const std::vector<ScpCheck>& checks) {
  std::map<std::string, std::size_t> counts;
  for (const ScpCheck& c : checks) ++counts[to_string(c.outcome)];
  std::string out = std::to_string(checks.size()) + " checks";
  for (const auto& [outcome, n] : counts) out += ", " + std::to_string(n) + " " + outcome;
  return out;
}

std::string mode_changes_table(const std::vector<ModeChange>& modes) {
  std::string out =
      "<table><thead><tr><th>time</th><th>configured</th><th>effective</th><th>cause</th></tr></"
      "thead><tbody>\n";
  for (const ModeChange& m : modes)
    out += "<tr><td>" + sim_time(m.t_s) + "</td><td>" + escape(m.configured) + "</td><td>" + escape(m.effective) +
           "</td><td>" + escape(m.cause) + "</td></tr>\n";
  return out + "</tbody></table>\n";
}

std::size_t checks_between(const std::vector<ScpCheck>& checks, double a, double b, bool to_the_end) {
  std::size_t n = 0;
  for (const ScpCheck& c : checks) n += c.t_s >= a && (c.t_s < b || to_the_end) ? 1 : 0;
  return n;
}

// "On PS1 from +0s to +3d (9 checks); no SCP for 5d (+3d to +8d); on CAS from +8d (78 checks). "
std::string placements_text(const Results& r) {
  const auto& placements = r.scp.placements;
  if (placements.size() <= 1) {
    if (r.scp.site.empty()) return "";
    const bool remote = placements.size() == 1 && placements[0].server != placements[0].site;
    return "On " + escape(remote ? placements[0].server + ", a remote server of " + r.scp.site : r.scp.site) + ". ";
  }
  std::string out;
  for (std::size_t i = 0; i < placements.size(); ++i) {
    const double a = placements[i].t_s, b = placement_end(placements, i, r.duration_s);
    const bool last = i + 1 == placements.size();
    out += i == 0 ? "" : "; ";
    if (placements[i].site.empty()) {
      out += "no SCP for " + escape(short_duration(b - a)) + " (" + sim_time(a) + " to " + sim_time(b) + ")";
      continue;
    }
    const std::string& where = placements[i].server.empty() ? placements[i].site : placements[i].server;
    out += "on " + escape(where) + " from " + sim_time(a) + (last ? "" : " to " + sim_time(b)) + " (" +
           std::to_string(checks_between(r.scp.checks, a, b, last)) + " checks)";
  }
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out + ". ";
}

}  // namespace

std::string scp_section(const Results& results) {
  std::string out = "<section id=\"scp\">\n<h2>Service connection point mode</h2>\n";
  if (results.scp.modes.empty() && results.scp.checks.empty())
    return out + "<p>No service connection point in this hierarchy.</p>\n</section>\n";
  out += "<p>" + placements_text(results) + escape(check_counts(results.scp.checks)) + ".</p>\n";
  out +=
      "<p class=\"legend\"><span class=\"k m-online\"></span>online <span class=\"k "
      "m-offline\"></span>offline; "
      "checks: <span class=\"k c-ok\"></span>ok <span class=\"k c-failed\"></span>failed "
      "<span class=\"k c-skipped\"></span>skipped; <span class=\"k gap\"></span>no SCP (uninstalled); shaded: <span "
      "class=\"k fault f-net\"></span>internet "
      "fault "
      "<span class=\"k fault f-site\"></span>SCP site or server down.</p>\n";
  out += "<div class=\"scroll\">\n" + scp_svg(results) + "</div>\n";
  return out + mode_changes_table(results.scp.modes) + "</section>\n";
}

}  // namespace cmsim::reports::html
