// `cmsim sweep`'s metrics as a researcher publishes from them (docs/scenario.md §1.5, §4.7): the
// metric options, runs kept with --keep-reports, summary.json checked by a real JSON Schema
// validator (ajv, as report.json is in report_schema_test.cpp), runs.csv read by pandas, the
// progress lines a CI or Slurm log gets, and a --metric that is not a number refused.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "report_tools.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const fs::path kSummarySchema = fs::path(CMSIM_SOURCE_DIR) / "reports" / "summary.schema.json";
const fs::path kCsvChecker = fs::path(CMSIM_SOURCE_DIR) / "tests" / "e2e" / "check_sweep_csv.py";

constexpr const char* kOptions =
    " --replicas 6 --vary internet.bandwidth=50Mbps,200Mbps --per-site --per-link --metric horizon=/duration_s"
    " --metric tenth_transfer_bytes=/transfers/9/bytes";

class SweepMetrics : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_ = dir_.write("small.json", read_file(fs::path(CMSIM_SOURCE_DIR) / "tests/fixtures/small-cas.json"));
  }
  CliResult sweep(const fs::path& out, const std::string& extra) {
    return run_cmsim("sweep " + shell_quote(scenario_) + extra + " --out " + shell_quote(out));
  }
  static ShellOutput validate(const fs::path& summary) {
    return shell(shell_quote(npm_tool("ajv")) + " validate --spec=draft2020 -c ajv-formats --errors=text -s " +
                 shell_quote(kSummarySchema) + " -d " + shell_quote(summary));
  }
  fs::path at(const std::string& name) const { return dir_.path() / name; }

  TempDir dir_;
  fs::path scenario_;
};

