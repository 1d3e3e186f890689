#include "sim/actors/rollout.hpp"
#include "sim/spawn.hpp"

#include <simgrid/s4u/Host.hpp>

#include <fmt/format.h>

#include <algorithm>

#include "models/cmupdate_rules.hpp"
#include "models/components.hpp"
#include "models/release_catalog.hpp"
#include "models/servicing_status.hpp"
#include "models/service_window.hpp"
#include "models/status_ids.hpp"
#include "sim/db_replication.hpp"
#include "sim/actors/rollout_texts.hpp"
#include "sim/actors/sender.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_rollout, cmsim, "an update's rollout: HMAN, DistMgr, CMUpdate, console states");

namespace cmsim {
namespace sg4 = simgrid::s4u;
using namespace rollout_text;

Rollout::Rollout(RolloutContext context, UpdateProgress& update, RolloutRequest request)
    : ctx_(std::move(context)), update_(update), request_(request) {
  World& w = ctx_.world;
  ignore_warnings_ = w.scenario.admin.ignore_prereq_warnings;
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

// A new update's content shares nothing with the version before it, so the full package
// goes (.PCK), not a delta (.DLT); assumed.
std::string Rollout::package_file() const {
  return "c:\\SMSPKG\\" + package_id() + ".PCK." + std::to_string(package_version_);
}

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
  if (request_ == RolloutRequest::install) update_row().install_started_t_s = w.now_s();
  w.set_update_state(update_, UpdateState::checking_prerequisites);
  SiteRun& top = sites_.at(w.top_tier);
  spawn(top, component::kHierarchyManager, [this] { hman_package_update(); });
}

// docs/modelling.md §4.4-4.5 on one CAS or primary: extraction, prerequisites, then (children) the
// parent and the service window, then the install.
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
  extract_update_package(site);
  run_prerequisite_check(site);
  if (!prerequisites_allow_install(site)) return;
  if (!top) wait_for_parent(site);
  wait_for_service_window(site);
  install(site, w.scenario.model.install_s);
}

// docs/modelling.md §4.4 step 2 (R20-R22). Show Status puts the extraction under Installation:
// a prerequisite-only run leaves that phase in progress with only this step (§3.5).
void Rollout::extract_update_package(SiteRun& site) {
  World& w = ctx_.world;
  const std::string staging = std::string(kInstallDir) + "\\CMUStaging\\" + package_guid_of(*update_.release);
  open_step(phases(site), ServicingPhase::installation, kExtractStep, w.now_s());
  log(site.code, "CMUpdate.log", kCmUpdate, "Checking if the CMU Staging folder already has the content extracted.");
  sg4::this_actor::sleep_for(w.scenario.model.payload_extraction_s);
  log(site.code, "CMUpdate.log", kCmUpdate,
      "Extracting file " + staging + "\\SMSSetup\\update.map.cab to " + staging + "\\SMSSetup\\");
  log(site.code, "CMUpdate.log", kCmUpdate, "Extracted " + staging + "\\SMSSetup\\update.map");
  close_step(phases(site), ServicingPhase::installation, kExtractStep, w.now_s(), PhaseStatus::complete);
}

// docs/modelling.md §4.4 steps 3-4 (R23, R24, R28): ConfigMgrPrereq.log brackets the check.
void Rollout::run_prerequisite_check(SiteRun& site) {
  World& w = ctx_.world;
  const std::string server = fqdn(site.code);
  const std::string step = "Check prerequisites on " + server;
  open_step(phases(site), ServicingPhase::prerequisites_check, step, w.now_s());
  log(site.code, "CMUpdate.log", kCmUpdate, "Preparing prereq check for site server " + server + "...");
  log(site.code, "CMUpdate.log", kCmUpdate, "Running prereq checking against Server [" + server + "] ...~");
  log(site.code, "ConfigMgrPrereq.log", kSetup, "******* Start Prerequisite checking. *******");
  log(site.code, "ConfigMgrPrereq.log", kSetup, "Check Type: Configuration Manager Update");
  log(site.code, "ConfigMgrPrereq.log", kSetup,
      std::string("===== INFO: Prerequisite Type & Server: ") +
          (site.type == SiteType::cas ? "SITE_CAS:" : "SITE_PRI:") + server + " =====");
  sg4::this_actor::sleep_for(w.scenario.model.prereq_check_s);
  log(site.code, "ConfigMgrPrereq.log", kSetup, "******* Prerequisite checking is completed. *******");
  row(site).prereq_done_t_s = w.now_s();
}

