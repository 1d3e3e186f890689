// The service connection point section of report.html: its configured and effective mode
// over time, every cloud check, and the faults that can change what it sees.
#include <algorithm>
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

// Only faults that can change what the SCP sees: the internet, or its own site going down.
std::vector<FaultRecord> scp_faults(const Results& r) {
  std::vector<FaultRecord> out;
  for (const FaultRecord& f : r.faults)
    if (f.kind == FaultKind::internet_fault || (f.kind == FaultKind::site_down && f.target == r.scp.site))
      out.push_back(f);
  return out;
}

std::string scp_svg(const Results& r) {
  double t1 = r.duration_s;
  for (const ModeChange& m : r.scp.modes) t1 = std::max(t1, m.t_s);
  for (const ScpCheck& c : r.scp.checks) t1 = std::max(t1, c.t_s);
  const TimeScale scale{0, std::max(t1, 60.0), kChartX, kChartW};
  const double bottom = kTop + 3 * kRowH;
  Svg svg(kWidth, bottom + 6, "Service connection point mode timeline");
  time_axis(svg, scale, kTop - 6, bottom, r.start_unix_s);
  fault_bands(svg, scale, scp_faults(r), kTop - 4, bottom - kTop + 4, r.duration_s);
  mode_lane(svg, scale, r.scp.modes, true, kTop + 4);
  mode_lane(svg, scale, r.scp.modes, false, kTop + 4 + kRowH);
  check_lane(svg, scale, r.scp.checks, kTop + 4 + 2 * kRowH);
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

}  // namespace

std::string scp_section(const Results& results) {
  std::string out = "<section id=\"scp\">\n<h2>Service connection point mode</h2>\n";
  if (results.scp.modes.empty() && results.scp.checks.empty())
    return out + "<p>No service connection point in this hierarchy.</p>\n</section>\n";
  out += "<p>" + (results.scp.site.empty() ? std::string() : "On " + escape(results.scp.site) + ". ") +
         escape(check_counts(results.scp.checks)) + ".</p>\n";
  out +=
      "<p class=\"legend\"><span class=\"k m-online\"></span>online <span class=\"k "
      "m-offline\"></span>offline; "
      "checks: <span class=\"k c-ok\"></span>ok <span class=\"k c-failed\"></span>failed "
      "<span class=\"k c-skipped\"></span>skipped; shaded: <span class=\"k fault f-net\"></span>internet "
      "fault "
      "<span class=\"k fault f-site\"></span>SCP site down.</p>\n";
  out += "<div class=\"scroll\">\n" + scp_svg(results) + "</div>\n";
  return out + mode_changes_table(results.scp.modes) + "</section>\n";
}

}  // namespace cmsim::reports::html
