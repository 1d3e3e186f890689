// The service connection tool's logs and its 2002 known issue (docs/modelling.md §3.6).
#include "sim_harness.hpp"

namespace cmsim::test {
namespace {

Json offline_2002() {
  Json s = base_scenario();
  s["version"] = "2002";
  s["scp"]["mode"] = "offline";
  s["releases"] = Json::parse(R"([{"version": "2006", "available": "0s", "min_version": "1910",
                                   "payload": "100MB", "redists": "10MB"}])");
  return s;
}

std::vector<std::string> lines_of(const Json& full, const std::string& site, const std::string& file) {
  std::vector<std::string> out;
  for (const Json& l : full["logs"])
    if (l["site"] == site && l["file"] == file) out.push_back(l["text"]);
  return out;
}

TEST(SctKnownIssue, OnVersion2002TheDefaultConnectBringsNothingAndSiteVersionDoes) {
  Json s = offline_2002();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "sct_prepare"}, {"at": "1d6h", "do": "sct_connect"},
                                {"at": "1d12h", "do": "sct_import"}])");
  const Json broken = simulate_report(s);
  EXPECT_TRUE(broken["updates"].empty());
  s["events"][1]["download"] = "site_version";
  const Json fixed = simulate_report(s);
  ASSERT_EQ(fixed["updates"].size(), 1u);
  EXPECT_EQ(fixed["updates"][0]["state"], "Ready to install");
}

TEST(SctLogs, EachRunReplacesTheToolsLogOnTheComputerItRunsOn) {
  Json s = offline_2002();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "sct_prepare"},
                                {"at": "1d6h", "do": "sct_connect", "download": "site_version"},
                                {"at": "1d12h", "do": "sct_import"}])");
  const Json full = simulate_with_logs(s);
  // Prepare's line is gone from the SCP server's log: the import overwrote it.
  const auto on_scp = lines_of(full, "CAS", "ServiceConnectionTool.log");
  ASSERT_FALSE(on_scp.empty());
  for (const std::string& l : on_scp) EXPECT_EQ(l.find("Usage data of site version"), std::string::npos) << l;
  EXPECT_NE(on_scp.back().find("Imported update pack"), std::string::npos);
  // Connect ran on the internet-connected PC, with setupdl's ConfigMgrSetup.log there.
  const auto on_pc = lines_of(full, "CONNECT-PC", "ServiceConnectionTool.log");
  ASSERT_FALSE(on_pc.empty());
  EXPECT_NE(on_pc.front().find("ConfigMgr.Update.Manifest.cab"), std::string::npos);
  const auto setup = lines_of(full, "CONNECT-PC", "ConfigMgrSetup.log");
  ASSERT_FALSE(setup.empty());
  EXPECT_NE(setup.back().find("setupdl.exe: Finish"), std::string::npos);
}

}  // namespace
}  // namespace cmsim::test
