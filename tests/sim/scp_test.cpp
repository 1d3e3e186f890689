// The service connection point as an admin sees it: when checks happen, which mode is in
// force after each kind of restart, what gets downloaded, and the offline tool.
#include <gtest/gtest.h>

#include "sim_harness.hpp"

namespace cmsim::test {
namespace {

constexpr double kDay = 86400.0;
constexpr double kFirstCheck = 300.0;  // default first_check_delay

Json with_events(Json scenario, const Json& events) {
  scenario["events"] = events;
  return scenario;
}

// ---- Configured vs effective mode for each restart path ----------------------------------

TEST(ScpModes, WithoutARestartTheSwitchNeverTakesEffect) {
  const Json r = simulate_report(with_events(base_scenario(), Json::parse(R"([
    {"at": "2d6h", "do": "set_scp_mode", "mode": "offline"}])")));
  EXPECT_EQ(effective_mode_at(r, 9 * kDay), "online");
  ASSERT_EQ(r["scp"]["modes"].size(), 2u);
  EXPECT_EQ(r["scp"]["modes"][1]["configured"], "offline");
  EXPECT_EQ(r["scp"]["modes"][1]["effective"], "online");
  // The daily cadence goes on undisturbed: a check every 24 h from the first.
  const auto checks = check_times(r, "ok");
  ASSERT_EQ(checks.size(), 10u);
  for (std::size_t i = 0; i < checks.size(); ++i) EXPECT_DOUBLE_EQ(checks[i], kFirstCheck + i * kDay);
}

struct RestartPath {
  const char* name;
  const char* event;  // JSON of the restart event, or nullptr when the backup task is the restart
  double effective_at_s;
  const char* cause;
  double checks_until_s;  // when the thread stops: the restart, or the server going down
};

void PrintTo(const RestartPath& p, std::ostream* os) { *os << p.name; }

class ScpRestartPaths : public ::testing::TestWithParam<RestartPath> {};

TEST_P(ScpRestartPaths, OfflineTakesEffectAtTheRestartAndChecksStop) {
  Json s = base_scenario();
  s["events"] = Json::array({Json::parse(R"({"at": "2d6h", "do": "set_scp_mode", "mode": "offline"})")});
  if (GetParam().event)
    s["events"].push_back(Json::parse(GetParam().event));
  else
    s["maintenance"]["backup"] = {{"enabled", true}, {"daily_at", "02:00"}};
  const Json r = simulate_report(s);
  const Json& last = r["scp"]["modes"].back();
  EXPECT_EQ(last["effective"], "offline");
  EXPECT_DOUBLE_EQ(last["t_s"].get<double>(), GetParam().effective_at_s);
  EXPECT_EQ(last["cause"], GetParam().cause);
  EXPECT_EQ(effective_mode_at(r, GetParam().effective_at_s - 1), "online");
  // Daily checks before the restart, none after it.
  const auto checks = check_times(r);
  const auto before = static_cast<std::size_t>((GetParam().checks_until_s - kFirstCheck) / kDay) + 1;
  ASSERT_EQ(checks.size(), before) << r["scp"]["checks"].dump();
  for (std::size_t i = 0; i < checks.size(); ++i) EXPECT_DOUBLE_EQ(checks[i], kFirstCheck + i * kDay);
}

INSTANTIATE_TEST_SUITE_P(
    Paths, ScpRestartPaths,
    ::testing::Values(
        RestartPath{"thread",
                    R"({"at": "3d", "do": "restart_component", "site": "CAS", "component": "SMS_DMP_DOWNLOADER"})",
                    3 * kDay, "SMS_DMP_DOWNLOADER restart", 3 * kDay},
        RestartPath{"executive", R"({"at": "3d", "do": "restart_service", "site": "CAS", "service": "SMS_EXECUTIVE"})",
                    3 * kDay, "SMS_EXECUTIVE restart", 3 * kDay},
        RestartPath{"backup", nullptr, 3 * kDay + 2 * 3600, "Backup Site Server task", 3 * kDay + 2 * 3600},
        RestartPath{"reboot", R"({"at": "3d", "do": "site_down", "site": "CAS", "for": "1h"})", 3 * kDay + 3600,
                    "site server reboot", 3 * kDay}),
    [](const ::testing::TestParamInfo<RestartPath>& info) { return std::string(info.param.name); });

TEST(ScpModes, AModeChosenWhileTheRoleWasGoneTakesEffectAtTheReinstallAndIsRecorded) {
  const Json r = simulate_report(with_events(base_scenario(), Json::parse(R"([
    {"at": "1d", "do": "uninstall_scp"},
    {"at": "2d", "do": "set_scp_mode", "mode": "offline"},
    {"at": "3d", "do": "install_scp", "site": "CAS"}])")));
  const Json& last = r["scp"]["modes"].back();
  EXPECT_EQ(last["configured"], "offline");
  EXPECT_EQ(last["effective"], "offline");
  EXPECT_EQ(last["cause"], "install_scp");
  EXPECT_DOUBLE_EQ(last["t_s"].get<double>(), 3 * kDay);
  EXPECT_EQ(effective_mode_at(r, 2.5 * kDay), "online") << "nothing restarted while the role was gone";
  for (double t : check_times(r)) EXPECT_LT(t, 3 * kDay) << "offline after the reinstall: no more checks";
}

TEST(ScpModes, RestartingAnotherComponentDoesNotApplyTheSwitch) {
  const Json r = simulate_report(with_events(base_scenario(), Json::parse(R"([
    {"at": "2d6h", "do": "set_scp_mode", "mode": "offline"},
    {"at": "3d", "do": "restart_component", "site": "CAS", "component": "SMS_SENDER"}])")));
  EXPECT_EQ(effective_mode_at(r, 9 * kDay), "online");
}

TEST(ScpModes, BackOnlineTheFirstCheckComesOnceTheIntervalHasPassed) {
  Json s = base_scenario();
  s["scp"]["mode"] = "offline";
  s["events"] = Json::parse(R"([
    {"at": "2d", "do": "set_scp_mode", "mode": "online"},
    {"at": "2d1h", "do": "restart_component", "site": "CAS", "component": "SMS_DMP_DOWNLOADER"}])");
  const Json r = simulate_report(s);
  EXPECT_TRUE(check_times(r).size() >= 1);
  // Never synced before: shortly after the restart, then daily.
  EXPECT_DOUBLE_EQ(check_times(r)[0], 2 * kDay + 3600 + kFirstCheck);
  EXPECT_DOUBLE_EQ(check_times(r)[1], 3 * kDay + 3600 + kFirstCheck);
}

TEST(ScpChecks, ManualCheckForUpdatesRunsAtOnce) {
  const Json r = simulate_report(with_events(base_scenario(), Json::parse(R"([
    {"at": "1d6h", "do": "check_for_updates"}])")));
  const auto checks = check_times(r);
  ASSERT_GE(checks.size(), 3u);
  EXPECT_DOUBLE_EQ(checks[2], kDay + 6 * 3600);
}

// ---- Downloads --------------------------------------------------------------------------

TEST(ScpDownload, PayloadTimeMatchesTheLinkWithinFivePercent) {
  Json s = base_scenario();
  s["internet"] = {{"bandwidth", "100Mbps"}, {"latency", "40ms"}};
  s["releases"] = Json::parse(R"([{"version": "2409", "available": "0s", "min_version": "2303",
                                   "payload": "1GB", "redists": "250MB"}])");
  const Json r = simulate_report(s);
  const Json* payload = nullptr;
  for (const Json& t : r["transfers"])
    if (t["what"] == "payload 2409") payload = &t;
  ASSERT_NE(payload, nullptr) << r["transfers"].dump();
  const double took = (*payload)["end_t_s"].get<double>() - (*payload)["start_t_s"].get<double>();
  const double analytic = 1e9 / (100e6 / 8) + 0.040;  // 80.04 s
  EXPECT_NEAR(took, analytic, 0.05 * analytic);
  EXPECT_EQ((*payload)["outcome"], "ok");
  const Json* update = find_update(r, "2409");
  ASSERT_NE(update, nullptr);
  EXPECT_EQ((*update)["state"], "Ready to install");
  EXPECT_GT((*update)["ready_to_install_t_s"].get<double>(), (*payload)["end_t_s"].get<double>());
}

TEST(ScpApplicability, SiteAt2303IsOffered2409And2503But2509IsNot) {
  Json s = base_scenario();
  s.erase("releases");
  s["version"] = "2303";
  s["start"] = "2026-01-05T00:00:00Z";  // after 2509's release, before 2603's
  s["duration"] = "1d";
  const Json r = simulate_report(s);
  EXPECT_NE(find_update(r, "2409"), nullptr);
  EXPECT_NE(find_update(r, "2503"), nullptr);
  EXPECT_EQ(find_update(r, "2509"), nullptr);
  EXPECT_EQ(r["scp"]["checks"][0]["offered"], "2503");  // the latest applicable is taken
  EXPECT_EQ((*find_update(r, "2503"))["state"], "Ready to install");
}

TEST(ScpApplicability, SiteAt2409TakesTheLatest2509) {
  Json s = base_scenario();
  s.erase("releases");
  s["version"] = "2409";
  s["start"] = "2026-01-05T00:00:00Z";
  s["duration"] = "1d";
  const Json r = simulate_report(s);
  EXPECT_NE(find_update(r, "2503"), nullptr);
  ASSERT_NE(find_update(r, "2509"), nullptr);
  EXPECT_EQ((*find_update(r, "2509"))["state"], "Ready to install");
  EXPECT_EQ((*find_update(r, "2503"))["state"], "Available to download");
}

TEST(ScpApplicability, NothingIsOfferedBeforeItReachesTheCloud) {
  Json s = base_scenario();
  s["releases"] = Json::parse(R"([{"version": "2409", "available": "3d", "min_version": "2303"}])");
  const Json r = simulate_report(s);
  const Json* update = find_update(r, "2409");
  ASSERT_NE(update, nullptr);
  EXPECT_GE((*update)["available_t_s"].get<double>(), 3 * kDay);
  EXPECT_LT((*update)["available_t_s"].get<double>(), 4 * kDay);
}

TEST(ScpRestart, RestartMidDownloadCancelsItAndTheNextCheckStartsAgain) {
  Json s = base_scenario();
  s["internet"] = {{"bandwidth", "10Mbps"}};
  s["releases"] = Json::parse(R"([{"version": "2409", "available": "0s", "min_version": "2303", "payload": "2GB"}])");
  s["events"] = Json::parse(R"([{"at": "30m", "do": "restart_service", "site": "CAS", "service": "SMS_EXECUTIVE"}])");
  const Json r = simulate_report(s);
  ASSERT_GE(r["transfers"].size(), 2u);
  EXPECT_EQ(r["transfers"][0]["outcome"], "cancelled");
  EXPECT_DOUBLE_EQ(r["transfers"][0]["end_t_s"].get<double>(), 1800.0);
  EXPECT_EQ(r["transfers"][1]["outcome"], "ok");
  // "Hasn't synced recently": the restarted thread waits out the interval from the last sync.
  EXPECT_NEAR(r["transfers"][1]["start_t_s"].get<double>(), kFirstCheck + kDay, 200.0);
  EXPECT_EQ(r["scp"]["checks"][0]["outcome"], "interrupted");
}

TEST(ScpWithout, AHierarchyWithoutAnScpGetsNoUpdates) {
  Json s = base_scenario();
  s.erase("scp");
  s.erase("releases");
  const Json r = simulate_report(s);
  EXPECT_TRUE(r["scp"]["checks"].empty());
  EXPECT_TRUE(r["transfers"].empty());
  EXPECT_TRUE(r["updates"].empty());
  EXPECT_TRUE(r["scp"]["site"].is_null());
}

// ---- Offline: the service connection tool ------------------------------------------------

Json offline_scenario(const Json& events) {
  Json s = base_scenario();
  s["scp"]["mode"] = "offline";
  s["releases"] = Json::parse(R"([{"version": "2409", "available": "0s", "min_version": "2303", "payload": "1GB"}])");
  s["events"] = events;
  return s;
}

TEST(ScpOffline, NothingMovesUntilImportAndNoChecksRun) {
  const Json r = simulate_report(offline_scenario(Json::parse(R"([
    {"at": "1d", "do": "sct_prepare"},
    {"at": "2d", "do": "sct_connect"},
    {"at": "3d", "do": "sct_import"}])")));
  EXPECT_TRUE(r["scp"]["checks"].empty());
  for (const Json& t : r["transfers"]) {
    EXPECT_GE(t["start_t_s"].get<double>(), 2 * kDay) << "nothing moves before the connect step";
    EXPECT_EQ(t["what"].get<std::string>().rfind("sct ", 0), 0u);
  }
  const Json* update = find_update(r, "2409");
  ASSERT_NE(update, nullptr);
  // Ready to install only once the import (10 minutes by default) has finished.
  EXPECT_DOUBLE_EQ((*update)["ready_to_install_t_s"].get<double>(), 3 * kDay + 600);
  EXPECT_EQ((*update)["state"], "Ready to install");
}

TEST(ScpOffline, ImportWithoutConnectBringsNothing) {
  const Json r = simulate_report(offline_scenario(Json::parse(R"([
    {"at": "1d", "do": "sct_prepare"},
    {"at": "3d", "do": "sct_import"}])")));
  EXPECT_TRUE(r["updates"].empty());
  EXPECT_TRUE(r["transfers"].empty());
}

TEST(ScpOffline, ConsoleCheckDoesNothingOffline) {
  const Json r = simulate_report(offline_scenario(Json::parse(R"([{"at": "1d", "do": "check_for_updates"}])")));
  ASSERT_EQ(r["scp"]["checks"].size(), 1u);
  EXPECT_EQ(r["scp"]["checks"][0]["outcome"], "skipped");
  EXPECT_TRUE(r["transfers"].empty());
}

// ---- Intune and the role's place (docs/modelling.md §2.2) ------------------------------------

bool has_status(const Json& report, int id) {
  for (const Json& m : report["status_messages"])
    if (m["message_id"] == id) return true;
  return false;
}

Json one_update(Json s) {
  s["releases"] = Json::parse(R"([{"version": "2409", "available": "0s", "min_version": "2303",
                                   "payload": "100MB", "redists": "0"}])");
  return s;
}

TEST(ScpIntune, WithASubscriptionOfflineIsRefusedAndTheRoleStaysOnline) {
  Json s = base_scenario();
  s["scp"]["intune"] = true;
  s["events"] = Json::parse(R"([{"at": "1d", "do": "set_scp_mode", "mode": "offline"},
                                {"at": "1d1h", "do": "restart_service", "service": "SMS_EXECUTIVE", "site": "CAS"}])");
  const Json full = simulate_with_logs(s);
  const Json& r = full["report"];
  EXPECT_EQ(effective_mode_at(r, 5 * 86400.0), "online");
  for (const Json& m : r["scp"]["modes"]) EXPECT_EQ(m["configured"], "online") << m;
  EXPECT_TRUE(has_status(r, 3308));
  EXPECT_TRUE(any_log_contains(full, "SMSProv.log", "Intune subscription requires online mode"));
  EXPECT_EQ(check_times(r, "ok").size(), check_times(r).size());  // every check ran online
}

TEST(ScpIntune, HmanValidatesTheCmuFileWithNoIntuneSubscriptionOnlyWithoutOne) {
  const Json without = simulate_with_logs(one_update(base_scenario()));
  EXPECT_TRUE(any_log_contains(without, "hman.log", "with no intune subscription."));
  Json s = one_update(base_scenario());
  s["scp"]["intune"] = true;
  const Json with = simulate_with_logs(s);
  EXPECT_FALSE(any_log_contains(with, "hman.log", "with no intune subscription."));
  EXPECT_NE(find_update(with["report"], "2409"), nullptr);  // the update still comes
}

TEST(ScpPlace, InstallingTheRoleBelowTheTopTierIsRefusedWithAStatusAndTheExpansionSaysWhy) {
  Json s = base_scenario();
  s["sites"] = Json::parse(R"([{"code": "PS1", "type": "primary"}])");
  s["scp"] = {{"site", "PS1"}, {"mode", "online"}};
  s["events"] = Json::parse(R"([{"at": "1d", "do": "uninstall_scp"},
                                {"at": "1d1h", "do": "expand_to_cas", "code": "CAS"},
                                {"at": "3d", "do": "install_scp", "site": "PS1"}])");
  const Json r = simulate_report(s);
  EXPECT_TRUE(has_status(r, 3307));
  ASSERT_EQ(r["expansions"].size(), 1u);
  EXPECT_EQ(r["expansions"][0]["status"], "waiting_for_scp");
  const std::string reason = r["expansions"][0]["reason"];
  EXPECT_NE(reason.find("install_scp on PS1"), std::string::npos) << reason;
  EXPECT_NE(reason.find("not the top-tier site"), std::string::npos) << reason;
}

// docs/modelling.md §2.6: a required endpoint out of reach raises 11488 and turns the connector
// critical even when the updates sync itself works.
TEST(ScpEndpoints, ABlockedCriticalTenantAttachEndpointRaises11488AndKeepsTheConnectorCritical) {
  Json s = one_update(base_scenario());
  s["version"] = "2409";
  s["releases"][0]["version"] = "2503";
  s["releases"][0]["min_version"] = "2403";
  s["scp"]["tenant_attach"] = true;
  s["internet"] = {{"blocked", {"aka.ms/configmgrgateway"}}};
  const Json r = simulate_report(s);
  EXPECT_TRUE(has_status(r, 11412));
  EXPECT_TRUE(has_status(r, 11488));
  std::string last;
  for (const Json& c : r["component_status"])
    if (c["component"] == "SMS_SERVICE_CONNECTOR") last = c["status"];
  EXPECT_EQ(last, "critical");
  ASSERT_NE(find_update(r, "2503"), nullptr);
  EXPECT_EQ((*find_update(r, "2503"))["state"], "Ready to install");  // the sync worked
}

// KB 3187516: without the Baltimore root the upload to the Intune service fails as well.
TEST(ScpEndpoints, WithoutTheBaltimoreRootTheUsageUploadFailsToo) {
  Json s = base_scenario();
  s["internet"] = {{"root_certs", {{"baltimore", "missing"}, {"digicert_g2", "ok"}}}};
  const Json r = simulate_report(s);
  EXPECT_TRUE(has_status(r, 9607));
}

// The "Log files" article: the SCP's logs are on the SCP computer, so a remote SCP writes them
// under its own server's folder; HMAN's stay on the site server.
TEST(ScpRemote, ItsLogsAreUnderItsOwnServersFolder) {
  Json s = one_update(base_scenario());
  s["scp"] = Json::parse(R"({"site": "CAS", "server": "remote", "remote_access": "site_server_admin",
                             "mode": "online", "lan": {"bandwidth": "100Mbps", "latency": "1ms"}})");
  const Json full = simulate_with_logs(s);
  std::size_t on_scp = 0, on_site = 0, hman_on_site = 0;
  for (const Json& l : full["logs"]) {
    if (l["file"] == "dmpdownloader.log" || l["file"] == "dmpuploader.log")
      (l["site"] == "CAS-SCP" ? on_scp : on_site)++;
    if (l["file"] == "hman.log" && l["site"] == "CAS") ++hman_on_site;
  }
  EXPECT_GT(on_scp, 0u);
  EXPECT_EQ(on_site, 0u);
  EXPECT_GT(hman_on_site, 0u);
  // The download flowchart: its notifications go through MP\OUTBOXES\MCM.box and MPFDM.
  EXPECT_TRUE(any_log_contains(full, "dmpdownloader.log", "MP\\OUTBOXES\\MCM.box\\___CMU"));
  EXPECT_TRUE(any_log_contains(full, "mpfdm.log", "inboxes\\hman.box\\ForwardingMsg\\___CMU"));
  const Json local = simulate_with_logs(one_update(base_scenario()));
  EXPECT_TRUE(any_log_contains(local, "dmpdownloader.log", "hman.box\\ForwardingMsg\\___CMU"));
  EXPECT_FALSE(any_log_contains(local, "mpfdm.log", "ForwardingMsg"));
}

