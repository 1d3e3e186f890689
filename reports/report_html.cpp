// The page frame of report.html and its table sections; the charts are in
// report_html_hierarchy.cpp and report_html_timeline.cpp.
#include "reports/report_html.hpp"

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "models/record_views.hpp"
#include "models/scenario.hpp"
#include "models/units.hpp"
#include "reports/html_svg.hpp"
#include "reports/report_html_sections.hpp"

namespace cmsim::reports {
namespace {

using html::escape;
using html::sim_time;

// Colours are set once as --c on a class and used as fill (SVG), stroke (edges) or
// background (legend keys), so a legend can never disagree with its chart.
constexpr const char* kCss = R"css(
body{font:14px/1.4 system-ui,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 40px;color:#222;background:#fff}
h1{font-size:22px;margin:18px 0 4px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}
h3{font-size:15px;margin:18px 0 4px}p.states{margin:2px 0 6px;font-size:13px}p.states small{color:#555}h3 .state{font-weight:normal;color:#555;font-size:13px}
nav a{margin-right:12px}footer{margin-top:32px;color:#777;font-size:12px}
table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
thead th{background:#f3f3f3}table.kv th{background:#f7f7f7;width:170px}small{color:#666}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.error td{background:#fdecea}tr.warning td{background:#fff6dc}td.fail{color:#fff;background:#c62828}td.pass{color:#fff;background:#2e7d32}
.scroll{overflow-x:auto}.note,.legend{font-size:12px;color:#444}
svg{font:11px system-ui,"DejaVu Sans",sans-serif;display:block}
svg rect{fill:var(--c,#ccc)}svg line.edge{stroke:var(--c,#999);stroke-width:2}
.k{display:inline-block;width:14px;height:10px;margin:0 3px 0 8px;vertical-align:middle;border:1px solid #888;background:var(--c,#fff)}
.dl{--c:#6c8ebf}.rep{--c:#9673a6}.pre{--c:#d6b656}.ins{--c:#5f9e4f}.wait{--c:#b0b0b0}
.f-link{--c:#d62728}.f-site{--c:#8b0000}.f-net{--c:#ff7f0e}.f-other{--c:#7f7f7f}
.l-active{--c:#2e7d32}.l-degraded{--c:#f39c12}.l-failed{--c:#c62828}.l-being_configured{--c:#1f77b4}.l-none{--c:#999}
.m-online{--c:#2a9d8f}.scp-on{--c:#cfd8dc}.gap{--c:#f7f7f7}rect.gap{stroke:#777;stroke-dasharray:3 2}.k.gap{border-style:dashed}.scp-l{fill:#263238;font-size:10px}.m-offline{--c:#e76f51}.c-ok{--c:#2e7d32}.c-failed{--c:#c62828}.c-skipped{--c:#999}
rect.fault{fill-opacity:.16}.k.fault{opacity:.4}
rect.open{fill-opacity:.25;stroke:#555;stroke-dasharray:3 2}.k.open{background:#fff;border-style:dashed}
rect.range{fill-opacity:.5}rect.median{fill:#111}
.grid{stroke:#e6e6e6}.tick{text-anchor:middle;fill:#666;font-size:10px}
.rl{text-anchor:end;fill:#333}.rr{fill:#555}.rr.ok{fill:#2e7d32}.rr.bad{fill:#c62828}
.milestone{stroke:#333;stroke-dasharray:4 3}.ml{fill:#333;font-size:10px}
rect.node{stroke:#666;stroke-width:1}rect.node.added{stroke-dasharray:4 2;stroke-width:1.5}.k.added{border-style:dashed}rect.cas{fill:#dae8fc}rect.primary{fill:#d5e8d4}rect.secondary{fill:#fff2cc}
table.servicing td.ps{min-width:120px}td.ps summary{cursor:pointer}td.na{background:#fafafa}
td.st-complete{background:#e8f5e9}td.st-progress{background:#e3f2fd}td.st-attention,td.st-warning{background:#fff6dc}
td.st-failed{background:#fdecea}td.st-none{color:#999;background:#f5f5f5}
.st{font-weight:600}.st.st-complete{color:#2e7d32}.st.st-progress{color:#1565c0}.st.st-attention,.st.st-warning{color:#b26a00}
.st.st-failed{color:#c62828}.st.st-none{color:#999}ol.steps{margin:4px 0 0;padding-left:18px}ol.steps li{margin:1px 0}ol.steps small{white-space:nowrap}
rect.group{stroke-dasharray:4 2}.nl1{text-anchor:middle;font:bold 12px monospace}.nl2{text-anchor:middle;font:11px monospace;fill:#444}
)css";

std::string row(const std::vector<std::string>& cells, const std::string& tr_class = {}) {
  std::string out = tr_class.empty() ? "<tr>" : "<tr class=\"" + escape(tr_class) + "\">";
  for (const std::string& c : cells) out += "<td>" + c + "</td>";
  return out + "</tr>\n";
}

std::string header(const std::vector<std::string>& names) {
  std::string out = "<thead><tr>";
  for (const std::string& n : names) out += "<th>" + n + "</th>";
  return out + "</tr></thead>\n";
}

std::string kv(const std::string& key, const std::string& value_html) {
  return "<tr><th>" + key + "</th><td>" + value_html + "</td></tr>\n";
}

// "3 error, 1 warning": counts of a field's values, in key order.
template <class Items, class Fn>
std::string counts_by(const Items& items, Fn key) {
  std::map<std::string, std::size_t> counts;
  for (const auto& item : items) ++counts[key(item)];
  std::string out;
  for (const auto& [k, n] : counts) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + k;
  return out;
}

std::string with_counts(std::size_t total, const std::string& breakdown) {
  return std::to_string(total) + (breakdown.empty() ? "" : " (" + escape(breakdown) + ")");
}

// The status messages as the summary counts them: one pass over a timeline that may hold
// hundreds of thousands.
struct StatusDigest {
  std::size_t total = 0;
  std::string by_severity;  // "3 error, 1 warning"
};

StatusDigest status_digest(const Results& r) {
  StatusDigest d;
  std::map<std::string, std::size_t> counts;
  for_each_status_message(r, [&](const StatusMessage& m) {
    ++d.total;
    ++counts[to_string(m.severity)];
  });
  for (const auto& [k, n] : counts) d.by_severity += (d.by_severity.empty() ? "" : ", ") + std::to_string(n) + " " + k;
  return d;
}

// ---- summary ---------------------------------------------------------------------------

std::string expectations_summary(const Results& r) {
  std::size_t passed = 0;
  for (const ExpectationResult& e : r.expectations) passed += e.passed ? 1 : 0;
  if (r.expectations.empty()) return "none stated";
  return std::to_string(passed) + " passed, " + std::to_string(r.expectations.size() - passed) + " failed";
}

std::string run_table(const Results& r, const Scenario* scenario, const StatusDigest& status) {
  std::string engine = escape(r.engine.name + " " + r.engine.version);
  if (!r.engine.network_model.empty()) engine += ", network model " + escape(r.engine.network_model);
  engine += r.engine.crosstraffic ? ", cross-traffic on" : ", cross-traffic off";
  std::string out = "<table class=\"kv\">\n" + kv("Scenario", escape(r.scenario));
  if (scenario && !scenario->description.empty()) out += kv("Description", escape(scenario->description));
  out += kv("Seed", std::to_string(r.seed)) + kv("Start", escape(units::format_utc_iso(r.start_unix_s))) +
         kv("Duration", escape(html::short_duration(r.duration_s))) + kv("Engine", engine);
  out += kv("Sites", with_counts(r.sites.size(), counts_by(r.sites, [](const SiteResult& s) { return s.type; })));
  out += kv("Final versions", escape(counts_by(r.sites, [](const SiteResult& s) { return "on " + s.final_version; })));
  out += kv("Transfers", with_counts(r.transfers.size(), counts_by(r.transfers, [](const TransferRecord& t) {
                                       return to_string(t.outcome);
                                     })));
  out += kv("Status messages", with_counts(status.total, status.by_severity));
  out += kv("Fault windows",
            with_counts(r.faults.size(), counts_by(r.faults, [](const FaultView& f) { return to_string(f.kind); })));
  out += kv("DB link changes", std::to_string(r.db_links.size()));
  return out + kv("Expectations", expectations_summary(r)) + "</table>\n";
}

// A milestone and, under it, how long after the update became available it came.
std::string milestone_cell(const SimTime& t, const SimTime& available) {
  std::string out = sim_time(t);
  if (t && available && *t >= *available)
    out += "<br><small>" + escape(html::short_duration(*t - *available)) + " after available</small>";
  return out;
}

std::string updates_table(const Results& r) {
  if (r.updates.empty()) return "<p>No update became available during the run.</p>\n";
  std::string out = "<table>\n" +
                    header({"update", "available", "ready to install", "install started at top", "all primaries",
                            "all sites", "state at top"}) +
                    "<tbody>\n";
  for (const UpdateResult& u : r.updates) {
    const std::string name =
        escape(u.version) + (u.name.empty() || u.name == u.version ? "" : "<br><small>" + escape(u.name) + "</small>");
    out += row({name, sim_time(u.available_t_s), milestone_cell(u.ready_to_install_t_s, u.available_t_s),
                milestone_cell(u.install_started_t_s, u.available_t_s),
                milestone_cell(u.all_primaries_t_s, u.available_t_s), milestone_cell(u.all_sites_t_s, u.available_t_s),
                escape(to_string(u.state))});
  }
  return out + "</tbody></table>\n";
}

std::string summary_section(const Results& r, const Scenario* scenario, const StatusDigest& status) {
  return "<section id=\"summary\">\n<h2>Summary</h2>\n" + run_table(r, scenario, status) +
         "<h3>Updates</h3>\n<p class=\"note\">Times since the start of the run; \xE2\x80\x94 means it did "
         "not "
         "happen before the end.</p>\n" +
         updates_table(r) + "</section>\n";
}

// ---- tables ----------------------------------------------------------------------------

std::string shown_note(std::size_t shown, std::size_t total, const char* what, const char* where) {
  if (shown == total) return {};
  return "<p class=\"note\">Showing the first " + std::to_string(shown) + " of " + std::to_string(total) + " " + what +
         "; all are in " + where + ".</p>\n";
}

std::string faults_section(const Results& r) {
  std::string out = "<section id=\"faults\">\n<h2>Fault windows</h2>\n";
  if (r.faults.empty()) return out + "<p>No faults were injected.</p>\n</section>\n";
  const std::size_t shown = std::min(r.faults.size(), kHtmlFaultRowsShown);
  out += shown_note(shown, r.faults.size(), "fault windows", "report.json");
  out += "<table>\n" + header({"from", "to", "length", "kind", "target", "detail"}) + "<tbody>\n";
  for (std::size_t i = 0; i < shown; ++i) {
    const FaultView f = r.faults[i];
    const std::string length = f.end_t_s ? escape(html::short_duration(*f.end_t_s - f.t_s)) : "to the end";
    out += row(
        {sim_time(f.t_s), sim_time(f.end_t_s), length, escape(to_string(f.kind)), escape(f.target), escape(f.detail)});
  }
  return out + "</tbody></table>\n</section>\n";
}

std::string expectations_section(const Results& r) {
  std::string out = "<section id=\"expectations\">\n<h2>Expectations</h2>\n";
  if (r.expectations.empty()) return out + "<p>This scenario states no expectations.</p>\n</section>\n";
  out +=
      "<p>" + expectations_summary(r) + ".</p>\n<table>\n" + header({"id", "kind", "result", "detail"}) + "<tbody>\n";
  for (const ExpectationResult& e : r.expectations)
    out += "<tr><td>" + escape(e.id) + "</td><td>" + escape(e.kind) + "</td><td class=\"" +
           (e.passed ? "pass\">PASS" : "fail\">FAIL") + "</td><td>" + escape(e.detail) + "</td></tr>\n";
  return out + "</tbody></table>\n</section>\n";
}

// ---- page ------------------------------------------------------------------------------

// The CSP makes "no network" a property of the page, not just of how we wrote it: even a
// future edit that adds a link to a script or font would be blocked by the browser.
std::string page_head(const Results& r) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
         "'unsafe-inline'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"cmsim\">\n<title>cmsim report: " +
         escape(r.scenario) + "</title>\n<style>" + kCss + html::expansion_css() + html::links_css() +
         html::status_css() + "</style>\n</head>\n<body>\n";
}

std::string page_header(const Results& r) {
  return "<header>\n<h1>cmsim report: " + escape(r.scenario) +
         "</h1>\n<nav>"
         "<a href=\"#summary\">Summary</a><a href=\"#hierarchy\">Hierarchy</a><a href=\"#timelines\">Update "
         "timelines</a><a href=\"#servicing\">Servicing status</a><a href=\"#scp\">SCP mode</a><a "
         "href=\"#expansion\">Expansion</a><a href=\"#links\">Link utilization</a><a "
         "href=\"#components\">Component status</a><a href=\"#db-replication\">Database replication</a><a "
         "href=\"#faults\">Faults</a><a href=\"#status\">Status "
         "messages</a><a href=\"#expectations\">Expectations</a></nav>\n</header>\n";
}

}  // namespace

std::string report_html(const Results& results, const Scenario* scenario, const LinkUsage* usage) {
  std::string out = page_head(results) + page_header(results);
  const StatusDigest status = status_digest(results);
  out += summary_section(results, scenario, status);
  out += html::hierarchy_section(results);
  out += html::timelines_section(results);
  out += html::servicing_section(results);
  out += html::scp_section(results);
  out += html::expansion_section(results);
  out += html::links_section(results, usage);
  out += html::component_status_section(results);
  out += html::db_replication_section(results);
  out += faults_section(results);
  out += html::status_messages_section(results);
  out += expectations_section(results);
  out +=
      "<footer>Written by cmsim from the same results as report.json (cmsim-report/1). "
      "Self-contained: no scripts, no network.</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace cmsim::reports
