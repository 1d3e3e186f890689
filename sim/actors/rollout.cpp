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
constexpr const char* kScheduler = component::kScheduler;
constexpr const char* kSetup = "Configuration Manager Setup";
// docs/modelling.md §4.4: the flowchart's C:\SMS is the install folder of the site.
constexpr const char* kInstallDir = "C:\\Program Files\\Microsoft Configuration Manager";
constexpr const char* kCmUpdateBox = "C:\\Program Files\\Microsoft Configuration Manager\\inboxes\\cmupdate.box";
// Show Status step names where the product documents none (assumed wording).
constexpr const char* kCreatePackageStep = "Create the Easy Setup Package";
constexpr const char* kReplicateStep = "Replicate the Easy Setup Package to the site";
constexpr const char* kCopyUpgradeStep = "Copy the upgrade files from the parent site";
constexpr const char* kUpgradeSecondaryStep = "Upgrade the secondary site";
constexpr const char* kExtractStep = "Extract Update package";  // docs/modelling.md §3.5
constexpr const char* kWaitParentStep = "Wait for the parent site";
constexpr const char* kServiceWindowStep = "Check service window";

// DistMgr's words for a first version and for a newer one (docs/modelling.md §4.3 steps 4, 10).
std::string start_package_text(const std::string& id, int version) {
  return (version == 1 ? "Start adding package " : "Start updating the package ") + id + "...";
}

}  // namespace

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

// docs/modelling.md §4.3 steps 2-3 at the top tier; the flowchart's R1-R3.
void Rollout::hman_package_update() {
  World& w = ctx_.world;
  const std::string guid = package_guid_of(*update_.release);
  const std::string top = w.top_tier;
  SiteRun& top_run = sites_.at(top);
  open_step(phases(top_run), ServicingPhase::replication, kCreatePackageStep, w.now_s());
  log(top, "hman.log", kHman, "INFO: 2.ESC file was found. Easy setup package needs to be updated.");
  const std::string scp_host = w.scp_installed ? w.scp_host()->get_name() : top;
  log(top, "hman.log", kHman, "Get  Update Pack " + guid + ", \\\\" + fqdn(scp_host) + "\\EasySetupPayLoad\\" + guid);
  if (!copy_from_scp_share()) {
    close_step(phases(top_run), ServicingPhase::replication, kCreatePackageStep, w.now_s(), PhaseStatus::failed);
    return;
  }
  if (!esp_versioned_) {  // HMAN processing the 2.ESC again after an outage makes no newer version
    package_version_ = ++w.esp_version[package_id()];
    esp_versioned_ = true;
  }
  log(top, "hman.log", kHman, "Creating easy setup package...");
  log(top, "hman.log", kHman,
      "INFO: Successfully requested package " + package_id() + " to be updated from its source.");
  log(top, "hman.log", kHman,
      std::string("Info: ") + (package_version_ == 1 ? "Created" : "Updated") + " package " + package_id() +
          " and SMS_DISTRIBUTION_MANAGER will replicate the content to all the site servers except the secondary "
          "sites. The content will be stored in the content library on the site servers. Check distmgr.log for "
          "replication status.");
  distmgr_create_package();
}

// docs/modelling.md §4.3 step 4 at the top tier (R4, R5), then a minijob per child primary.
void Rollout::distmgr_create_package() {
  World& w = ctx_.world;
  const std::string top = w.top_tier;
  const std::string id = package_id();
  const std::string scp_host = w.scp_installed ? w.scp_host()->get_name() : top;
  log(top, "distmgr.log", kDistMgr, "Found package properties updated notification for package '" + id + "'");
  log(top, "distmgr.log", kDistMgr, "Info: package '" + id + "' is set to replicate to site servers only.");
  log(top, "distmgr.log", kDistMgr, start_package_text(id, package_version_));
  log(top, "distmgr.log", kDistMgr,
      "Taking package snapshot for package " + id + " from source \\\\" + fqdn(scp_host) + "\\EasySetupPayLoad\\" +
          package_guid_of(*update_.release));
  sg4::this_actor::sleep_for(w.scenario.model.esp_snapshot_s);
  log(top, "distmgr.log", kDistMgr, "~Use drive C for storing the compressed package.");
  log(top, "distmgr.log", kDistMgr, "~Successfully created/updated the package " + id);
  w.rec.status_message(top, kDistMgr, "distmgr.log", status_id::kDistMgrPackageProcessed, Severity::info,
                       "Configuration Manager Easy Setup Package " + id + " processed successfully");
  SiteRun& top_run = sites_.at(top);
  close_phase(phases(top_run), ServicingPhase::replication, w.now_s(), PhaseStatus::complete);
  top_run.content = true;
  row(top_run).content_replicated_t_s = w.now_s();
  for (auto& [code, run] : sites_)
    if (run.type == SiteType::primary && code != top) replicate_to(run);
  notify_cmupdate(top_run);
}