// docs/modelling.md §2.2: a remote SCP's SMS_DMP_DOWNLOADER runs under its own server's
// SMS_EXECUTIVE; restarting the site server's leaves the pending switch pending.
TEST(ScpRemote, OnlyARestartOnItsOwnServerAppliesTheSwitch) {
  Json s = base_scenario();
  s["scp"] = Json::parse(R"({"site": "CAS", "server": "remote", "remote_access": "site_server_admin",
                             "mode": "online", "lan": {"bandwidth": "100Mbps", "latency": "1ms"}})");
  s["events"] = Json::parse(R"([{"at": "1d", "do": "set_scp_mode", "mode": "offline"},
                                {"at": "2d", "do": "restart_service", "site": "CAS", "service": "SMS_EXECUTIVE"},
                                {"at": "3d", "do": "restart_service", "site": "CAS", "service": "SMS_EXECUTIVE",
                                 "server": "scp"}])");
  const Json r = simulate_report(s);
  EXPECT_EQ(effective_mode_at(r, 2 * 86400.0 + 3600), "online");
  EXPECT_EQ(effective_mode_at(r, 3 * 86400.0 + 3600), "offline");
}

TEST(ScpRemote, TheConsoleNotificationClearsOnlyWithARestartOnTheScpServer) {
  Json s = base_scenario();
  s["scp"] = Json::parse(R"({"site": "CAS", "server": "remote", "remote_access": "site_server_admin",
                             "mode": "online", "lan": {"bandwidth": "100Mbps", "latency": "1ms"}})");
  s["events"] = Json::parse(R"([{"at": "12h", "do": "console_notification"},
                                {"at": "1d12h", "do": "restart_service", "site": "CAS", "service": "SMS_EXECUTIVE"},
                                {"at": "3d12h", "do": "restart_component", "site": "CAS",
                                 "component": "SMS_EXECUTIVE", "server": "scp"}])");
  const Json r = simulate_report(s);
  std::vector<std::string> outcomes;
  for (const Json& c : r["scp"]["checks"]) outcomes.push_back(c["outcome"]);
  // checks at 1d, 2d, 3d fail (the site server's restart does not help); from 4d they work
  ASSERT_GE(outcomes.size(), 5u);
  EXPECT_EQ(outcomes[1], "failed");
  EXPECT_EQ(outcomes[2], "failed");
  EXPECT_EQ(outcomes.back(),
            "ok");  // The notification itself is in the outputs, not only its effect, and so is its end.
  EXPECT_TRUE(has_status(r, 3309));
  EXPECT_TRUE(has_status(r, 3310));
}

}  // namespace
}  // namespace cmsim::test
