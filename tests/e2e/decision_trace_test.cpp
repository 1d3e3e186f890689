// `cmsim run --log=CATEGORY.thres:verbose` traces one module's decisions on stderr, and
// tracing changes nothing in the outputs.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
const fs::path kScenario = fs::path(CMSIM_SOURCE_DIR) / "scenarios" / "examples" / "cas-two-primaries.json";

TEST(DecisionTrace, OneModulesCategoryShowsThatModulesDecisionsOnly) {
  TempDir dir;
  const CliResult r = run_cmsim("run " + kScenario.string() + " --out " + (dir.path() / "a").string() +
                                " --log cmsim_sender.thres:verbose");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("[cmsim_sender/VERBOSE] CAS: start easy setup package 2409 to P01"), std::string::npos)
      << r.output.substr(0, 2000);
  EXPECT_EQ(r.output.find("[cmsim_rollout/"), std::string::npos) << "only the sender was asked for";
}

TEST(DecisionTrace, TheRootCategoryTracesEveryModuleAndTheOutputsStayTheSame) {
  TempDir dir;
  const CliResult quiet = run_cmsim("run " + kScenario.string() + " --out " + (dir.path() / "quiet").string());
  const CliResult traced = run_cmsim("run " + kScenario.string() + " --out " + (dir.path() / "traced").string() +
                                     " --log cmsim.thres:verbose");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.output;
  ASSERT_EQ(traced.exit_code, 0) << traced.output;
  EXPECT_EQ(quiet.output.find("/VERBOSE]"), std::string::npos) << "silent unless asked";
  for (const char* category : {"cmsim_sender", "cmsim_rollout", "cmsim_dmp_downloader", "cmsim_scp"})
    EXPECT_NE(traced.output.find(std::string("[") + category + "/VERBOSE]"), std::string::npos) << category;
  EXPECT_EQ(read_file(dir.path() / "quiet" / "report.json"), read_file(dir.path() / "traced" / "report.json"));
}

}  // namespace
}  // namespace cmsim::test
