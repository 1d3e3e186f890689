// sites.csv, transfers.csv, status_messages.csv (docs/scenario.md §4, docs/modelling.md §12.3.1): what a
// researcher loading them into pandas or R would rely on. The tables are read back with
// a small RFC 4180 reader so quoting is checked the way a consumer sees it.
#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/units.hpp"
#include "reports/csv_tables.hpp"
#include "tests/unit/raise_each.hpp"

namespace cmsim::reports {
namespace {

constexpr std::int64_t kStart = 1767571200;  // 2026-01-05T00:00:00Z

using Row = std::vector<std::string>;

// RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<Row> parse_csv(const std::string& text) {
  std::vector<Row> rows;
  Row row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
    } else {
      field.push_back(c);
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_TRUE(row.empty() && field.empty()) << "last row has no line end";
  return rows;
}

// Rows as maps from column name, so tests read like the researcher's df["column"].
std::vector<std::map<std::string, std::string>> records(const std::string& text) {
  const std::vector<Row> rows = parse_csv(text);
  std::vector<std::map<std::string, std::string>> out;
  if (rows.empty()) return out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    EXPECT_EQ(rows[r].size(), rows[0].size()) << "row " << r << " has a different field count";
    std::map<std::string, std::string> rec;
    for (std::size_t c = 0; c < rows[r].size() && c < rows[0].size(); ++c) rec[rows[0][c]] = rows[r][c];
    out.push_back(rec);
  }
  return out;
}

Row header_of(const std::string& text) { return parse_csv(text).at(0); }

Results sample_results() {
  Results r;
  r.scenario = "contoso, \"today\"";
  r.seed = 7;
  r.start_unix_s = kStart;
  r.sites = {{"CAS", "cas", "", "2403", "2409", {{"2409", 1296000.0}}, std::nullopt},
             {"P01", "primary", "CAS", "2403", "2409", {}, std::nullopt},
             {"S01", "secondary", "P01", "2403", "2403", {}, std::nullopt}};
  UpdateSiteResult cas{"CAS", 1215000.0, 1216000.25, 1301400.0, 1296000.0, UpdateState::installed, {}, {}};
  UpdateSiteResult p01{"P01", 90061.5, std::nullopt, std::nullopt, std::nullopt, UpdateState::failed, {}, {}};
  r.updates = {{"2409",
                "Configuration Manager 2409",
                "GUID",
                1209600.0,
                1215000.0,
                1301400.0,
                std::nullopt,
                std::nullopt,
                UpdateState::installed,
                {cas, p01},
                {},
                {},
                {}}};
  r.transfers = {
      {"payload 2409", "internet", "CAS", "internet", 1000000000, 1215000.0, 1215090.5, 2, TransferStatus::ok, ""}};
  raise_each<StatusMessage>(
      r, {{86400.0, "CAS", "SMS_SERVICE_CONNECTOR", 11488, Severity::error, "He said \"no\", twice\nthen left\r\n"}});
  return r;
}

TEST(CsvTables, SitesHeaderNamesEveryColumnWithUnits) {
  EXPECT_EQ(
      header_of(sites_csv(sample_results(), kStart)),
      (Row{"scenario", "seed", "site", "site_type", "parent", "tier", "initial_version", "final_version",
           "update_version", "content_replicated_t_s", "content_replicated_utc", "prereq_done_t_s", "prereq_done_utc",
           "install_started_t_s", "install_started_utc", "installed_t_s", "installed_utc", "state"}));
}

TEST(CsvTables, TransfersAndStatusMessagesHeaders) {
  EXPECT_EQ(header_of(transfers_csv(sample_results(), kStart)),
            (Row{"scenario", "seed", "what", "from", "to", "link", "bytes", "start_t_s", "start_utc", "end_t_s",
                 "end_utc", "duration_s", "attempts", "outcome", "reason"}));
  EXPECT_EQ(header_of(status_messages_csv(sample_results(), kStart)),
            (Row{"scenario", "seed", "t_s", "t_utc", "site", "component", "message_id", "severity", "text"}));
}

