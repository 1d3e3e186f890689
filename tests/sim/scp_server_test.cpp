// The service connection point's own server as a computer of its own: named remote servers,
// moving from one to another, the server going down and coming back, and the Baltimore root
// that is in use only after the computer restarts (docs/modelling.md §2.8, §6.2).
#include "sim_harness.hpp"

namespace cmsim::test {
namespace {

constexpr double kDay_s = 86400;
constexpr double kFirstCheck_s = 300;  // model.first_check_delay: a server that starts checks 5 min later

Json remote_scenario() {
  Json s = base_scenario();
  s["scp"]["server"] = "remote";
  return s;
}

std::vector<double> checks_between(const Json& report, double from_s, double to_s) {
  std::vector<double> out;
  for (const double t : check_times(report))
    if (t >= from_s && t < to_s) out.push_back(t);
  return out;
}

bool log_on(const Json& full, const std::string& site, const std::string& file, const std::string& needle) {
  for (const Json& l : full["logs"])
    if (l["site"] == site && l["file"] == file && l["text"].get<std::string>().find(needle) != std::string::npos)
      return true;
  return false;
}

TEST(ScpServer, MovesFromOneRemoteServerToAnotherAndLogsThere) {
  Json s = remote_scenario();
  s = with_release(s, "3d");
  s["events"] = Json::parse(R"([{"at": "1d12h", "do": "move_scp", "server": "remote", "computer": "CMSCP02"},
                                {"at": "4d", "do": "install_update"}])");
  const Json full = simulate_with_logs(s);
  const Json& r = full["report"];
  const Json& placements = r["scp"]["placements"];
  ASSERT_EQ(placements.size(), 2u);
  EXPECT_EQ(placements[0]["server"], "CAS-SCP");
  EXPECT_EQ(placements[1]["server"], "CMSCP02");
  EXPECT_TRUE(any_log_contains(full, "sitecomp.log", "Uninstalling the service connection point from CAS-SCP"));
  EXPECT_TRUE(any_log_contains(full, "sitecomp.log", "Installing the service connection point on CMSCP02"));
  // The update offered after the move is downloaded to the new server and, at Install, copied
  // from there to the site server.
  bool downloaded_there = false, copied_from_there = false;
  for (const Json& t : r["transfers"]) {
    downloaded_there |= t["what"] == "payload 2409" && t["to"] == "CMSCP02";
    copied_from_there |= t["from"] == "CMSCP02" && t["link"] == "CMSCP02-lan";
  }
  EXPECT_TRUE(downloaded_there);
  EXPECT_TRUE(copied_from_there);
  EXPECT_TRUE(log_on(full, "CMSCP02", "dmpdownloader.log", "SMS_DMP_DOWNLOADER started"));
}

// The role's server is down over its daily check: no check happens while it is down; when it
// is back, its SMS_EXECUTIVE starts the downloader, which has not synced for more than a day
// and checks shortly after, then every 24 hours from there. The site server is not affected.
TEST(ScpServer, ItsOutageSkipsTheCheckAndItChecksWhenBack) {
  Json s = remote_scenario();
  s["events"] = Json::parse(R"([{"at": "23h", "do": "site_down", "site": "CAS", "computer": "CAS-SCP", "for": "3h"}])");
  const Json r = simulate_report(s);
  EXPECT_TRUE(checks_between(r, 23 * 3600, 26 * 3600).empty());
  const auto after = checks_between(r, 26 * 3600, 3 * kDay_s);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0], 26 * 3600 + kFirstCheck_s);
  EXPECT_EQ(after[1], after[0] + kDay_s);
  bool recorded = false;
  for (const Json& f : r["faults"]) recorded |= f["kind"] == "site_down" && f["target"] == "CAS-SCP";
  EXPECT_TRUE(recorded);
}

