// report.json, run.json and the atomic writer: what a user or a downstream script reading
// the output directory would notice (docs/scenario.md §4, §4.1).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "reports/atomic_file.hpp"
#include "reports/report_json.hpp"
#include "reports/run_json.hpp"
#include "scratch_dir.hpp"
#include "tests/unit/raise_each.hpp"

namespace cmsim::reports {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

// One of every record, with both reached and never-reached times, so every key appears.
Results sample_results() {
  Results r;
  r.scenario = "contoso-today";
  r.seed = 7;
  r.start_unix_s = 1767571200;  // 2026-01-05T00:00:00Z
  r.duration_s = 10368000;
  r.engine.version = "3.32";
  r.engine.network_model = "LV08";
  r.sites = {{"CAS", "cas", "", "2403", "2409", {{"2409", 1296000.0}}}, {"P01", "primary", "CAS", "2403", "2403", {}}};
  UpdateSiteResult p01{"P01", 1310000.0, 1312000.0, std::nullopt, std::nullopt, UpdateState::failed, {}, {}};
  p01.phases = {{ServicingPhase::replication, 1215000.0, 1310000.0, PhaseStatus::complete, {}},
                {ServicingPhase::prerequisites_check,
                 1310000.0,
                 std::nullopt,
                 PhaseStatus::needs_attention,
                 {{"Checking SQL Server version", 1310000.0, 1310060.5, PhaseStatus::completed_with_warning},
                  {"Checking free disk space", 1310060.5, std::nullopt, PhaseStatus::in_progress}}}};
  r.updates = {{"2409",
                "Configuration Manager 2409",
                "3B5B1E2A-0000-4000-8000-000000000001",
                1209600.0,
                1215000.0,
                1301400.0,
                std::nullopt,
                std::nullopt,
                UpdateState::installed,
                {p01},
                {},
                PhaseRecord{ServicingPhase::download,
                            1209600.0,
                            1215000.0,
                            PhaseStatus::complete,
                            {{"Downloading update package", 1209600.0, 1215000.0, PhaseStatus::complete}}},
                "CAS"}};
  r.scp = {"CAS",
           {{0.0, "online", "online", "start"}},
           {{86400.0, "online", CheckOutcome::ok, "", "2409"}},
           {{0.0, "CAS", "CAS"}},
           {}};
  r.transfers = {
      {"payload 2409", "internet", "CAS", "internet", 1000000000, 1215000.0, 1215090.5, 1, TransferStatus::ok, ""}};
  raise_each<StatusMessage>(r, {{86400.0, "CAS", "SMS_SERVICE_CONNECTOR", 11488, Severity::error, "text"}});
  raise_each<ComponentStatusChange>(r, {{86400.0, "CAS", "SMS_SERVICE_CONNECTOR", ComponentStatus::critical}});
  r.db_links = {{1800.0, "CAS-P01", ReplicationLinkState::degraded}};
  r.faults = {{1800.0, 5400.0, FaultKind::link_down, "CAS-P01", ""},
              {7200.0, std::nullopt, FaultKind::internet_fault, "internet", "proxy_status 407"}};
  r.expectations = {{"all-on-2409", "site_version", true, "CAS on 2409"}};
  return r;
}

TEST(ReportJson, TopLevelKeysFollowTheContractOrder) {
  const Json j = report_to_json(sample_results());
  const std::vector<std::string> expected = {
      "format",   "scenario", "seed",       "start",        "duration_s",      "engine",
      "sites",    "updates",  "scp",        "transfers",    "status_messages", "component_status",
      "db_links", "faults",   "expansions", "expectations", "link_usage"};
  EXPECT_EQ(keys_of(j), expected);
  EXPECT_EQ(j["format"], "cmsim-report/1");
  EXPECT_EQ(j["scenario"], "contoso-today");
  EXPECT_EQ(j["seed"], 7u);
  EXPECT_EQ(j["duration_s"], 10368000.0);
}

TEST(ReportJson, RecordKeysFollowTheContractOrder) {
  const Json j = report_to_json(sample_results());
  using Keys = std::vector<std::string>;
  EXPECT_EQ(keys_of(j["engine"]), (Keys{"name", "version", "network_model", "crosstraffic"}));
  EXPECT_EQ(keys_of(j["sites"][0]),
            (Keys{"code", "type", "parent", "initial_version", "final_version", "versions", "added_t_s"}));
  EXPECT_EQ(keys_of(j["sites"][0]["versions"][0]), (Keys{"version", "installed_t_s"}));
  EXPECT_EQ(keys_of(j["updates"][0]), (Keys{"version", "name", "package_guid", "available_t_s", "ready_to_install_t_s",
                                            "install_started_t_s", "all_primaries_t_s", "all_sites_t_s", "state",
                                            "sites", "states", "download_phase", "downloaded_at", "critical_path"}));
  EXPECT_EQ(keys_of(j["updates"][0]["sites"][0]),
            (Keys{"site", "content_replicated_t_s", "prereq_done_t_s", "install_started_t_s", "installed_t_s", "state",
                  "states", "phases"}));
  EXPECT_EQ(keys_of(j["updates"][0]["download_phase"]), (Keys{"phase", "start_t_s", "end_t_s", "status", "steps"}));
  EXPECT_EQ(keys_of(j["updates"][0]["sites"][0]["phases"][1]),
            (Keys{"phase", "start_t_s", "end_t_s", "status", "steps"}));
  EXPECT_EQ(keys_of(j["updates"][0]["sites"][0]["phases"][1]["steps"][0]),
            (Keys{"name", "start_t_s", "end_t_s", "status"}));
  EXPECT_EQ(keys_of(j["scp"]), (Keys{"site", "modes", "checks", "placements", "tenant_secret_gaps"}));
  EXPECT_EQ(keys_of(j["scp"]["placements"][0]), (Keys{"t_s", "site", "server"}));
  EXPECT_EQ(keys_of(j["scp"]["modes"][0]), (Keys{"t_s", "configured", "effective", "cause"}));
  EXPECT_EQ(keys_of(j["scp"]["checks"][0]), (Keys{"t_s", "effective_mode", "outcome", "reason", "offered"}));
  EXPECT_EQ(keys_of(j["transfers"][0]),
            (Keys{"what", "from", "to", "link", "bytes", "start_t_s", "end_t_s", "attempts", "outcome", "reason"}));
  EXPECT_EQ(keys_of(j["status_messages"][0]), (Keys{"t_s", "site", "component", "message_id", "severity", "text"}));
  EXPECT_EQ(keys_of(j["component_status"][0]), (Keys{"t_s", "site", "component", "status"}));
  EXPECT_EQ(keys_of(j["db_links"][0]), (Keys{"t_s", "link", "state"}));
  EXPECT_EQ(keys_of(j["faults"][0]), (Keys{"t_s", "end_t_s", "kind", "target", "detail"}));
  EXPECT_EQ(keys_of(j["expectations"][0]), (Keys{"id", "kind", "passed", "detail"}));
}

TEST(ReportJson, FaultWindowsCarryTheirEndOrNull) {
  const Json j = report_to_json(sample_results());
  EXPECT_EQ(j["faults"][0]["end_t_s"], 5400.0);
  EXPECT_EQ(j["faults"][0]["target"], "CAS-P01");
  EXPECT_TRUE(j["faults"][1]["end_t_s"].is_null());  // lasted past the horizon
  EXPECT_EQ(j["faults"][1]["detail"], "proxy_status 407");
}

TEST(ReportJson, RecordValuesAreCarriedOver) {
  const Json j = report_to_json(sample_results());
  EXPECT_EQ(j["engine"]["name"], "SimGrid");
  EXPECT_EQ(j["engine"]["version"], "3.32");
  EXPECT_EQ(j["sites"][0]["versions"][0]["installed_t_s"], 1296000.0);
  EXPECT_EQ(j["updates"][0]["state"], "Installed");
  EXPECT_EQ(j["updates"][0]["sites"][0]["state"], "Failed");
  EXPECT_EQ(j["scp"]["checks"][0]["offered"], "2409");
  EXPECT_EQ(j["transfers"][0]["bytes"], 1000000000u);
  EXPECT_EQ(j["transfers"][0]["end_t_s"], 1215090.5);
  EXPECT_EQ(j["status_messages"][0]["message_id"], 11488);
  EXPECT_EQ(j["component_status"][0]["status"], "critical");
  EXPECT_EQ(j["db_links"][0]["state"], "degraded");
  EXPECT_EQ(j["expectations"][0]["passed"], true);
}

TEST(ReportJson, TimesNeverReachedAreNullAndReachedTimesAreNumbers) {
  const Json j = report_to_json(sample_results());
  const Json& update = j["updates"][0];
  EXPECT_TRUE(update["all_primaries_t_s"].is_null());
  EXPECT_TRUE(update["all_sites_t_s"].is_null());
  EXPECT_EQ(update["available_t_s"], 1209600.0);
  EXPECT_EQ(update["install_started_t_s"], 1301400.0);
  const Json& site = update["sites"][0];
  EXPECT_TRUE(site["install_started_t_s"].is_null());
  EXPECT_TRUE(site["installed_t_s"].is_null());
  EXPECT_EQ(site["prereq_done_t_s"], 1312000.0);
  EXPECT_NE(report_json_text(sample_results()).find("\"all_sites_t_s\": null"), std::string::npos);
}

TEST(ReportJson, ShowStatusPhasesAndStepsUseTheConsolesWordsInOrder) {
  const Json j = report_to_json(sample_results());
  const Json& update = j["updates"][0];
  EXPECT_EQ(update["downloaded_at"], "CAS");
  const Json& download = update["download_phase"];
  EXPECT_EQ(download["phase"], "Download");
  EXPECT_EQ(download["status"], "Complete");
  EXPECT_EQ(download["start_t_s"], 1209600.0);
  EXPECT_EQ(download["end_t_s"], 1215000.0);
  EXPECT_EQ(download["steps"][0]["name"], "Downloading update package");
  const Json& phases = update["sites"][0]["phases"];
  ASSERT_EQ(phases.size(), 2u);
  EXPECT_EQ(phases[0]["phase"], "Replication");
  EXPECT_EQ(phases[0]["status"], "Complete");
  EXPECT_TRUE(phases[0]["steps"].is_array() && phases[0]["steps"].empty());
  // Still going at the end of the run: no end, and the console's "needs attention" word.
  const Json& prereq = phases[1];
  EXPECT_EQ(prereq["phase"], "Prerequisites Check");
  EXPECT_TRUE(prereq["end_t_s"].is_null());
  EXPECT_EQ(prereq["status"], "In progress, needs attention");
  ASSERT_EQ(prereq["steps"].size(), 2u);
  EXPECT_EQ(prereq["steps"][0]["name"], "Checking SQL Server version");
  EXPECT_EQ(prereq["steps"][0]["end_t_s"], 1310060.5);
  EXPECT_EQ(prereq["steps"][0]["status"], "Completed with warning");
  EXPECT_EQ(prereq["steps"][1]["name"], "Checking free disk space");
  EXPECT_TRUE(prereq["steps"][1]["end_t_s"].is_null());
  EXPECT_EQ(prereq["steps"][1]["status"], "In progress");
  // The phases stay on their site's line: one record per line holds.
  EXPECT_NE(report_json_text(sample_results()).find("\"states\": [], \"phases\": [{\"phase\": \"Replication\""),
            std::string::npos);
}

TEST(ReportJson, UpdateWithoutPhasesHasNullDownloadAndEmptyPhases) {
  Results r = sample_results();
  r.updates[0].download.reset();
  r.updates[0].downloaded_at.clear();
  r.updates[0].sites[0].phases.clear();
  const Json update = report_to_json(r)["updates"][0];
  ASSERT_TRUE(update.contains("download_phase"));
  EXPECT_TRUE(update["download_phase"].is_null());
  EXPECT_TRUE(update["downloaded_at"].is_null());
  EXPECT_TRUE(update["sites"][0]["phases"].is_array());
  EXPECT_TRUE(update["sites"][0]["phases"].empty());
}

TEST(ReportJson, TopTierParentIsNullAndChildParentIsItsCode) {
  const Json j = report_to_json(sample_results());
  EXPECT_TRUE(j["sites"][0]["parent"].is_null());
  EXPECT_EQ(j["sites"][1]["parent"], "CAS");
}

TEST(ReportJson, HierarchyWithoutScpHasNullScpSite) {
  Results r = sample_results();
  EXPECT_EQ(report_to_json(r)["scp"]["site"], "CAS");
  r.scp = ScpResult{};
  const Json scp = report_to_json(r)["scp"];
  EXPECT_TRUE(scp["site"].is_null());
  EXPECT_TRUE(scp["modes"].is_array() && scp["modes"].empty());
  EXPECT_TRUE(scp["checks"].is_array() && scp["checks"].empty());
}

TEST(ReportJson, LinkUsageSummarisesEveryRoute) {
  Results r = sample_results();
  r.links = {{"CAS-P01", 1000.0, {}}};
  TransferRecord t;
  t.link = "CAS-P01";
  t.bytes = 900000;
  t.start_t_s = 0;
  t.end_t_s = 1000;
  r.transfers = {t};
  r.link_busy_threshold_percent = 50;
  const Json j = report_to_json(r);
  EXPECT_EQ(j["link_usage"]["threshold"], 0.5);
  const Json& link = j["link_usage"]["links"][0];
  EXPECT_EQ(link["link"], "CAS-P01");
  EXPECT_EQ(link["capacity_Bps"], 1000.0);
  EXPECT_EQ(link["peak_transfer_utilization"], 0.9);
}

TEST(ReportJson, EmptyRecordListsAreEmptyArraysNotNull) {
  const Json j = report_to_json(Results{});
  for (const char* key : {"sites", "updates", "transfers", "status_messages", "component_status", "db_links", "faults",
                          "expansions", "expectations"}) {
    EXPECT_TRUE(j[key].is_array()) << key;
    EXPECT_TRUE(j[key].empty()) << key;
  }
}

TEST(ReportJson, StartIsIsoUtc) {
  EXPECT_EQ(report_to_json(sample_results())["start"], "2026-01-05T00:00:00Z");
  Results epoch;
  EXPECT_EQ(report_to_json(epoch)["start"], "1970-01-01T00:00:00Z");
}

TEST(ReportJson, SameResultsGiveByteIdenticalText) {
  const std::string first = report_json_text(sample_results());
  EXPECT_EQ(first, report_json_text(sample_results()));
  Results other = sample_results();
  other.seed = 8;
  EXPECT_NE(first, report_json_text(other));
}

// One top-level key per line and one record per line: large reports stay readable and
// diffable (line-oriented tools can grep a site's records).
TEST(ReportJson, TextHasOneRecordPerLineAndEndsWithNewline) {
  const Results r = sample_results();
  const std::string text = report_json_text(r);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.rfind("{\n  \"format\": \"cmsim-report/1\",\n", 0), 0u);
  EXPECT_NE(text.find("\n    {\"code\": \"CAS\", \"type\": \"cas\""), std::string::npos);
  EXPECT_NE(text.find("\n    {\"code\": \"P01\""), std::string::npos);
  EXPECT_NE(text.find("\n  \"db_links\": [\n    {\"t_s\""), std::string::npos);
  EXPECT_TRUE(Json::accept(text));
}

