// The service connection point's lifecycle rules (docs/modelling.md §2.1-§2.3, §2.8), one
// documented rule per test.
#include <gtest/gtest.h>

#include "models/scp_lifecycle.hpp"

namespace cmsim {
namespace {

ScpRole role_at(const std::string& site, ScpServer server, ScpMode mode = ScpMode::online) {
  Scenario s;
  Scp scp;
  scp.site = site;
  scp.server = server;
  scp.mode = mode;
  s.scp = scp;
  return initial_scp_role(s);
}

TEST(ScpLifecycle, ScenarioRoleStartsInstalledInItsConfiguredMode) {
  const ScpRole role = role_at("CAS", ScpServer::remote, ScpMode::offline);
  EXPECT_TRUE(role.installed);
  EXPECT_EQ(role.server, ScpServer::remote);
  EXPECT_EQ(role.mode.effective, ScpMode::offline);
  EXPECT_FALSE(role.mode.pending());
  const Scenario without_scp;
  EXPECT_FALSE(initial_scp_role(without_scp).installed);
}

TEST(ScpLifecycle, ModeChangeWaitsForARestartOfTheDownloaderOrExecutive) {
  ScpRole role = role_at("CAS", ScpServer::site);
  EXPECT_FALSE(configure_mode(role, ScpMode::offline).refusal);
  EXPECT_EQ(role.mode.effective, ScpMode::online);
  const ScpChange change =
      restart_scp(role, {RestartCause::dmp_downloader_restart, "CAS", RestartTarget::site_server, ""});
  EXPECT_TRUE(change.mode_switched);
  EXPECT_TRUE(change.start_downloader);
  EXPECT_EQ(role.mode.effective, ScpMode::offline);
}

TEST(ScpLifecycle, EveryDocumentedRestartOfALocalRoleAppliesTheSwitch) {
  for (RestartCause cause : {RestartCause::dmp_downloader_restart, RestartCause::executive_restart,
                             RestartCause::site_reboot, RestartCause::backup_task}) {
    ScpRole role = role_at("PS1", ScpServer::site);
    configure_mode(role, ScpMode::offline);
    EXPECT_TRUE(restart_scp(role, {cause, "PS1", RestartTarget::site_server, ""}).mode_switched) << describe(cause);
  }
}

TEST(ScpLifecycle, ARestartAtAnotherSiteDoesNotReachTheRole) {
  ScpRole role = role_at("CAS", ScpServer::site);
  configure_mode(role, ScpMode::offline);
  EXPECT_FALSE(
      restart_scp(role, {RestartCause::executive_restart, "PS1", RestartTarget::site_server, ""}).start_downloader);
  EXPECT_EQ(role.mode.effective, ScpMode::online);
}

TEST(ScpLifecycle, ARemoteRoleRestartsOnlyOnItsOwnServer) {
  ScpRole role = role_at("CAS", ScpServer::remote);
  configure_mode(role, ScpMode::offline);
  for (RestartCause cause : {RestartCause::dmp_downloader_restart, RestartCause::executive_restart,
                             RestartCause::site_reboot, RestartCause::backup_task})
    EXPECT_FALSE(restart_reaches_scp(role, {cause, "CAS", RestartTarget::site_server, ""})) << describe(cause);
  EXPECT_FALSE(restart_reaches_scp(role, {RestartCause::backup_task, "CAS", RestartTarget::scp_server, ""}));
  EXPECT_TRUE(restart_scp(role, {RestartCause::executive_restart, "CAS", RestartTarget::scp_server, ""}).mode_switched);
}

TEST(ScpLifecycle, IntuneRefusesOfflineAndKeepsTheRoleOnline) {
  ScpRole role = role_at("CAS", ScpServer::site);
  role.settings.intune = true;
  const ScpChange change = configure_mode(role, ScpMode::offline);
  ASSERT_TRUE(change.refusal);
  EXPECT_NE(change.refusal->find("Intune"), std::string::npos);
  EXPECT_EQ(role.mode.configured, ScpMode::online);
}

TEST(ScpLifecycle, InstallIsRefusedAwayFromTheTopTierOrWhenOneExists) {
  ScpRole role = role_at("PS1", ScpServer::site);
  EXPECT_TRUE(install_scp(role, "PS1", ScpServer::site, RemoteAccess::site_server_admin, "PS1").refusal);
  uninstall_scp(role, 10);
  const ScpChange away = install_scp(role, "PS2", ScpServer::site, RemoteAccess::site_server_admin, "PS1");
  ASSERT_TRUE(away.refusal);
  EXPECT_FALSE(role.installed);
  EXPECT_EQ(role.uninstalled_t_s, 10);
}

TEST(ScpLifecycle, AReinstallRunsInTheConfiguredMode) {
  ScpRole role = role_at("PS1", ScpServer::site);
  uninstall_scp(role, 10);
  configure_mode(role, ScpMode::offline);
  const ScpChange change = install_scp(role, "PS1", ScpServer::site, RemoteAccess::site_server_admin, "PS1");
  EXPECT_TRUE(change.mode_switched);
  EXPECT_FALSE(change.moved);  // the same server: its content and secret are still there
  EXPECT_EQ(role.mode.effective, ScpMode::offline);
}

TEST(ScpLifecycle, MovingLeavesTheContentAndLastSyncBehindAndNeedsTheSecretRenewed) {
  ScpRole role = role_at("CAS", ScpServer::site);
  role.settings.tenant_attach = true;
  record_sync(role, 3600);
  const ScpChange change = move_scp(role, ScpServer::remote, RemoteAccess::installation_account, "CAS");
  ASSERT_FALSE(change.refusal);
  EXPECT_TRUE(change.moved && change.payload_left_behind && change.secret_invalidated);
  EXPECT_TRUE(change.stop_downloader && change.start_downloader);
  EXPECT_EQ(role.server, ScpServer::remote);
  EXPECT_EQ(role.settings.remote_access, RemoteAccess::installation_account);
  EXPECT_FALSE(role.last_sync_t_s);
  EXPECT_FALSE(role.tenant_secret_valid);
  EXPECT_FALSE(renew_tenant_secret(role).refusal);
  EXPECT_TRUE(role.tenant_secret_valid);
  EXPECT_TRUE(renew_tenant_secret(role).refusal);  // nothing left to renew
}

TEST(ScpLifecycle, WithoutTenantAttachAMoveHasNoSecretToRenew) {
  ScpRole role = role_at("CAS", ScpServer::remote);
  EXPECT_FALSE(move_scp(role, ScpServer::site, RemoteAccess::site_server_admin, "CAS").secret_invalidated);
  EXPECT_TRUE(role.tenant_secret_valid);
}

TEST(ScpLifecycle, MoveIsRefusedWhenThereIsNothingToMoveOrNowhereNew) {
  ScpRole role = role_at("CAS", ScpServer::site);
  EXPECT_TRUE(move_scp(role, ScpServer::site, RemoteAccess::site_server_admin, "CAS").refusal);
  uninstall_scp(role, 5);
  EXPECT_TRUE(move_scp(role, ScpServer::remote, RemoteAccess::site_server_admin, "CAS").refusal);
  EXPECT_FALSE(role.installed);
}

TEST(ScpLifecycle, ReinstallingAtTheNewCasCountsAsAMove) {
  ScpRole role = role_at("PS1", ScpServer::site);
  role.settings.tenant_attach = true;
  uninstall_scp(role, 5);
  const ScpChange change = install_scp(role, "CAS", ScpServer::site, RemoteAccess::site_server_admin, "CAS");
  EXPECT_TRUE(change.moved);
  EXPECT_TRUE(change.secret_invalidated);
}

TEST(ScpLifecycle, UsageLevelChangesForTheNextUpload) {
  ScpRole role = role_at("CAS", ScpServer::site);
  set_usage_level(role, UsageLevel::full);
  EXPECT_EQ(role.settings.usage_level, UsageLevel::full);
}

TEST(ScpLifecycle, PlatformBuildsEveryRemoteServerTheRoleIsOnOrMovedTo) {
  Scenario s;
  s.sites = {Site{"CAS", SiteType::cas, "", {}, PrereqOutcome::passed}};
  EXPECT_TRUE(remote_scp_servers(s).empty());
  Event move;
  move.verb = EventVerb::move_scp;
  move.scp_server = ScpServer::remote;
  s.events.push_back(move);
  move.computer = "CAS-SCP2";
  s.events.push_back(move);
  s.events.push_back(move);  // named twice, built once
  const auto servers = remote_scp_servers(s);
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0].computer, "CAS-SCP");  // the default name
  EXPECT_EQ(servers[1].computer, "CAS-SCP2");
  EXPECT_EQ(servers[1].site, "CAS");
}