TEST_F(SweepMetrics, SummaryHasEveryStatisticAndValidatesAgainstItsSchema) {
  ASSERT_TRUE(fs::exists(npm_tool("ajv"))) << npm_tool("ajv") << " is missing: run scripts/install-test-tools.sh";
  const CliResult r = sweep(at("out"), std::string(kOptions) + " --jobs 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json summary = Json::parse(read_file(at("out") / "summary.json"));
  const Json& times = summary["points"][1]["metrics"]["all_sites_t_s"];
  for (const char* key : {"runs", "n", "missing", "mean", "sd", "min", "p5", "p25", "p50", "p75", "p95", "max",
                          "mean_ci95", "median_ci95"})
    EXPECT_TRUE(times.contains(key)) << key;
  EXPECT_EQ(times["runs"], 6);
  EXPECT_EQ(times["runs"].get<int>(), times["n"].get<int>() + times["missing"].get<int>());
  EXPECT_GE(times["median_ci95"]["coverage"].get<double>(), 0.95);  // 6 runs: [x(1), x(6)], 96.9 %
  EXPECT_TRUE(summary["points"][0]["metrics"].contains("site.P01.installed_t_s"));
  EXPECT_TRUE(summary["points"][0]["metrics"].contains("link.CAS-P01.peak_utilization"));
  EXPECT_EQ(summary["points"][0]["metrics"]["horizon"]["p50"], 2592000);

  const ShellOutput check = validate(at("out") / "summary.json");
  EXPECT_EQ(check.exit_code, 0) << check.output;
  // The schema bites: a statistic of the wrong type and a missing one are refused.
  Json broken = summary;
  broken["points"][0]["metrics"]["transfers"]["n"] = "six";
  EXPECT_NE(validate(dir_.write("broken.json", broken.dump())).exit_code, 0);
  broken = summary;
  broken["points"][0]["metrics"]["transfers"].erase("median_ci95");
  EXPECT_NE(validate(dir_.write("missing.json", broken.dump())).exit_code, 0);
}

TEST_F(SweepMetrics, PandasReadsRunsCsvWithNumericColumnsAndNa) {
  const CliResult r = sweep(at("out"), kOptions);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json summary = Json::parse(read_file(at("out") / "summary.json"));
  // point, seed, the varied key, update, then one column per metric.
  const std::size_t columns = 4 + summary["metrics"].size();
  const ShellOutput pandas =
      shell("/usr/bin/python3 " + shell_quote(kCsvChecker) + " " + shell_quote(at("out") / "runs.csv") + " 12 " +
            std::to_string(columns) + " internet.bandwidth");
  EXPECT_EQ(pandas.exit_code, 0) << pandas.output;
  EXPECT_NE(pandas.output.find("12 rows x " + std::to_string(columns) + " columns"), std::string::npos)
      << pandas.output;
  // The fixture's runs make fewer than ten transfers: that --metric is NA in every run, counted.
  EXPECT_EQ(summary["points"][0]["metrics"]["tenth_transfer_bytes"]["missing"], 6) << pandas.output;
}

TEST_F(SweepMetrics, KeepReportsKeepsEachRunsOutputsAndMergeMatches) {
  const CliResult whole = sweep(at("whole"), std::string(kOptions) + " --keep-reports");
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  EXPECT_TRUE(fs::exists(at("whole") / "runs" / "p1-16" / "report.json"));
  EXPECT_TRUE(fs::exists(at("whole") / "runs" / "p0-11" / "report.html"));
  // A run whose kept report went missing is run again, not skipped.
  fs::remove_all(at("whole") / "runs" / "p0-12");
  const CliResult again = sweep(at("whole"), std::string(kOptions) + " --keep-reports");
  EXPECT_NE(again.output.find("skipped 11 finished runs; 1 to run"), std::string::npos) << again.output;
  EXPECT_TRUE(fs::exists(at("whole") / "runs" / "p0-12" / "report.json"));

  ASSERT_EQ(sweep(at("s1"), std::string(kOptions) + " --shard 1/2").exit_code, 0);
  ASSERT_EQ(sweep(at("s2"), std::string(kOptions) + " --shard 2/2").exit_code, 0);
  const CliResult m =
      run_cmsim("merge " + shell_quote(at("s1")) + " " + shell_quote(at("s2")) + " --out " + shell_quote(at("merged")));
  ASSERT_EQ(m.exit_code, 0) << m.output;
  for (const char* name : {"runs.csv", "summary.json", "sweep.html"})
    EXPECT_EQ(read_file(at("whole") / name), read_file(at("merged") / name)) << name;
}

TEST_F(SweepMetrics, ALogGetsAProgressLineEveryTenPercent) {
  // The test's stderr is a pipe, as in CI or a Slurm log: lines, not a redrawn bar.
  const CliResult r = sweep(at("out"), " --replicas 10 --jobs 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("sweep: 1/10 runs done (10 %)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("sweep: 9/10 runs done (90 %)"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find('\r'), std::string::npos) << r.output;
}

TEST_F(SweepMetrics, BadMetricOptionsAreExitTwo) {
  const CliResult not_number = sweep(at("a"), " --replicas 2 --jobs 1 --metric name=/scenario");
  EXPECT_EQ(not_number.exit_code, 2) << not_number.output;
  EXPECT_NE(not_number.output.find("--metric name=/scenario: report.json has string"), std::string::npos)
      << not_number.output;
  EXPECT_NE(not_number.output.find("1/2 runs done, 1 failed"), std::string::npos)  // no second run started
      << not_number.output;
  EXPECT_FALSE(fs::exists(at("a") / "runs.csv"));
  const CliResult syntax = sweep(at("b"), " --replicas 2 --metric x=nope");
  EXPECT_EQ(syntax.exit_code, 2) << syntax.output;
  EXPECT_NE(syntax.output.find("'nope' is not a JSON pointer"), std::string::npos) << syntax.output;
  const CliResult builtin = sweep(at("c"), " --replicas 2 --metric transfers=/duration_s");
  EXPECT_EQ(builtin.exit_code, 2) << builtin.output;
  const CliResult update = sweep(at("d"), " --replicas 2 --update 9999");
  EXPECT_EQ(update.exit_code, 2) << update.output;
  EXPECT_NE(update.output.find("--update '9999' is not an update"), std::string::npos) << update.output;
  for (const char* d : {"b", "c", "d"}) EXPECT_FALSE(fs::exists(at(d))) << d;
}

}  // namespace
}  // namespace cmsim::test