// docs/modelling.md §4.4: the update shows the worst state across the sites (R25-R27).
bool Rollout::prerequisites_allow_install(SiteRun& site) {
  World& w = ctx_.world;
  const bool top = site.code == w.top_tier;
  const PrerequisiteGate gate = prerequisite_gate(w.site(site.code).prerequisites, ignore_warnings_);
  const bool failed = gate.site_state == UpdateState::prerequisites_failed;
  const bool warned = gate.site_state == UpdateState::prerequisite_warning || gate.warnings_ignored;
  set_state(site, gate.site_state);
  close_phase(phases(site), ServicingPhase::prerequisites_check, w.now_s(),
              failed   ? PhaseStatus::failed
              : warned ? PhaseStatus::completed_with_warning
                       : PhaseStatus::complete);
  if (gate.install) {
    if (top) w.set_update_state(update_, UpdateState::prerequisite_check_passed);
    log(site.code, "CMUpdate.log", kCmUpdate,
        gate.warnings_ignored ? "Continue configuration manager update as it is configured to ignore prereq warnings."
                              : "Prerequisite check passed.");
    if (request_ == RolloutRequest::install) return true;
    log(site.code, "CMUpdate.log", kCmUpdate, "Update package will not install as it is marked for prereq check only.");
    if (top) log(site.code, "hman.log", kHman, "Prereq check passed. Setup will not continue since it is prereq only.");
    site.stopped = true;
    return false;
  }
  log(site.code, "CMUpdate.log", kCmUpdate,
      failed ? "ERROR: Prerequisite check failed. Setup will not continue (PREREQ_ERROR 196607)."
             : "There are site server reporting WARNING in prereq check. Setup will not continue",
      failed ? Severity::error : Severity::warning);
  // Nothing was installed: the Installation phase ends with the check's outcome (assumed).
  close_phase(phases(site), ServicingPhase::installation, w.now_s(),
              failed ? PhaseStatus::failed : PhaseStatus::completed_with_warning);
  site.stopped = true;
  w.set_update_state(update_, update_state_after_site_prerequisites(update_row().state, gate.site_state));
  return false;
}

void Rollout::wait_for_parent(SiteRun& site) {
  World& w = ctx_.world;
  SiteRun& top = sites_.at(w.top_tier);
  open_step(phases(site), ServicingPhase::installation, kWaitParentStep, w.now_s());
  if (!top.installed) {
    set_state(site, UpdateState::waiting_for_parent);  // INSTALL_WAITING_PARENT 196611
    site.parent_done->acquire();
  }
  // The CAS's completion reaches the child through the CMUpdates group, and CMUpdate
  // picks it up at its next 10-minute poll (docs/modelling.md §4.4).
  const double learned = ctx_.drs.delivered_after(w.top_tier + "-" + site.code, *row(top).installed_t_s);
  sg4::this_actor::sleep_until(cmupdate_notices_at_s(learned, w.scenario.model.cmupdate_poll_s));
  close_step(phases(site), ServicingPhase::installation, kWaitParentStep, w.now_s(), PhaseStatus::complete);
}

void Rollout::wait_for_service_window(SiteRun& site) {
  World& w = ctx_.world;
  const Site* s = &w.site(site.code);
  open_step(phases(site), ServicingPhase::installation, kServiceWindowStep, w.now_s());
  const double open = next_window_open(s->service_windows, w.now_s(), w.scenario.start_unix_s);
  if (open > w.now_s()) {
    set_state(site, UpdateState::waiting_for_service_window);  // INSTALL_WAITING_SERVICE_WINDOW 196610
    log(site.code, "CMUpdate.log", kCmUpdate, "INFO: Waiting for the service window to apply the update.");
    sg4::this_actor::sleep_until(std::min(open, w.scenario.duration_s + 1));  // never open: past the horizon
  } else if (s->service_windows.empty()) {
    log(site.code, "CMUpdate.log", kCmUpdate,
        "There is no service window defined for the site server to apply the CM server updates.");
  }
  close_step(phases(site), ServicingPhase::installation, kServiceWindowStep, w.now_s(), PhaseStatus::complete);
}