// Seed "Move the role": from one remote server to another is a move like any other.
TEST(ScpLifecycle, MovingFromOneRemoteServerToAnotherIsAMove) {
  ScpRole role = role_at("CAS", ScpServer::remote);
  EXPECT_EQ(role.computer, "CAS-SCP");
  EXPECT_TRUE(move_scp(role, ScpServer::remote, RemoteAccess::site_server_admin, "CAS").refusal);  // same one
  const ScpChange change = move_scp(role, ScpServer::remote, RemoteAccess::site_server_admin, "CAS", "CAS-SCP2");
  ASSERT_FALSE(change.refusal);
  EXPECT_TRUE(change.moved && change.payload_left_behind && change.stop_downloader);
  EXPECT_EQ(role.computer, "CAS-SCP2");
  EXPECT_TRUE(move_scp(role, ScpServer::remote, RemoteAccess::site_server_admin, "CAS", "CAS-SCP2").refusal);
  EXPECT_FALSE(move_scp(role, ScpServer::site, RemoteAccess::site_server_admin, "CAS").refusal);
  EXPECT_EQ(role.computer, "");
}

// A remote server coming back from an outage starts its own SMS_EXECUTIVE: that applies a
// pending mode switch to the role on it, and no other server's reboot does.
TEST(ScpLifecycle, OnlyTheRolesOwnRemoteServerComingBackRestartsIt) {
  ScpRole role = role_at("CAS", ScpServer::remote);
  configure_mode(role, ScpMode::offline);
  const ScpRestart other{RestartCause::scp_server_reboot, "CAS", RestartTarget::scp_server, "CAS-SCP2"};
  EXPECT_FALSE(restart_reaches_scp(role, other));
  EXPECT_FALSE(restart_reaches_scp(role, {RestartCause::site_reboot, "CAS", RestartTarget::site_server, ""}));
  const ScpChange change =
      restart_scp(role, {RestartCause::scp_server_reboot, "CAS", RestartTarget::scp_server, "CAS-SCP"});
  EXPECT_TRUE(change.start_downloader && change.mode_switched);
  const ScpRole local = role_at("CAS", ScpServer::site);
  EXPECT_FALSE(restart_reaches_scp(local, other));
}

TEST(ScpLifecycle, AnUpdateIsInProcessWhileItDownloadsChecksOrInstalls) {
  EXPECT_TRUE(update_in_process(UpdateState::downloading));
  EXPECT_TRUE(update_in_process(UpdateState::checking_prerequisites));
  EXPECT_TRUE(update_in_process(UpdateState::installing));
  EXPECT_FALSE(update_in_process(UpdateState::available_to_download));
  EXPECT_FALSE(update_in_process(UpdateState::ready_to_install));
  EXPECT_FALSE(update_in_process(UpdateState::installed));
}

}  // namespace
}  // namespace cmsim
