// A site server that is down when something is sent to it is a modelled failure, never a
// crash: SimGrid used to abort the whole run (CommImpl "to_->is_on()") whenever a comm
// started towards a host that was off. Outages are swept across every phase of a rollout
// (download, snapshot, sending, install, secondary upgrade) and random site-server faults
// over many seeds; each run must finish with a sane report.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

Json example() {
  std::ifstream in(std::string(CMSIM_SOURCE_DIR) + "/scenarios/examples/cas-two-primaries.json");
  return Json::parse(in);
}

// Runs `scenario`; expects exit 0 and a report whose every transfer row is closed.
Json run_and_read(const TempDir& dir, const Json& scenario, const std::string& label) {
  const fs::path file = dir.write("scenario.json", scenario.dump());
  const fs::path out = dir.path() / "out";
  const CliResult r = run_cmsim("run " + file.string() + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 0) << label << "\n" << r.output.substr(0, 1500);
  if (r.exit_code != 0) return Json();
  std::ifstream in(out / "report.json");
  Json report = Json::parse(in);
  for (const Json& t : report["transfers"]) {
    EXPECT_FALSE(t["outcome"].get<std::string>().empty()) << label << ": " << t.dump();
    if (t["end_t_s"].is_number()) {
      EXPECT_GE(t["end_t_s"].get<double>(), t["start_t_s"].get<double>()) << label;
    }
  }
  return report;
}

TEST(SiteServerOutage, AnOutageInEveryPhaseOfTheRolloutIsSurvivedAndTheSiteCatchesUp) {
  TempDir dir;
  for (const char* site : {"CAS", "P01", "P02", "S11"}) {
    for (int hour = 0; hour < 40 * 24; hour += 43) {
      Json scenario = example();
      scenario["events"] =
          Json::array({{{"at", std::to_string(hour) + "h"}, {"do", "site_down"}, {"site", site}, {"for", "2d"}}});
      const std::string label = std::string(site) + " down at " + std::to_string(hour) + "h";
      const Json report = run_and_read(dir, scenario, label);
      if (report.is_null()) continue;
      // The outage ends weeks before the horizon: every site gets the version all the same.
      for (const Json& s : report["sites"])
        EXPECT_NE(s["final_version"], s["initial_version"]) << label << ": " << s["code"];
    }
  }
}

TEST(SiteServerOutage, RandomSiteServerFaultsNeverAbortARun) {
  TempDir dir;
  Json scenario = example();
  scenario["faults"] = {{"random", {{{"target", "site_servers"}, {"mtbf", "5d"}, {"mttr", "3d"}}}}};
  for (int seed = 1; seed <= 40; ++seed) {
    scenario["seed"] = seed;
    run_and_read(dir, scenario, "seed " + std::to_string(seed));
  }
}

TEST(SiteServerOutage, FailedSendingsNameTheDownServer) {
  TempDir dir;
  Json scenario = example();
  scenario["faults"] = {{"random", {{{"target", "site_servers"}, {"mtbf", "5d"}, {"mttr", "3d"}}}}};
  std::size_t down = 0;
  for (int seed = 1; seed <= 10; ++seed) {
    scenario["seed"] = seed;
    const Json report = run_and_read(dir, scenario, "seed " + std::to_string(seed));
    for (const Json& t : report.value("transfers", Json::array())) down += t.value("reason", "") == "site server down";
  }
  EXPECT_GT(down, 0u) << "with servers down a third of the time, some sending must have met one";
}

TEST(SiteServerOutage, AddingASiteUnderTheCasOfARefusedExpansionIsRefusedWithAStatusMessage) {
  TempDir dir;
  const Json scenario = Json::parse(R"({"format": "cmsim-scenario/1", "name": "add-after-refusal", "duration": "10d",
    "version": "2403", "sites": [{"code": "PS1", "type": "primary"}], "scp": {"site": "PS1", "mode": "online"},
    "events": [{"at": "2d", "do": "expand_to_cas", "code": "CAS"},
               {"at": "3d", "do": "add_site", "site": {"code": "P02", "type": "primary", "parent": "CAS"}}]})");
  const Json report = run_and_read(dir, scenario, "add_site after a refused expansion");
  ASSERT_FALSE(report.is_null());
  bool refused = false;
  for (const Json& m : report["status_messages"])
    refused = refused || (m["message_id"] == 3306 && m["severity"] == "error");
  EXPECT_TRUE(refused) << report["status_messages"].dump();
  EXPECT_EQ(report["sites"].size(), 1u) << "P02 must not have joined";
}

}  // namespace
}  // namespace cmsim::test
