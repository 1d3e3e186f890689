// docs/scenario.schema.json and reports/compare.schema.json checked by a real JSON Schema
// 2020-12 validator (ajv-cli with ajv-formats, scripts/install-test-tools.sh), as
// report_schema_test.cpp does for report.json: every shipped scenario validates, scenarios
// broken in ways an editor should flag are rejected (so the schema bites), and a compare.json
// that `cmsim compare` wrote validates. That the schema lists exactly the loader's keys is
// tests/unit/scenario_schema_drift_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "report_tools.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const fs::path kScenarioSchema = fs::path(CMSIM_SOURCE_DIR) / "docs" / "scenario.schema.json";
const fs::path kCompareSchema = fs::path(CMSIM_SOURCE_DIR) / "reports" / "compare.schema.json";

std::vector<fs::path> shipped_scenarios() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(CMSIM_SOURCE_DIR) / "scenarios"))
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

class ScenarioSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(npm_tool("ajv"))) << npm_tool("ajv") << " is missing: run scripts/install-test-tools.sh";
  }

  // One ajv process for any number of files: it prints "FILE valid", or "FILE invalid" and
  // every error as JSON (which names the extra or missing property, as text does not).
  static ShellOutput validate(const fs::path& schema, const std::vector<fs::path>& files) {
    std::string command = shell_quote(npm_tool("ajv")) +
                          " validate --spec=draft2020 -c ajv-formats --all-errors --errors=json -s " +
                          shell_quote(schema);
    for (const fs::path& f : files) command += " -d " + shell_quote(f);
    return shell(command);
  }

  // A valid scenario, broken by `change`.
  fs::path broken(const std::string& name, void (*change)(Json&)) const {
    Json j = Json::parse(R"({"$schema": "../docs/scenario.schema.json", "format": "cmsim-scenario/1",
        "name": "s", "duration": "2d", "version": "2403", "sites": [{"code": "CAS", "type": "cas"}]})");
    change(j);
    return dir_.write(name, j.dump(2));
  }

  TempDir dir_;
};

TEST_F(ScenarioSchema, BothSchemasCompileAsDraft2020) {
  for (const fs::path& schema : {kScenarioSchema, kCompareSchema}) {
    const ShellOutput r =
        shell(shell_quote(npm_tool("ajv")) + " compile --spec=draft2020 -c ajv-formats -s " + shell_quote(schema));
    EXPECT_EQ(r.exit_code, 0) << schema << "\n" << r.output;
    const Json j = Json::parse(read_file(schema));
    EXPECT_EQ(j["$schema"], "https://json-schema.org/draft/2020-12/schema") << schema;
  }
}

TEST_F(ScenarioSchema, EveryExampleAndRegressionScenarioValidates) {
  const std::vector<fs::path> files = shipped_scenarios();
  ASSERT_GE(files.size(), 20u);
  const ShellOutput r = validate(kScenarioSchema, files);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  for (const fs::path& f : files) EXPECT_NE(r.output.find(f.string() + " valid"), std::string::npos) << f << r.output;
}

TEST_F(ScenarioSchema, TheLoadersOwnRulesOnKeysAndWordsAreTheSchemas) {
  const fs::path valid = broken("valid.json", [](Json&) {});
  EXPECT_EQ(validate(kScenarioSchema, {valid}).exit_code, 0) << validate(kScenarioSchema, {valid}).output;
  // Each is a scenario `cmsim validate` refuses too, for the same key.
  const std::vector<std::pair<fs::path, std::string>> cases{
      {broken("misspelt.json", [](Json& j) { j["sties"] = Json::array(); }), "sties"},
      {broken("no-sites.json", [](Json& j) { j.erase("sites"); }), "sites"},
      {broken("bad-type.json", [](Json& j) { j["sites"][0]["type"] = "central"; }), "/sites/0/type"},
      {broken("bad-verb.json",
              [](Json& j) {
                j["events"] = Json::array({Json{{"at", "1d"}, {"do", "reboot_everything"}}});
              }),
       "/events/0/do"},
      {broken("verb-key.json",
              [](Json& j) {
                j["events"] = Json::array({Json{{"at", "1d"}, {"do", "link_up"}, {"for", "1h"}}});
              }),
       "for"},
      {broken("bad-duration.json", [](Json& j) { j["duration"] = "two days"; }), "/duration"},
  };
  std::vector<fs::path> files;
  for (const auto& c : cases) files.push_back(c.first);
  const ShellOutput r = validate(kScenarioSchema, files);  // one ajv process: it takes seconds to start
  EXPECT_NE(r.exit_code, 0) << r.output;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& [file, what] = cases[i];
    const auto from = r.output.find(file.string() + " invalid");
    ASSERT_NE(from, std::string::npos) << file << " passed the schema\n" << r.output;
    const auto to = i + 1 < cases.size() ? r.output.find(cases[i + 1].first.string() + " invalid") : std::string::npos;
    EXPECT_NE(r.output.substr(from, to - from).find(what), std::string::npos) << file << ": " << r.output;
    EXPECT_EQ(run_cmsim("validate " + shell_quote(file)).exit_code, 2) << file;
  }
}

// An editor's "$schema" pointer is accepted by the loader, so a scenario can carry it.
TEST_F(ScenarioSchema, AScenarioThatNamesItsSchemaStillLoads) {
  const fs::path file = broken("with-schema.json", [](Json&) {});
  const CliResult r = run_cmsim("validate " + shell_quote(file));
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ScenarioSchema, ACompareJsonThatCompareWroteValidatesAndABrokenOneDoesNot) {
  const fs::path examples = fs::path(CMSIM_SOURCE_DIR) / "scenarios" / "examples";
  const fs::path out = dir_.path() / "cmp";
  const CliResult c = run_cmsim("compare " + shell_quote(examples / "cas-two-primaries.json") + " " +
                                shell_quote(examples / "planner-today.json") + " --out " + shell_quote(out));
  ASSERT_EQ(c.exit_code, 0) << c.output;
  const ShellOutput ok = validate(kCompareSchema, {out / "compare.json"});
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  Json doc = Json::parse(read_file(out / "compare.json"));
  doc["a"].erase("links");
  doc["b"]["sites"]["primaries"] = "two";
  const ShellOutput bad = validate(kCompareSchema, {dir_.write("bad-compare.json", doc.dump())});
  EXPECT_NE(bad.exit_code, 0) << bad.output;
  EXPECT_NE(bad.output.find("links"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("/b/sites/primaries"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace cmsim::test