TEST(CsvTables, UpdateStatesListTheUpdatesTimelineThenEachSites) {
  Results r = sample_results();
  r.updates[0].states = {{1209600.0, UpdateState::available_to_download}, {1301400.0, UpdateState::installed}};
  r.updates[0].sites[0].states = {{1215000.0, UpdateState::waiting}, {1296000.0, UpdateState::installed}};
  const std::string text = update_states_csv(r, kStart);
  EXPECT_EQ(header_of(text), (Row{"scenario", "seed", "update_version", "site", "t_s", "t_utc", "state"}));
  const auto rows = records(text);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].at("site"), "") << "the update's own state comes first";
  EXPECT_EQ(rows[0].at("state"), "Available to download");
  EXPECT_EQ(rows[1].at("state"), "Installed");
  EXPECT_EQ(rows[2].at("site"), "CAS");
  EXPECT_EQ(rows[3].at("t_s"), "1296000");
  EXPECT_EQ(rows[3].at("update_version"), "2409");
}

// Show Status of the sample's 2409: downloaded at the CAS, installed there, and P01's
// prerequisite check still going at the end of the run.
Results with_phases() {
  Results r = sample_results();
  UpdateResult& u = r.updates[0];
  u.download = PhaseRecord{ServicingPhase::download,
                           1209600.0,
                           1215000.0,
                           PhaseStatus::complete,
                           {{"Downloading update package", 1209600.0, 1214000.0, PhaseStatus::complete},
                            {"Extracting update package", 1214000.0, 1215000.0, PhaseStatus::complete}}};
  u.downloaded_at = "CAS";
  u.sites[0].phases = {
      {ServicingPhase::installation,
       1290000.0,
       1296000.0,
       PhaseStatus::complete,
       {{"Install files", 1290000.0, 1296000.0, PhaseStatus::complete}}},
      {ServicingPhase::post_installation, 1296000.0, 1296100.0, PhaseStatus::completed_with_warning, {}}};
  u.sites[1].phases = {{ServicingPhase::prerequisites_check,
                        90061.5,
                        std::nullopt,
                        PhaseStatus::needs_attention,
                        {{"Checking disk space, again", 90061.5, std::nullopt, PhaseStatus::in_progress}}}};
  return r;
}

TEST(CsvTables, ServicingStatusListsEachPhaseThenItsStepsDownloadFirst) {
  const std::string text = servicing_status_csv(with_phases(), kStart);
  EXPECT_EQ(header_of(text), (Row{"scenario", "seed", "update_version", "site", "phase", "step", "start_t_s",
                                  "start_utc", "end_t_s", "end_utc", "status"}));
  const auto rows = records(text);
  ASSERT_EQ(rows.size(), 8u);
  const auto where = [](const std::map<std::string, std::string>& row) {
    return row.at("site") + "/" + row.at("phase") + "/" + row.at("step");
  };
  const std::vector<std::string> order = {"CAS/Download/",
                                          "CAS/Download/Downloading update package",
                                          "CAS/Download/Extracting update package",
                                          "CAS/Installation/",
                                          "CAS/Installation/Install files",
                                          "CAS/Post Installation/",
                                          "P01/Prerequisites Check/",
                                          "P01/Prerequisites Check/Checking disk space, again"};
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(where(rows[i]), order[i]) << i;
  EXPECT_EQ(rows[0].at("scenario"), "contoso, \"today\"");
  EXPECT_EQ(rows[0].at("seed"), "7");
  EXPECT_EQ(rows[0].at("update_version"), "2409");
  EXPECT_EQ(rows[0].at("start_t_s"), "1209600");
  EXPECT_EQ(rows[0].at("start_utc"), "2026-01-19T00:00:00.000Z");
  EXPECT_EQ(rows[0].at("end_t_s"), "1215000");
  EXPECT_EQ(rows[0].at("status"), "Complete");
  EXPECT_EQ(rows[5].at("status"), "Completed with warning");
  // Still going at the end of the run: both end columns empty, the console's word for it.
  EXPECT_EQ(rows[6].at("start_utc"), "2026-01-06T01:01:01.500Z");
  EXPECT_EQ(rows[6].at("end_t_s"), "");
  EXPECT_EQ(rows[6].at("end_utc"), "");
  EXPECT_EQ(rows[6].at("status"), "In progress, needs attention");
  EXPECT_EQ(rows[7].at("status"), "In progress");
  EXPECT_EQ(rows[7].at("end_t_s"), "");
  EXPECT_NE(text.find(",\"Checking disk space, again\",90061.5,"), std::string::npos);
}