TEST(ReportJson, WholeSecondTimesKeepTheirDecimalPointAndFractionsRoundTrip) {
  Results r = sample_results();
  r.db_links[0].t_s = 0.1 + 0.2;  // not exactly 0.3: the shortest round-trip form is needed
  const std::string text = report_json_text(r);
  EXPECT_NE(text.find("\"installed_t_s\": 1296000.0"), std::string::npos);
  EXPECT_EQ(Json::parse(text)["db_links"][0]["t_s"].get<double>(), 0.1 + 0.2);
}

TEST(ReportJson, InvalidUtf8InATextDoesNotLoseTheReport) {
  Results r = sample_results();
  r.raised = RaisedRecords{};
  r.raised.raise(StatusMessage{86400.0, "CAS", "SMS_SERVICE_CONNECTOR", 11488, Severity::error, "bad \xff byte"});
  std::string text;
  ASSERT_NO_THROW(text = report_json_text(r));
  const Json j = Json::parse(text);
  EXPECT_EQ(j["status_messages"][0]["text"], "bad \xef\xbf\xbd byte");  // U+FFFD
  EXPECT_EQ(j["status_messages"][0]["component"], "SMS_SERVICE_CONNECTOR");
}

TEST(ReportRunJson, CarriesWallClockFiguresInOrder) {
  RunStats stats;
  stats.wall_s = 1.5;
  stats.events = 123456;
  stats.peak_rss_bytes = 7340032;
  const std::string text = run_json_text(stats, "0.1.0", "3.32");
  EXPECT_EQ(text.back(), '\n');
  const Json j = Json::parse(text);
  EXPECT_EQ(keys_of(j), (std::vector<std::string>{"format", "wall_s", "events", "peak_rss_bytes", "cmsim_version",
                                                  "engine_version"}));
  EXPECT_EQ(j["format"], "cmsim-run/1");
  EXPECT_EQ(j["wall_s"], 1.5);
  EXPECT_EQ(j["events"], 123456u);
  EXPECT_EQ(j["peak_rss_bytes"], 7340032u);
  EXPECT_EQ(j["cmsim_version"], "0.1.0");
  EXPECT_EQ(j["engine_version"], "3.32");
}