// The remote server's SMS_EXECUTIVE starting again is a restart of the role's downloader: a
// pending switch to offline takes effect then; the site server's reboot would not do it.
TEST(ScpServer, ComingBackAppliesAPendingModeSwitch) {
  Json s = remote_scenario();
  s["events"] = Json::parse(R"([
    {"at": "1d", "do": "set_scp_mode", "mode": "offline"},
    {"at": "1d2h", "do": "site_down", "site": "CAS", "for": "10m"},
    {"at": "2d", "do": "site_down", "site": "CAS", "computer": "CAS-SCP", "for": "10m"}])");
  const Json r = simulate_report(s);
  EXPECT_EQ(effective_mode_at(r, 1.5 * kDay_s), "online");
  EXPECT_EQ(effective_mode_at(r, 2 * kDay_s + 601), "offline");
}

// KB 3187516: "Restart the computer" after importing the root. On a remote SCP, that is the
// SCP's own server; a service restart or the site server's reboot leaves the checks failing.
TEST(ScpServer, AnImportedBaltimoreRootIsUsedAfterTheScpServerRestarts) {
  Json s = remote_scenario();
  s["internet"] = Json::parse(R"({"root_certs": {"baltimore": "missing"}})");
  s["events"] = Json::parse(R"([
    {"at": "12h", "do": "set_root_cert", "cert": "baltimore", "state": "ok"},
    {"at": "13h", "do": "restart_component", "site": "CAS", "component": "SMS_EXECUTIVE", "server": "scp"},
    {"at": "14h", "do": "site_down", "site": "CAS", "for": "10m"},
    {"at": "2d6h", "do": "site_down", "site": "CAS", "computer": "CAS-SCP", "for": "10m"}])");
  const Json r = simulate_report(s);
  const auto ok = check_times(r, "ok");
  ASSERT_FALSE(ok.empty());
  EXPECT_EQ(ok.front(), 2.25 * kDay_s + 600 + kFirstCheck_s);
  EXPECT_GE(check_times(r, "failed").size(), 3u);
}

// Install while the SCP's own server is down: HMAN cannot copy the payload from its share
// ("Failed to calculate hash"); when the server is back the package creation runs again and
// the update installs. Nothing waits for an admin's retry.
TEST(ScpServer, AnInstallWhileItIsDownCopiesThePayloadWhenItIsBack) {
  Json s = remote_scenario();
  s = with_release(s, "0s", "1GB");
  s["events"] = Json::parse(R"([{"at": "2d", "do": "site_down", "site": "CAS", "computer": "CAS-SCP", "for": "1h"},
                                {"at": "2d10m", "do": "install_update"}])");
  const Json full = simulate_with_logs(s);
  const Json& r = full["report"];
  std::vector<Json> copies;
  for (const Json& t : r["transfers"])
    if (t["what"] == "easy setup payload copy 2409") copies.push_back(t);
  ASSERT_EQ(copies.size(), 2u);
  EXPECT_EQ(copies[0]["outcome"], "failed");
  EXPECT_EQ(copies[1]["outcome"], "ok");
  EXPECT_EQ(copies[1]["start_t_s"], 2 * kDay_s + 3600);
  EXPECT_TRUE(any_log_contains(full, "hman.log", "Failed to calculate hash"));
  const Json* u = find_update(r, "2409");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ((*u)["state"], "Installed");
}

// [TSU] "Avoid the below actions": reinstalling the role while an update is in process. The
// move still happens; the admin is warned, and the new server downloads the update again.
TEST(ScpServer, MovingWhileAnUpdateDownloadsIsWarnedAbout) {
  Json s = base_scenario();
  s = with_release(s, "0s", "20GB");
  s["events"] = Json::parse(R"([{"at": "20m", "do": "move_scp", "server": "remote"}])");
  const Json full = simulate_with_logs(s);
  const Json& r = full["report"];
  int warnings = 0;
  for (const Json& m : r["status_messages"]) warnings += m["message_id"] == 3314;
  EXPECT_EQ(warnings, 1);
  EXPECT_TRUE(any_log_contains(full, "sitecomp.log", "while update 2409 is in process (Downloading)"));
  const Json* u = find_update(r, "2409");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ((*u)["state"], "Ready to install");
  bool to_new_server = false;
  for (const Json& t : r["transfers"])
    to_new_server |= t["what"] == "payload 2409" && t["to"] == "CAS-SCP" && t["outcome"] == "ok";
  EXPECT_TRUE(to_new_server);
}

}  // namespace
}  // namespace cmsim::test
