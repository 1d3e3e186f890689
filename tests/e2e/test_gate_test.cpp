// `cmsim test` as a gate in CI (docs/scenario.md §1.4, §4.6): skipped scenarios in JUnit,
// --filter, --fail-fast, --seed and --set, real durations on request, the closing lines when
// several things went wrong, and the regression gate --baseline / --write-baseline.
// tests/e2e/test_command_test.cpp covers the plain runs.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "steady_scenario.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string last_lines(const std::string& text, int n) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  std::size_t at = trimmed.size();
  for (int i = 0; i < n && at != std::string::npos && at > 0; ++i) at = trimmed.rfind('\n', at - 1);
  return at == std::string::npos ? trimmed : trimmed.substr(at + 1);
}

std::string last_line(const std::string& text) { return last_lines(text, 1); }

Json holds() {
  return Json::parse(R"([{"id": "all-on-2403", "kind": "site_version", "site": "*", "version": "2403"}])");
}
Json fails() {
  return Json::parse(R"([{"id": "all-on-2409", "kind": "site_version", "site": "*", "version": "2409", "by": "1d"}])");
}

// A stand-alone primary and a secondary that both take 2409 (500 MB) at once: its times and
// bytes are what the baseline gate watches.
std::string rollout(const std::string& name) {
  Json j = Json::parse(R"({
    "format": "cmsim-scenario/1", "seed": 1, "start": "2024-11-25T00:00:00Z", "duration": "3d",
    "version": "2403", "engine": {"network_model": "CM02", "crosstraffic": false},
    "sites": [{"code": "PS1", "type": "primary"}, {"code": "SE1", "type": "secondary", "parent": "PS1"}],
    "scp": {"site": "PS1", "mode": "online"},
    "releases": [{"version": "2409", "available": "0s", "min_version": "2303", "payload": "500MB", "redists": "0"}],
    "admin": {"install_at_top": {"after": "0s"}, "secondary_upgrade": {"after": "0s"}},
    "maintenance": {"backup": {"enabled": false}},
    "expect": [{"id": "ps1-on-2409", "kind": "site_version", "site": "PS1", "version": "2409", "by": "1d"}]
  })");
  j["name"] = name;
  return j.dump(2);
}

class TestGate : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "s");
    dir_.write("s/a-pass.json", steady_scenario("all-hold", holds()));
    dir_.write("s/b-fail.json", steady_scenario("one-fails", fails()));
    dir_.write("s/c-no-expect.json", steady_scenario("no-expect", nullptr));
    dir_.write("s/d-pass.json", steady_scenario("also-holds", holds()));
  }
  fs::path s() const { return dir_.path() / "s"; }
  fs::path junit() const { return dir_.path() / "junit.xml"; }
  CliResult test(const std::string& args) const { return run_cmsim("test " + args); }
  std::string xml() const { return read_file(junit()); }
  int xmllint() const {
    return run_command("xmllint --noout --schema " + quoted(CMSIM_JUNIT_XSD) + " " + quoted(junit())).exit_code;
  }

  TempDir dir_;
};

TEST_F(TestGate, AScenarioWithoutExpectIsASkippedJunitCaseWithItsReason) {
  const CliResult r = test(quoted(s()) + " --junit " + quoted(junit()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "c-no-expect.json: no expect, skipped")) << r.output;
  EXPECT_TRUE(contains(xml(), "<testsuite name=\"no-expect\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\""))
      << xml();
  EXPECT_TRUE(contains(xml(), "<skipped message=\"no expect\"/>")) << xml();
  EXPECT_TRUE(contains(xml(), "<testsuites name=\"cmsim test\" tests=\"4\" failures=\"1\" errors=\"0\"")) << xml();
  EXPECT_EQ(xmllint(), 0) << xml();
}

TEST_F(TestGate, FilterGlobRunsTheMatchingScenariosAndSkipsTheRest) {
  const CliResult r = test(quoted(s()) + " --filter '*-holds' --junit " + quoted(junit()));
  EXPECT_EQ(r.exit_code, 0) << r.output;  // one-fails was filtered out
  EXPECT_EQ(last_line(r.output), "1 passed, 0 failed") << r.output;
  EXPECT_TRUE(contains(r.output, "b-fail.json: filtered out by --filter *-holds, skipped")) << r.output;
  EXPECT_TRUE(contains(xml(), "<skipped message=\"filtered out by --filter *-holds\"/>")) << xml();
  // On the file name too.
  const CliResult by_file = test(quoted(s()) + " --filter 'a-*.json'");
  EXPECT_EQ(last_line(by_file.output), "1 passed, 0 failed") << by_file.output;
  EXPECT_TRUE(contains(by_file.output, "all-hold (")) << by_file.output;
}

