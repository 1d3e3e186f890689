// Every kind of bad input a planner can write gets exit code 2 and a message that names the
// file, the JSON pointer and what was expected, with no output left behind.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

using Json = nlohmann::json;

Json valid_scenario() {
  return Json::parse(R"({
    "format": "cmsim-scenario/1", "name": "bad-input", "seed": 1,
    "start": "2024-11-25T00:00:00Z", "duration": "30d", "version": "2403",
    "sites": [
      {"code": "CAS", "type": "cas"},
      {"code": "P01", "type": "primary", "parent": "CAS"},
      {"code": "P02", "type": "primary", "parent": "CAS"},
      {"code": "S01", "type": "secondary", "parent": "P01"}
    ],
    "links": [{"between": ["P01", "S01"], "bandwidth": "4Mbps"}],
    "scp": {"site": "CAS", "mode": "online"},
    "events": [{"at": "2d", "do": "link_down", "link": "CAS-P01", "for": "6h"}],
    "expect": [{"id": "p01", "kind": "site_version", "site": "P01", "version": "2409", "by": "20d"}]
  })");
}

struct BadCase {
  const char* name;
  std::function<void(Json&)> mutate;
  const char* pointer;  // must appear in the message
};

const std::vector<BadCase>& bad_cases() {
  static const std::vector<BadCase> kCases{
      {"missing_format", [](Json& j) { j.erase("format"); }, "/format"},
      {"wrong_format", [](Json& j) { j["format"] = "cmsim-scenario/9"; }, "/format"},
      {"missing_name", [](Json& j) { j.erase("name"); }, "/name"},
      {"name_with_slash", [](Json& j) { j["name"] = "../escape"; }, "/name"},
      {"missing_duration", [](Json& j) { j.erase("duration"); }, "/duration"},
      {"negative_duration", [](Json& j) { j["duration"] = "-5d"; }, "/duration"},
      {"zero_duration", [](Json& j) { j["duration"] = "0s"; }, "/duration"},
      {"misspelt_duration_unit", [](Json& j) { j["duration"] = "30dd"; }, "/duration"},
      {"overflowing_duration", [](Json& j) { j["duration"] = "99999999999999999999d"; }, "/duration"},
      {"duration_as_number", [](Json& j) { j["duration"] = 30; }, "/duration"},
      {"bad_start", [](Json& j) { j["start"] = "2024-02-30T00:00:00Z"; }, "/start"},
      {"unknown_version", [](Json& j) { j["version"] = "2404"; }, "/version"},
      {"malformed_version", [](Json& j) { j["version"] = "24.03"; }, "/version"},
      {"negative_seed", [](Json& j) { j["seed"] = -1; }, "/seed"},
      {"unknown_top_key", [](Json& j) { j["sitez"] = Json::array(); }, "/sitez"},
      {"empty_sites", [](Json& j) { j["sites"] = Json::array(); }, "/sites"},
      {"bad_site_code", [](Json& j) { j["sites"][1]["code"] = "P1"; }, "/sites/1/code"},
      {"lowercase_site_code", [](Json& j) { j["sites"][1]["code"] = "p01"; }, "/sites/1/code"},
      {"reserved_site_code", [](Json& j) { j["sites"][2]["code"] = "CON"; }, "/sites/2/code"},
      {"duplicate_site_code", [](Json& j) { j["sites"][2]["code"] = "P01"; }, "/sites/2/code"},
      {"unknown_site_type", [](Json& j) { j["sites"][1]["type"] = "tertiary"; }, "/sites/1/type"},
      {"unknown_parent", [](Json& j) { j["sites"][3]["parent"] = "P09"; }, "/sites/3/parent"},
      {"two_cas",
       [](Json& j) {
         j["sites"].push_back({{"code", "CA2"}, {"type", "cas"}});
       },
       "/sites/4/type"},
      {"cas_with_parent", [](Json& j) { j["sites"][0]["parent"] = "P01"; }, "/sites/0/parent"},
      {"secondary_under_cas", [](Json& j) { j["sites"][3]["parent"] = "CAS"; }, "/sites/3/parent"},
      {"secondary_under_secondary",
       [](Json& j) {
         j["sites"].push_back({{"code", "S02"}, {"type", "secondary"}, {"parent", "S01"}});
       },
       "/sites/4/parent"},
      {"secondary_without_parent", [](Json& j) { j["sites"][3].erase("parent"); }, "/sites/3/parent"},
      {"primary_without_cas_parent", [](Json& j) { j["sites"][2].erase("parent"); }, "/sites/2/parent"},
      {"two_primaries_without_cas",
       [](Json& j) {
         j["sites"] = Json::parse(R"([{"code":"P01","type":"primary"},{"code":"P02","type":"primary"}])");
         j.erase("links");
         j.erase("scp");
         j.erase("events");
         j.erase("expect");
       },
       "/sites"},
      {"too_many_primaries",
       [](Json& j) {
         for (int i = 3; i <= 26; ++i) {
           char code[4];
           std::snprintf(code, sizeof code, "Q%02d", i);
           j["sites"].push_back({{"code", code}, {"type", "primary"}, {"parent", "CAS"}});
         }
       },
       "/sites/0"},
      {"too_many_secondaries",
       [](Json& j) {
         for (int i = 0; i < 251; ++i) {
           char code[4];
           std::snprintf(code, sizeof code, "T%02X", i);
           j["sites"].push_back({{"code", code}, {"type", "secondary"}, {"parent", "P02"}});
         }
       },
       "/sites/2"},
      {"secondary_service_window",
       [](Json& j) { j["sites"][3]["service_windows"] = Json::parse(R"([{"days":"Sat","from":"22:00","hours":6}])"); },
       "/sites/3/service_windows"},
      {"service_window_bad_day",
       [](Json& j) {
         j["sites"][1]["service_windows"] = Json::parse(R"([{"days":"Funday","from":"22:00","hours":6}])");
       },
       "/sites/1/service_windows/0/days"},
      {"link_not_parent_child",
       [](Json& j) {
         j["links"][0]["between"] = {"P02", "S01"};
       },
       "/links/0/between"},
      {"link_bad_bandwidth", [](Json& j) { j["links"][0]["bandwidth"] = "4 Mbits"; }, "/links/0/bandwidth"},
      {"link_lowercase_rate_unit", [](Json& j) { j["links"][0]["bandwidth"] = "4mbps"; }, "/links/0/bandwidth"},
      {"pulse_block_too_big",
       [](Json& j) {
         j["links"][0]["rate_limit"] = {{"mode", "pulse"}, {"block", "1MB"}, {"delay", "5s"}};
       },
       "/links/0/rate_limit/block"},
      {"hourly_percent_wrong_length",
       [](Json& j) {
         j["links"][0]["rate_limit"] = {{"mode", "hourly"}, {"percent", {50, 50}}};
       },
       "/links/0/rate_limit/percent"},
      {"schedule_unknown_priority",
       [](Json& j) {
         j["links"][0]["schedule"] =
             Json::parse(R"([{"days":"Mon-Fri","from":"08:00","to":"18:00","priority":"urgent"}])");
       },
       "/links/0/schedule/0/priority"},
      {"background_percent_above_95",
       [](Json& j) { j["links"][0]["background"] = Json::parse(R"([{"days":"Mon-Fri","percent":99}])"); },
       "/links/0/background/0/percent"},
      {"background_ends_before_it_starts",
       [](Json& j) { j["links"][0]["background"] = Json::parse(R"([{"from":"18:00","to":"08:00","percent":50}])"); },
       "/links/0/background/0/to"},
      {"sender_per_site_above_total",
       [](Json& j) {
         j["link_defaults"] = {{"sender", {{"max_concurrent", 2}, {"per_site", 3}}}};
       },
       "/link_defaults/sender/per_site"},
      {"scp_not_top_tier", [](Json& j) { j["scp"]["site"] = "P01"; }, "/scp/site"},
      {"scp_intune_offline",
       [](Json& j) {
         j["scp"]["mode"] = "offline";
         j["scp"]["intune"] = true;
       },
       "/scp/mode"},
      {"scp_unknown_mode", [](Json& j) { j["scp"]["mode"] = "sometimes"; }, "/scp/mode"},
      {"scp_remote_access_typo",
       [](Json& j) {
         j["scp"]["server"] = "remote";
         j["scp"]["remote_access"] = "admin";
       },
       "/scp/remote_access"},
      {"internet_bad_cert",
       [](Json& j) {
         j["internet"] = {{"root_certs", {{"baltimore", "gone"}}}};
       },
       "/internet/root_certs/baltimore"},
      {"release_bad_size",
       [](Json& j) {
         j["releases"] = {{"catalog", "builtin"},
                          {"add", {{{"version", "2611"}, {"available", "5d"}, {"payload", "1.2XB"}}}}};
       },
       "/releases/add/0/payload"},
      {"event_unknown_verb", [](Json& j) { j["events"][0]["do"] = "reboot_everything"; }, "/events/0/do"},
      {"event_unknown_link", [](Json& j) { j["events"][0]["link"] = "CAS-P09"; }, "/events/0/link"},
      {"event_after_horizon", [](Json& j) { j["events"][0]["at"] = "45d"; }, "/events/0/at"},
      {"event_before_start", [](Json& j) { j["events"][0]["at"] = "2024-11-01T00:00:00Z"; }, "/events/0/at"},
      {"event_missing_site",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "site_down"}, {"for", "1h"}});
       },
       "/events/1/site"},
      {"event_unknown_site",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "site_down"}, {"site", "X99"}, {"for", "1h"}});
       },
       "/events/1/site"},
      {"event_upgrade_primary",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "upgrade_secondary"}, {"site", "P01"}});
       },
       "/events/1/site"},
      {"event_key_of_other_verb", [](Json& j) { j["events"][0]["mode"] = "offline"; }, "/events/0/mode"},
      {"internet_fault_missing_status",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "internet_fault"}, {"kind", "proxy_status"}});
       },
       "/events/1/status"},
      {"random_fault_missing_mttr",
       [](Json& j) {
         j["faults"] = {{"random", {{{"target", "links"}, {"mtbf", "30d"}}}}};
       },
       "/faults/random/0/mttr"},
      {"expect_duplicate_id", [](Json& j) { j["expect"].push_back(j["expect"][0]); }, "/expect/1/id"},
      {"expect_unknown_kind", [](Json& j) { j["expect"][0]["kind"] = "vibes"; }, "/expect/0/kind"},
      {"expect_unknown_state",
       [](Json& j) {
         j["expect"].push_back({{"id", "s"}, {"kind", "update_state"}, {"version", "2409"}, {"state", "Done"}});
       },
       "/expect/1/state"},
      {"secondary_prerequisites", [](Json& j) { j["sites"][3]["prerequisites"] = "warning"; },
       "/sites/3/prerequisites"},
      {"unknown_prerequisites_outcome", [](Json& j) { j["sites"][1]["prerequisites"] = "meh"; },
       "/sites/1/prerequisites"},
      {"absurd_random_fault_volume",
       [](Json& j) {
         j["faults"] = {{"random", {{{"target", "links"}, {"mtbf", "1s"}, {"mttr", "1s"}}}}};
       },
       "/faults/random/0/mtbf"},
      {"check_interval_too_short", [](Json& j) { j["scp"]["check_interval"] = "1s"; }, "/scp/check_interval"},
      {"sender_object_too_small",
       [](Json& j) {
         j["model"] = {{"sender_object_size", "1KB"}};
       },
       "/model/sender_object_size"},
      {"backup_at_secondary",
       [](Json& j) {
         j["maintenance"] = {{"backup", {{"site", "S01"}}}};
       },
       "/maintenance/backup/site"},
      {"restart_of_a_misspelt_component",
       [](Json& j) {
         j["events"].push_back(
             {{"at", "1d"}, {"do", "restart_component"}, {"site", "CAS"}, {"component", "SMS_DMP_DOWNLOADR"}});
       },
       "/events/1/component"},
      {"restart_on_an_unknown_server",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "restart_service"}, {"site", "CAS"}, {"server", "moon"}});
       },
       "/events/1/server"},
      {"expectation_on_a_misspelt_component",
       [](Json& j) {
         j["expect"].push_back({{"id", "banana"},
                                {"kind", "component_status"},
                                {"component", "SMS_BANANA"},
                                {"status", "ok"},
                                {"at", "1d"}});
       },
       "/expect/1/component"},
      {"install_scp_on_a_secondary",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "install_scp"}, {"site", "S01"}});
       },
       "/events/1/site"},
      {"scp_computer_on_the_site_server", [](Json& j) { j["scp"]["computer"] = "CMSCP01"; }, "/scp/computer"},
      {"scp_computer_name_too_long",
       [](Json& j) {
         j["events"].push_back(
             {{"at", "1d"}, {"do", "move_scp"}, {"server", "remote"}, {"computer", "SCP-SERVER-NUMBER-2"}});
       },
       "/events/1/computer"},
      {"scp_computer_named_like_a_site",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "move_scp"}, {"server", "remote"}, {"computer", "p01"}});
       },
       "/events/1/computer"},
      {"scp_computer_named_like_a_site_added_later",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "move_scp"}, {"server", "remote"}, {"computer", "P05"}});
         j["events"].push_back(
             {{"at", "2d"}, {"do", "add_site"}, {"site", {{"code", "P05"}, {"type", "primary"}, {"parent", "CAS"}}}});
       },
       "/events/1/computer"},
      {"site_down_of_no_scp_server",
       [](Json& j) {
         j["events"].push_back(
             {{"at", "1d"}, {"do", "site_down"}, {"site", "CAS"}, {"computer", "CAS-SCP"}, {"for", "1h"}});
       },
       "/events/1/computer"},
      {"prerequisite_check_of_no_release",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "run_prerequisite_check"}, {"version", "banana"}});
       },
       "/events/1/version"},
      {"set_prerequisites_without_outcome",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "set_prerequisites"}, {"site", "P01"}});
       },
       "/events/1"},
      {"set_prerequisites_of_a_secondary",
       [](Json& j) {
         j["events"].push_back(
             {{"at", "1d"}, {"do", "set_prerequisites"}, {"site", "S01"}, {"prerequisites", "passed"}});
       },
       "/events/1/site"},
      {"retry_installation_of_a_secondary",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "retry_installation"}, {"site", "S01"}});
       },
       "/events/1/site"},
      {"install_update_of_no_release",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "install_update"}, {"version", "banana"}});
       },
       "/events/1/version"},
      {"retry_replication_of_no_release",
       [](Json& j) {
         j["events"].push_back({{"at", "1d"}, {"do", "retry_content_replication"}, {"version", "9999"}});
       },
       "/events/1/version"},
      {"empty_expectation_id", [](Json& j) { j["expect"][0]["id"] = ""; }, "/expect/0/id"},
      {"release_min_version_above_itself",
       [](Json& j) {
         j["releases"] = {{"catalog", "builtin"},
                          {"add", {{{"version", "2611"}, {"available", "5d"}, {"min_version", "2703"}}}}};
       },
       "/releases/add/0/min_version"},
      {"latency_of_3000_days", [](Json& j) { j["links"][0]["latency"] = "3000d"; }, "/links/0/latency"},
      {"internet_latency_of_an_hour",
       [](Json& j) {
         j["internet"] = {{"latency", "1h"}};
       },
       "/internet/latency"},
      {"integer_payload_of_2_to_the_64",
       [](Json& j) {
         j["releases"] = {{"catalog", "builtin"},
                          {"add", {{{"version", "2611"}, {"available", "5d"}, {"payload", 18446744073709551615ull}}}}};
       },
       "/releases/add/0/payload"},
  };
  return kCases;
}

