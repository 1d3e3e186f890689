// The service connection point role as one lifecycle (docs/modelling.md §2.1-§2.3, §2.8):
// its state, and the documented rules that change it as pure functions. The actor that runs
// the role (sim/actors/scp_service) applies them and acts on what they return; nothing
// else writes the role's state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "scp_modes.hpp"
#include "update_state.hpp"

namespace cmsim {

struct ScpRole {
  bool installed = false;
  std::string site;  // where the role is, or was last installed
  ScpServer server = ScpServer::site;
  std::string computer;  // the remote server's name ("<SITE>-SCP" by default); "" on the site server
  Scp settings;          // the scenario's, or install_scp's defaults; `settings.server` is not used
  ScpModeState mode;
  // The cadence counts from the start of the last sync on this server (docs/modelling.md §3.3).
  std::optional<double> last_sync_t_s;
  std::optional<double> uninstalled_t_s;
  // The Microsoft Entra app's secret key can be read on the role's server; false from a
  // move until the admin renews it (docs/modelling.md §2.8).
  bool tenant_secret_valid = true;
  // The server the role last ran on, so a reinstall elsewhere counts as a move.
  std::string last_site;
  ScpServer last_server = ScpServer::site;
  std::string last_computer;
};

// What one lifecycle step did, for the actor to act on. A refusal changes nothing else.
struct ScpChange {
  std::optional<std::string> refusal;
  bool mode_switched = false;        // the effective mode changed
  bool start_downloader = false;     // SMS_DMP_DOWNLOADER (re)starts on the role's server
  bool stop_downloader = false;      // it stops (uninstall, or the old server of a move)
  bool moved = false;                // the role now runs on another server than before
  bool payload_left_behind = false;  // downloaded content stayed on the old server
  bool secret_invalidated = false;   // tenant attach fails until renew_tenant_secret
};

// What a restart is and where it happens; whether it reaches the role is the model's call.
struct ScpRestart {
  RestartCause cause = RestartCause::executive_restart;
  std::string site;
  RestartTarget server = RestartTarget::site_server;
  std::string computer;  // scp_server: which remote server; "" for the one the role is on
};

ScpRole initial_scp_role(const Scenario& scenario);

// A remote SCP server's name: the one given, or "<SITE>-SCP" (assumed default).
std::string scp_computer_name(const std::string& site, const std::string& given);
// The remote SCP servers the platform needs, in first-named order: the scenario's remote
// role and those events install or move the role to (all at the initial top tier; the
// loader refuses others).
struct RemoteScpServer {
  std::string site;
  std::string computer;
};
std::vector<RemoteScpServer> remote_scp_servers(const Scenario& scenario);

// docs/modelling.md §2.1: one role, at the top tier. A reinstall runs in the configured mode.
// `computer` names a remote server ("" for the default name).
ScpChange install_scp(ScpRole& role, const std::string& site, ScpServer server, RemoteAccess access,
                      const std::string& top_tier, const std::string& computer = "");
ScpChange uninstall_scp(ScpRole& role, double now_s);
// docs/modelling.md §2.8: uninstall, then install on another server of the same site: the
// site server, or a remote one (another remote one when it is already remote).
ScpChange move_scp(ScpRole& role, ScpServer to, RemoteAccess access, const std::string& top_tier,
                   const std::string& computer = "");
// docs/modelling.md §2.2-§2.3: which restarts re-read the configured mode, on which server.
bool restart_reaches_scp(const ScpRole& role, const ScpRestart& restart);
ScpChange restart_scp(ScpRole& role, const ScpRestart& restart);
// docs/modelling.md §2.3: only the configured mode changes; Intune refuses offline.
ScpChange configure_mode(ScpRole& role, ScpMode mode);
// docs/modelling.md §2.5: the next upload collects at the new level.
ScpChange set_usage_level(ScpRole& role, UsageLevel level);
ScpChange renew_tenant_secret(ScpRole& role);
// [TSU] "Avoid the below actions": "Service Connection Point reinstallation if an update is
// in process": the update states during which an install or move of the role is warned about.
bool update_in_process(UpdateState console_state);
void record_sync(ScpRole& role, double started_s);

}  // namespace cmsim