TEST(ReportJson, ReportHasNoWallClockFigures) {
  const std::string text = report_json_text(sample_results());
  for (const char* key : {"wall_s", "peak_rss_bytes", "\"events\""})
    EXPECT_EQ(text.find(key), std::string::npos) << key;
}

// A private scratch directory per test, removed afterwards.
class AtomicFile : public test::ScratchDirTest {
 protected:
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(AtomicFile, WritesExactContent) {
  const std::string content = std::string("line one\n\0binary\n", 17) + std::string(1 << 20, 'x');
  write_file_atomically(dir_ / "report.json", content);
  EXPECT_EQ(read(dir_ / "report.json"), content);
}

TEST_F(AtomicFile, OverwritesAnExistingFileWithShorterContent) {
  write_file_atomically(dir_ / "run.json", "a much longer first version\n");
  write_file_atomically(dir_ / "run.json", "short\n");
  EXPECT_EQ(read(dir_ / "run.json"), "short\n");
}

TEST_F(AtomicFile, WritesEmptyContent) {
  write_file_atomically(dir_ / "empty.csv", "");
  EXPECT_TRUE(fs::exists(dir_ / "empty.csv"));
  EXPECT_EQ(fs::file_size(dir_ / "empty.csv"), 0u);
}

TEST_F(AtomicFile, LeavesNoTemporaryFilesBehind) {
  write_file_atomically(dir_ / "a.json", "1");
  write_file_atomically(dir_ / "a.json", "2");
  write_file_atomically(dir_ / "b.csv", "3");
  EXPECT_EQ(entries(), (std::vector<std::string>{"a.json", "b.csv"}));
}

TEST_F(AtomicFile, UnwritableDirectoryThrowsNamingThePath) {
  const fs::path target = "/proc/nonexistent/x";
  try {
    write_file_atomically(target, "data");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos) << e.what();
  }
}