// Names the case in ctest's listing instead of dumping the struct's bytes.
void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class InvalidInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(InvalidInput, ValidateExitsTwoAndNamesThePointer) {
  TempDir dir;
  Json scenario = valid_scenario();
  GetParam().mutate(scenario);
  const auto file = dir.write("scenario.json", scenario.dump(2));
  const CliResult result = run_cmsim("validate " + file.string());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find(file.string() + ": " + GetParam().pointer), std::string::npos)
      << "expected pointer " << GetParam().pointer << " in:\n"
      << result.output;
  EXPECT_NE(result.output.find("(expected"), std::string::npos) << result.output;
}

TEST_P(InvalidInput, RunExitsTwoAndWritesNothing) {
  TempDir dir;
  Json scenario = valid_scenario();
  GetParam().mutate(scenario);
  const auto file = dir.write("scenario.json", scenario.dump(2));
  const auto out = dir.path() / "out";
  const CliResult result = run_cmsim("run " + file.string() + " --out " + out.string());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_FALSE(std::filesystem::exists(out)) << "a rejected scenario must leave no output folder";
}

INSTANTIATE_TEST_SUITE_P(Cases, InvalidInput, ::testing::ValuesIn(bad_cases()),
                         [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(InvalidInputBaseline, TheBaseScenarioIsValid) {
  TempDir dir;
  const auto file = dir.write("scenario.json", valid_scenario().dump(2));
  const CliResult result = run_cmsim("validate " + file.string());
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST(InvalidInputJson, MalformedJsonReportsLineAndColumn) {
  TempDir dir;
  const auto file = dir.write("broken.json", "{\n  \"format\": \"cmsim-scenario/1\",\n  \"name\": \"x\",,\n}\n");
  const CliResult result = run_cmsim("validate " + file.string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("line 3, column"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find(file.string()), std::string::npos) << result.output;
}

TEST(InvalidInputJson, MissingFileIsInvalidInput) {
  const CliResult result = run_cmsim("validate /nonexistent/scenario.json");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("/nonexistent/scenario.json"), std::string::npos) << result.output;
}

TEST(InvalidInputJson, EveryProblemIsListedAtOnce) {
  TempDir dir;
  Json scenario = valid_scenario();
  scenario["duration"] = "-1d";
  scenario["sites"][1]["code"] = "bad";
  scenario["scp"]["mode"] = "sometimes";
  const auto file = dir.write("scenario.json", scenario.dump(2));
  const CliResult result = run_cmsim("validate " + file.string());
  EXPECT_EQ(result.exit_code, 2);
  for (const char* pointer : {"/duration", "/sites/1/code", "/scp/mode"})
    EXPECT_NE(result.output.find(pointer), std::string::npos) << pointer << " missing in:\n" << result.output;
}

// One mistake, one problem: a bad site code must not bring a line per other site with it.
TEST(InvalidInputJson, ABadSiteCodeIsOneProblemNotAFlood) {
  TempDir dir;
  Json scenario = valid_scenario();
  for (int i = 2; i < 35; ++i)
    scenario["sites"].push_back(
        {{"code", "S" + std::string(i < 10 ? "0" : "") + std::to_string(i)}, {"type", "secondary"}, {"parent", "P02"}});
  scenario["sites"][3]["code"] = "bad code";
  const auto file = dir.write("scenario.json", scenario.dump(2));
  const CliResult result = run_cmsim("validate " + file.string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output.find("duplicate site code"), std::string::npos) << result.output;
}

// A secondary wrongly placed under the CAS is its own problem, not one more child primary.
TEST(InvalidInputJson, ChildCountsCountOnlyTheirOwnTier) {
  TempDir dir;
  Json scenario = valid_scenario();
  for (int i = 3; i <= 25; ++i)
    scenario["sites"].push_back({{"code", "P" + std::to_string(10 + i)}, {"type", "primary"}, {"parent", "CAS"}});
  scenario["sites"].push_back({{"code", "S99"}, {"type", "secondary"}, {"parent", "CAS"}});
  const auto file = dir.write("scenario.json", scenario.dump(2));
  const CliResult result = run_cmsim("validate " + file.string());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output.find("child primaries"), std::string::npos) << "25 primaries are the limit:\n"
                                                                      << result.output;
  EXPECT_NE(result.output.find("/sites/27/parent: a secondary site cannot have the cas site"), std::string::npos)
      << result.output;
}

TEST(InvalidInputCli, BadSetOverrideIsInvalidInput) {
  TempDir dir;
  const auto file = dir.write("scenario.json", valid_scenario().dump(2));
  const CliResult result =
      run_cmsim("run " + file.string() + " --out " + (dir.path() / "o").string() + " --set internet.bandwidth=fast");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("/internet/bandwidth"), std::string::npos) << result.output;
}

TEST(InvalidInputCli, UnwritableOutputFolderIsInvalidInputBeforeAnySimulation) {
  TempDir dir;
  const auto file = dir.write("scenario.json", valid_scenario().dump(2));
  const CliResult result = run_cmsim("run " + file.string() + " --out /proc/no-such-place/out");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("cannot write the outputs to /proc/no-such-place/out"), std::string::npos)
      << result.output;
}

TEST(InvalidInputCli, UnknownOptionIsUsageError) {
  const CliResult result = run_cmsim("run --frobnicate x.json");
  EXPECT_EQ(result.exit_code, 2) << result.output;
}

}  // namespace
}  // namespace cmsim::test