TEST_F(TestGate, FilterRegexIsSearchedInNamesAndPaths) {
  const CliResult r = test(quoted(s()) + " --filter '/^one-|d-pass/'");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(last_line(r.output), "1 passed, 1 failed") << r.output;
  EXPECT_TRUE(contains(r.output, "also-holds (")) << r.output;
  EXPECT_FALSE(contains(r.output, "all-hold (")) << r.output;
}

TEST_F(TestGate, ABadOrUselessFilterExitsTwoBeforeAnythingRuns) {
  const CliResult bad = test(quoted(s()) + " --filter '/([a-/'");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_TRUE(contains(bad.output, "--filter: '/([a-/' is not a valid regular expression")) << bad.output;
  EXPECT_FALSE(contains(bad.output, "PASS")) << bad.output;
  const CliResult none = test(quoted(s()) + " --filter 'nothing-*'");
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_TRUE(contains(none.output, "--filter nothing-* matched no scenario with an expect list")) << none.output;
}

TEST_F(TestGate, FailFastStopsAfterTheFirstFailingScenarioAndListsTheRestAsSkipped) {
  const CliResult r = test(quoted(s()) + " --fail-fast --junit " + quoted(junit()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(last_line(r.output), "1 passed, 1 failed") << r.output;  // d-pass never ran
  EXPECT_TRUE(contains(r.output, "d-pass.json: not run: --fail-fast stopped after one-fails failed, skipped"))
      << r.output;
  EXPECT_FALSE(contains(r.output, "also-holds (")) << r.output;
  EXPECT_TRUE(contains(xml(), "<skipped message=\"not run: --fail-fast stopped after one-fails failed\"/>")) << xml();
  EXPECT_EQ(xmllint(), 0) << xml();
  // Without a failure it runs everything.
  const CliResult green = test(quoted(s() / "a-pass.json") + " " + quoted(s() / "d-pass.json") + " --fail-fast");
  EXPECT_EQ(green.exit_code, 0) << green.output;
  EXPECT_EQ(last_line(green.output), "2 passed, 0 failed") << green.output;
}

TEST_F(TestGate, SeedAndSetChangeEveryScenarioAsOnRun) {
  const CliResult r = test(quoted(s()) + " --seed 42 --set version=2409 --set duration=3d --junit " + quoted(junit()));
  // Every site now starts on 2409, so the expectation that failed holds.
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(last_line(r.output), "3 passed, 0 failed") << r.output;
  EXPECT_TRUE(contains(xml(), "<property name=\"seed\" value=\"42\"/>")) << xml();
  EXPECT_FALSE(contains(xml(), "<property name=\"seed\" value=\"3\"/>")) << xml();
  const CliResult bad = test(quoted(s() / "a-pass.json") + " --set duration=soon");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_TRUE(contains(bad.output, "a-pass.json: /duration")) << bad.output;
}

TEST_F(TestGate, InvalidFilesAndFailedExpectationsAreBothNamedAndInvalidInputWins) {
  dir_.write("s/e-bad.json", R"({"format": "cmsim-scenario/1", "name": "bad", "duration": "2d",
      "version": "2403", "sites": []})");
  const CliResult r = test(quoted(s()));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(last_lines(r.output, 2),
            "cmsim test: exit 2 (invalid input): 3 scenarios run, 1 invalid, 0 crashed, 1 skipped; 2 passed, 1 failed\n"
            "2 passed, 1 failed")
      << r.output;
  const CliResult failing = test(quoted(s() / "b-fail.json"));
  EXPECT_EQ(last_lines(failing.output, 2),
            "cmsim test: exit 1 (test cases failed): 1 scenario run, 0 invalid, 0 crashed, 0 skipped; 0 passed, 1 "
            "failed\n0 passed, 1 failed")
      << failing.output;
}

// An invalid file left out by --filter or after --fail-fast stopped is skipped, not reported.
TEST_F(TestGate, AnInvalidFileThatIsNotRunDoesNotMakeTheRunInvalid) {
  dir_.write("s/e-bad.json", R"({"format": "cmsim-scenario/1", "name": "bad", "sites": []})");
  const CliResult filtered = test(quoted(s()) + " --filter 'a-*'");
  EXPECT_EQ(filtered.exit_code, 0) << filtered.output;
  EXPECT_TRUE(contains(filtered.output, "e-bad.json: filtered out by --filter a-*, skipped")) << filtered.output;
  EXPECT_FALSE(contains(filtered.output, "/sites")) << filtered.output;
  const CliResult stopped = test(quoted(s()) + " --fail-fast");
  EXPECT_EQ(stopped.exit_code, 1) << stopped.output;  // b-fail stopped it before e-bad was read
  EXPECT_TRUE(contains(stopped.output, "e-bad.json: not run: --fail-fast stopped after one-fails failed, skipped"))
      << stopped.output;
  const CliResult all = test(quoted(s()));
  EXPECT_EQ(all.exit_code, 2) << all.output;
}

TEST_F(TestGate, JunitDurationsAreZeroByDefaultAndRealWhenAsked) {
  ASSERT_EQ(test(quoted(s() / "a-pass.json") + " --junit " + quoted(junit())).exit_code, 0);
  EXPECT_TRUE(contains(xml(), "time=\"0\">")) << xml();
  EXPECT_TRUE(contains(xml(), "skipped=\"0\" time=\"0.000\"")) << xml();
  ASSERT_EQ(test(quoted(s() / "a-pass.json") + " --junit-durations wall --junit " + quoted(junit())).exit_code, 0);
  const std::string wall = xml();
  std::smatch suite, test_case;
  ASSERT_TRUE(std::regex_search(wall, suite, std::regex("<testsuite [^>]* time=\"([0-9.]+)\""))) << wall;
  ASSERT_TRUE(std::regex_search(wall, test_case, std::regex("<testcase [^>]* time=\"([0-9.]+)\""))) << wall;
  EXPECT_GT(std::stod(suite[1]), 0.0) << wall;  // a fork and a simulation take more than 0.5 ms
  EXPECT_EQ(suite[1], test_case[1]) << wall;    // one test case: all of the suite's time
  EXPECT_EQ(xmllint(), 0) << wall;
  const CliResult bad = test(quoted(s()) + " --junit-durations simulated");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_TRUE(contains(bad.output, "--junit-durations")) << bad.output;
}

class BaselineGate : public ::testing::Test {
 protected:
  void SetUp() override { scenario_ = dir_.write("rollout.json", rollout("rollout")); }
  CliResult test(const std::string& args) const { return run_cmsim("test " + quoted(scenario_) + " " + args); }
  fs::path base() const { return dir_.path() / "base"; }
  Json stored() const { return Json::parse(read_file(base() / "rollout.json")); }

  TempDir dir_;
  fs::path scenario_;
};

TEST_F(BaselineGate, ARecordedBaselineHoldsOnTheSameRun) {
  const CliResult write = test("--write-baseline " + quoted(base()));
  ASSERT_EQ(write.exit_code, 0) << write.output;
  const Json b = stored();
  EXPECT_EQ(b["format"], "cmsim-baseline/1");
  EXPECT_EQ(b["figures"]["sites_on.2409"], 2) << b.dump(2);
  EXPECT_TRUE(b["figures"]["updates.2409.all_sites_t_s"].is_number()) << b.dump(2);
  EXPECT_GE(b["figures"]["sent_bytes"].get<double>(), 500e6) << b.dump(2);
  const CliResult check = test("--baseline " + quoted(base()));
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_TRUE(contains(check.output, "  PASS baseline\n")) << check.output;
  EXPECT_EQ(last_line(check.output), "2 passed, 0 failed") << check.output;
}

TEST_F(BaselineGate, ASlowerLinkMovesTheRolloutTimeBeyondTheToleranceAndFails) {
  ASSERT_EQ(test("--write-baseline " + quoted(base())).exit_code, 0);
  const double before = stored()["figures"]["updates.2409.all_sites_t_s"].get<double>();
  const fs::path out = dir_.path() / "out";
  const fs::path junit = dir_.path() / "junit.xml";
  const CliResult r = test("--set link_defaults.bandwidth=5Mbps --baseline " + quoted(base()) + " --out " +
                           quoted(out) + " --junit " + quoted(junit));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "  FAIL baseline: ")) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex("\n    updates\\.2409\\.all_sites_t_s: \\+[0-9dhms]+ -> "
                                                     "\\+[0-9dhms]+ \\(\\+[0-9.]+%, tolerance 5%\\)\n")))
      << r.output;
  EXPECT_EQ(last_line(r.output), "1 passed, 1 failed") << r.output;
  const std::string xml = read_file(junit);
  EXPECT_TRUE(contains(xml, "<testcase name=\"baseline\" classname=\"rollout\"")) << xml;
  EXPECT_TRUE(contains(xml, "updates.2409.all_sites_t_s: +")) << xml;
  const Json report = Json::parse(read_file(out / "baseline.json"));
  ASSERT_EQ(report["scenarios"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["scenarios"][0]["status"], "moved");
  bool found = false;
  for (const Json& m : report["scenarios"][0]["moved"])
    if (m["figure"] == "updates.2409.all_sites_t_s") {
      found = true;
      EXPECT_EQ(m["baseline"].get<double>(), before);
      EXPECT_GT(m["current"].get<double>(), before * 1.05);
      EXPECT_NEAR(m["change_percent"].get<double>(), (m["current"].get<double>() - before) / before * 100, 1e-9);
    }
  EXPECT_TRUE(found) << report.dump(2);
  // A tolerance wide enough lets it through; the out folder with baseline.json is replaced as a unit.
  const CliResult wide = test("--set link_defaults.bandwidth=5Mbps --baseline " + quoted(base()) +
                              " --tolerance 1000% --out " + quoted(out));
  EXPECT_EQ(wide.exit_code, 0) << wide.output;
  EXPECT_EQ(Json::parse(read_file(out / "baseline.json"))["scenarios"][0]["status"], "held");
}

