// report.html's Monitoring views as an admin reads them: Component Status (end status, time
// out of OK, troubled ones first), Database Replication (the console's link states, time in
// each), and the status messages grouped by ID with a filter that needs no script.
#include <gtest/gtest.h>

#include <string>

#include "html_text.hpp"
#include "models/record_views.hpp"
#include "raise_each.hpp"
#include "report_html_sample.hpp"
#include "reports/report_html.hpp"
#include "reports/report_html_sections.hpp"

namespace cmsim::reports {
namespace {

using test::contains;
using test::count;

using test::sample_results;

// Where a row starts; npos when it is not on the page.
std::size_t row_at(const std::string& html, const std::string& first_cells) { return html.find(first_cells); }

std::size_t body_rows(const std::string& html) {
  const auto body = html.find("<tbody>");
  return body == std::string::npos ? 0 : count(html.substr(body), "<tr");
}

Results run_of(double duration_s) {
  Results r;
  r.start_unix_s = 1732492800;  // 2024-11-25T00:00:00Z
  r.duration_s = duration_s;
  return r;
}

// ---- Component Status ------------------------------------------------------------------

TEST(ReportHtmlStatus, ComponentStatusShowsEndStatusTimeOutOfOkAndLastChange) {
  Results r = run_of(10000);
  raise_each<ComponentStatusChange>(r, {{50, "P01", "SMS_EXECUTIVE", ComponentStatus::ok},
                                        {100, "CAS", "SMS_SENDER", ComponentStatus::warning},
                                        {400, "CAS", "SMS_SENDER", ComponentStatus::ok},
                                        {1000, "P01", "SMS_DMP_DOWNLOADER", ComponentStatus::critical},
                                        {1600, "P01", "SMS_DMP_DOWNLOADER", ComponentStatus::ok},
                                        {9000, "CAS", "SMS_SENDER", ComponentStatus::critical}});
  const std::string html = html::component_status_section(r);
  EXPECT_EQ(html.rfind("<section id=\"components\">\n<h2>Component Status</h2>", 0), 0u);
  EXPECT_TRUE(contains(html, "3 components on 2 sites at the end of the run: 1 critical, 0 warning, 2 OK."));
  // 300 s warning, then critical for the last 1000 s; three changes, the last at 9000 s.
  const std::size_t sender =
      row_at(html,
             "<tr class=\"error\"><td>Critical</td><td>CAS</td><td>SMS_SENDER</td><td>3</td><td>5m</td><td>16m "
             "40s</td><td>+2h 30m<br><small class=\"utc\">2024-11-25T02:30:00Z</small></td></tr>");
  const std::size_t downloader =
      row_at(html, "<tr><td>OK</td><td>P01</td><td>SMS_DMP_DOWNLOADER</td><td>2</td><td>\xE2\x80\x94</td><td>10m</td>");
  const std::size_t never_changed = row_at(html, "<tr><td>OK</td><td>P01</td><td>SMS_EXECUTIVE</td><td>0</td>");
  ASSERT_NE(sender, std::string::npos);
  ASSERT_NE(downloader, std::string::npos);
  ASSERT_NE(never_changed, std::string::npos);
  EXPECT_LT(sender, downloader);  // not OK at the end comes first
  EXPECT_LT(downloader, never_changed);
}

TEST(ReportHtmlStatus, ComponentStatusSaysSoWhenNothingChanged) {
  const std::string html = html::component_status_section(run_of(100));
  EXPECT_TRUE(contains(html, "No component changed status during the run."));
  EXPECT_FALSE(contains(html, "<table"));
}

// 500 components: 10 red at the end, 240 that recovered, 250 that never left OK.
Results many_components() {
  Results r = run_of(100000);
  const auto site = [](int i) { return "S" + std::to_string(1000 + i); };
  for (int i = 0; i < 500; ++i) {
    if (i < 10) {
      r.raised.raise(ComponentStatusChange{1.0 * i, site(i), "SMS_SENDER", ComponentStatus::critical});
    } else if (i < 250) {
      r.raised.raise(ComponentStatusChange{10.0 + i, site(i), "SMS_SENDER", ComponentStatus::warning});
      r.raised.raise(ComponentStatusChange{20.0 + 2 * i, site(i), "SMS_SENDER", ComponentStatus::ok});
    } else {
      r.raised.raise(ComponentStatusChange{5.0 + i, site(i), "SMS_SENDER", ComponentStatus::ok});
    }
  }
  return r;
}

TEST(ReportHtmlStatus, ComponentStatusOfThousandsShowsTheTroubledOnesAndSaysHowManyMore) {
  const std::string html = html::component_status_section(many_components());
  EXPECT_TRUE(contains(html, "500 components on 500 sites at the end of the run: 10 critical, 0 warning, 490 OK."));
  EXPECT_TRUE(contains(html, "Showing 200 of 500 components; 300 more are not shown here; all are in report.json"));
  EXPECT_EQ(body_rows(html), 200u);
  EXPECT_EQ(count(html, "<td>Critical</td>"), 10u);
  EXPECT_TRUE(contains(html, "<td>S1249</td>"));  // recovered after the longest warning: still shown
  for (int i = 250; i < 500; ++i) EXPECT_FALSE(contains(html, "<td>S" + std::to_string(1000 + i) + "</td>")) << i;
}

// ---- Database Replication ------------------------------------------------------------

TEST(ReportHtmlStatus, DbReplicationShowsConsoleLinkStatesAndTimeInEach) {
  // CAS-P02 degraded at +30d 2h for 10000 s, failed for the rest of the 90 days.
  const std::string html = html::db_replication_section(sample_results(2, 3));
  EXPECT_EQ(html.rfind("<section id=\"db-replication\">\n<h2>Database Replication</h2>", 0), 0u);
  EXPECT_TRUE(contains(html,
                       "5 links at the end of the run: 1 <i>Link has failed</i>, 4 <i>Link is active</i>. "
                       "1 went degraded or failed during the run."));
  const std::size_t failed = row_at(html,
                                    "<tr class=\"error\"><td>CAS-P02</td><td>Link has failed</td><td>2</td><td>2h "
                                    "46m</td><td>59d 19h</td><td>\xE2\x80\x94</td><td>+30d 2h<br>");
  const std::size_t configured = row_at(
      html,
      "<tr><td>CAS-P01</td><td>Link is active</td><td>2</td><td>\xE2\x80\x94</td><td>\xE2\x80\x94</td><td>10m</td>");
  const std::size_t quiet = row_at(html, "<tr><td>P01-S00</td><td>Link is active</td><td>0</td>");
  ASSERT_NE(failed, std::string::npos);
  ASSERT_NE(configured, std::string::npos);
  ASSERT_NE(quiet, std::string::npos);  // links without a change are listed too: active throughout
  EXPECT_LT(failed, configured);
  EXPECT_LT(configured, quiet);
  EXPECT_FALSE(contains(html, "being_configured"));  // report.json's spelling, not the console's
}

TEST(ReportHtmlStatus, DbReplicationOfThousandsOfLinksPutsTroubleFirstAndSaysHowManyMore) {
  const std::string html = html::db_replication_section(sample_results(24, 5975, 0));
  EXPECT_TRUE(contains(html, "Showing 200 of 5999 links; 5799 more are not shown here; all are in report.json"));
  EXPECT_EQ(body_rows(html), 200u);
  EXPECT_LT(row_at(html, "<td>CAS-P02</td><td>Link has failed</td>"), row_at(html, "<td>CAS-P01</td>"));
  Results quiet = sample_results(2, 3);
  quiet.db_links.clear();
  EXPECT_TRUE(contains(html::db_replication_section(quiet),
                       "5 links at the end of the run: 5 <i>Link is active</i>. None went degraded or failed"));
  EXPECT_EQ(html::db_replication_section(Results{}),
            "<section id=\"db-replication\">\n<h2>Database Replication</h2>\n<p>No database replication "
            "links.</p>\n</section>\n");
}

// ---- status messages -------------------------------------------------------------------

Results sender_trouble() {
  Results r = run_of(10000);
  raise_each<StatusMessage>(r, {{50, "CAS", "SMS_DMP_DOWNLOADER", 620, Severity::info, "Synced"},
                                {100, "P01", "SMS_SENDER", 4578, Severity::warning, "Sender could not send A"},
                                {200, "P02", "SMS_SENDER", 4578, Severity::warning, "Sender could not send B"},
                                {300, "P01", "SMS_SENDER", 4578, Severity::warning, "Sender could not send C"},
                                {400, "CAS", "SMS_DMP_UPLOADER", 9602, Severity::error, "Upload failed"}});
  return r;
}

TEST(ReportHtmlStatus, StatusMessagesOneRowPerIdWithCountsSitesAndTimes) {
  const std::string html = html::status_messages_section(sender_trouble());
  EXPECT_TRUE(contains(html, "5 (1 error, 1 info, 3 warning) messages. 3 message IDs."));
  const std::size_t error = row_at(html, "<td>9602</td><td>SMS_DMP_UPLOADER</td><td>error</td><td>1</td><td>1</td>");
  const std::size_t sender = row_at(html,
                                    "<td>4578</td><td>SMS_SENDER</td><td>warning</td><td>3</td><td>2</td><td>+1m "
                                    "40s<br><small class=\"utc\">2024-11-25T00:01:40Z</small></td><td>+5m<br>");
  const std::size_t info = row_at(html, "<td>620</td><td>SMS_DMP_DOWNLOADER</td><td>info</td><td>1</td>");
  ASSERT_NE(error, std::string::npos);
  ASSERT_NE(sender, std::string::npos);
  ASSERT_NE(info, std::string::npos);
  EXPECT_LT(error, sender);  // errors, then warnings, then information
  EXPECT_LT(sender, info);
  // The first message is the example; opened, the group lists all three.
  EXPECT_TRUE(contains(html, "<details><summary>Sender could not send A</summary>"));
  EXPECT_TRUE(contains(html,
                       "<tr class=\"warning m\"><td>+3m 20s</td><td>2024-11-25T00:03:20Z</td><td>P02</td><td>Sender "
                       "could not send B</td>"));
  EXPECT_EQ(count(html, "<tr class=\"warning m\">"), 3u);
  EXPECT_EQ(html::status_messages_section(run_of(1)),
            "<section id=\"status\">\n<h2>Status messages</h2>\n<p>No status messages.</p>\n</section>\n");
}

TEST(ReportHtmlStatus, StatusMessageGroupOpensOntoItsFirstTwentyAndTheLatest) {
  // 40 messages: 620 raised 32 times (as warning and info), 11488 eight times.
  const std::string html = html::status_messages_section(sample_results(2, 3, 40));
  EXPECT_TRUE(contains(html, "<td>620</td><td>SMS_DMP_DOWNLOADER</td><td>warning (16), info (16)</td><td>32</td>"));
  EXPECT_TRUE(contains(html, "The first 20 and the latest of 32 messages."));
  EXPECT_TRUE(contains(html, "<td>Message 24</td>"));   // the 20th of 620
  EXPECT_FALSE(contains(html, "<td>Message 26</td>"));  // the 21st is left out
  EXPECT_TRUE(contains(html, "<small>11 more messages</small>"));
  EXPECT_TRUE(contains(html, "<td>Message 39</td>"));  // the latest
}

TEST(ReportHtmlStatus, SeverityFilterIsRadiosAndCssWithoutScript) {
  const std::string page = report_html(sample_results(2, 3, 1234));
  const std::string html = html::status_messages_section(sample_results(2, 3, 1234));
  EXPECT_TRUE(contains(html, "<input type=\"radio\" name=\"sev\" id=\"sev-all\" checked>"));
  EXPECT_TRUE(contains(html, "<label for=\"sev-error\">error (247)</label>"));
  EXPECT_TRUE(contains(html, "<label for=\"sev-warning\">warning (494)</label>"));
  EXPECT_TRUE(contains(html, "<label for=\"sev-info\">info (493)</label>"));
  // The radios are siblings before the table, so `:checked ~ table` reaches its rows.
  const std::size_t radios = html.find("<div class=\"sev-filter\">");
  ASSERT_NE(radios, std::string::npos);
  EXPECT_LT(html.find("id=\"sev-info\""), html.find("<table class=\"groups\">"));
  // Each row says which filters show it: 620 was raised as warning and as info.
  EXPECT_TRUE(contains(html, "<tbody class=\"g has-warning has-info\">\n<tr class=\"warning\"><td>620</td>"));
  EXPECT_TRUE(contains(html, "<tbody class=\"g has-error\">\n<tr class=\"error\"><td>11488</td>"));
  for (const char* rule :
       {"#sev-error:checked~table tbody.g:not(.has-error)", "#sev-warning:checked~table tr.m:not(.warning)",
        "#sev-info:checked~table tbody.g:not(.has-info)"}) {
    EXPECT_TRUE(contains(html::status_css(), rule)) << rule;
    EXPECT_TRUE(contains(page, rule)) << rule;  // in the page's <style>
  }
  EXPECT_FALSE(contains(page, "<script"));
  EXPECT_FALSE(contains(page, " onclick"));
}

// ---- all three -------------------------------------------------------------------------

TEST(ReportHtmlStatus, HostileTextIsShownAsText) {
  Results r = run_of(1000);
  raise_each<StatusMessage>(
      r, {{10, "<b>X</b>", "<img src=x onerror=alert(1)>", 1, Severity::error, "<script>alert(2)</script> & \"q\""}});
  raise_each<ComponentStatusChange>(r, {{10, "<b>X</b>", "<script>c</script>", ComponentStatus::critical}});
  r.db_links = {{10, "<i onmouseover=alert(3)>", ReplicationLinkState::failed}};
  const std::string html =
      html::component_status_section(r) + html::db_replication_section(r) + html::status_messages_section(r);
  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_FALSE(contains(html, "<img"));
  EXPECT_FALSE(contains(html, "<b>"));
  EXPECT_FALSE(contains(html, "<i onmouseover"));
  EXPECT_TRUE(contains(html, "<summary>&lt;script&gt;alert(2)&lt;/script&gt; &amp; &quot;q&quot;</summary>"));
  EXPECT_TRUE(contains(html, "<td>&lt;b&gt;X&lt;/b&gt;</td><td>&lt;script&gt;c&lt;/script&gt;</td>"));
  EXPECT_TRUE(contains(html, "<td>&lt;i onmouseover=alert(3)&gt;</td><td>Link has failed</td>"));
}

TEST(ReportHtmlStatus, SameRecordsRaisedInAnotherSiteOrderGiveTheSameBytes) {
  // Components of different sites do not interact, so the order they were raised in must not show.
  Results a = run_of(5000), b = run_of(5000);
  const ComponentStatusChange p01{100, "P01", "SMS_SENDER", ComponentStatus::warning};
  const ComponentStatusChange p02{100, "P02", "SMS_SENDER", ComponentStatus::warning};
  const ComponentStatusChange cas{100, "CAS", "SMS_SENDER", ComponentStatus::warning};
  raise_each<ComponentStatusChange>(a, {p01, p02, cas});
  raise_each<ComponentStatusChange>(b, {cas, p02, p01});
  const StatusMessage m1{100, "P01", "SMS_SENDER", 4578, Severity::warning, "x"};
  const StatusMessage m2{100, "P02", "SMS_SENDER", 4579, Severity::warning, "y"};
  raise_each<StatusMessage>(a, {m1, m2});
  raise_each<StatusMessage>(b, {m2, m1});
  a.db_links = {{100, "CAS-P01", ReplicationLinkState::degraded}, {100, "CAS-P02", ReplicationLinkState::degraded}};
  b.db_links = {{100, "CAS-P02", ReplicationLinkState::degraded}, {100, "CAS-P01", ReplicationLinkState::degraded}};
  EXPECT_EQ(html::component_status_section(a), html::component_status_section(b));
  EXPECT_EQ(html::db_replication_section(a), html::db_replication_section(b));
  EXPECT_EQ(html::status_messages_section(a), html::status_messages_section(b));
  EXPECT_LT(html::component_status_section(a).find("<td>CAS</td>"),
            html::component_status_section(a).find("<td>P01</td>"));  // ties by site
  // Two IDs with the same severity and count: by ID, whatever came first.
  const std::string status_a = html::status_messages_section(a);
  EXPECT_LT(status_a.find("<td>4578</td>"), status_a.find("<td>4579</td>"));
  EXPECT_LT(html::status_messages_section(b).find("<td>4578</td>"),
            html::status_messages_section(b).find("<td>4579</td>"));
}

}  // namespace
}  // namespace cmsim::reports