TEST(CsvTables, ServicingStatusOfARunWithoutPhasesIsJustTheHeader) {
  EXPECT_EQ(servicing_status_csv(sample_results(), kStart),
            "scenario,seed,update_version,site,phase,step,start_t_s,start_utc,end_t_s,end_utc,status\n");
}

TEST(CsvTables, OneSiteRowPerSitePerUpdate) {
  const auto rows = records(sites_csv(sample_results(), kStart));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("site"), "CAS");
  EXPECT_EQ(rows[0].at("tier"), "0");
  EXPECT_EQ(rows[0].at("parent"), "");
  EXPECT_EQ(rows[0].at("update_version"), "2409");
  EXPECT_EQ(rows[0].at("prereq_done_t_s"), "1216000.25");
  EXPECT_EQ(rows[0].at("state"), "Installed");
  EXPECT_EQ(rows[1].at("tier"), "1");
  EXPECT_EQ(rows[2].at("site"), "S01");
  EXPECT_EQ(rows[2].at("tier"), "2");
  // The update never reached S01: the row is there, its times and state are missing.
  EXPECT_EQ(rows[2].at("update_version"), "2409");
  EXPECT_EQ(rows[2].at("content_replicated_t_s"), "");
  EXPECT_EQ(rows[2].at("state"), "");
  // Scenario and seed on every row, so sweep tables concatenate.
  EXPECT_EQ(rows[2].at("scenario"), "contoso, \"today\"");
  EXPECT_EQ(rows[2].at("seed"), "7");
}

TEST(CsvTables, TwoUpdatesGiveTwoRowsPerSite) {
  Results r = sample_results();
  r.updates.push_back(r.updates.front());
  r.updates.back().version = "2503";
  const auto rows = records(sites_csv(r, kStart));
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].at("site"), "CAS");
  EXPECT_EQ(rows[0].at("update_version"), "2409");
  EXPECT_EQ(rows[1].at("site"), "CAS");
  EXPECT_EQ(rows[1].at("update_version"), "2503");
}

TEST(CsvTables, NoUpdatesStillListsEverySite) {
  Results r = sample_results();
  r.updates.clear();
  const auto rows = records(sites_csv(r, kStart));
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("update_version"), "");
    EXPECT_EQ(row.at("installed_utc"), "");
    EXPECT_EQ(row.at("state"), "");
  }
  EXPECT_EQ(rows[1].at("final_version"), "2409");
}

TEST(CsvTables, BrokenParentChainLeavesTierEmpty) {
  Results r = sample_results();
  r.sites[1].parent = "NOPE";
  r.sites[0].parent = "CAS";  // a cycle
  const auto rows = records(sites_csv(r, kStart));
  EXPECT_EQ(rows[0].at("tier"), "");
  EXPECT_EQ(rows[1].at("tier"), "");
  EXPECT_EQ(rows[2].at("tier"), "");
}

TEST(CsvTables, NullTimesAreEmptyInBothColumns) {
  const auto rows = records(sites_csv(sample_results(), kStart));
  EXPECT_EQ(rows[1].at("prereq_done_t_s"), "");
  EXPECT_EQ(rows[1].at("prereq_done_utc"), "");
  EXPECT_EQ(rows[1].at("installed_t_s"), "");
  EXPECT_EQ(rows[1].at("installed_utc"), "");
  EXPECT_EQ(rows[1].at("state"), "Failed");
}