TEST_F(BaselineGate, CountsAreComparedAbsolutely) {
  ASSERT_EQ(test("--write-baseline " + quoted(base())).exit_code, 0);
  Json b = stored();
  b["figures"]["sites_on.2409"] = b["figures"]["sites_on.2409"].get<int>() + 1;  // one site more than the run has
  dir_.write("base/rollout.json", b.dump());
  const CliResult r = test("--baseline " + quoted(base()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "    sites_on.2409: 3 -> 2 (-1, tolerance 0)\n")) << r.output;
  EXPECT_EQ(test("--baseline " + quoted(base()) + " --count-tolerance 1").exit_code, 0);
}

TEST_F(BaselineGate, AMissingBaselineIsASkippedCaseNotAFailure) {
  fs::create_directories(base());
  const fs::path junit = dir_.path() / "junit.xml";
  const CliResult r = test("--baseline " + quoted(base()) + " --junit " + quoted(junit));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "  SKIP baseline: no baseline " + (base() / "rollout.json").string() +
                                     "; record one with --write-baseline"))
      << r.output;
  EXPECT_TRUE(contains(read_file(junit),
                       "<testcase name=\"baseline\" classname=\"rollout\" time=\"0\">\n      "
                       "<skipped message=\"no baseline "))
      << read_file(junit);
}