// docs/modelling.md §4.3 step 11: HMAN drops the .CMI that wakes CMUpdate.
void Rollout::notify_cmupdate(SiteRun& site) {
  log(site.code, "hman.log", kHman,
      "Created notification file (" + package_guid_of(*update_.release) + ".CMI) for CONFIGURATION_MANAGER_UPDATE");
  cmupdate(site);
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

// docs/modelling.md §4.3 steps 5-7 (R6-R10): one minijob per child primary, which the scheduler
// turns into a send request. The package goes as one sending, as the product's sender counts
// them, unless model.sender_object_size splits it (a what-if).
void Rollout::replicate_to(SiteRun& child) {
  World& w = ctx_.world;
  const std::string top = w.top_tier;
  const std::string id = package_id();
  const std::uint64_t total = update_.release->payload_bytes + update_.release->redists_bytes;
  const std::uint64_t object = std::max<std::uint64_t>(1, w.scenario.model.sender_object_bytes.value_or(total));
  const int parts = static_cast<int>((total + object - 1) / object);
  child.parts_expected = parts;
  child.parts_delivered = 0;
  set_state(child, UpdateState::replicating_content);
  open_step(phases(child), ServicingPhase::replication, kReplicateStep, w.now_s());
  log(top, "distmgr.log", kDistMgr, "~Sending a copy of package " + id + " to site " + child.code);
  log(top, "distmgr.log", kDistMgr, "Setting CMiniJob transfer root to " + package_file());
  log(top, "distmgr.log", kDistMgr,
      "Created minijob to send compressed copy of package " + id + " to site " + child.code +
          ". Transfer root = " + package_file());
  const int job = ++w.scheduler_jobs[top];
  const std::string request = top + fmt::format("{:05X}", job);
  log(top, "sched.log", kScheduler,
      fmt::format("<Updating JOB {:08X}> Software Distribution for Configuration Manager Easy Setup Package, "
                  "Package ID = {}",
                  job, id));
  log(top, "sched.log", kScheduler, "Created new send request ID:" + request);
  log(top, "sched.log", kScheduler, "Scheduling send request " + request);
  const std::string child_code = child.code;
  for (int p = 1; p <= parts; ++p) {
    Sending s;
    s.package = id;
    s.description = "easy setup package " + update_.release->name;
    s.destination = child.code;
    s.file = package_file();
    s.version = package_version_;
    s.bytes = p < parts ? object : total - object * static_cast<std::uint64_t>(parts - 1);
    s.part = p;
    s.parts = parts;
    s.on_delivered = [this, child_code] { part_delivered(sites_.at(child_code)); };
    ctx_.sender_of(top).submit(std::move(s));
  }
}

void Rollout::part_delivered(SiteRun& child) {
  if (++child.parts_delivered < child.parts_expected) return;
  spawn(child, component::kDespooler, [this, &child] { despool(child); });
}

// docs/modelling.md §4.3 step 9 (R14): the despooler stores the newer version.
void Rollout::despool(SiteRun& site) {
  World& w = ctx_.world;
  const std::string id = package_id();
  const std::string v = std::to_string(package_version_);
  log(site.code, "despool.log", kDespooler,
      "Received package " + id + " version " + v + ". Compressed file -  C:\\SMSPKG\\" + id + ".PCK." + v);
  sg4::this_actor::sleep_for(w.scenario.model.despool_s);
  log(site.code, "despool.log", kDespooler,
      "Package " + id + " (version " + std::to_string(package_version_ - 1) +
          ") exists in the distribution source, save the newer version (version " + v + ").");
  log(site.code, "despool.log", kDespooler, "Stored Package " + id + ". Stored Package Version = " + v);
  distmgr_process_package(site);
}

// docs/modelling.md §4.3 step 10 at a child primary (R15-R19), then HMAN wakes CMUpdate.
void Rollout::distmgr_process_package(SiteRun& site) {
  World& w = ctx_.world;
  const std::string id = package_id();
  const std::uint32_t thread = w.rec.thread_of(site.code, "SMS_DISTRIBUTION_MANAGER package thread");
  log(site.code, "distmgr.log", kDistMgr, "Found package properties updated notification for package '" + id + "'");
  log(site.code, "distmgr.log", kDistMgr, "Adding package '" + id + "' to package processing queue.");
  log(site.code, "distmgr.log", kDistMgr,
      fmt::format("Started package processing thread for package '{}', thread ID = 0x{:X} ({})", id, thread, thread));
  log(site.code, "distmgr.log", kDistMgr, start_package_text(id, package_version_));
  log(site.code, "distmgr.log", kDistMgr, "Successfully created/updated the package " + id);
  w.rec.status_message(site.code, kDistMgr, "distmgr.log", status_id::kDistMgrPackageProcessed, Severity::info,
                       "Configuration Manager Easy Setup Package " + id + " processed successfully");
  log(site.code, "distmgr.log", kDistMgr, "~Exiting package processing thread for package " + id + ".");
  close_phase(phases(site), ServicingPhase::replication, w.now_s(), PhaseStatus::complete);
  site.content = true;
  row(site).content_replicated_t_s = w.now_s();
  notify_cmupdate(site);
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

void Rollout::retry_content_replication() {
  package_version_ = ++ctx_.world.esp_version[package_id()];  // docs/modelling.md §4.3: a newer version
  ctx_.sender_of(ctx_.world.top_tier).retry_now();
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

}  // namespace cmsim