TEST(CsvTables, UtcColumnIsStartPlusSeconds) {
  const auto rows = records(sites_csv(sample_results(), kStart));
  EXPECT_EQ(rows[1].at("content_replicated_t_s"), "90061.5");
  EXPECT_EQ(rows[1].at("content_replicated_utc"), "2026-01-06T01:01:01.500Z");
  // Every (x_t_s, x_utc) pair of every table agrees.
  const std::vector<std::string> csvs = {sites_csv(sample_results(), kStart), transfers_csv(sample_results(), kStart),
                                         status_messages_csv(sample_results(), kStart)};
  int pairs = 0;
  for (const std::string& csv : csvs) {
    for (const auto& row : records(csv)) {
      for (const auto& [name, value] : row) {
        if (name.size() < 3 || name.compare(name.size() - 3, 3, "t_s") != 0) continue;
        const std::string stem = name.substr(0, name.size() - 3);
        const std::string utc_name = stem.empty() ? "t_utc" : stem + "utc";
        ASSERT_TRUE(row.count(utc_name)) << name;
        if (value.empty()) {
          EXPECT_EQ(row.at(utc_name), "");
        } else {
          EXPECT_EQ(row.at(utc_name), units::format_utc_iso_ms(static_cast<double>(kStart) + std::stod(value)));
          ++pairs;
        }
      }
    }
  }
  EXPECT_EQ(pairs, 5 + 2 + 1);  // sites, transfers, status messages
}

TEST(CsvTables, TextWithCommaQuoteAndNewlineIsQuotedAndRoundTrips) {
  const std::string csv = status_messages_csv(sample_results(), kStart);
  EXPECT_NE(csv.find("\"He said \"\"no\"\", twice\nthen left\r\n\""), std::string::npos) << csv;
  const auto rows = records(csv);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("text"), "He said \"no\", twice\nthen left\r\n");
  EXPECT_EQ(rows[0].at("message_id"), "11488");
  EXPECT_EQ(rows[0].at("t_utc"), "2026-01-06T00:00:00.000Z");
}

TEST(CsvTables, FieldQuotingFollowsRfc4180) {
  EXPECT_EQ(csv_field("plain text"), "plain text");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

TEST(CsvTables, NumbersUseShortestRoundTripForm) {
  EXPECT_EQ(csv_number(1296000.0), "1296000");
  EXPECT_EQ(csv_number(1215090.5), "1215090.5");
  EXPECT_EQ(csv_number(0.1), "0.1");
  EXPECT_EQ(csv_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(std::stod(csv_number(1.0 / 3.0)), 1.0 / 3.0);
  EXPECT_EQ(csv_number(std::numeric_limits<double>::quiet_NaN()), "");
}

TEST(CsvTables, TransferRowCarriesBytesAndDuration) {
  const auto rows = records(transfers_csv(sample_results(), kStart));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("bytes"), "1000000000");
  EXPECT_EQ(rows[0].at("start_t_s"), "1215000");
  EXPECT_EQ(rows[0].at("end_utc"), "2026-01-19T01:31:30.500Z");
  EXPECT_EQ(rows[0].at("duration_s"), "90.5");
  EXPECT_EQ(rows[0].at("attempts"), "2");
  EXPECT_EQ(rows[0].at("outcome"), "ok");
}

TEST(CsvTables, EmptyTablesAreJustTheHeader) {
  const Results empty;
  EXPECT_EQ(parse_csv(transfers_csv(empty, kStart)).size(), 1u);
  EXPECT_EQ(parse_csv(status_messages_csv(empty, kStart)).size(), 1u);
  EXPECT_EQ(parse_csv(sites_csv(empty, kStart)).size(), 1u);
  EXPECT_EQ(parse_csv(servicing_status_csv(empty, kStart)).size(), 1u);
}

}  // namespace
}  // namespace cmsim::reports
