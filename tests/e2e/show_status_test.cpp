// Monitoring > Updates and Servicing Status > Show Status as a run records it (docs/modelling.md
// §3.5, §4.6): per site the phases in the console's order, each with its steps and outcome,
// the Download phase at the top tier, post-installation tasks that wait for every site.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

using Json = nlohmann::json;

Json run_report(const TempDir& dir, const std::string& scenario_path) {
  const auto out = dir.path() / "o";
  const CliResult r = run_cmsim("run " + scenario_path + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return Json::parse(read_file(out / "report.json"));
}

std::string source(const std::string& relative) { return std::string(CMSIM_SOURCE_DIR) + "/" + relative; }

const Json& update(const Json& report, const std::string& version) {
  for (const Json& u : report["updates"])
    if (u["version"] == version) return u;
  throw std::runtime_error("no update " + version);
}

const Json& site(const Json& u, const std::string& code) {
  for (const Json& s : u["sites"])
    if (s["site"] == code) return s;
  throw std::runtime_error("no site " + code);
}

const Json* phase(const Json& s, const std::string& name) {
  for (const Json& p : s["phases"])
    if (p["phase"] == name) return &p;
  return nullptr;
}

const Json* step(const Json& p, const std::string& name) {
  for (const Json& s : p["steps"])
    if (s["name"] == name) return &s;
  return nullptr;
}

TEST(ShowStatus, AnInstalledUpdateShowsEveryPhaseInTheConsolesOrder) {
  TempDir dir;
  const Json r = run_report(dir, source("scenarios/examples/cas-two-primaries.json"));
  const Json& u = update(r, "2409");
  EXPECT_EQ(u["downloaded_at"], "CAS");
  EXPECT_EQ(u["download_phase"]["status"], "Complete");
  EXPECT_EQ(u["download_phase"]["end_t_s"], u["ready_to_install_t_s"]);
  std::vector<std::string> order;
  for (const Json& p : site(u, "P01")["phases"]) order.push_back(p["phase"]);
  EXPECT_EQ(order,
            (std::vector<std::string>{"Replication", "Prerequisites Check", "Installation", "Post Installation"}));
  const Json* install = phase(site(u, "P01"), "Installation");
  ASSERT_TRUE(install);
  EXPECT_EQ((*install)["status"], "Complete");
  EXPECT_EQ((*install)["end_t_s"], site(u, "P01")["installed_t_s"]);
  EXPECT_EQ((*install)["steps"].front()["name"], "Extract Update package");
  EXPECT_TRUE(step(*install, "Upgrade ConfigMgr database"));
  EXPECT_TRUE(step(*install, "Wait for the parent site"));  // a child primary waits for the CAS
  // Secondaries: the upgrade files from the parent, then the upgrade; no prerequisite check of their own.
  const Json& secondary = site(u, "S11");
  EXPECT_TRUE(phase(secondary, "Replication"));
  EXPECT_FALSE(phase(secondary, "Prerequisites Check"));
  EXPECT_FALSE(phase(secondary, "Post Installation"));
}

TEST(ShowStatus, PostInstallationWaitsForEverySiteAndTheCasSeesUnupgradedChildren) {
  TempDir dir;
  const Json r = run_report(dir, source("scenarios/examples/cas-two-primaries.json"));
  const Json& u = update(r, "2409");
  const Json* post = phase(site(u, "CAS"), "Post Installation");
  ASSERT_TRUE(post);
  // docs/modelling.md §4.2: Completed with warning while the child primaries are not yet upgraded.
  EXPECT_EQ((*step(*post, "Monitoring replication initialization"))["status"], "Completed with warning");
  const Json* features = step(*post, "Turning on Features");
  ASSERT_TRUE(features);
  EXPECT_GE((*features)["end_t_s"].get<double>(), u["all_sites_t_s"].get<double>());
  EXPECT_EQ((*post)["status"], "Completed with warning");
  EXPECT_FALSE(step(*phase(site(u, "P01"), "Post Installation"), "Turning on Features"));  // top tier only
}

TEST(ShowStatus, APrerequisiteOnlyRunLeavesInstallationInProgressWithOnlyTheExtraction) {
  TempDir dir;
  Json scenario = Json::parse(read_file(source("scenarios/regression/prereq-check-only-then-install.json")));
  scenario["events"].erase(1);  // no Install afterwards
  scenario.erase("expect");
  const Json r = run_report(dir, dir.write("only.json", scenario.dump()).string());
  const Json& cas = site(update(r, "2409"), "CAS");
  EXPECT_EQ((*phase(cas, "Prerequisites Check"))["status"], "Complete");
  const Json* install = phase(cas, "Installation");
  ASSERT_TRUE(install);
  EXPECT_EQ((*install)["status"], "In progress");
  ASSERT_EQ((*install)["steps"].size(), 1u);
  EXPECT_EQ((*install)["steps"][0]["name"], "Extract Update package");
  EXPECT_FALSE(phase(cas, "Post Installation"));
}

TEST(ShowStatus, AStopOnWarningsAndTheAdminsIgnoreShowAsTwoChecks) {
  TempDir dir;
  const Json r = run_report(dir, source("scenarios/regression/prereq-warning-ignored-later.json"));
  const Json& p01 = site(update(r, "2409"), "P01");
  const Json* check = phase(p01, "Prerequisites Check");
  ASSERT_TRUE(check);
  EXPECT_EQ((*check)["status"], "Completed with warning");
  ASSERT_EQ((*check)["steps"].size(), 2u);  // stopped, then checked again after the button
  EXPECT_GT((*check)["steps"][1]["start_t_s"].get<double>(), 86400.0);
  EXPECT_EQ((*phase(p01, "Installation"))["status"], "Complete");
}

}  // namespace
}  // namespace cmsim::test
