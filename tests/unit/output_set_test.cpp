// write_run_outputs: the output directory of `cmsim run` (docs/scenario.md §4) as a user finds it.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "models/version.hpp"
#include "reports/output_set.hpp"
#include "scratch_dir.hpp"
#include "tests/unit/raise_each.hpp"

namespace cmsim::reports {
namespace {

namespace fs = std::filesystem;

class OutputSet : public test::ScratchDirTest {
 protected:
  static std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

  static Results sample() {
    Results r;
    r.scenario = "tiny";
    r.seed = 3;
    r.start_unix_s = 1767571200;  // 2026-01-05T00:00:00Z
    r.engine.version = "3.32";
    r.sites = {{"CAS", "cas", "", "2403", "2403", {}}};
    r.transfers = {{"payload 2409", "internet", "CAS", "internet", 10, 1.0, 2.0, 1, TransferStatus::ok, ""}};
    raise_each<StatusMessage>(r, {{86400.0, "CAS", "SMS_HIERARCHY_MANAGER", 3306, Severity::info, "ok"}});
    r.logs = {sample_log()};
    return r;
  }

  static LogRecord sample_log() {
    LogRecord log;
    log.t_s = 90061.5;
    log.site = "CAS";
    log.file = "hman.log";
    log.component = "SMS_HIERARCHY_MANAGER";
    log.thread = 4116;
    log.text = "Sending status message (MessageID = 500).";
    return log;
  }
};

TEST_F(OutputSet, WritesEveryFileOfTheContract) {
  write_run_outputs(dir_, sample(), RunStats{1.5, 42, 1000});
  for (const char* name : {"report.json", "run.json", "sites.csv", "transfers.csv", "update_states.csv",
                           "servicing_status.csv", "status_messages.csv"})
    EXPECT_TRUE(fs::is_regular_file(dir_ / name)) << name;
  EXPECT_EQ(nlohmann::json::parse(read(dir_ / "report.json"))["format"], "cmsim-report/1");
  const auto run = nlohmann::json::parse(read(dir_ / "run.json"));
  EXPECT_EQ(run["cmsim_version"], kCmsimVersion);
  EXPECT_EQ(run["events"], 42);
  EXPECT_EQ(first_line(read(dir_ / "transfers.csv")).rfind("scenario,seed,what,", 0), 0u);
  EXPECT_EQ(read(dir_ / "logs" / "CAS" / "hman.log"),
            "Sending status message (MessageID = 500).  $$<SMS_HIERARCHY_MANAGER>"
            "<01-06-2026 01:01:01.500+000><thread=4116 (0x1014)>\n");
}

TEST_F(OutputSet, StartOptionOverridesTheResultsStart) {
  OutputOptions options;
  options.start_unix_s = 1767571200 + 86400;
  write_run_outputs(dir_, sample(), RunStats{}, options);
  EXPECT_NE(read(dir_ / "status_messages.csv").find("2026-01-07T00:00:00.000Z"), std::string::npos);
  EXPECT_NE(read(dir_ / "logs" / "CAS" / "hman.log").find("<01-07-2026 01:01:01.500+000>"), std::string::npos);
}

TEST_F(OutputSet, LogsOfAnEarlierRunAreNotLeftBehind) {
  Results first = sample();
  LogRecord at_p01 = sample_log();
  at_p01.site = "P01";
  first.logs.push_back(at_p01);
  write_run_outputs(dir_, first, RunStats{});
  ASSERT_TRUE(fs::exists(dir_ / "logs" / "P01" / "hman.log"));
  write_run_outputs(dir_, sample(), RunStats{});
  EXPECT_FALSE(fs::exists(dir_ / "logs" / "P01"));
  EXPECT_TRUE(fs::exists(dir_ / "logs" / "CAS" / "hman.log"));
}

TEST_F(OutputSet, SameResultsGiveIdenticalDeterministicFiles) {
  write_run_outputs(dir_ / "a", sample(), RunStats{1.0, 1, 1});
  write_run_outputs(dir_ / "b", sample(), RunStats{9.0, 9, 9});
  for (const char* name : {"report.json", "sites.csv", "transfers.csv", "update_states.csv", "servicing_status.csv",
                           "status_messages.csv", "logs/CAS/hman.log"})
    EXPECT_EQ(read(dir_ / "a" / name), read(dir_ / "b" / name)) << name;
}

TEST_F(OutputSet, ReplicationMonitorRecordsReachEveryOutput) {
  Results r = sample();
  r.replication.links = {{"CAS-P01", "P01"}};
  r.replication.thread = 1012;
  r.replication.changes = {{720.0, 0, ReplicationHealth::degraded}, {90000.0, 0, ReplicationHealth::active}};
  write_run_outputs(dir_, r, RunStats{});
  EXPECT_EQ(read(dir_ / "logs" / "P01" / "rcmctrl.log"),
            "WARNING: Replication link CAS-P01 is degraded  $$<SMS_REPLICATION_CONFIGURATION_MONITOR>"
            "<01-05-2026 00:12:00.000+000><thread=1012 (0x03F4)>\n"
            "INFO: Replication link CAS-P01 is active  $$<SMS_REPLICATION_CONFIGURATION_MONITOR>"
            "<01-06-2026 01:00:00.000+000><thread=1012 (0x03F4)>\n");
  const auto report = nlohmann::json::parse(read(dir_ / "report.json"));
  ASSERT_EQ(report["status_messages"].size(), 3u);
  EXPECT_EQ(report["status_messages"][0]["message_id"], 4620);
  EXPECT_EQ(report["status_messages"][1]["message_id"], 3306);  // raised by HMAN at 1 day
  EXPECT_EQ(report["status_messages"][2]["text"], "Replication link CAS-P01 is active");
  ASSERT_EQ(report["component_status"].size(), 2u);
  EXPECT_EQ(report["component_status"][0]["status"], "warning");
  const std::string csv = read(dir_ / "status_messages.csv");
  EXPECT_NE(csv.find(",P01,SMS_REPLICATION_CONFIGURATION_MONITOR,4620,warning,Replication link CAS-P01 is degraded\n"),
            std::string::npos)
      << csv;
}

}  // namespace
}  // namespace cmsim::reports
