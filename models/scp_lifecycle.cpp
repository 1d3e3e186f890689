#include "scp_lifecycle.hpp"

#include "scp_role.hpp"

namespace cmsim {
namespace {

// The role starts (again) on a server: SMS_DMP_DOWNLOADER reads the configured mode, and a
// server it did not run on before has neither its downloaded content nor the Entra secret.
ScpChange start_on(ScpRole& role, const std::string& site, ScpServer server, const std::string& computer) {
  ScpChange change;
  change.mode_switched = role.mode.pending();
  role.mode.effective = role.mode.configured;
  const bool ran_before = !role.last_site.empty();
  change.moved = ran_before && (role.last_site != site || role.last_server != server || role.last_computer != computer);
  if (change.moved) {
    change.payload_left_behind = true;
    role.last_sync_t_s.reset();  // the new server has never synced: it checks soon after starting
    if (role.settings.tenant_attach) {
      role.tenant_secret_valid = false;
      change.secret_invalidated = true;
    }
  }
  role.installed = true;
  role.site = site;
  role.server = server;
  role.computer = computer;
  role.last_site = site;
  role.last_server = server;
  role.last_computer = computer;
  change.start_downloader = true;
  return change;
}

// The loader has checked there is exactly one: the CAS, or else the stand-alone primary.
std::string initial_top_tier(const Scenario& scenario) {
  std::string primary;
  for (const Site& site : scenario.sites) {
    if (site.type == SiteType::cas) return site.code;
    if (site.type == SiteType::primary && primary.empty()) primary = site.code;
  }
  return primary;
}

std::string computer_for(const std::string& site, ScpServer server, const std::string& given) {
  return server == ScpServer::remote ? scp_computer_name(site, given) : std::string();
}

ScpChange refused(std::string why) {
  ScpChange change;
  change.refusal = std::move(why);
  return change;
}

}  // namespace

ScpRole initial_scp_role(const Scenario& scenario) {
  ScpRole role;
  if (!scenario.scp) return role;
  role.installed = true;
  role.settings = *scenario.scp;
  role.site = role.last_site = scenario.scp->site;
  role.server = role.last_server = scenario.scp->server;
  role.computer = role.last_computer = computer_for(role.site, role.server, scenario.scp->computer);
  role.mode = ScpModeState{scenario.scp->mode, scenario.scp->mode};
  return role;
}

std::string scp_computer_name(const std::string& site, const std::string& given) {
  return given.empty() ? site + "-SCP" : given;
}

std::vector<RemoteScpServer> remote_scp_servers(const Scenario& scenario) {
  std::vector<RemoteScpServer> out;
  auto add = [&out](const std::string& site, const std::string& given) {
    const std::string name = scp_computer_name(site, given);
    for (const RemoteScpServer& s : out)
      if (s.computer == name) return;
    out.push_back({site, name});
  };
  if (scenario.scp && scenario.scp->server == ScpServer::remote) add(scenario.scp->site, scenario.scp->computer);
  for (const Event& e : scenario.events)
    if ((e.verb == EventVerb::install_scp || e.verb == EventVerb::move_scp) && e.scp_server == ScpServer::remote)
      add(e.verb == EventVerb::install_scp ? e.site : initial_top_tier(scenario), e.computer);
  return out;
}

ScpChange install_scp(ScpRole& role, const std::string& site, ScpServer server, RemoteAccess access,
                      const std::string& top_tier, const std::string& computer) {
  if (auto why = scp_install_refusal(role.installed, site, top_tier)) return refused(std::move(*why));
  role.settings.remote_access = access;
  return start_on(role, site, server, computer_for(site, server, computer));
}

ScpChange uninstall_scp(ScpRole& role, double now_s) {
  if (!role.installed) return refused("the hierarchy has no service connection point");
  role.installed = false;
  role.uninstalled_t_s = now_s;
  ScpChange change;
  change.stop_downloader = true;
  return change;
}

ScpChange move_scp(ScpRole& role, ScpServer to, RemoteAccess access, const std::string& top_tier,
                   const std::string& computer) {
  if (!role.installed) return refused("the hierarchy has no service connection point to move");
  if (role.site != top_tier) return refused("it is not at the top-tier site");
  const std::string to_computer = computer_for(role.site, to, computer);
  if (role.server == to && role.computer == to_computer) return refused("it is already on that server");
  role.settings.remote_access = access;
  ScpChange change = start_on(role, role.site, to, to_computer);
  change.stop_downloader = true;
  return change;
}

// The role runs under the SMS_EXECUTIVE of the computer that hosts it. A remote SCP's server
// is left alone by the site server's reboot, its backup task and its service restarts.
bool restart_reaches_scp(const ScpRole& role, const ScpRestart& restart) {
  if (!role.installed || restart.site != role.site) return false;
  const bool on_scp_server =
      restart.server == RestartTarget::scp_server && (restart.computer.empty() || restart.computer == role.computer);
  if (role.server == ScpServer::site) return restart.cause != RestartCause::scp_server_reboot;
  switch (restart.cause) {
    case RestartCause::dmp_downloader_restart:
    case RestartCause::executive_restart:
    case RestartCause::scp_server_reboot:
      return on_scp_server;
    case RestartCause::site_reboot:
    case RestartCause::backup_task:
      return false;  // both act on the site server (docs/modelling.md §2.7)
  }
  return false;
}

ScpChange restart_scp(ScpRole& role, const ScpRestart& restart) {
  if (!restart_reaches_scp(role, restart)) return {};
  ScpChange change;
  change.stop_downloader = change.start_downloader = true;
  change.mode_switched = role.mode.apply_restart(restart.cause);
  return change;
}

ScpChange configure_mode(ScpRole& role, ScpMode mode) {
  if (mode == ScpMode::offline && role.settings.intune && role.mode.configured != mode)
    return refused("an Intune subscription requires online mode");
  role.mode.configured = mode;
  return {};
}

ScpChange set_usage_level(ScpRole& role, UsageLevel level) {
  role.settings.usage_level = level;
  return {};
}

ScpChange renew_tenant_secret(ScpRole& role) {
  if (role.tenant_secret_valid) return refused("the secret key is already valid on this server");
  role.tenant_secret_valid = true;
  return {};
}

bool update_in_process(UpdateState s) {
  return s == UpdateState::downloading || s == UpdateState::checking_prerequisites || s == UpdateState::installing;
}

void record_sync(ScpRole& role, double started_s) { role.last_sync_t_s = started_s; }

}  // namespace cmsim
