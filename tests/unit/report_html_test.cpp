// report.html as a reader would meet it (docs/scenario.md §4; docs/modelling.md §12.3.3): every section there,
// nothing from the network, hostile text shown as text, big hierarchies aggregated into a
// page that stays small, and the same bytes for the same results.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "html_text.hpp"
#include "models/scenario.hpp"
#include "report_html_sample.hpp"
#include "reports/html_svg.hpp"
#include "reports/report_html.hpp"

namespace cmsim::reports {
namespace {

using test::contains;
using test::count;
using test::section;

using test::sample_results;

TEST(ReportHtml, HasEverySectionOfTheSpec) {
  const std::string page = report_html(sample_results(2, 3));
  for (const char* id : {"summary", "hierarchy", "timelines", "servicing", "scp", "faults", "status", "expectations"})
    EXPECT_FALSE(section(page, id).empty()) << id;
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(contains(page, "</html>\n"));
  // hierarchy + one timeline per update that became available + SCP lanes
  EXPECT_EQ(count(page, "<svg "), 1u + 2u + 1u + 1u);                           // + the link utilization heat map
  EXPECT_TRUE(contains(section(page, "timelines"), "never became available"));  // 2509
  EXPECT_TRUE(contains(section(page, "expectations"), "FAIL"));
  EXPECT_TRUE(contains(section(page, "expectations"), "PASS"));
}

TEST(ReportHtml, SummaryGivesRunFactsAndTimesToMilestones) {
  Scenario scenario;
  scenario.description = "Two primaries & a <b>bold</b> plan";
  const std::string summary = section(report_html(sample_results(2, 3), &scenario), "summary");
  EXPECT_TRUE(contains(summary, "html-sample"));
  EXPECT_TRUE(contains(summary, "<td>11</td>"));  // seed
  EXPECT_TRUE(contains(summary, "2024-11-25T00:00:00Z"));
  EXPECT_TRUE(contains(summary, "<td>90d</td>"));
  EXPECT_TRUE(contains(summary, "SimGrid 3.32, network model LV08"));
  EXPECT_TRUE(contains(summary, "6 (1 cas, 2 primary, 3 secondary)"));
  EXPECT_TRUE(contains(summary, "Two primaries &amp; a &lt;b&gt;bold&lt;/b&gt; plan"));
  // 2409: available at +8d 2h 26m 40s, ready 400 s later, all primaries at +10d 11h 23m.
  EXPECT_TRUE(contains(summary, "+8d 2h<br><small>6m 40s after available</small>"));
  EXPECT_TRUE(contains(summary, "+10d 11h<br><small>2d 8h after available</small>"));
}

// A planner reads dates, not only offsets: each tick that starts a new UTC day names it.
TEST(ReportHtml, TimeAxesNameTheUtcDay) {
  const std::string page = report_html(sample_results(2, 3));
  const std::regex tick(
      R"(class="tick"[^>]*>\+\d+d \xC2\xB7 (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}<)");
  EXPECT_TRUE(std::regex_search(page, tick));
  EXPECT_NE(page.find(">0 \xC2\xB7 Nov 25<"), std::string::npos);  // the sample starts on 2024-11-25
}

TEST(ReportHtml, EachUpdateTellsItsConsoleStatesInOrder) {
  Results r = sample_results(2, 3);
  r.updates[0].states = {{700000.0, UpdateState::available_to_download},
                         {700400.0, UpdateState::ready_to_install},
                         {905000.0, UpdateState::installed}};
  const std::string page = report_html(r);
  const std::size_t line = page.find("<p class=\"states\">Console: Available to download");
  ASSERT_NE(line, std::string::npos);
  const std::size_t ready = page.find("Ready to install <small>", line);
  const std::size_t installed = page.find("Installed <small>", line);
  EXPECT_LT(ready, installed);
  EXPECT_LT(installed, page.find("</p>", line));
}

TEST(ReportHtml, MarkupInAnyTextIsEscaped) {
  Results r = sample_results(2, 3);
  r.scenario = "<script>alert('name')</script>";
  r.raised.raise(StatusMessage{1e7, "CAS", "<img src=x onerror=alert(2)>", 620, Severity::info,
                               "<script>alert(1)</script> & \"quoted\""});
  r.sites[1].final_version = "<svg onload=alert(3)>";
  r.faults[0].detail = "</title><script>x</script>";
  r.expectations[0].detail = "<iframe>";
  r.scp.checks[0].reason = "\" onmouseover=\"alert(4)";  // lands in a title attribute
  r.updates[0].sites[0].phases[0].steps.push_back(
      {"<script>alert(5)</script>", 700400.0, std::nullopt, PhaseStatus::in_progress});
  const std::string page = report_html(r);
  EXPECT_FALSE(contains(page, "<script"));
  EXPECT_FALSE(contains(page, "<img"));
  EXPECT_FALSE(contains(page, "<iframe"));
  EXPECT_FALSE(contains(page, "<svg onload"));
  EXPECT_FALSE(contains(page, "\" onmouseover"));
  EXPECT_TRUE(contains(page, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"));
  EXPECT_TRUE(contains(page, "<title>cmsim report: &lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;</title>"));
  EXPECT_TRUE(contains(section(page, "servicing"), "&lt;script&gt;alert(5)&lt;/script&gt;"));
}

TEST(ReportHtml, NeedsNothingFromTheNetworkAndRunsNoScript) {
  const std::string page = report_html(sample_results(2, 3));
  EXPECT_FALSE(contains(page, "<script"));
  EXPECT_FALSE(contains(page, "<link"));
  EXPECT_FALSE(contains(page, "src="));
  EXPECT_FALSE(contains(page, "url("));
  EXPECT_FALSE(contains(page, "@import"));
  // The only URL is the SVG namespace name, which is never fetched.
  const std::regex url(R"(https?://[^"]*)");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), url); it != std::sregex_iterator(); ++it)
    EXPECT_EQ(it->str(), "http://www.w3.org/2000/svg");
  EXPECT_TRUE(contains(page, "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""));
}

TEST(ReportHtml, SmallHierarchyDrawsOneBoxPerSiteAndOneRowPerSite) {
  const std::string page = report_html(sample_results(2, 3));
  const std::string hierarchy = section(page, "hierarchy");
  for (const char* code : {"CAS", "P01", "P02", "S00", "S01", "S02"})
    EXPECT_TRUE(contains(hierarchy, std::string(">") + code + "</text>")) << code;
  EXPECT_EQ(count(hierarchy, "class=\"node "), 6u);
  EXPECT_FALSE(contains(hierarchy, "secondaries"));
  // Edge colours come from the last DB link state: CAS-P02 ended failed.
  EXPECT_TRUE(contains(hierarchy, "class=\"edge l-failed\""));
  EXPECT_TRUE(contains(hierarchy, "<title>CAS-P02: failed</title>"));
  const std::string timelines = section(page, "timelines");
  EXPECT_TRUE(contains(timelines, ">P02 primary</text>"));
  EXPECT_TRUE(contains(timelines, "class=\"rr bad\""));  // P02's install failed
}

TEST(ReportHtml, SiteRowsFollowTheHierarchyNotTheUpdateOrder) {
  Results r = sample_results(2, 3);
  std::reverse(r.updates[0].sites.begin(), r.updates[0].sites.end());
  const std::string timelines = section(report_html(r), "timelines");
  const auto cas = timelines.find(">CAS</text>");
  const auto p01 = timelines.find(">P01 primary</text>");
  const auto s00 = timelines.find(">S00 secondary</text>");  // child of P01
  const auto p02 = timelines.find(">P02 primary</text>");
  ASSERT_NE(p02, std::string::npos);
  EXPECT_LT(cas, p01);
  EXPECT_LT(p01, s00);
  EXPECT_LT(s00, p02);
}

TEST(ReportHtml, MissingTimesGiveOpenBarsNotGarbage) {
  Results r = sample_results(2, 3);
  const std::string page = report_html(r);
  const std::string timelines = section(page, "timelines");
  // 2503 reached the CAS's content library but no prerequisite check finished.
  EXPECT_TRUE(contains(timelines, "class=\"ph pre open\""));
  EXPECT_TRUE(contains(timelines, "CAS prereq check: +57d 21h to not finished by the end of the run"));
  EXPECT_FALSE(contains(page, "nan"));
  EXPECT_FALSE(contains(page, "inf\""));
  // A page from a run that recorded nothing at all still renders.
  const std::string empty = report_html(Results{});
  EXPECT_TRUE(contains(empty, "No sites."));
  EXPECT_TRUE(contains(empty, "No update became available"));
  EXPECT_TRUE(contains(empty, "No service connection point"));
}

TEST(ReportHtml, FaultWindowsAreShadedOverTimelinesAndListed) {
  const std::string page = report_html(sample_results(2, 3));
  const std::string timelines = section(page, "timelines");
  EXPECT_TRUE(contains(timelines, "class=\"fault f-site\""));  // P01 down during 2409's rollout
  EXPECT_TRUE(contains(timelines, "site_down P01 (random): +10d 23h to +11d 8h"));
  EXPECT_TRUE(contains(section(page, "scp"), "class=\"fault f-net\""));  // the proxy fault
  EXPECT_FALSE(contains(section(page, "scp"), "f-link"));                // link faults are not the SCP's
  EXPECT_EQ(count(section(page, "faults"), "<tr><td>"), 4u);
}

// A remote SCP server's outage is what the SCP saw; another server's is not.
TEST(ReportHtml, TheScpPanelShadesItsOwnServersOutage) {
  Results r = sample_results(2, 3);
  r.faults.clear();
  r.scp.placements = {{0, "CAS", "CAS-SCP"}};
  r.faults.push_back({3600, SimTime(7200), FaultKind::site_down, "CAS-SCP", ""});
  r.faults.push_back({3600, SimTime(7200), FaultKind::site_down, "OTHER-SCP", ""});
  const std::string scp = section(report_html(r), "scp");
  EXPECT_EQ(count(scp, "class=\"fault f-site\""), 1u);
  EXPECT_TRUE(contains(scp, "site_down CAS-SCP"));
  EXPECT_FALSE(contains(scp, "OTHER-SCP"));
  EXPECT_TRUE(contains(scp, "On CAS-SCP, a remote server of CAS."));
}

// A fault shades the rows it touches, not the whole chart: P01's server down shades P01's row
// (one row high), and no other site's.
TEST(ReportHtml, AFaultShadesOnlyTheRowsItTouches) {
  const std::string timelines = section(report_html(sample_results(2, 3)), "timelines");
  const std::regex band(
      "<rect class=\"fault (f-site)\" x=\"[^\"]+\" y=\"([^\"]+)\" width=\"[^\"]+\" height=\"([^\"]+)\"");
  std::size_t bands = 0;
  for (auto it = std::sregex_iterator(timelines.begin(), timelines.end(), band); it != std::sregex_iterator(); ++it) {
    ++bands;
    EXPECT_EQ((*it)[3].str(), "20") << "a band as high as one row, not the chart: " << it->str();
  }
  EXPECT_GE(bands, 1u);
}

// A secondary's copy from its parent is its Show Status Replication phase; the tier rows count
// it there, and leave out a milestone the tier never goes through rather than read 0/N.
TEST(ReportHtml, TierRowsCountASecondarysReplicationPhaseAndSkipMilestonesItHasNot) {
  Results r = sample_results(2, 120);
  for (UpdateResult& u : r.updates)
    for (UpdateSiteResult& s : u.sites) {
      if (s.site.front() != 'S') continue;
      s.content_replicated_t_s.reset();
      s.prereq_done_t_s.reset();
      s.phases.clear();
      if (s.installed_t_s)
        s.phases.push_back({ServicingPhase::replication, 700400.0, *s.installed_t_s - 3600, PhaseStatus::complete, {}});
    }
  const std::string timelines = section(report_html(r), "timelines");
  EXPECT_TRUE(contains(timelines, "secondary: replicated")) << timelines.substr(0, 2000);
  EXPECT_FALSE(contains(timelines, ">0/120<"));
  EXPECT_FALSE(contains(timelines, "secondary: prereq done"));
}

TEST(ReportHtml, ScpLanesShowConfiguredAndEffectiveModes) {
  const std::string scp = section(report_html(sample_results(2, 3)), "scp");
  EXPECT_TRUE(contains(scp, "On CAS. 40 checks, 1 failed, 39 ok."));
  EXPECT_EQ(count(scp, "class=\"m-offline\""), 3u);  // configured twice, effective once
  EXPECT_TRUE(contains(scp, "effective offline from +41d (SMS_DMP_DOWNLOADER restart)"));
  EXPECT_TRUE(contains(scp, "class=\"c-failed\""));
}

TEST(ReportHtml, StatusMessagesAreGroupedByIdAndCountedOverall) {
  const std::string status = section(report_html(sample_results(2, 3, 1234)), "status");
  EXPECT_TRUE(contains(status, "1234 (247 error, 493 info, 494 warning) messages."));
  // 11488 and 620: one row each, not one per message; each opens onto 20 + the latest.
  EXPECT_EQ(count(status, "<tbody class=\"g has-"), 2u);
  EXPECT_EQ(count(status, "<details>"), 2u);
  EXPECT_EQ(count(status, " m\">"), 2u * 21u);
  EXPECT_FALSE(contains(status, "Showing the first 500"));
}

TEST(ReportHtml, SixThousandSitesAreAggregatedAndThePageStaysSmall) {
  const Results r = sample_results(24, 5975, 2000);
  const std::string page = report_html(r);
  EXPECT_LT(page.size(), 3u * 1024 * 1024);
  const std::string hierarchy = section(page, "hierarchy");
  EXPECT_TRUE(contains(hierarchy, "6000 sites. Each parent&#39;s sites without children"));
  EXPECT_EQ(count(hierarchy, "class=\"node "), 1u + 24u + 24u);  // CAS, primaries, one group each
  EXPECT_TRUE(contains(hierarchy, ">249 secondaries</text>"));
  EXPECT_FALSE(contains(hierarchy, ">S00</text>"));
  const std::string timelines = section(page, "timelines");
  EXPECT_TRUE(contains(timelines, ">secondary: installed</text>"));
  EXPECT_TRUE(contains(timelines, "secondary installed: 5121 of 5975 sites; min"));
  EXPECT_FALSE(contains(timelines, ">S00 secondary</text>"));
  EXPECT_LT(count(timelines, "<rect"), 200u);
}

TEST(ReportHtml, TooManyParentsFallBackToOneBoxPerTier) {
  Results r = sample_results(2, 3);
  for (std::size_t p = 0; p < 100; ++p) {  // 100 primaries with one secondary each
    const std::string code = "Q" + std::string(p < 10 ? "0" : "") + std::to_string(p);
    r.sites.push_back({code, "primary", "CAS", "2403", "2409", {}});
    r.sites.push_back({test::secondary_code(100 + p), "secondary", code, "2403", "2403", {}});
  }
  const std::string hierarchy = section(report_html(r), "hierarchy");
  EXPECT_TRUE(contains(hierarchy, "One box per site type"));
  EXPECT_EQ(count(hierarchy, "class=\"node "), 3u);
  EXPECT_TRUE(contains(hierarchy, ">102 primaries</text>"));
  EXPECT_TRUE(contains(hierarchy, ">103 secondaries</text>"));
}

// The row of one site in an update's Show Status table, and its cells in column order
// (Download, Replication, Prerequisites Check, Installation, Post Installation).
std::string servicing_row(const std::string& servicing, const std::string& update, const std::string& site) {
  const auto table = servicing.find("<h3>" + update);
  if (table == std::string::npos) return {};
  const auto begin = servicing.find("<tr><th>" + site, table);
  if (begin == std::string::npos || begin > servicing.find("</table>", table)) return {};
  return servicing.substr(begin, servicing.find("</tr>", begin) - begin);
}

std::vector<std::string> cells_of(const std::string& row) {
  std::vector<std::string> cells;
  for (auto at = row.find("<td"); at != std::string::npos;) {
    const auto next = row.find("<td", at + 3);
    cells.push_back(row.substr(at, next == std::string::npos ? std::string::npos : next - at));
    at = next;
  }
  return cells;
}

TEST(ReportHtml, ServicingStatusShowsEachSitesPhasesInTheConsolesWords) {
  const std::string servicing = section(report_html(sample_results(2, 3)), "servicing");
  ASSERT_TRUE(contains(servicing, "<h2>Updates and Servicing Status</h2>"));
  EXPECT_TRUE(contains(servicing,
                       "<thead><tr><th>site</th><th>Download</th><th>Replication</th><th>Prerequisites Check</th>"
                       "<th>Installation</th><th>Post Installation</th></tr></thead>"));
  // The top tier downloaded 2409: its Download cell, with the steps one click away.
  const std::vector<std::string> cas = cells_of(servicing_row(servicing, "2409", "CAS"));
  ASSERT_EQ(cas.size(), 5u);
  EXPECT_TRUE(contains(cas[0], "class=\"ps st-complete\""));
  EXPECT_TRUE(contains(cas[0], "Complete</span><br><small>+8d 2h \xE2\x86\x92 +8d 2h</small></summary>"));
  EXPECT_TRUE(contains(cas[0], "<li><span class=\"st st-complete\">Complete</span> Extracting update package"));
  EXPECT_TRUE(contains(cas[4], "Turning on Features"));
  // P02's database upgrade failed: Installation is red, the failed step says so, nothing after it.
  const std::vector<std::string> p02 = cells_of(servicing_row(servicing, "2409", "P02"));
  ASSERT_EQ(p02.size(), 5u);
  EXPECT_EQ(p02[0], "<td class=\"ps na\"></td>");  // only the top tier downloads
  EXPECT_TRUE(contains(p02[3], "class=\"ps st-failed\""));
  EXPECT_TRUE(contains(p02[3], "Failed</span><br><small>+9d 4h \xE2\x86\x92 +9d 5h</small>"));
  EXPECT_TRUE(contains(p02[3], "<span class=\"st st-failed\">Failed</span> Upgrade ConfigMgr database"));
  EXPECT_EQ(p02[4], "<td class=\"ps st-none\">\xE2\x80\x94</td>");
  const std::vector<std::string> p01 = cells_of(servicing_row(servicing, "2409", "P01"));
  ASSERT_EQ(p01.size(), 5u);
  EXPECT_TRUE(contains(p01[2], "class=\"ps st-warning\""));
  EXPECT_TRUE(contains(p01[2], ">Completed with warning</span>"));
  // A handful of secondaries keep a row each, after the primaries as the record lists them.
  EXPECT_LT(servicing.find("<tr><th>P02"), servicing.find("<tr><th>S00 <small>secondary</small>"));
  EXPECT_FALSE(contains(servicing, "secondaries:"));
}

TEST(ReportHtml, ServicingStatusShowsOpenPhasesAndUpdatesWithoutAny) {
  Results r = sample_results(2, 3);
  r.updates[0].sites[1].phases.clear();  // a real run before the simulator records phases
  const std::string servicing = section(report_html(r), "servicing");
  // 2503: the CAS's prerequisite check is still going and needs attention; so is one step.
  const std::vector<std::string> cas = cells_of(servicing_row(servicing, "2503", "CAS"));
  ASSERT_EQ(cas.size(), 5u);
  EXPECT_TRUE(contains(cas[2], "class=\"ps st-attention\""));
  EXPECT_TRUE(contains(cas[2], ">In progress, needs attention</span><br><small>+57d 21h \xE2\x86\x92 \xE2\x80\x94"));
  EXPECT_TRUE(contains(cas[2],
                       ">In progress</span> Checking SQL Server Service Broker <small>+57d 21h "
                       "\xE2\x86\x92 \xE2\x80\x94</small>"));
  EXPECT_EQ(cas[3], "<td class=\"ps st-none\">\xE2\x80\x94</td>");
  EXPECT_EQ(cells_of(servicing_row(servicing, "2409", "P01"))[1], "<td class=\"ps st-none\">\xE2\x80\x94</td>");
  // 2509 was never offered: said in a line, no empty table.
  EXPECT_TRUE(contains(servicing, "<h3>2509</h3>\n<p class=\"note\">No Show Status phase has started"));
  EXPECT_EQ(count(servicing, "<table class=\"servicing\">"), 2u);
  EXPECT_TRUE(contains(section(report_html(Results{}), "servicing"), "No update became available"));
}

TEST(ReportHtml, ServicingStatusCountsThousandsOfSecondariesByStatus) {
  const Results r = sample_results(24, 5975, 2000);
  const std::string servicing = section(report_html(r), "servicing");
  EXPECT_TRUE(contains(servicing, "<p class=\"note\">5975 secondaries: counted by status per phase"));
  EXPECT_FALSE(contains(servicing, "<tr><th>S00"));
  for (const char* code : {"CAS", "P01", "P02", "P24"})
    EXPECT_FALSE(servicing_row(servicing, "2409", code).empty()) << code;  // top tier and primaries keep rows
  EXPECT_TRUE(contains(cells_of(servicing_row(servicing, "2409", "P02"))[3], "class=\"ps st-failed\""));
  const std::vector<std::string> secondaries = cells_of(servicing_row(servicing, "2409", "5975 secondaries"));
  ASSERT_EQ(secondaries.size(), 5u);
  // No secondary ran it (the sample gives them no content replication): a dash, not "5975 not started".
  EXPECT_EQ(secondaries[1], "<td class=\"ps st-none\" title=\"no site ran this phase\">\xE2\x80\x94</td>");
  EXPECT_TRUE(contains(secondaries[3], "5121 <span class=\"st st-complete\">Complete</span><br>854 not started"));
  EXPECT_LT(servicing.size(), 200u * 1024);
}

TEST(HtmlHelpers, EscapeCoversMarkupQuotesAndControlCharacters) {
  EXPECT_EQ(html::escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(html::escape(std::string("a\x01"
                                     "b\tc",
                                     5)),
            "a\xEF\xBF\xBD"
            "b\tc");
  EXPECT_EQ(html::escape("caf\xC3\xA9"), "caf\xC3\xA9");  // UTF-8 passes through
}

TEST(HtmlHelpers, NumbersAndDurationsAreShortAndStable) {
  EXPECT_EQ(html::num(12.0), "12");
  EXPECT_EQ(html::num(12.25), "12.2");
  EXPECT_EQ(html::num(-0.01), "0");
  EXPECT_EQ(html::short_duration(0), "0s");
  EXPECT_EQ(html::short_duration(0.25), "0.2s");
  EXPECT_EQ(html::short_duration(45), "45s");
  EXPECT_EQ(html::short_duration(400), "6m 40s");
  EXPECT_EQ(html::short_duration(7200), "2h");
  EXPECT_EQ(html::short_duration(778022), "9d");
  EXPECT_EQ(html::short_duration(90 * 86400 + 5 * 3600 + 59), "90d 5h");
  EXPECT_EQ(html::sim_time(std::nullopt), "\xE2\x80\x94");
  EXPECT_EQ(html::sim_time(86400.0), "+1d");
}

}  // namespace
}  // namespace cmsim::reports
