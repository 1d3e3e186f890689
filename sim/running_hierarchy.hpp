// The product's services of one run, and what restarts them. SMS_EXECUTIVE restarting on
// a server (by an admin, a reboot or the backup task) restarts every thread it hosts there.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/db_replication.hpp"
#include "sim/actors/expansion.hpp"
#include "sim/actors/rollout.hpp"
#include "sim/actors/scp_service.hpp"
#include "sim/actors/sender.hpp"
#include "sim/actors/service_connection_tool.hpp"
#include "sim/fault_injector.hpp"

namespace cmsim {

class RunningHierarchy {
 public:
  RunningHierarchy(World& world, const FaultPlan& plan);

  void start();
  // SMS_EXECUTIVE restarted on the server of `site`.
  // docs/modelling.md §2.3: the console's notification of a cloud-side configuration change,
  // which an SMS_EXECUTIVE restart on the SCP's server clears.
  void cloud_config_changed();
  // `server`: which computer of the site restarted (a remote SCP's own, or the site server).
  void executive_restarted(const std::string& site, RestartCause cause,
                           RestartTarget server = RestartTarget::site_server);
  void component_restarted(const std::string& site, const std::string& component,
                           RestartTarget server = RestartTarget::site_server);
  // A remote SCP server of `site` is back from an outage: its own SMS_EXECUTIVE starts.
  void scp_server_rebooted(const std::string& site, const std::string& computer);
  // docs/modelling.md §6.2: set_root_cert on the SCP's computer.
  void root_cert_set(const std::string& cert, CertState state);

  // The admin's Install at the top tier (`version` empty: the newest Ready to install).
  void install_update(const std::string& version);
  void upgrade_secondary(const std::string& site);
  void retry_content_replication();
  // The console's other actions on an update (docs/modelling.md §4.3-4.4).
  void run_prerequisite_check(const std::string& version);
  void ignore_prerequisite_warnings();
  void retry_installation(const std::string& site);

  Sender& sender(const std::string& site);

  World& world;
  DbReplication drs;
  ScpService scp;
  ServiceConnectionTool sct;
  FaultInjector faults;
  Expansion expansion;

 private:
  // What a restart that reaches the role does: the cloud configuration and an imported root
  // are picked up, the downloader restarts.
  void restart_role(const ScpRestart& restart);
  UpdateProgress* installable(const std::string& version) const;
  bool hierarchy_on_one_version() const;
  bool rollout_in_progress() const;
  // The update whose install is on its way to the primaries ("" when none).
  std::string installing_update() const;
  void start_rollout(UpdateProgress& update, RolloutRequest request);
  Rollout* rollout_of(const UpdateProgress& update) const;
  // Why the top tier cannot start `update` now, or empty.
  std::string refusal(const UpdateProgress* update, const std::string& version) const;
  void schedule_policy_install(UpdateProgress& update);

  std::map<std::string, std::unique_ptr<Sender>> senders_;
  std::vector<std::unique_ptr<Rollout>> rollouts_;
  std::vector<std::string> queued_installs_;      // asked for while another rollout was running
  std::vector<std::string> waiting_secondaries_;  // upgrades asked for before their parent had a new version
};

}  // namespace cmsim
