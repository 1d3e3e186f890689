#include "sim/running_hierarchy.hpp"
#include "sim/spawn.hpp"

#include <simgrid/s4u/Actor.hpp>

#include "models/components.hpp"
#include "models/status_ids.hpp"
#include "models/release_catalog.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_hierarchy, cmsim, "site servers going down and coming back");

namespace cmsim {

namespace sg4 = simgrid::s4u;

RunningHierarchy::RunningHierarchy(World& w, const FaultPlan& plan)
    : world(w),
      drs(w, plan),
      scp(w),
      sct(w),
      faults(w, plan,
             [this](const std::string& site, const std::string& computer) {
               if (computer.empty())
                 executive_restarted(site, RestartCause::site_reboot);
               else
                 scp_server_rebooted(site, computer);
             }),
      expansion(w, scp, [this] { return installing_update(); }) {
  world.on_ready_to_install = [this](UpdateProgress& u) { schedule_policy_install(u); };
}

void RunningHierarchy::start() {
  world.timers.start(world.platform.cloud_host());
  faults.start();
  scp.start("start");
}

Sender& RunningHierarchy::sender(const std::string& site) {
  auto& s = senders_[site];
  if (!s) s = std::make_unique<Sender>(world, site);
  return *s;
}

void RunningHierarchy::executive_restarted(const std::string& site, RestartCause cause, RestartTarget server) {
  XBT_VERB("%s: SMS_EXECUTIVE back after %s", site.c_str(), describe(cause));
  // Whether it reaches the role is the lifecycle's rule (docs/modelling.md §2.2): a remote
  // SCP's server runs its own SMS_EXECUTIVE.
  restart_role({cause, site, server, ""});
  // The remote SCP's own server runs no sender and no update steps of the site.
  if (server == RestartTarget::scp_server && world.scp_remote()) return;
  if (auto it = senders_.find(site); it != senders_.end()) {
    if (cause == RestartCause::site_reboot) {
      it->second->server_rebooted();
    } else {
      it->second->dispatch();
    }
  }
  for (auto& r : rollouts_) r->resume(site);
}

void RunningHierarchy::scp_server_rebooted(const std::string& site, const std::string& computer) {
  XBT_VERB("%s: SMS_EXECUTIVE back after a reboot of %s", site.c_str(), computer.c_str());
  restart_role({RestartCause::scp_server_reboot, site, RestartTarget::scp_server, computer});
  if (world.scp_remote() && world.scp.computer == computer)
    for (auto& r : rollouts_) r->scp_share_back();
}

void RunningHierarchy::restart_role(const ScpRestart& restart) {
  if (!scp.reaches(restart)) return;
  if (world.internet.cloud_config_changed)  // docs/modelling.md §2.3: the restart picks up the new cloud config
    world.rec.status_message(
        world.top_tier, component::kServiceConnector, "dmpdownloader.log", status_id::kCloudConfigPickedUp,
        Severity::info,
        "SMS_EXECUTIVE restarted on " + world.scp_server() + ": the new cloud service configuration is in use.",
        LogFraming::site_server, world.scp_server());
  world.internet.cloud_config_changed = false;
  // KB 3187516: the imported root is in use once the computer restarts, not a service.
  const bool computer_restarted =
      restart.cause == RestartCause::site_reboot || restart.cause == RestartCause::scp_server_reboot;
  if (computer_restarted && root_import_takes_effect(world.internet))
    XBT_VERB("%s restarted: the imported Baltimore CyberTrust Root is in use", world.scp_server().c_str());
  scp.restart(restart);
}

void RunningHierarchy::root_cert_set(const std::string& cert, CertState state) {
  if (set_root_cert(world.internet, cert, state))
    XBT_VERB("Baltimore CyberTrust Root imported on %s; in use after the computer restarts",
             world.scp_server().c_str());
}

void RunningHierarchy::cloud_config_changed() {
  if (!world.internet.cloud_config_changed)
    world.rec.status_message(world.top_tier, component::kServiceConnector, "dmpdownloader.log",
                             status_id::kCloudConfigChanged, Severity::warning,
                             "The cloud service configuration has changed. Restart SMS_EXECUTIVE on " +
                                 world.scp_server() + ", the server that hosts the service connection point.",
                             LogFraming::site_server, world.scp_server());
  world.internet.cloud_config_changed = true;
}

void RunningHierarchy::component_restarted(const std::string& site, const std::string& component,
                                           RestartTarget server) {
  if (component == component::kDmpDownloader) scp.restart({RestartCause::dmp_downloader_restart, site, server, ""});
  const bool site_server = server == RestartTarget::site_server || !world.scp_remote();
  if (component == component::kSender && site_server) sender(site).dispatch();
  if (component == component::kExecutive) executive_restarted(site, RestartCause::executive_restart, server);
}

// docs/modelling.md §2.3 admin policy (assumed automation of the admin's click): install a pack this long
// after it is Ready to install.
void RunningHierarchy::schedule_policy_install(UpdateProgress& update) {
  const auto& after = world.scenario.admin.install_at_top_after_s;
  if (!after) return;
  const std::string name = update.release->name;
  world.timers.after(*after, [this, name] { install_update(name); });
}

UpdateProgress* RunningHierarchy::installable(const std::string& name) const {
  UpdateProgress* best = nullptr;
  for (const Release* r : applicable_updates(world.scenario.releases.catalog, world.top_version(), world.now_unix_s(),
                                             world.installed_hotfixes))
    for (const auto& u : world.updates)
      if (u->release == r && u->downloaded && (name.empty() || r->name == name || r->version == name))
        if (!best || r->kind == ReleaseKind::version) best = u.get();
  return best;
}

// docs/modelling.md §4.2: every CAS and primary must run the same version before an update starts.
bool RunningHierarchy::hierarchy_on_one_version() const {
  for (const Site& s : world.sites)
    if (s.type != SiteType::secondary && world.site_version.at(s.code) != world.top_version()) return false;
  return true;
}

std::string RunningHierarchy::installing_update() const {
  for (const auto& r : rollouts_)
    if (r->holds_installs()) return r->release().name.empty() ? r->release().version : r->release().name;
  return {};
}

bool RunningHierarchy::rollout_in_progress() const {
  for (const auto& r : rollouts_)
    if (r->holds_installs()) return true;
  return false;
}

void RunningHierarchy::install_update(const std::string& version) {
  if (rollout_in_progress()) {
    queued_installs_.push_back(version);
    return;
  }
  UpdateProgress* update = installable(version);
  if (Rollout* checked = update ? rollout_of(*update) : nullptr; checked && checked->prerequisite_check_only()) {
    checked->install_after_prerequisite_check();
    return;
  }
  const std::string why = refusal(update, version);
  if (!why.empty()) {
    world.rec.log(world.top_tier, "hman.log", component::kHierarchyManager, Severity::warning, "WARN: " + why);
    return;
  }
  start_rollout(*update, RolloutRequest::install);
}

std::string RunningHierarchy::refusal(const UpdateProgress* update, const std::string& version) const {
  if (!update)
    return "Install requested for " + (version.empty() ? std::string("the latest update") : version) +
           ", but no such update pack is Ready to install for site version " + world.top_version() + ".";
  if (!hierarchy_on_one_version())
    return "Cannot start the update: not every site server runs version " + world.top_version() + ".";
  return {};
}

// Run prerequisite check (InitiateUpgrade flag 1): replication and the check, no install. Not
// while an install is on its way; asked twice, the first run stands.
void RunningHierarchy::run_prerequisite_check(const std::string& version) {
  UpdateProgress* update = installable(version);
  std::string why = refusal(update, version);
  if (why.empty() && (rollout_in_progress() || rollout_of(*update)))
    why = "Run prerequisite check refused: the update is already in progress.";
  if (!why.empty()) {
    world.rec.log(world.top_tier, "hman.log", component::kHierarchyManager, Severity::warning, "WARN: " + why);
    return;
  }
  start_rollout(*update, RolloutRequest::prerequisite_check_only);
}

Rollout* RunningHierarchy::rollout_of(const UpdateProgress& update) const {
  for (const auto& r : rollouts_)
    if (&r->release() == update.release) return r.get();
  return nullptr;
}

void RunningHierarchy::ignore_prerequisite_warnings() {
  if (!rollouts_.empty()) rollouts_.back()->ignore_prerequisite_warnings();
}

// Retry acts on what failed: the newest rollout's stopped sites, else a failed download,
// which the next check downloads again (docs/modelling.md §3.4).
void RunningHierarchy::retry_installation(const std::string& site) {
  if (!rollouts_.empty() && rollouts_.back()->stopped_anywhere()) {
    rollouts_.back()->retry(site);
    return;
  }
  for (const auto& u : world.updates)
    if (world.row(*u).state == UpdateState::download_failed) {
      world.rec.log(world.top_tier, "dmpdownloader.log", component::kDmpDownloader, Severity::info,
                    "Retry download of update " + package_guid_of(*u->release) + " requested from the console~~");
      scp.request_check();
      return;
    }
  world.rec.log(world.top_tier, "hman.log", component::kHierarchyManager, Severity::warning,
                "WARN: Retry requested, but no update has failed.");
}

void RunningHierarchy::start_rollout(UpdateProgress& update, RolloutRequest request) {
  RolloutContext ctx{world, drs, [this](const std::string& site) -> Sender& { return sender(site); },
                     [this] {
                       // The next queued Install may start now the hierarchy is on one version.
                       std::vector<std::string> queued;
                       queued.swap(queued_installs_);
                       for (const std::string& v : queued) install_update(v);
                     }};
  rollouts_.push_back(std::make_unique<Rollout>(std::move(ctx), update, request));
  rollouts_.back()->begin();
  std::vector<std::string> waiting;
  waiting.swap(waiting_secondaries_);
  for (const std::string& site : waiting) upgrade_secondary(site);
}

// The upgrade starts once the parent primary is on the new version (docs/modelling.md §4.2); asked before
// there is one, it waits for the next rollout.
void RunningHierarchy::upgrade_secondary(const std::string& site) {
  if (!rollouts_.empty() && rollouts_.back()->pending_at(site)) {
    rollouts_.back()->request_secondary_upgrade(site);
    return;
  }
  world.rec.log(site, "ConfigMgrSetup.log", "Configuration Manager Setup", Severity::info,
                "INFO: Upgrade requested; waiting for the parent site to be on a newer version~~");
  waiting_secondaries_.push_back(site);
}

void RunningHierarchy::retry_content_replication() {
  if (!rollouts_.empty()) rollouts_.back()->retry_content_replication();
}

}  // namespace cmsim
