// report.json against the shipped reports/report.schema.json (docs/scenario.md §4), checked by a real
// JSON Schema 2020-12 validator rather than by our own reading of the schema: ajv-cli with
// ajv-formats (docs/modelling.md §12.3.2), pinned and installed into build/npm-tools by
// scripts/install-test-tools.sh. Two directions: real reports of `cmsim run` validate, and
// reports broken in ways a consumer would trip over are rejected, so the schema is known to
// bite (a schema of `{}` would pass the first half alone).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../unit/report_html_sample.hpp"
#include "cli_runner.hpp"
#include "report_tools.hpp"
#include "reports/report_json.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const fs::path kSchema = fs::path(CMSIM_SOURCE_DIR) / "reports" / "report.schema.json";

// largest-hierarchy.json simulates 6,276 sites for a year (minutes of CPU); its report's
// shape is covered by the 6,000-site in-process report below.
bool too_slow_for_e2e(const fs::path& scenario) { return scenario.stem() == "largest-hierarchy"; }

class ReportSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(npm_tool("ajv"))) << npm_tool("ajv") << " is missing: run scripts/install-test-tools.sh";
  }

  static ShellOutput validate(const fs::path& report) {
    return shell(shell_quote(npm_tool("ajv")) + " validate --spec=draft2020 -c ajv-formats --errors=text -s " +
                 shell_quote(kSchema) + " -d " + shell_quote(report));
  }

  fs::path write_json(const std::string& name, const Json& j) const { return dir_.write(name, j.dump(2)); }

  // A valid report with every kind of record, from hand-built Results.
  static Json sample_report() { return reports::report_to_json(sample_results(2, 3)); }

  TempDir dir_;
};

TEST_F(ReportSchema, SchemaCompilesAsDraft2020InStrictMode) {
  const ShellOutput r =
      shell(shell_quote(npm_tool("ajv")) + " compile --spec=draft2020 -c ajv-formats -s " + shell_quote(kSchema));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const Json schema = Json::parse(test::read_file(kSchema));
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_TRUE(schema["$id"].is_string());
}

TEST_F(ReportSchema, ReportsOfTheExampleScenariosValidate) {
  const fs::path examples = fs::path(CMSIM_SOURCE_DIR) / "scenarios" / "examples";
  std::vector<fs::path> scenarios;
  for (const auto& entry : fs::directory_iterator(examples))
    if (entry.path().extension() == ".json" && !too_slow_for_e2e(entry.path())) scenarios.push_back(entry.path());
  std::sort(scenarios.begin(), scenarios.end());
  ASSERT_GE(scenarios.size(), 2u);
  for (const fs::path& scenario : scenarios) {
    const fs::path out = dir_.path() / scenario.stem();
    const CliResult run = run_cmsim("run " + shell_quote(scenario) + " --out " + shell_quote(out));
    ASSERT_EQ(run.exit_code, 0) << scenario << "\n" << run.output;
    const ShellOutput check = validate(out / "report.json");
    EXPECT_EQ(check.exit_code, 0) << scenario << "\n" << check.output;
    EXPECT_NE(check.output.find(" valid"), std::string::npos) << check.output;
  }
}

TEST_F(ReportSchema, EveryRecordKindAndAnEmptyRunValidate) {
  const ShellOutput full = validate(write_json("full.json", sample_report()));
  EXPECT_EQ(full.exit_code, 0) << full.output;
  const ShellOutput big = validate(dir_.write("big.json", reports::report_json_text(sample_results(24, 5975, 2000))));
  EXPECT_EQ(big.exit_code, 0) << big.output;
  const ShellOutput empty = validate(dir_.write("empty.json", reports::report_json_text(Results{})));
  EXPECT_EQ(empty.exit_code, 0) << empty.output;
}