TEST_F(AtomicFile, FailedReplaceRemovesTemporaryAndKeepsTarget) {
  // A directory cannot be replaced by a file: the temporary is written, rename() fails.
  const fs::path target = dir_ / "report.json";
  fs::create_directories(target / "inside");
  try {
    write_file_atomically(target, "data");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(entries(), (std::vector<std::string>{"report.json"}));
  EXPECT_TRUE(fs::is_directory(target / "inside"));
}

TEST_F(AtomicFile, StreamedWriterPublishesOnlyOnCommit) {
  write_file_atomically(dir_ / "report.json", "old\n");
  {
    AtomicFileWriter file(dir_ / "report.json");
    file.write("new ");
    file.write("content\n");
    EXPECT_EQ(read(dir_ / "report.json"), "old\n");  // a reader still sees the old report
    file.commit();
  }
  EXPECT_EQ(read(dir_ / "report.json"), "new content\n");
  EXPECT_EQ(entries(), (std::vector<std::string>{"report.json"}));
}

TEST_F(AtomicFile, StreamedWriterAbandonedByAnErrorKeepsTheOldFile) {
  write_file_atomically(dir_ / "report.json", "old\n");
  try {
    write_file_streamed(dir_ / "report.json", [](const TextDrain& drain) {
      drain("half a rep");
      throw std::runtime_error("writer failed");
    });
    FAIL() << "expected the writer's exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "writer failed");
  }
  EXPECT_EQ(read(dir_ / "report.json"), "old\n");
  EXPECT_EQ(entries(), (std::vector<std::string>{"report.json"}));
}

TEST_F(AtomicFile, InPlaceWriteFailureNamesTheFile) {
  const fs::path target = dir_ / "no-such-site" / "hman.log";
  try {
    write_file_in_place(target, "line\n");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos) << e.what();
  }
  write_file_in_place(dir_ / "hman.log", "line\n");
  EXPECT_EQ(read(dir_ / "hman.log"), "line\n");
}

TEST(ReportJsonStreaming, ChunksJoinToTheWholeReportAndStayBounded) {
  Results r = sample_results();
  for (int i = 0; i < 20000; ++i) r.db_links.push_back({double(i), "CAS-P01", ReplicationLinkState::degraded});
  std::string joined;
  std::size_t largest = 0, chunks = 0;
  write_report_json(r, [&](std::string_view chunk) {
    joined += chunk;
    largest = std::max(largest, chunk.size());
    ++chunks;
  });
  EXPECT_EQ(joined, report_json_text(r));
  EXPECT_GT(chunks, 1u);
  EXPECT_LT(largest, ChunkedText::kChunkBytes + 4096);
}

}  // namespace
}  // namespace cmsim::reports