// docs/modelling.md §4.5 steps 3-5 (R29, R30): the main install's steps, each an equal share of
// the install time (assumed), so an outage shows the step it stopped.
void Rollout::install(SiteRun& site, double duration_s) {
  World& w = ctx_.world;
  begin_install(site);
  const auto& steps = installation_steps();
  for (const std::string& step : steps) {
    open_step(phases(site), ServicingPhase::installation, step, w.now_s());
    sg4::this_actor::sleep_for(duration_s / static_cast<double>(steps.size()));
    close_step(phases(site), ServicingPhase::installation, step, w.now_s(), PhaseStatus::complete);
  }
  log(site.code, "CMUpdate.log", kCmUpdate,
      std::string("File ") + kInstallDir + "\\CMUStaging\\" + package_guid_of(*update_.release) +
          "\\splash.hta is newer than (" + kInstallDir + "\\cd.latest\\splash.hta). Copied.");
  log(site.code, "CMUpdate.log", kCmUpdate,
      "INFO: Successfully dropped update pack installed notification to HMan CFD box.");
  log(site.code, "CMUpdate.log", kCmUpdate, "INFO: Successfully notified HMan that update package is installed");
  close_phase(phases(site), ServicingPhase::installation, w.now_s(), PhaseStatus::complete);
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
  if (site.type != SiteType::secondary) post_install(site, 0);
  if (site.type != SiteType::secondary && --primaries_left_ == 0) {
    update_row().all_primaries_t_s = w.now_s();
    w.set_update_state(update_, UpdateState::installed);
    if (ctx_.on_primaries_done) ctx_.on_primaries_done();
  }
  if (--sites_left_ == 0) {
    update_row().all_sites_t_s = w.now_s();
    all_sites_installed();
  }
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
  open_step(phases(site), ServicingPhase::replication, kCopyUpgradeStep, w.now_s());
  log(site.code, "ConfigMgrSetup.log", "Configuration Manager Setup",
      "INFO: Secondary site upgrade requested from parent site " + parent + "~~");
  Sending s;
  s.package = parent + "UPGRADE";
  s.description = "secondary upgrade " + update_.release->name;
  s.destination = site.code;
  s.bytes = update_.release->payload_bytes + update_.release->redists_bytes;
  // The install itself only takes time: a timer, not an actor per secondary.
  s.on_delivered = [this, &site] {
    const double now = ctx_.world.now_s();
    close_phase(phases(site), ServicingPhase::replication, now, PhaseStatus::complete);
    log(site.code, "ConfigMgrSetup.log", "Configuration Manager Setup",
        "INFO: Setup is upgrading the secondary site~~");
    begin_install(site);
    open_step(phases(site), ServicingPhase::installation, kUpgradeSecondaryStep, now);
    ctx_.world.timers.after(ctx_.world.scenario.model.secondary_install_s, [this, &site] {
      log(site.code, "ConfigMgrSetup.log", "Configuration Manager Setup", "INFO: Secondary site upgrade completed~~");
      close_phase(phases(site), ServicingPhase::installation, ctx_.world.now_s(), PhaseStatus::complete);
      installed(site);
    });
  };
  ctx_.sender_of(parent).submit(std::move(s));
}

void Rollout::resume(const std::string& code) {
  auto it = sites_.find(code);
  if (it == sites_.end()) return;
  SiteRun& site = it->second;
  const bool alive = site.actor && sg4::Actor::by_pid(site.actor->get_pid());
  if (site.installed || alive || site.stopped || site.type == SiteType::secondary) return;
  // What the outage cut short shows as failed; the steps run again below.
  fail_open_steps(phases(site), ctx_.world.now_s());
  if (site.content)
    cmupdate(site);
  else if (code == ctx_.world.top_tier)  // HMAN went down mid-snapshot: the 2.ESC is processed again
    spawn(site, component::kHierarchyManager, [this] { hman_package_update(); });
}

void Rollout::scp_share_back() {
  if (!share_copy_failed_ || ctx_.world.scp.settings.remote_access == RemoteAccess::none) return;
  SiteRun& top = sites_.at(ctx_.world.top_tier);
  const bool alive = top.actor && sg4::Actor::by_pid(top.actor->get_pid());
  if (top.content || alive || top.stopped) return;
  share_copy_failed_ = false;
  spawn(top, component::kHierarchyManager, [this] { hman_package_update(); });
}

}  // namespace cmsim
