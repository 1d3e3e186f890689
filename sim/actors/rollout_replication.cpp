// An update's replication (docs/modelling.md §4.3): HMAN takes the pack from the SCP share at the top
// tier, DistMgr builds the Easy Setup Package and sends a copy to each child primary through
// the scheduler and the sender, and the child's despooler and DistMgr store it; then HMAN
// wakes CMUpdate (rollout.cpp).
#include "sim/actors/rollout.hpp"

#include <simgrid/s4u/Host.hpp>

#include <fmt/format.h>

#include <algorithm>

#include "models/components.hpp"
#include "models/release_catalog.hpp"
#include "models/servicing_status.hpp"
#include "models/status_ids.hpp"
#include "sim/actors/rollout_texts.hpp"
#include "sim/actors/sender.hpp"

namespace cmsim {

namespace sg4 = simgrid::s4u;
using namespace rollout_text;

// docs/modelling.md §4.3 steps 2-3 at the top tier; the flowchart's R1-R3.
void Rollout::hman_package_update() {
  World& w = ctx_.world;
  const std::string guid = package_guid_of(*update_.release);
  const std::string top = w.top_tier;
  SiteRun& top_run = sites_.at(top);
  open_step(phases(top_run), ServicingPhase::replication, kCreatePackageStep, w.now_s());
  log(top, "hman.log", kHman, "INFO: 2.ESC file was found. Easy setup package needs to be updated.");
  const std::string scp_host = w.scp.installed ? w.scp_host()->get_name() : top;
  log(top, "hman.log", kHman, "Get  Update Pack " + guid + ", \\\\" + fqdn(scp_host) + "\\EasySetupPayLoad\\" + guid);
  if (!copy_from_scp_share()) {
    share_copy_failed_ = true;
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
  const std::string scp_host = w.scp.installed ? w.scp_host()->get_name() : top;
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
  if (!w.scp.installed || !w.scp_remote()) return true;
  if (w.scp.settings.remote_access == RemoteAccess::none) {
    log(w.top_tier, "hman.log", kHman, "ERROR: Failed to calculate hash", Severity::error);
    set_state(sites_.at(w.top_tier), UpdateState::checking_prerequisites);
    return false;  // docs/modelling.md §9 F13: the pack stays at state 2 (ENABLED); replication never starts
  }
  const std::uint64_t bytes = update_.release->payload_bytes + update_.release->redists_bytes;
  const TransferRecord row{"easy setup payload copy " + update_.release->name,
                           w.scp_host()->get_name(),
                           w.top_tier,
                           scp_lan_link_name(w.scp.computer),
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

void Rollout::retry_content_replication() {
  package_version_ = ++ctx_.world.esp_version[package_id()];  // docs/modelling.md §4.3: a newer version
  ctx_.sender_of(ctx_.world.top_tier).retry_now();
}

}  // namespace cmsim
