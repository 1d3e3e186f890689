// `cmsim test` as a CI pipeline runs it (docs/scenario.md §1, docs/modelling.md §12.2.1-3.4): exit codes, the
// closing `N passed, N failed` line, and a JUnit file that the Jenkins schema accepts and a
// real reader (xunit-viewer) renders with the same counts.
//
// Needs xmllint (Debian libxml2-utils) and xunit-viewer (scripts/install-test-tools.sh,
// found in $CMSIM_NPM_TOOLS or the CMSIM_NPM_TOOLS prefix compiled in). The simulator
// models no updates yet, so the scenarios use expectations that hold or fail on a run where
// every site stays on its initial version.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "steady_scenario.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Three expectations that hold on the current model.
Json passing_expectations() {
  return Json::parse(R"([
    {"id": "all-on-2403", "kind": "site_version", "site": "*", "version": "2403"},
    {"id": "no-errors", "kind": "no_status_severity", "severity": "error"},
    {"id": "scp-online", "kind": "effective_mode", "mode": "online", "at": "1d"}
  ])");
}

// One that holds and one that cannot: no update is modelled yet.
Json mixed_expectations() {
  return Json::parse(R"([
    {"id": "p01-on-2403", "kind": "site_version", "site": "P01", "version": "2403", "by": "1d"},
    {"id": "all-on-2409", "kind": "site_version", "site": "*", "version": "2409", "by": "1d"}
  ])");
}

using ShellResult = CliResult;

ShellResult run_shell(const std::string& command) { return run_command(command); }

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  const auto at = trimmed.rfind('\n');
  return at == std::string::npos ? trimmed : trimmed.substr(at + 1);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

fs::path xunit_viewer() {
  const char* env = std::getenv("CMSIM_NPM_TOOLS");
  return fs::path(env && *env ? env : CMSIM_NPM_TOOLS) / "node_modules" / ".bin" / "xunit-viewer";
}

// xunit-viewer's closing count line, e.g. "1 failure, 4 passed" (the order is its own).
std::string xunit_viewer_summary(const std::string& output) {
  static const std::regex kSummary(
      R"(^\d+ (passed|failures?|errors?|skipped)(, \d+ (passed|failures?|errors?|skipped))*$)");
  std::istringstream lines(output);
  std::string summary;
  for (std::string line; std::getline(lines, line);)
    if (std::regex_match(line, kSummary)) summary = line;
  return summary;
}

// A folder of scenarios: pass.json (3 hold), mixed.json (1 holds, 1 fails), and a
// scenario without expectations that `test` skips.
class TestCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "scenarios" / "more");
    dir_.write("scenarios/pass.json", steady_scenario("all-hold", passing_expectations()));
    dir_.write("scenarios/more/mixed.json", steady_scenario("one-fails", mixed_expectations()));
    dir_.write("scenarios/no-expect.json", steady_scenario("no-expect", nullptr));
  }
  fs::path scenarios() const { return dir_.path() / "scenarios"; }
  fs::path junit() const { return dir_.path() / "junit.xml"; }
  CliResult test(const std::string& args) const { return run_cmsim("test " + args); }

  TempDir dir_;
};

TEST_F(TestCommand, AFailedExpectationExitsOneWithTheClosingLine) {
  const CliResult r = test(quoted(scenarios()) + " --junit " + quoted(junit()));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(last_line(r.output), "4 passed, 1 failed") << r.output;
  EXPECT_TRUE(contains(r.output, "  PASS all-on-2403\n")) << r.output;
  EXPECT_TRUE(contains(r.output, "  PASS p01-on-2403\n")) << r.output;
  EXPECT_TRUE(contains(
      r.output,
      "  FAIL all-on-2409: expected every site on 2409 or later by 1d; got CAS on 2403, P01 on 2403, S01 on 2403\n"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "no-expect.json: no expect, skipped")) << r.output;
  EXPECT_TRUE(fs::exists(junit()));
}

TEST_F(TestCommand, AllHoldingExitsZero) {
  const CliResult r = test(quoted(scenarios() / "pass.json"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(last_line(r.output), "3 passed, 0 failed") << r.output;
}

TEST_F(TestCommand, JunitValidatesAgainstTheSchemaOfWhatCiReadersAccept) {
  ASSERT_EQ(test(quoted(scenarios()) + " --junit " + quoted(junit())).exit_code, 1);
  const ShellResult lint = run_shell("xmllint --noout --schema " + quoted(CMSIM_JUNIT_XSD) + " " + quoted(junit()));
  EXPECT_EQ(lint.exit_code, 0) << lint.output << read_file(junit());
  const std::string xml = read_file(junit());
  // 5 expectations and the scenario without expect, as a skipped test case.
  EXPECT_TRUE(contains(xml, "<testsuites name=\"cmsim test\" tests=\"6\" failures=\"1\" errors=\"0\"")) << xml;
  EXPECT_TRUE(contains(xml, "<testcase name=\"all-on-2409\" classname=\"one-fails\"")) << xml;
  EXPECT_TRUE(contains(xml, "<testcase name=\"no-expect\" classname=\"no-expect\" time=\"0\">\n      <skipped")) << xml;
}

TEST_F(TestCommand, XunitViewerReadsTheSameCounts) {
  const fs::path viewer = xunit_viewer();
  ASSERT_TRUE(fs::exists(viewer)) << viewer << " is missing: run scripts/install-test-tools.sh";
  ASSERT_EQ(test(quoted(scenarios()) + " --junit " + quoted(junit())).exit_code, 1);
  // -o keeps its HTML in the temp folder; --clear=false keeps escape codes out of the output.
  const ShellResult view = run_shell(quoted(viewer) + " -r " + quoted(junit()) + " -c -n --clear=false -o " +
                                     quoted(dir_.path() / "junit.html"));
  EXPECT_EQ(view.exit_code, 0) << view.output;
  const std::string summary = xunit_viewer_summary(view.output);
  EXPECT_TRUE(contains(summary, "4 passed")) << view.output;
  EXPECT_TRUE(contains(summary, "1 failure")) << view.output;
  EXPECT_FALSE(contains(summary, "error")) << view.output;
  EXPECT_TRUE(contains(view.output, "expected every site on 2409 or later by 1d; got CAS on 2403")) << view.output;
}

TEST_F(TestCommand, AnInvalidScenarioExitsTwoListsItsProblemsAndIsAJunitError) {
  dir_.write("scenarios/bad.json", R"({"format": "cmsim-scenario/1", "name": "bad", "duration": "2d",
      "version": "2403", "sites": [], "expect": [{"id": "x", "kind": "nonsense"}]})");
  const CliResult r = test(quoted(scenarios()) + " --junit " + quoted(junit()));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "bad.json: /sites")) << r.output;
  EXPECT_TRUE(contains(r.output, "bad.json: /expect/0/kind")) << r.output;
  EXPECT_EQ(last_line(r.output), "4 passed, 1 failed") << r.output;  // the others still ran
  const std::string xml = read_file(junit());
  EXPECT_TRUE(contains(xml, "tests=\"7\" failures=\"1\" errors=\"1\"")) << xml;
  EXPECT_TRUE(contains(xml, "<error message=")) << xml;
  const ShellResult lint = run_shell("xmllint --noout --schema " + quoted(CMSIM_JUNIT_XSD) + " " + quoted(junit()));
  EXPECT_EQ(lint.exit_code, 0) << lint.output;
}

