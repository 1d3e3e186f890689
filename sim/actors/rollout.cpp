#include "sim/actors/rollout.hpp"
#include "sim/spawn.hpp"

#include <simgrid/s4u/Host.hpp>

#include <algorithm>

#include "models/cmupdate_rules.hpp"
#include "models/components.hpp"
#include "models/release_catalog.hpp"
#include "models/service_window.hpp"
#include "models/status_ids.hpp"
#include "sim/db_replication.hpp"
#include "sim/actors/sender.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_rollout, cmsim, "an update's rollout: HMAN, DistMgr, CMUpdate, console states");

namespace cmsim {
namespace {

namespace sg4 = simgrid::s4u;
constexpr const char* kHman = component::kHierarchyManager;
constexpr const char* kDistMgr = component::kDistributionManager;
constexpr const char* kDespooler = component::kDespooler;
constexpr const char* kCmUpdate = component::kCmUpdate;
constexpr const char* kCmUpdateBox = "C:\\Program Files\\Microsoft Configuration Manager\\inboxes\\cmupdate.box";

}  // namespace

Rollout::Rollout(RolloutContext context, UpdateProgress& update) : ctx_(std::move(context)), update_(update) {
  World& w = ctx_.world;
  const bool hotfix = update_.release->kind == ReleaseKind::hotfix;
  for (const std::string& code : w.hierarchy.top_down()) {
    const SiteType type = w.hierarchy.type(*w.hierarchy.find(code));
    if (hotfix && type == SiteType::secondary) continue;  // assumed: rollups update site servers only
    SiteRun run;
    run.code = code;
    run.type = type;
    run.row = update_row().sites.size();
    if (type != SiteType::secondary) run.parent_done = sg4::Semaphore::create(0);  // CMUpdate waits on it
    const UpdateState first = type == SiteType::secondary ? UpdateState::not_upgraded : UpdateState::waiting;
    update_row().sites.push_back(UpdateSiteResult{code, {}, {}, {}, {}, first, {{w.now_s(), first}}, {}});
    if (type != SiteType::secondary) ++primaries_left_;
    ++sites_left_;
    sites_.emplace(code, std::move(run));
  }
}

void Rollout::log(const std::string& site, const char* file, const char* component, const std::string& text,
                  Severity severity) {
  ctx_.world.rec.log(site, file, component, severity, text);
}

std::string Rollout::package_id() const {
  return ctx_.world.top_tier + "10001";
}  // docs/modelling.md §3.1: e.g. CAS10001

UpdateSiteResult& Rollout::row(SiteRun& site) { return update_row().sites[site.row]; }

void Rollout::set_state(SiteRun& site, UpdateState state) {
  XBT_VERB("%s %s: %s", update_.release->name.c_str(), site.code.c_str(), to_string(state));
  row(site).state = state;
  record_state(row(site).states, ctx_.world.now_s(), state);
}

// Each step of a site runs in an actor on that site's server, so a site server going down
// stops it; resume() starts it again when SMS_EXECUTIVE is back.
void Rollout::spawn(SiteRun& site, const char* name, std::function<void()> body) {
  sg4::Host* host = ctx_.world.platform.host(site.code);
  if (!host->is_on()) return;
  site.actor = spawn_actor(name, host, std::move(body));
}

void Rollout::begin() {
  World& w = ctx_.world;
  update_row().install_started_t_s = w.now_s();
  w.set_update_state(update_, UpdateState::checking_prerequisites);
  SiteRun& top = sites_.at(w.top_tier);
  spawn(top, component::kHierarchyManager, [this] { hman_package_update(); });
}

// docs/modelling.md §4.3 steps 2-5 at the top tier.
void Rollout::hman_package_update() {
  World& w = ctx_.world;
  const std::string guid = package_guid_of(*update_.release);
  const std::string top = w.top_tier;
  log(top, "hman.log", kHman, "INFO: 2.ESC file was found. Easy setup package needs to be updated.");
  const std::string scp_host = w.scp_installed ? w.scp_host()->get_name() : top;
  log(top, "hman.log", kHman,
      "Get  Update Pack " + guid + ", \\\\" + scp_host + ".contoso.com\\EasySetupPayLoad\\" + guid);
  if (!copy_from_scp_share()) return;
  log(top, "hman.log", kHman,
      "INFO: Successfully requested package " + package_id() + " to be updated from its source.");
  log(top, "distmgr.log", kDistMgr,
      "Taking package snapshot for package " + package_id() + " from source \\\\" + scp_host +
          ".contoso.com\\EasySetupPayLoad\\" + guid);
  sg4::this_actor::sleep_for(w.scenario.model.esp_snapshot_s);
  log(top, "distmgr.log", kDistMgr, "~Successfully created/updated the package " + package_id());
  w.rec.status_message(top, kDistMgr, "distmgr.log", status_id::kDistMgrPackageProcessed, Severity::info,
                       "Configuration Manager Easy Setup Package " + package_id() + " processed successfully");
  SiteRun& top_run = sites_.at(top);
  top_run.content = true;
  row(top_run).content_replicated_t_s = w.now_s();
  for (auto& [code, run] : sites_)
    if (run.type == SiteType::primary && code != top) replicate_to(run);
  cmupdate(top_run);
}

// DistMgr reads the pack through \\<SCP>\EasySetupPayload even when the SCP is local; a
// remote SCP adds the LAN copy, and without access the hash cannot be computed (F13).
bool Rollout::copy_from_scp_share() {
  World& w = ctx_.world;
  if (!w.scp_installed || !w.scp_remote()) return true;
  if (w.scp.remote_access == RemoteAccess::none) {
    log(w.top_tier, "hman.log", kHman, "ERROR: Failed to calculate hash", Severity::error);
    set_state(sites_.at(w.top_tier), UpdateState::checking_prerequisites);
    return false;  // docs/modelling.md §9 F13: the pack stays at state 2 (ENABLED); replication never starts
  }
  const std::uint64_t bytes = update_.release->payload_bytes + update_.release->redists_bytes;
  const TransferRecord row{"easy setup payload copy " + update_.release->name,
                           w.scp_host()->get_name(),
                           w.top_tier,
                           scp_lan_link_name(w.top_tier),
                           bytes,
                           0,
                           0,
                           1,
                           TransferStatus::ok,
                           ""};
  const TransferOutcome t = w.transfer(row, w.scp_host(), w.platform.host(w.top_tier));
  if (!t.ok) log(w.top_tier, "hman.log", kHman, "ERROR: Failed to calculate hash", Severity::error);
  return t.ok;
}

// One minijob per child primary; the package goes in sendings of at most
// sender_object_size (assumed), so the per-destination limit has something to limit.
void Rollout::replicate_to(SiteRun& child) {
  World& w = ctx_.world;
  const std::uint64_t total = update_.release->payload_bytes + update_.release->redists_bytes;
  const std::uint64_t object = w.scenario.model.sender_object_bytes;
  const int parts = static_cast<int>((total + object - 1) / object);
  child.parts_expected = parts;
  child.parts_delivered = 0;
  set_state(child, UpdateState::replicating_content);
  log(w.top_tier, "distmgr.log", kDistMgr, "~Sending a copy of package " + package_id() + " to site " + child.code);
  const std::string child_code = child.code;
  for (int p = 1; p <= parts; ++p) {
    Sending s;
    s.package = package_id();
    s.description = "easy setup package " + update_.release->name;
    s.destination = child.code;
    s.bytes = p < parts ? object : total - object * static_cast<std::uint64_t>(parts - 1);
    s.part = p;
    s.parts = parts;
    s.on_delivered = [this, child_code] { part_delivered(sites_.at(child_code)); };
    ctx_.sender_of(w.top_tier).submit(std::move(s));
  }
}

void Rollout::part_delivered(SiteRun& child) {
  if (++child.parts_delivered < child.parts_expected) return;
  spawn(child, component::kDespooler, [this, &child] { despool(child); });
}

void Rollout::despool(SiteRun& site) {
  World& w = ctx_.world;
  log(site.code, "despool.log", kDespooler,
      "Received package " + package_id() + " version " + std::to_string(package_version_) +
          ". Compressed file -  C:\\SMSPKG\\" + package_id() + ".PCK." + std::to_string(package_version_));
  sg4::this_actor::sleep_for(w.scenario.model.despool_s);
  log(site.code, "despool.log", kDespooler,
      "Stored Package " + package_id() + ". Stored Package Version = " + std::to_string(package_version_));
  site.content = true;
  row(site).content_replicated_t_s = w.now_s();
  log(site.code, "hman.log", kHman,
      "Created notification file (" + package_guid_of(*update_.release) + ".CMI) for CONFIGURATION_MANAGER_UPDATE");
  cmupdate(site);
}

// docs/modelling.md §4.4-4.5 on one CAS or primary: prerequisites, then (children) the parent and the
// service window, then the install.
void Rollout::cmupdate(SiteRun& site) {
  if (!ctx_.world.platform.host(site.code)->is_on()) return;
  if (sg4::this_actor::get_host() != ctx_.world.platform.host(site.code)) {
    spawn(site, component::kCmUpdate, [this, &site] { cmupdate(site); });
    return;
  }
  World& w = ctx_.world;
  const bool top = site.code == w.top_tier;
  log(site.code, "CMUpdate.log", kCmUpdate,
      std::string("Detected a change to the \"") + kCmUpdateBox + "\" directory.");
  log(site.code, "CMUpdate.log", kCmUpdate, std::string("INFO: setup type: 8, top level: ") + (top ? "1." : "0."));
  log(site.code, "CMUpdate.log", kCmUpdate,
      "Content replication succeeded. Start extracting the package to run prereq check...");
  set_state(site, UpdateState::checking_prerequisites);
  sg4::this_actor::sleep_for(w.scenario.model.payload_extraction_s + w.scenario.model.prereq_check_s);
  row(site).prereq_done_t_s = w.now_s();
  if (!prerequisites_allow_install(site)) return;
  if (!top) wait_for_parent(site);
  wait_for_service_window(site);
  install(site, w.scenario.model.install_s);
}

// docs/modelling.md §4.4: the update shows the worst state across the sites.
bool Rollout::prerequisites_allow_install(SiteRun& site) {
  World& w = ctx_.world;
  const PrereqOutcome outcome = w.site(site.code).prerequisites;
  log(site.code, "ConfigMgrPrereq.log", "Configuration Manager Setup", "******* Start Prerequisite checking. *******");
  log(site.code, "ConfigMgrPrereq.log", "Configuration Manager Setup", "Check Type: Configuration Manager Update");
  log(site.code, "ConfigMgrPrereq.log", "Configuration Manager Setup",
      "******* Prerequisite checking is completed. *******");
  const PrerequisiteGate gate = prerequisite_gate(outcome, w.scenario.admin.ignore_prereq_warnings);
  set_state(site, gate.site_state);
  if (gate.install) {
    if (site.code == w.top_tier) w.set_update_state(update_, UpdateState::prerequisite_check_passed);
    log(site.code, "CMUpdate.log", kCmUpdate,
        gate.warnings_ignored ? "Prerequisite check completed with warnings; Ignore Prereq Warning = Yes, continuing."
                              : "Prerequisite check passed.");
    return true;
  }
  const bool failed = gate.site_state == UpdateState::prerequisites_failed;
  log(site.code, "CMUpdate.log", kCmUpdate,
      failed
          ? "ERROR: Prerequisite check failed. Setup will not continue (PREREQ_ERROR 196607)."
          : "WARNING: Prerequisite check completed with warnings (PREREQ_WARNING 131075); Ignore Prereq Warning = No.",
      failed ? Severity::error : Severity::warning);
  w.set_update_state(update_, update_state_after_site_prerequisites(update_row().state, gate.site_state));
  return false;
}

void Rollout::wait_for_parent(SiteRun& site) {
  World& w = ctx_.world;
  SiteRun& top = sites_.at(w.top_tier);
  if (!top.installed) {
    set_state(site, UpdateState::waiting_for_parent);  // INSTALL_WAITING_PARENT 196611
    site.parent_done->acquire();
  }
  // The CAS's completion reaches the child through the CMUpdates group, and CMUpdate
  // picks it up at its next 10-minute poll (docs/modelling.md §4.4).
  const double learned = ctx_.drs.delivered_after(w.top_tier + "-" + site.code, *row(top).installed_t_s);
  sg4::this_actor::sleep_until(cmupdate_notices_at_s(learned, w.scenario.model.cmupdate_poll_s));
}

void Rollout::wait_for_service_window(SiteRun& site) {
  World& w = ctx_.world;
  const Site* s = &w.site(site.code);
  const double open = next_window_open(s->service_windows, w.now_s(), w.scenario.start_unix_s);
  if (open <= w.now_s()) {
    if (s->service_windows.empty())
      log(site.code, "CMUpdate.log", kCmUpdate,
          "There is no service window defined for the site server to apply the CM server updates.");
    return;
  }
  set_state(site, UpdateState::waiting_for_service_window);  // INSTALL_WAITING_SERVICE_WINDOW 196610
  log(site.code, "CMUpdate.log", kCmUpdate, "INFO: Waiting for the service window to apply the update.");
  sg4::this_actor::sleep_until(std::min(open, w.scenario.duration_s + 1));  // never open: past the horizon
}

void Rollout::install(SiteRun& site, double duration_s) {
  begin_install(site);
  sg4::this_actor::sleep_for(duration_s);
  log(site.code, "CMUpdate.log", kCmUpdate,
      "INFO: Successfully dropped update pack installed notification to HMan CFD box.");
  installed(site);
}

void Rollout::begin_install(SiteRun& site) {
  World& w = ctx_.world;
  row(site).install_started_t_s = w.now_s();
  set_state(site, UpdateState::installing);
  if (site.code == w.top_tier) w.set_update_state(update_, UpdateState::installing);
  if (site.type != SiteType::secondary)
    log(site.code, "CMUpdate.log", kCmUpdate,
        "INFO: Waiting for CONFIGURATION_MANAGER_SERVICE to be ready to apply update: " +
            package_guid_of(*update_.release));
}

void Rollout::installed(SiteRun& site) {
  World& w = ctx_.world;
  site.installed = true;
  row(site).installed_t_s = w.now_s();
  set_state(site, UpdateState::installed);
  w.install_release(site.code, *update_.release);
  release_children(site);
  if (site.type != SiteType::secondary && --primaries_left_ == 0) {
    update_row().all_primaries_t_s = w.now_s();
    w.set_update_state(update_, UpdateState::installed);
    if (ctx_.on_primaries_done) ctx_.on_primaries_done();
  }
  if (--sites_left_ == 0) update_row().all_sites_t_s = w.now_s();
}

// A site is on the new version: children waiting for it may go on. Child primaries wait
// in their CMUpdate actor; secondaries go by request (event or policy), with no actor.
void Rollout::release_children(SiteRun& site) {
  World& w = ctx_.world;
  std::vector<std::string> secondaries;
  for (const std::string& code : w.hierarchy.children_of(site.code)) {
    auto child = sites_.find(code);
    if (child == sites_.end()) continue;
    SiteRun& run = child->second;
    run.parent_ready = true;
    if (run.type != SiteType::secondary) {
      run.parent_done->release();
      continue;
    }
    if (run.upgrade_requested) upgrade_secondary(run);
    secondaries.push_back(code);
  }
  const auto& after = w.scenario.admin.secondary_upgrade_after_s;
  if (after && !secondaries.empty())
    w.timers.after(*after, [this, secondaries] {
      for (const std::string& code : secondaries) request_secondary_upgrade(code);
    });
}

// Secondary sites never update by themselves (docs/modelling.md §4.2); the upgrade copies the files from the
// parent primary over the WAN link, through the parent's sender (assumed), then installs.
void Rollout::request_secondary_upgrade(const std::string& code) {
  auto it = sites_.find(code);
  if (it == sites_.end() || it->second.upgrade_requested || it->second.installed) return;
  SiteRun& site = it->second;
  site.upgrade_requested = true;
  if (site.parent_ready)
    upgrade_secondary(site);
  else
    set_state(site, UpdateState::waiting_for_parent);
}

void Rollout::upgrade_secondary(SiteRun& site) {
  World& w = ctx_.world;
  const std::string parent = *w.hierarchy.parent_of(site.code);
  set_state(site, UpdateState::upgrading);
  log(site.code, "ConfigMgrSetup.log", "Configuration Manager Setup",
      "INFO: Secondary site upgrade requested from parent site " + parent + "~~");
  Sending s;
  s.package = parent + "UPGRADE";
  s.description = "secondary upgrade " + update_.release->name;
  s.destination = site.code;
  s.bytes = update_.release->payload_bytes + update_.release->redists_bytes;
  // The install itself only takes time: a timer, not an actor per secondary.
  s.on_delivered = [this, &site] {
    log(site.code, "ConfigMgrSetup.log", "Configuration Manager Setup",
        "INFO: Setup is upgrading the secondary site~~");
    begin_install(site);
    ctx_.world.timers.after(ctx_.world.scenario.model.secondary_install_s, [this, &site] {
      log(site.code, "ConfigMgrSetup.log", "Configuration Manager Setup", "INFO: Secondary site upgrade completed~~");
      installed(site);
    });
  };
  ctx_.sender_of(parent).submit(std::move(s));
}

void Rollout::retry_content_replication() {
  ++package_version_;  // docs/modelling.md §4.3: RetryContentReplication bumps the package version
  ctx_.sender_of(ctx_.world.top_tier).retry_now();
}

void Rollout::resume(const std::string& code) {
  auto it = sites_.find(code);
  if (it == sites_.end()) return;
  SiteRun& site = it->second;
  const bool alive = site.actor && sg4::Actor::by_pid(site.actor->get_pid());
  if (site.installed || alive || site.type == SiteType::secondary) return;
  if (site.content)
    cmupdate(site);
  else if (code == ctx_.world.top_tier)  // HMAN went down mid-snapshot: the 2.ESC is processed again
    spawn(site, component::kHierarchyManager, [this] { hman_package_update(); });
}

}  // namespace cmsim
