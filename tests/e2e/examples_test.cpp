// The scenarios the project ships: every example validates, the small examples run, and the
// regression suite (scenarios/regression/) passes with the closing line CI reads.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const fs::path kScenarios = fs::path(CMSIM_SOURCE_DIR) / "scenarios";

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".json") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

std::string last_line(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto at = text.rfind('\n');
  return at == std::string::npos ? text : text.substr(at + 1);
}

TEST(Examples, EveryExampleValidates) {
  const auto files = json_files(kScenarios / "examples");
  ASSERT_GE(files.size(), 3u);
  for (const fs::path& file : files) {
    const CliResult r = run_cmsim("validate " + quoted(file));
    EXPECT_EQ(r.exit_code, 0) << file << "\n" << r.output;
  }
}

class SmallExample : public ::testing::TestWithParam<const char*> {};

TEST_P(SmallExample, RunsAndWritesItsReport) {
  const fs::path scenario = kScenarios / "examples" / (std::string(GetParam()) + ".json");
  TempDir dir;
  const fs::path out = dir.path() / "out";
  const CliResult r = run_cmsim("run " + quoted(scenario) + " --out " + quoted(out));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json report = Json::parse(read_file(out / "report.json"));
  EXPECT_EQ(report["format"], "cmsim-report/1");
  EXPECT_EQ(report["scenario"], GetParam());
  EXPECT_FALSE(report["sites"].empty());
  for (const Json& x : report["expectations"]) EXPECT_TRUE(x["passed"].get<bool>()) << x.dump();
}

INSTANTIATE_TEST_SUITE_P(Shipped, SmallExample, ::testing::Values("cas-two-primaries", "standalone-two-secondaries"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// A planner reads the answer off the run's summary: when every site had the update and what
// held the last one up (docs/modelling.md §4.9), and the same chain in report.json and the page.
TEST(PlannerSummary, NamesTheLastSiteAndWhatHeldItUp) {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  const CliResult r =
      run_cmsim("run " + quoted(kScenarios / "examples" / "planner-today.json") + " --out " + quoted(out));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("  2409 on all 41 sites at +15d"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("service window closed 2d21h"), std::string::npos) << r.output;  // PS1's Saturday window
  const Json report = Json::parse(read_file(out / "report.json"));
  const Json& path = report["updates"][1]["critical_path"];
  EXPECT_EQ(path["complete"], true);
  EXPECT_EQ(path["end_t_s"], report["updates"][1]["all_sites_t_s"]);
  double covered = 0;
  for (const Json& s : path["segments"]) covered += s["end_t_s"].get<double>() - s["start_t_s"].get<double>();
  EXPECT_NEAR(covered, path["end_t_s"].get<double>() - path["start_t_s"].get<double>(), 1e-6);
  EXPECT_NE(read_file(out / "report.html").find("Critical path: last site " + path["last_site"].get<std::string>()),
            std::string::npos);
}

TEST(PlannerSummary, SaysWhyNothingUpgraded) {
  TempDir dir;
  const CliResult r =
      run_cmsim("run " + quoted(kScenarios / "regression" / "scp-none.json") + " --out " + quoted(dir.path() / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no site installed an update\n    no service connection point"), std::string::npos)
      << r.output;
}

TEST(PlannerSummary, AHugeHierarchyIsCountedByTier) {
  TempDir dir;
  const CliResult r = run_cmsim("run " + quoted(kScenarios / "examples" / "largest-hierarchy.json") + " --out " +
                                quoted(dir.path() / "out"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\n  secondaries: all 6250: 2403 -> 2509\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\n  every site's versions: sites.csv\n"), std::string::npos) << r.output;
  EXPECT_LT(std::count(r.output.begin(), r.output.end(), '\n'), 20) << r.output;
}

TEST(RegressionScenarios, EveryScenarioHasExpectationsAndAllPass) {
  const fs::path dir = kScenarios / "regression";
  const auto files = json_files(dir);
  ASSERT_GE(files.size(), 15u);
  std::size_t expectations = 0;
  for (const fs::path& file : files) {
    const Json j = Json::parse(read_file(file));
    ASSERT_TRUE(j.contains("expect") && !j["expect"].empty()) << file << " has no expectations";
    expectations += j["expect"].size();
  }
  const CliResult r = run_cmsim("test " + quoted(dir));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(last_line(r.output), std::to_string(expectations) + " passed, 0 failed") << r.output;
}

TEST(RegressionScenarios, AllEightExpectationKindsAreUsed) {
  std::vector<std::string> kinds;
  for (const fs::path& file : json_files(kScenarios / "regression")) {
    const Json scenario = Json::parse(read_file(file));
    for (const Json& x : scenario["expect"]) kinds.push_back(x["kind"].get<std::string>());
  }
  for (const char* kind : {"site_version", "update_state", "propagation", "status_message", "component_status",
                           "effective_mode", "link_state", "no_status_severity"})
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), kind), kinds.end()) << kind;
}

}  // namespace
}  // namespace cmsim::test
