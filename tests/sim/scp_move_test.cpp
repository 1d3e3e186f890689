// Moving the service connection point, renewing the Entra secret and changing the usage data
// level, as a run shows them (docs/modelling.md §2.5, §2.8).
#include "sim_harness.hpp"

namespace cmsim::test {
namespace {

constexpr double kDay_s = 86400;

int status_count(const Json& report, int id) {
  int n = 0;
  for (const Json& m : report["status_messages"]) n += m["message_id"] == id;
  return n;
}

std::vector<Json> transfers_named(const Json& report, const std::string& what) {
  std::vector<Json> out;
  for (const Json& t : report["transfers"])
    if (t["what"] == what) out.push_back(t);
  return out;
}

TEST(ScpMove, ToItsOwnServerTheNewServerDownloadsAndLogs) {
  Json s = with_release(base_scenario(), "3d");
  s["events"] = Json::parse(R"([{"at": "1d12h", "do": "move_scp", "server": "remote",
                                 "remote_access": "installation_account"}])");
  const Json full = simulate_with_logs(s);
  const Json& r = full["report"];
  const Json& placements = r["scp"]["placements"];
  ASSERT_EQ(placements.size(), 2u);
  EXPECT_EQ(placements[0]["server"], "CAS");
  EXPECT_EQ(placements[1]["server"], "CAS-SCP");
  EXPECT_EQ(placements[1]["t_s"], 1.5 * kDay_s);
  EXPECT_EQ(status_count(r, 3311), 1);
  // The new server has never synced: it checks shortly after starting, then every 24 hours.
  std::vector<double> after;
  for (const double t : check_times(r))
    if (t >= 1.5 * kDay_s) after.push_back(t);
  ASSERT_GE(after.size(), 2u);
  EXPECT_EQ(after[0], 1.5 * kDay_s + 300);
  EXPECT_EQ(after[1], after[0] + kDay_s);
  // The update it downloads crosses to the new server, and its logs are there.
  const auto payloads = transfers_named(r, "payload 2409");
  ASSERT_EQ(payloads.size(), 1u);
  EXPECT_EQ(payloads[0]["to"], "CAS-SCP");
  EXPECT_TRUE(any_log_contains(full, "sitecomp.log", "Uninstalling the service connection point from CAS"));
  EXPECT_TRUE(any_log_contains(full, "sitecomp.log", "Installing the service connection point on CAS-SCP"));
}

TEST(ScpMove, AReadyUpdatesPayloadStaysBehindAndIsDownloadedAgain) {
  Json s = with_release(base_scenario(), "0s");
  s["events"] = Json::parse(R"([{"at": "2d", "do": "move_scp", "server": "remote"}])");
  const Json full = simulate_with_logs(s);
  const Json& r = full["report"];
  const auto payloads = transfers_named(r, "payload 2409");
  ASSERT_EQ(payloads.size(), 2u);
  EXPECT_EQ(payloads[0]["to"], "CAS");
  EXPECT_EQ(payloads[1]["to"], "CAS-SCP");
  const Json* u = find_update(r, "2409");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ((*u)["state"], "Ready to install");
  bool back_to_available = false;
  for (const Json& st : (*u)["states"])
    back_to_available |= st["state"] == "Available to download" && st["t_s"] == 2 * kDay_s;
  EXPECT_TRUE(back_to_available);
  EXPECT_TRUE(any_log_contains(full, "hman.log", "stays on the former service connection point server"));
}

TEST(ScpMove, TenantAttachFailsUntilTheSecretIsRenewed) {
  Json s = base_scenario();
  s["scp"]["tenant_attach"] = true;
  s["version"] = "2403";
  s["events"] = Json::parse(R"([{"at": "1d12h", "do": "move_scp", "server": "remote"},
                                {"at": "3d12h", "do": "renew_tenant_secret"}])");
  const Json full = simulate_with_logs(s);
  const Json& r = full["report"];
  // Checks at 1d12h5m and 2d12h5m fail to authenticate; from 3d12h5m on they work.
  EXPECT_EQ(status_count(r, 3312), 2);
  EXPECT_EQ(status_count(r, 3313), 1);
  const Json& gaps = r["scp"]["tenant_secret_gaps"];
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0]["from_t_s"], 1.5 * kDay_s);
  EXPECT_EQ(gaps[0]["renewed_t_s"], 3.5 * kDay_s);
  EXPECT_TRUE(any_log_contains(full, "CMGatewaySyncUploadWorker.log", "AADSTS7000215"));
  std::string last_connector_status;
  double critical_at = -1;
  for (const Json& c : r["component_status"])
    if (c["component"] == "SMS_SERVICE_CONNECTOR") {
      if (c["status"] == "critical" && critical_at < 0) critical_at = c["t_s"];
      last_connector_status = c["status"];
    }
  EXPECT_GT(critical_at, 1.5 * kDay_s);
  EXPECT_EQ(last_connector_status, "ok");
}

TEST(ScpMove, WithoutTenantAttachThereIsNoSecretGap) {
  Json s = base_scenario();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "move_scp", "server": "remote"}])");
  const Json r = simulate_report(s);
  EXPECT_TRUE(r["scp"]["tenant_secret_gaps"].empty());
  EXPECT_EQ(status_count(r, 3312), 0);
}

TEST(ScpMove, RefusedToTheServerItIsOnOrWithoutARole) {
  Json s = base_scenario();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "move_scp", "server": "site"},
                                {"at": "2d", "do": "uninstall_scp"},
                                {"at": "3d", "do": "move_scp", "server": "remote"}])");
  const Json r = simulate_report(s);
  EXPECT_EQ(status_count(r, 3307), 2);
  EXPECT_EQ(status_count(r, 3311), 0);
  EXPECT_TRUE(r["scp"]["placements"].back()["server"].is_null());
}

TEST(ScpMove, APendingModeSwitchTakesEffectOnTheNewServer) {
  Json s = base_scenario();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "set_scp_mode", "mode": "offline"},
                                {"at": "2d", "do": "move_scp", "server": "remote"}])");
  const Json r = simulate_report(s);
  EXPECT_EQ(effective_mode_at(r, 1.5 * kDay_s), "online");
  EXPECT_EQ(effective_mode_at(r, 2 * kDay_s), "offline");
  EXPECT_EQ(r["scp"]["modes"].back()["cause"], "move_scp");
}

TEST(ScpUsageLevel, TheNextUploadHasTheNewLevelsSize) {
  Json s = base_scenario();
  s["duration"] = "3d";
  s["events"] = Json::parse(R"([{"at": "1d1h", "do": "set_usage_level", "level": "full"}])");
  const Json full = simulate_with_logs(s);
  std::vector<std::string> sizes;
  for (const Json& l : full["logs"])
    if (l["file"] == "dmpuploader.log") sizes.push_back(l["text"]);
  ASSERT_GE(sizes.size(), 3u);
  EXPECT_NE(sizes[1].find("size = 1000000"), std::string::npos) << sizes[1];  // the 1d check: enhanced
  EXPECT_NE(sizes[2].find("size = 5000000"), std::string::npos) << sizes[2];  // the 2d check: full
  EXPECT_TRUE(any_log_contains(full, "SMSProv.log", "usage data level set to Full"));
}

}  // namespace
}  // namespace cmsim::test
