// report.html's Link utilization as a planner reads it: the busiest link on top of the heat
// map, the links that reached the threshold in a table with when, outages outlined,
// thousands of links folded into one row, hostile names shown as text.
#include <gtest/gtest.h>

#include <string>

#include "html_text.hpp"
#include "record_rows.hpp"
#include "reports/report_html.hpp"
#include "reports/report_html_sections.hpp"

namespace cmsim::reports {
namespace {

using test::contains;
using test::count;

using test::transfer_on;

// The over-threshold table, or its sentence.
std::string over_part(const std::string& section) {
  const auto at = section.find("<h3>Links over the threshold");
  return at == std::string::npos ? std::string() : section.substr(at);
}

// The first row label of the heat map.
std::string first_row(const std::string& section) {
  const std::string open = "<text class=\"rl\" ";
  const auto at = section.find(open);
  if (at == std::string::npos) return {};
  const auto from = section.find('>', at) + 1;
  return section.substr(from, section.find("</text>", from) - from);
}

// Four days (15-minute bins) over three 1000 B/s links: CAS-P01 lightly used, CAS-P02
// saturated from +2h for ten bins, CAS-P03 idle.
Results three_links() {
  Results r;
  r.duration_s = 4 * 86400;
  r.links = {{"CAS-P01", 1000.0, {}}, {"CAS-P02", 1000.0, {}}, {"CAS-P03", 1000.0, {}}};
  r.transfers = {transfer_on("CAS-P01", 45000, 0, 900), transfer_on("CAS-P02", 9000000, 7200, 16200)};
  return r;
}

TEST(ReportHtmlLinks, TheSaturatedLinkIsTheFirstRowAndInTheTableWithItsPeakTime) {
  const std::string s = html::links_section(three_links());
  EXPECT_EQ(first_row(s), "CAS-P02");
  const std::string table = over_part(s);
  ASSERT_TRUE(contains(table, "<td>CAS-P02</td>"));
  // 8 kbps, 9 MB, peak 100 % in the bin at +2h, 2h 30m over the threshold, the sending at 100 %.
  EXPECT_TRUE(contains(table,
                       "<td>CAS-P02</td><td>8kbps</td><td>9 MB</td><td>100%</td><td>+2h</td><td>2h 30m</td>"
                       "<td>100%</td>"))
      << table;
  EXPECT_FALSE(contains(table, "CAS-P01"));  // 5 %: under the threshold
  EXPECT_FALSE(contains(table, "CAS-P03"));  // idle
  EXPECT_TRUE(contains(s, "15 min bins; threshold 80%"));
}

TEST(ReportHtmlLinks, ASaturatedRunOfBinsIsOneRectInTheOverThresholdColour) {
  const std::string s = html::links_section(three_links());
  EXPECT_EQ(count(s, "<title>CAS-P02, "), 1u) << s;
  EXPECT_TRUE(contains(s, "class=\"lu4\"")) << s;
  EXPECT_TRUE(contains(s, "<title>CAS-P02, +2h to +4h 30m: 100%</title>")) << s;
  EXPECT_TRUE(contains(s, "<title>CAS-P01, +0s to +15m: 5%</title>")) << s;
}

TEST(ReportHtmlLinks, NoLinkAtTheThresholdSaysSo) {
  Results r = three_links();
  r.transfers.pop_back();
  const std::string table = over_part(html::links_section(r));
  EXPECT_TRUE(contains(table, "No link reached the 80% threshold")) << table;
  EXPECT_FALSE(contains(table, "<table"));
}

TEST(ReportHtmlLinks, TheThresholdIsTheScenarios) {
  Results r = three_links();
  r.link_busy_threshold_percent = 5;  // CAS-P01's 5 % now reaches it
  const std::string s = html::links_section(r);
  EXPECT_TRUE(contains(over_part(s), "<td>CAS-P01</td>"));
  EXPECT_TRUE(contains(s, "threshold 5%"));
}

// A sending runs near the link's rate, so listing every link that carried one would list
// them all: a link is listed for a bin at the threshold and counted for a sending that was.
TEST(ReportHtmlLinks, ABriefSaturatingSendingInALongBinIsCountedNotListed) {
  Results r;
  r.duration_s = 90 * 86400;  // 6-hour bins: a 4-minute sending at full rate is 1 % of one
  r.links = {{"CAS-P01", 1000.0, {}}};
  r.transfers = {transfer_on("CAS-P01", 240000, 86400, 86640)};
  const std::string table = over_part(html::links_section(r));
  EXPECT_FALSE(contains(table, "<td>CAS-P01</td>")) << table;
  EXPECT_TRUE(contains(table,
                       "0 of 1 links were at or over 80% in a 6 h bin; 1 reached it only during a single "
                       "sending"))
      << table;
}

// The business traffic (docs/modelling.md §5.4) counts in the utilization and the tooltip.
TEST(ReportHtmlLinks, BusinessTrafficCountsInTheHeatMap) {
  Results r;
  r.duration_s = 86400;         // 5-minute bins
  r.start_unix_s = 1732492800;  // a Monday
  r.links = {{"CAS-P01", 1000.0, {{0x7F, 8 * 60, 18 * 60, 0.9}}}};
  const std::string s = html::links_section(r);
  EXPECT_FALSE(contains(s, "no transfers")) << s;
  EXPECT_TRUE(contains(s, "business traffic")) << s;
  EXPECT_TRUE(contains(over_part(s), "<td>CAS-P01</td>")) << over_part(s);  // 90 % from 08:00 to 18:00
}

TEST(ReportHtmlLinks, DownAndDegradedBinsAreOutlined) {
  Results r = three_links();
  FaultRecord down;
  down.kind = FaultKind::link_down;
  down.target = "CAS-P03";
  down.t_s = 3600;
  down.end_t_s = 5400;
  FaultRecord degraded = down;
  degraded.kind = FaultKind::link_degrade;
  degraded.target = "CAS-P01";
  r.faults = {down, degraded};
  const std::string s = html::links_section(r);
  EXPECT_TRUE(contains(s, "class=\"ls ls-down\"")) << s;
  EXPECT_TRUE(contains(s, "<title>CAS-P03, +1h to +1h 30m: down</title>")) << s;
  EXPECT_TRUE(contains(s, "<title>CAS-P01, +1h to +1h 30m: degraded</title>")) << s;
  EXPECT_TRUE(contains(s, "<span class=\"k ls-down\"></span>"));  // the legend explains it
}

// 100 links, link i carrying i % of a bin: the 30 busiest get rows, one row holds the rest.
Results hundred_links() {
  Results r;
  r.duration_s = 86400;  // 5-minute bins
  for (int i = 0; i < 100; ++i) {
    const std::string name = "L" + std::to_string(i);
    r.links.push_back({name, 1000.0, {}});
    r.transfers.push_back(transfer_on("", static_cast<std::uint64_t>(i) * 3000, 600, 900));
    r.transfers.back().link = name;
  }
  return r;
}

TEST(ReportHtmlLinks, AHundredLinksAreTheTopThirtyAndOneOtherLinksRow) {
  const std::string s = html::links_section(hundred_links());
  EXPECT_EQ(count(s, "<text class=\"rl\""), 30u);
  EXPECT_EQ(count(s, "<text class=\"rl lu-agg\""), 1u);
  EXPECT_TRUE(contains(s, ">70 other links</text>")) << s;
  EXPECT_EQ(first_row(s), "L99");
  EXPECT_FALSE(contains(s, ">L69</text>"));  // the 31st busiest is in the aggregate row
  // The aggregate shows the busiest of the rest, named in its tooltip.
  EXPECT_TRUE(contains(s, "<title>70 other links, +10m to +15m: the busiest at 69% (L69)</title>")) << s;
  EXPECT_TRUE(contains(s, "The 30 busiest of 100 links have a row each"));
}

TEST(ReportHtmlLinks, TheOtherLinksRowCountsOutagesInsteadOfOutliningEveryBin) {
  Results r = hundred_links();
  FaultRecord down;
  down.kind = FaultKind::link_down;
  down.target = "L5";  // among the other links
  down.t_s = 600;
  down.end_t_s = 700;
  r.faults = {down};
  const std::string s = html::links_section(r);
  EXPECT_FALSE(contains(s, "ls-down\" x="));
  EXPECT_TRUE(contains(s, "the busiest at 69% (L69); 1 down, 0 degraded</title>")) << s;
}

TEST(ReportHtmlLinks, TheTableListsTheLongestOverTheThresholdFirst) {
  Results r;
  r.duration_s = 86400;  // 5-minute bins
  r.links = {{"SPIKE", 1000.0, {}}, {"LONG", 1000.0, {}}};
  r.transfers = {transfer_on("SPIKE", 300000, 0, 300), transfer_on("LONG", 810000, 0, 900)};  // 100 %; 90 % x3
  const std::string s = html::links_section(r);
  EXPECT_EQ(first_row(s), "SPIKE");  // the heat map: highest peak first
  const std::string table = over_part(s);
  EXPECT_LT(table.find("<td>LONG</td>"), table.find("<td>SPIKE</td>")) << table;
  EXPECT_TRUE(contains(table, "<td>15m</td>"));
  EXPECT_TRUE(contains(table, "2 of 2 links were at or over 80% in a 5 min bin")) << table;
}

TEST(ReportHtmlLinks, ThirtyOneLinksGetARowEach) {
  Results r = hundred_links();
  r.links.resize(31);
  r.transfers.resize(31);
  const std::string s = html::links_section(r);
  EXPECT_EQ(count(s, "<text class=\"rl\""), 31u);
  EXPECT_FALSE(contains(s, "other links"));
}

TEST(ReportHtmlLinks, HostileLinkNamesAreShownAsText) {
  Results r;
  r.duration_s = 86400;
  const std::string hostile = "<script>alert('x')</script>&\"";
  r.links = {{hostile, 1000.0, {}}};
  r.transfers = {transfer_on("", 900000, 0, 900)};
  r.transfers.back().link = hostile;
  const std::string s = html::links_section(r);
  EXPECT_FALSE(contains(s, "<script"));
  EXPECT_TRUE(contains(over_part(s), "<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</td>")) << s;
  EXPECT_TRUE(contains(s, "<title>&lt;script&gt;")) << s;
}

TEST(ReportHtmlLinks, NoTransfersGiveASentenceNotAnEmptyChart) {
  Results r = three_links();
  r.transfers.clear();
  const std::string s = html::links_section(r);
  EXPECT_TRUE(contains(s, "There were no transfers in this run")) << s;
  EXPECT_FALSE(contains(s, "<svg"));
  r.transfers = {transfer_on("CAS-P01", 1000, 0, 10, TransferStatus::failed)};
  EXPECT_TRUE(contains(html::links_section(r), "No transfer completed over a link"));
}

TEST(ReportHtmlLinks, ARouteOfUnknownCapacityShowsItsTrafficNotAUtilization) {
  Results r = three_links();
  r.transfers.push_back(transfer_on("proxy+internet", 5000000, 0, 100));
  const std::string s = html::links_section(r);
  EXPECT_TRUE(contains(s, "class=\"lu-na\"")) << s;
  EXPECT_TRUE(contains(s, "route of unknown capacity"));
  EXPECT_FALSE(contains(over_part(s), "proxy+internet"));
}

TEST(ReportHtmlLinks, IsOnThePageAndTheSameForTheSameRun) {
  const std::string page = report_html(three_links());
  EXPECT_TRUE(contains(page, "<section id=\"links\">\n<h2>Link utilization</h2>"));
  EXPECT_EQ(page, report_html(three_links()));
}

TEST(ReportHtmlLinks, ThousandsOfBusyLinksStaySmall) {
  Results r;
  r.duration_s = 90 * 86400;  // 360 bins of 6 h
  for (int i = 0; i < 6275; ++i) {
    const std::string name = "CAS-S" + std::to_string(i);
    r.links.push_back({name, 1e6, {}});
    for (int k = 0; k < 40; ++k) {
      r.transfers.push_back(transfer_on("", 1000000ull * static_cast<std::uint64_t>(1 + (i * 7 + k) % 97),
                                        (k * 9 + i % 5) * 21600.0, (k * 9 + i % 5) * 21600.0 + 3600));
      r.transfers.back().link = name;
    }
  }
  const std::string s = html::links_section(r);
  EXPECT_EQ(count(s, "<text class=\"rl"), 31u);
  EXPECT_LT(s.size(), 400000u);
}

}  // namespace
}  // namespace cmsim::reports