TEST_F(BaselineGate, BadBaselineInputExitsTwoNamingWhatIsWrong) {
  const CliResult no_dir = test("--baseline " + quoted(dir_.path() / "nowhere"));
  EXPECT_EQ(no_dir.exit_code, 2) << no_dir.output;
  EXPECT_TRUE(contains(no_dir.output, "--baseline " + (dir_.path() / "nowhere").string() + ": no such folder"))
      << no_dir.output;
  EXPECT_FALSE(contains(no_dir.output, "PASS")) << no_dir.output;

  fs::create_directories(base());
  dir_.write("base/rollout.json", R"({"format": "cmsim-baseline/1", "figures": {"sent_bytes": "lots"}})");
  const CliResult corrupt = test("--baseline " + quoted(base()));
  EXPECT_EQ(corrupt.exit_code, 2) << corrupt.output;
  EXPECT_TRUE(contains(corrupt.output, "rollout.json: /figures/sent_bytes: expected a number or null"))
      << corrupt.output;

  dir_.write("base/rollout.json", "not json");
  EXPECT_TRUE(contains(test("--baseline " + quoted(base())).output, "rollout.json: is not JSON"));

  for (const char* tolerance : {"5", "-5%", "five%", "2000%"}) {  // = keeps -5% from reading as an option
    const CliResult r = test("--baseline " + quoted(base()) + " --tolerance='" + tolerance + "'");
    EXPECT_EQ(r.exit_code, 2) << tolerance << r.output;
    EXPECT_TRUE(contains(r.output, "--tolerance: expected a percentage from 0% to 1000% such as 5% or 0.5%, got '" +
                                       std::string(tolerance) + "'"))
        << r.output;
  }
  dir_.write("a-file", "x");
  const CliResult not_folder = test("--write-baseline " + quoted(dir_.path() / "a-file"));
  EXPECT_EQ(not_folder.exit_code, 2) << not_folder.output;
  EXPECT_TRUE(contains(not_folder.output, "a-file: exists and is not a folder")) << not_folder.output;
}

}  // namespace
}  // namespace cmsim::test