TEST_F(TestCommand, MissingPathOrNothingToTestExitsTwo) {
  const CliResult missing = test(quoted(dir_.path() / "nowhere"));
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_TRUE(contains(missing.output, "nowhere: no such file or folder")) << missing.output;
  const CliResult nothing = test(quoted(scenarios() / "no-expect.json"));
  EXPECT_EQ(nothing.exit_code, 2) << nothing.output;
  EXPECT_EQ(last_line(nothing.output), "0 passed, 0 failed") << nothing.output;
}

TEST_F(TestCommand, SameScenariosSameJunitBytes) {
  ASSERT_EQ(test(quoted(scenarios()) + " --junit " + quoted(junit())).exit_code, 1);
  const std::string first = read_file(junit());
  const fs::path second_file = dir_.path() / "second" / "junit.xml";  // the folder is created
  ASSERT_EQ(test(quoted(scenarios()) + " --junit " + quoted(second_file)).exit_code, 1);
  EXPECT_EQ(first, read_file(second_file));
}

TEST_F(TestCommand, OutKeepsEachReportWithItsExpectations) {
  const fs::path out = dir_.path() / "out";
  ASSERT_EQ(test(quoted(scenarios()) + " --out " + quoted(out)).exit_code, 1);
  const Json report = Json::parse(read_file(out / "one-fails" / "report.json"));
  ASSERT_EQ(report["expectations"].size(), 2u) << report.dump(2);
  EXPECT_EQ(report["expectations"][1]["id"], "all-on-2409");
  EXPECT_EQ(report["expectations"][1]["passed"], false);
  EXPECT_TRUE(fs::exists(out / "all-hold" / "report.json"));
  // A second run over a folder that now also holds reports reads only the scenarios.
  const CliResult again = test(quoted(dir_.path()));
  EXPECT_EQ(last_line(again.output), "4 passed, 1 failed") << again.output;
}

// --out is one unit, as `run` writes its folder: a second test replaces the whole set, so a
// scenario that is no longer run leaves no report behind, nor does a killed test's staging.
TEST_F(TestCommand, OutIsReplacedAsAWholeAndWhatADeadTestLeftIsRemoved) {
  const fs::path out = dir_.path() / "out";
  ASSERT_EQ(test(quoted(scenarios()) + " --out " + quoted(out)).exit_code, 1);
  ASSERT_TRUE(fs::exists(out / "one-fails" / "report.json"));
  fs::create_directories(dir_.path() / "out.tmp-999999" / "one-fails");
  const CliResult r = test(quoted(scenarios() / "pass.json") + " --out " + quoted(out));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(out / "all-hold" / "report.json"));
  EXPECT_FALSE(fs::exists(out / "one-fails"));
  EXPECT_FALSE(fs::exists(dir_.path() / "out.tmp-999999"));
}

TEST_F(TestCommand, OutOfTheUsersOwnFilesIsRefusedBeforeAnythingRuns) {
  const fs::path out = dir_.path() / "notes";
  fs::create_directories(out);
  dir_.write("notes/todo.txt", "mine");
  const CliResult r = test(quoted(scenarios()) + " --out " + quoted(out));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "holds files that are not a cmsim test's outputs")) << r.output;
  EXPECT_FALSE(contains(r.output, "PASS")) << r.output;
  EXPECT_EQ(last_line(r.output), "0 passed, 0 failed") << r.output;
  EXPECT_EQ(read_file(out / "todo.txt"), "mine");
}

// A test that runs nothing leaves the previous set in place rather than an empty folder.
TEST_F(TestCommand, OutIsKeptWhenNothingWasRun) {
  const fs::path out = dir_.path() / "out";
  ASSERT_EQ(test(quoted(scenarios() / "pass.json") + " --out " + quoted(out)).exit_code, 0);
  const CliResult r = test(quoted(scenarios() / "no-expect.json") + " --out " + quoted(out));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(fs::exists(out / "all-hold" / "report.json"));
}

}  // namespace
}  // namespace cmsim::test
