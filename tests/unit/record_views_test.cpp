// The replication monitor's health changes are kept once and read as status messages,
// component status changes and rcmctrl.log lines: readers must see exactly what the
// console and the logs would show, merged in time order with everything else.
#include <gtest/gtest.h>

#include "models/expectations.hpp"
#include "models/record_views.hpp"
#include "models/replication_logs.hpp"
#include "reports/output_set.hpp"
#include "tests/unit/raise_each.hpp"

namespace cmsim {
namespace {

Results two_links() {
  Results r;
  r.replication.links = {{"CAS-P01", "P01"}, {"P01-S01", "S01"}};
  r.replication.thread = 1012;
  r.replication.changes = {{660.0, 1, ReplicationHealth::degraded},
                           {1380.0, 1, ReplicationHealth::failed},
                           {1380.0, 0, ReplicationHealth::degraded},
                           {3600.0, 1, ReplicationHealth::active}};
  raise_each<StatusMessage>(r, {{600.0, "CAS", "SMS_SENDER", 4578, Severity::warning, "sending failed"},
                                {1380.0, "CAS", "SMS_SERVICE_CONNECTOR", 11488, Severity::error, "no connection"}});
  raise_each<ComponentStatusChange>(r, {{1380.0, "CAS", "SMS_SERVICE_CONNECTOR", ComponentStatus::critical}});
  return r;
}

TEST(RecordViews, StatusMessagesMergeByTimeWithRaisedOnesFirstOnTies) {
  const std::vector<StatusMessage> all = all_status_messages(two_links());
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(status_message_count(two_links()), 6u);
  std::vector<std::pair<double, int>> seen;
  for (const StatusMessage& m : all) seen.emplace_back(m.t_s, m.message_id);
  EXPECT_EQ(seen, (std::vector<std::pair<double, int>>{
                      {600.0, 4578}, {660.0, 4620}, {1380.0, 11488}, {1380.0, 4621}, {1380.0, 4620}, {3600.0, 4622}}));
}

TEST(RecordViews, HealthChangesReadAsTheMonitorsStatusMessages) {
  const std::vector<StatusMessage> all = all_status_messages(two_links());
  EXPECT_EQ(all[1].site, "S01");
  EXPECT_EQ(all[1].component, "SMS_REPLICATION_CONFIGURATION_MONITOR");
  EXPECT_EQ(all[1].severity, Severity::warning);
  EXPECT_EQ(all[1].text, "Replication link P01-S01 is degraded");
  EXPECT_EQ(all[3].severity, Severity::error);
  EXPECT_EQ(all[3].text, "Replication link P01-S01 is failed");
  EXPECT_EQ(all[4].site, "P01");
  EXPECT_EQ(all[5].severity, Severity::info);
  EXPECT_EQ(all[5].text, "Replication link P01-S01 is active");
}

TEST(RecordViews, HealthChangesReadAsComponentStatus) {
  std::vector<std::string> seen;
  for (const ComponentStatusChange& c : all_component_status(two_links()))
    seen.push_back(c.site + " " + c.component + " " + to_string(c.status));
  EXPECT_EQ(seen,
            (std::vector<std::string>{
                "S01 SMS_REPLICATION_CONFIGURATION_MONITOR warning", "CAS SMS_SERVICE_CONNECTOR critical",
                "S01 SMS_REPLICATION_CONFIGURATION_MONITOR critical",
                "P01 SMS_REPLICATION_CONFIGURATION_MONITOR warning", "S01 SMS_REPLICATION_CONFIGURATION_MONITOR ok"}));
}

TEST(RecordViews, EachSitesRcmctrlLogHoldsItsChangesInTimeOrder) {
  std::vector<std::string> files;
  const Results results = two_links();
  ReplicationLogs monitor(results.replication);
  for (std::size_t f = 0; f < monitor.files(); ++f) {
    std::string lines = std::string(monitor.line(f, 0).site) + ":";
    for (std::size_t i = 0; i < monitor.lines(f); ++i) {
      const LogLine l = monitor.line(f, i);
      EXPECT_EQ(l.file, "rcmctrl.log");
      EXPECT_EQ(l.thread, 1012u);
      lines += " " + std::string(l.text);
    }
    files.push_back(lines);
  }
  EXPECT_EQ(files, (std::vector<std::string>{
                       "S01: WARNING: Replication link P01-S01 is degraded WARNING: Replication link P01-S01 is failed "
                       "INFO: Replication link P01-S01 is active",
                       "P01: WARNING: Replication link CAS-P01 is degraded"}));
}

TEST(RecordViews, ExpectationsSeeTheMonitorsRecords) {
  Expectation count;
  count.id = "failed-links";
  count.kind = ExpectationKind::status_message;
  count.message_id = 4621;
  count.site = "S01";
  count.min_count = 1;
  count.max_count = 1;
  Expectation worst;
  worst.id = "monitor";
  worst.kind = ExpectationKind::component_status;
  worst.component = "SMS_REPLICATION_CONFIGURATION_MONITOR";
  worst.status = ComponentStatus::critical;
  worst.at_s = 2000.0;
  Scenario scenario;
  scenario.expectations = {count, worst};
  const std::vector<ExpectationResult> results = evaluate_expectations(scenario, two_links());
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].passed) << results[0].detail;
  EXPECT_TRUE(results[1].passed) << results[1].detail;
  EXPECT_NE(results[1].detail.find("critical at S01"), std::string::npos) << results[1].detail;
}

}  // namespace
}  // namespace cmsim