TEST_F(ReportSchema, RecordsAreOpenToNewKeys) {
  Json j = sample_report();
  j["sites"][0]["region"] = "EMEA";
  j["updates"][0]["sites"][0]["bytes_received"] = 123;
  const ShellOutput r = validate(write_json("open.json", j));
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

struct Breakage {
  const char* name;
  const char* pointer;  // JSON pointer of the value to replace; "" = erase the top-level key named by value
  Json value;
  const char* expected_error;  // what ajv --errors=text must say
};

TEST_F(ReportSchema, BrokenReportsAreRejected) {
  const std::vector<Breakage> breakages = {
      {"severity", "/status_messages/0/severity", "fatal",
       "data/status_messages/0/severity must be equal to one of the allowed values"},
      {"status", "/component_status/0/status", "red",
       "data/component_status/0/status must be equal to one of the allowed values"},
      {"link-state", "/db_links/0/state", "broken", "data/db_links/0/state must be equal to one of the allowed values"},
      {"format", "/format", "cmsim-report/2", "data/format must be equal to constant"},
      {"start", "/start", "25/11/2024", "data/start must match format \"date-time\""},
      {"time", "/updates/0/sites/0/installed_t_s", "soon", "data/updates/0/sites/0/installed_t_s must be number,null"},
      {"negative-time", "/transfers/0/start_t_s", -5.0, "data/transfers/0/start_t_s must be >= 0"},
      {"reserved-code", "/sites/0/code", "SMS", "data/sites/0/code must NOT be valid"},
      {"long-code", "/sites/1/code", "P001", "data/sites/1/code must match pattern"},
      {"site-type", "/sites/1/type", "branch", "data/sites/1/type must be equal to one of the allowed values"},
      {"scp-mode", "/scp/modes/0/effective", "maybe",
       "data/scp/modes/0/effective must be equal to one of the allowed values"},
      {"seed", "/seed", -1, "data/seed must be >= 0"},
      {"passed", "/expectations/0/passed", "yes", "data/expectations/0/passed must be boolean"},
      {"extra-section", "/surprise", Json::array(), "data must NOT have additional properties"},
      {"missing-faults", "", "faults", "data must have required property 'faults'"},
      {"missing-state", "/updates/0/sites/0", Json::object({{"site", "CAS"}}), "must have required property"},
      {"phase-status", "/updates/0/sites/0/phases/0/status", "Done",
       "data/updates/0/sites/0/phases/0/status must be equal to one of the allowed values"},
      {"step-end", "/updates/0/sites/1/phases/1/steps/0/end_t_s", "later",
       "data/updates/0/sites/1/phases/1/steps/0/end_t_s must be number,null"},
      {"download-at-a-site", "/updates/0/sites/0/phases/0/phase", "Download",
       "data/updates/0/sites/0/phases/0/phase must NOT be valid"},
      {"download-phase-name", "/updates/0/download_phase/phase", "Installation",
       "data/updates/0/download_phase/phase must be equal to constant"},
  };
  for (const Breakage& b : breakages) {
    Json j = sample_report();
    if (*b.pointer)
      j[Json::json_pointer(b.pointer)] = b.value;
    else
      j.erase(b.value.get<std::string>());
    const ShellOutput r = validate(write_json(std::string(b.name) + ".json", j));
    EXPECT_EQ(r.exit_code, 1) << b.name << "\n" << r.output;
    EXPECT_NE(r.output.find(b.expected_error), std::string::npos) << b.name << "\n" << r.output;
  }
}

// Show Status is always written: `phases` ([] before any started) and `download_phase` (null).
TEST_F(ReportSchema, ReportsWithoutShowStatusKeysAreRejected) {
  Json no_phases = sample_report();
  no_phases["updates"][0]["sites"][0].erase("phases");
  const ShellOutput a = validate(write_json("no-phases.json", no_phases));
  EXPECT_EQ(a.exit_code, 1) << a.output;
  EXPECT_NE(a.output.find("data/updates/0/sites/0 must have required property 'phases'"), std::string::npos)
      << a.output;
  Json no_download = sample_report();
  no_download["updates"][1].erase("download_phase");
  const ShellOutput b = validate(write_json("no-download.json", no_download));
  EXPECT_EQ(b.exit_code, 1) << b.output;
  EXPECT_NE(b.output.find("data/updates/1 must have required property 'download_phase'"), std::string::npos)
      << b.output;
}

}  // namespace
}  // namespace cmsim::test
