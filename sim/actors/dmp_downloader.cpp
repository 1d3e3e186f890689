#include "sim/actors/dmp_downloader.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include <limits>

#include "models/check_schedule.hpp"
#include "models/components.hpp"
#include "models/release_catalog.hpp"
#include "models/status_ids.hpp"
#include "models/units.hpp"
#include "sim/actors/endpoint_checks.hpp"
#include "sim/open_row.hpp"
#include "sim/transfer.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_dmp_downloader, cmsim, "SMS_DMP_DOWNLOADER: cloud checks and downloads");

namespace cmsim {
namespace {

namespace sg4 = simgrid::s4u;

constexpr const char* kLog = "dmpdownloader.log";
constexpr const char* kUploaderLog = "dmpuploader.log";
constexpr const char* kHmanLog = "hman.log";
constexpr const char* kComponent = component::kDmpDownloader;
constexpr const char* kPayloadDir = "C:\\Program Files\\Microsoft Configuration Manager\\EasySetupPayload";
// Show Status's Download steps (assumed wording, after the log lines).
constexpr const char* kPayloadStep = "Download the update payload";
constexpr const char* kExtractStep = "Verify and extract the payload";
constexpr const char* kRedistStep = "Download the redistributable files";
constexpr const char* kHmanBox = "C:\\Program Files\\Microsoft Configuration Manager\\inboxes\\hman.box";
constexpr const char* kMcmBox = "C:\\Program Files\\Microsoft Configuration Manager\\MP\\OUTBOXES\\MCM.box";
constexpr const char* kSyncGuid = "00000000-0000-0000-0000-000000000000";  // docs/modelling.md §3.3: GUID during a sync
constexpr double kForever = std::numeric_limits<double>::infinity();

}  // namespace

void DmpDownloader::operator()() {
  const ScpMode mode = world_->scp.mode.effective;
  log(std::string("INFO: SMS_DMP_DOWNLOADER started, service connection point mode is ") +
      (mode == ScpMode::online ? "Online~~" : "Offline, on-demand connection~~"));
  double next = mode == ScpMode::online ? first_check_s() : kForever;
  while (true) {
    XBT_VERB("next check at t=%.0f s (%s)", next, mode == ScpMode::online ? "online" : "offline: on request only");
    const bool manual = wait_for_request(next);
    if (manual && mode == ScpMode::offline) {
      // docs/modelling.md §2.3: offline never contacts the cloud; a console check does nothing.
      world_->rec.check(world_->now_s(), ScpMode::offline, CheckOutcome::skipped, "service connection point is offline",
                        "");
      log("INFO: Service connection point is offline. Skip checking for updates.~~");
      continue;
    }
    const double started = world_->now_s();
    run_check(manual);
    next = next_check_at_s(started, world_->scp.settings.check_interval_s);
  }
}

bool DmpDownloader::wait_for_request(double next_check_s) {
  if (next_check_s == kForever) {
    wakeup_->acquire();
    return true;
  }
  const double wait_s = next_check_s - world_->now_s();
  if (wait_s <= 0) return false;
  return !wakeup_->acquire_timeout(wait_s);  // true means the timeout expired
}

double DmpDownloader::first_check_s() const {
  return first_check_at_s(world_->now_s(), world_->scenario.model.first_check_delay_s, world_->scp.last_sync_t_s,
                          world_->scp.settings.check_interval_s);
}

void DmpDownloader::run_check(bool manual) {
  const double started = world_->now_s();
  // SMS_EXECUTIVE or the thread restarted mid-check, or the run ended.
  OpenRow guard(world_->ending, [this, started](Unwind why) {
    if (why == Unwind::run_ending)
      world_->rec.check(started, ScpMode::online, CheckOutcome::incomplete,
                        "still running at the end of the simulation", "");
    else
      world_->rec.check(started, ScpMode::online, CheckOutcome::interrupted, "SMS_DMP_DOWNLOADER stopped", "");
  });
  if (manual) log("INFO: Check for updates was requested from the console~~");
  log("Hasn't synced recently.");
  state_message(0, kSyncGuid);
  upload_usage_data();
  // Endpoint checks run each cycle whatever the sync does: they are how the admin learns why.
  const bool endpoints_failed = world_->scp.settings.tenant_attach &&
                                compare_versions(world_->top_version(), kVersionEndpointChecks) >= 0 &&
                                run_endpoint_checks(*world_) == status_id::kEndpointCriticalFailed;
  cloud_alarm_raised_ = endpoints_failed && compare_versions(world_->top_version(), kVersionRaises11488) >= 0;
  const bool tenant_attach_failed = tenant_attach_unauthenticated();
  std::string offered;
  bool synced = sync_manifest();
  if (synced) record_sync(world_->scp, started);
  synced = synced && download_latest(offered);
  guard.closed();  // sync_manifest() and fetch() record their own failed checks
  if (!synced) return;
  world_->rec.check(started, ScpMode::online, CheckOutcome::ok, "", offered);
  // A sync that worked does not clear what a failed required endpoint says.
  if (!endpoints_failed && !tenant_attach_failed)
    world_->rec.component_status(site(), component::kServiceConnector, ComponentStatus::ok);
}

// docs/modelling.md §2.8: on the server the role moved to, the Entra app's secret cannot be
// read, so tenant attach's upload fails each cycle until the admin renews the key (the
// AADSTS code and wording are assumed).
bool DmpDownloader::tenant_attach_unauthenticated() {
  if (!world_->scp.settings.tenant_attach || world_->scp.tenant_secret_valid) return false;
  constexpr const char* kLogFile = "CMGatewaySyncUploadWorker.log";
  world_->rec.log(server(), kLogFile, component::kServiceConnector, Severity::error,
                  "ERROR: Failed to get a token from Microsoft Entra ID: AADSTS7000215: Invalid client secret "
                  "provided.~~");
  world_->rec.status_message(site(), component::kServiceConnector, kLogFile, status_id::kTenantSecretInvalid,
                             Severity::error,
                             "Tenant attach cannot authenticate to Microsoft Entra ID from " + server() +
                                 ": renew the secret key of the app (Azure Services) after moving the service "
                                 "connection point.",
                             LogFraming::site_server, server());
  world_->rec.component_status(site(), component::kServiceConnector, ComponentStatus::critical);
  return true;
}

// After a successful sync: offer what applies, then fetch the newest applicable update
// unless it is already here (docs/modelling.md §3.4: the latest is downloaded automatically).
bool DmpDownloader::download_latest(std::string& offered) {
  offer_applicable_updates();
  const Release* latest = latest_applicable(world_->scenario.releases.catalog, world_->top_version(),
                                            world_->now_unix_s(), world_->installed_hotfixes);
  if (!latest) return true;
  offered = latest->name;
  UpdateProgress& update = world_->update_for(*latest);
  return update.downloaded || download(update);
}

bool DmpDownloader::upload_usage_data() {
  const ModelTimings& m = world_->scenario.model;
  const UsageLevel level = world_->scp.settings.usage_level;
  const std::uint64_t bytes = level == UsageLevel::basic  ? m.usage_basic_bytes
                              : level == UsageLevel::full ? m.usage_full_bytes
                                                          : m.usage_enhanced_bytes;
  const auto failure = evaluate_cloud_request(world_->internet, CloudOperation::usage_upload);
  const char* comp = component::kDmpUploader;
  if (!failure) {
    const TransferOutcome t = transfer_bytes(world_->scp_host(), world_->platform.cloud_host(), bytes);
    if (t.ok) {
      world_->rec.log(server(), kUploaderLog, comp, Severity::info,
                      "INFO: Successfully uploaded usage data, size = " + std::to_string(bytes) + "~~");
      world_->rec.component_status(site(), comp, ComponentStatus::ok);
      return true;
    }
  }
  const std::string exception = failure ? failure->exception : "Unable to connect to the remote server";
  world_->rec.log(server(), kUploaderLog, comp, Severity::error,
                  "ERROR: Failed to upload usage data: " + exception + "~~");
  // docs/modelling.md §6.2: a broken certificate chain shows as 9605/9607 on the uploader.
  const bool exception_kind = failure && failure->tls_failure;
  world_->rec.status_message(
      site(), comp, kUploaderLog, exception_kind ? status_id::kDmpUploadException : status_id::kDmpUploadFailed,
      Severity::error, exception_kind ? "DMP_UPLOADER_UPLOAD_EXCEPTION" : "DMP_UPLOADER_UPLOAD_FAILED",
      LogFraming::site_server, server());
  world_->rec.component_status(site(), comp, ComponentStatus::critical);  // an error status message turns it red
  return false;
}

bool DmpDownloader::sync_manifest() {
  const double started = world_->now_s();
  log("Checking for preview version~~");
  log("Site is preview? no~~");
  log("Easysetup fwlink to download the manifest: https://go.microsoft.com/fwlink/?LinkId=2309745~~");
  log("Get manifest.cab url~~");
  log("Redirected to URL https://sccm.manage.microsoft.com/SCCMConnectedService.svc~~");
  log("Flighting is not configured, fallback to default setting.~~");
  state_message(1, kSyncGuid);
  log("Download manifest.cab~~");
  if (const auto failure = evaluate_cloud_request(world_->internet, CloudOperation::manifest)) {
    world_->rec.check(started, ScpMode::online, CheckOutcome::failed, failure->reason, "");
    fail_check(failure->reason, failure->exception);
    return false;
  }
  const std::uint64_t bytes = world_->scenario.model.manifest_bytes;
  const TransferOutcome t = transfer_bytes(world_->platform.cloud_host(), world_->scp_host(), bytes);
  if (!t.ok) {
    world_->rec.check(started, ScpMode::online, CheckOutcome::failed, t.reason, "");
    fail_check(t.reason, "Unable to connect to the remote server");
    return false;
  }
  log("Got fwdlink and recreating the httprequest/response~~");
  log("manifest.cab (http response) size is " + std::to_string(bytes) + "~~");
  state_message(2, kSyncGuid);
  log(std::string("File '") + kPayloadDir + "\\ConfigMgr.Update.Manifest.cab' is signed and trusted.");
  log("Finished calling verify manifest~~");
  state_message(3, kSyncGuid);
  log("Manifest.cab was successfully moved to the connector outbox~~");
  forward_notification("___CABConfigMgr.Update.Manifest.MCM");
  state_message(4, kSyncGuid);
  return true;
}

// HMAN on the top-tier site server processes the manifest and runs the applicability checks.
void DmpDownloader::offer_applicable_updates() {
  sg4::this_actor::sleep_for(world_->scenario.model.manifest_processing_s);
  world_->rec.log(site(), kHmanLog, component::kHierarchyManager, Severity::info,
                  std::string("Processing Configuration Manager Update manifest file C:\\Program Files\\Microsoft "
                              "Configuration Manager\\CMUStaging\\manifest.xml"));
  for (const Release* r : applicable_updates(world_->scenario.releases.catalog, world_->top_version(),
                                             world_->now_unix_s(), world_->installed_hotfixes)) {
    UpdateProgress& update = world_->update_for(*r);
    world_->rec.log(site(), kHmanLog, component::kHierarchyManager, Severity::info,
                    "Configuration Manager Update (PackageGuid=" + package_guid_of(*r) + ") is applicable");
    UpdateResult& row = world_->row(update);
    if (!row.available_t_s) {
      row.available_t_s = world_->now_s();
      world_->set_update_state(update, UpdateState::available_to_download);
    }
  }
}

bool DmpDownloader::download(UpdateProgress& update) {
  const std::string guid = package_guid_of(*update.release);
  log("Get new Easy Setup Package IDs~~");
  log("Found a new available update~~");
  state_message(6, guid);
  log("EasySetupDownloadSinglePackage downloading " + guid + ". ~~");
  state_message(8, guid);
  world_->set_update_state(update, UpdateState::downloading);
  UpdateResult& row = world_->row(update);
  row.downloaded_at = site();
  row.download = PhaseRecord{ServicingPhase::download, world_->now_s(), std::nullopt, PhaseStatus::in_progress, {}};
  log("Content for " + guid + " does not exist locally. Download it from internet~~");
  log(std::string("The CMU file name is ") + notification_box() + "\\___CMU" + guid + ".MCM~~");
  forward_notification("___CMU" + guid + ".MCM");
  log(std::string("The payload to be processed is at ") + kPayloadDir + "\\" + guid + ".cab~~");
  state_message(9, guid);
  download_step(update, kPayloadStep);
  log("Download content for payload " + guid + "~~");
  log("Download large file with BITs~~");
  if (!fetch(update, CloudOperation::payload, update.release->payload_bytes, "payload")) return false;
  state_message(10, guid);
  download_step(update, kExtractStep);
  log("Verify the payload signature, hash value and extract the payload~~");
  sg4::this_actor::sleep_for(world_->scenario.model.payload_extraction_s);
  log(std::string("File '") + kPayloadDir + "\\" + guid + ".cab' has been extracted with 0~~");
  state_message(25, guid);
  log("Check if there is redist to download for update, " + guid + "~~");
  if (update.release->redists_bytes > 0) {
    log("Download redist for update " + guid + "~~");
    // docs/modelling.md §3.4: setupdl.exe fetches the redistributables, logging to ConfigMgrSetup.log.
    world_->rec.log(server(), "ConfigMgrSetup.log", "Configuration Manager Setup", Severity::info,
                    "INFO: setupdl.exe: Start");
    download_step(update, kRedistStep);
    if (!fetch(update, CloudOperation::redists, update.release->redists_bytes, "redists")) return false;
    world_->rec.log(server(), "ConfigMgrSetup.log", "Configuration Manager Setup", Severity::info,
                    "INFO: setupdl.exe: Finish");
  }
  log("Successfully download redist for " + guid + ".~~");
  state_message(11, guid);
  state_message(12, guid);
  state_message(13, guid);
  log("EasySetupDownloadSinglePackage finishes downloading " + guid + ". ~~");
  // Hybrid MDM's check: HMAN says it only when there is no Intune subscription (docs/modelling.md §3.4).
  if (!world_->scp.settings.intune)
    world_->rec.log(
        site(), kHmanLog, component::kHierarchyManager, Severity::info,
        std::string("Validate CMU file ") + kHmanBox + "\\CFD\\" + guid + ".CMU with no intune subscription.");
  end_download_phase(update, PhaseStatus::complete);
  world_->ready_to_install(update);
  return true;
}

// Show Status's Download phase (docs/modelling.md §3.5): one step per part of the download.
void DmpDownloader::download_step(UpdateProgress& update, const char* step) {
  if (auto& phase = world_->row(update).download) next_step(*phase, step, world_->now_s());
}

void DmpDownloader::end_download_phase(UpdateProgress& update, PhaseStatus outcome) {
  if (auto& phase = world_->row(update).download) close_phase(*phase, world_->now_s(), outcome);
}

bool DmpDownloader::fetch(UpdateProgress& update, CloudOperation op, std::uint64_t bytes, const char* what) {
  TransferRecord row;
  row.what = std::string(what) + " " + update.release->name;
  row.from = "internet";
  row.to = world_->scp_host()->get_name();
  row.link = world_->scenario.internet.proxy.enabled ? "proxy+internet" : "internet";
  row.bytes = bytes;
  const auto failure = evaluate_cloud_request(world_->internet, op);
  const double started = world_->now_s();
  const TransferOutcome t = world_->transfer(row, world_->platform.cloud_host(), world_->scp_host(), failure);
  if (t.ok) return true;
  end_download_phase(update, PhaseStatus::failed);
  world_->set_update_state(update, UpdateState::download_failed);
  world_->rec.check(started, ScpMode::online, CheckOutcome::failed, t.reason, update.release->name);
  fail_check(t.reason, failure ? failure->exception : "Unable to connect to the remote server");
  return false;
}

void DmpDownloader::fail_check(const std::string& reason, const std::string& exception) {
  log("WARNING: Failed to download easy setup payload with exception: " + exception, Severity::warning);
  log("WARNING: Retry in the next polling cycle", Severity::warning);
  // docs/modelling.md §2.6: 11488 and a critical SMS_SERVICE_CONNECTOR only from version 2002.
  if (compare_versions(world_->top_version(), kVersionRaises11488) < 0 || cloud_alarm_raised_) return;
  world_->rec.status_message(site(), component::kServiceConnector, kLog, status_id::kCloudServiceConnectFailed,
                             Severity::error,
                             "The site failed to connect to required endpoints for a cloud service: " + reason,
                             LogFraming::site_server, server());
  world_->rec.component_status(site(), component::kServiceConnector, ComponentStatus::critical);
}

// The download flowchart: a co-located SCP writes its notifications straight into HMAN's
// ForwardingMsg inbox; a remote one into its own MP\OUTBOXES\MCM.box, from which the management
// point file dispatch manager (MPFDM, mpfdm.log) moves them to the site server.
std::string DmpDownloader::notification_box() const {
  return world_->scp_remote() ? std::string(kMcmBox) : std::string(kHmanBox) + "\\ForwardingMsg";
}

void DmpDownloader::forward_notification(const std::string& file) {
  if (!world_->scp_remote()) return;
  world_->rec.log(server(), "mpfdm.log", component::kMpFileDispatchManager, Severity::info,
                  "Moved file " + std::string(kMcmBox) + "\\" + file + " to \\\\" + site() + ".contoso.com\\SMS_" +
                      site() + "\\inboxes\\hman.box\\ForwardingMsg\\" + file);
}

void DmpDownloader::state_message(int id, const std::string& guid) {
  log("Generating state message: " + std::to_string(id) + " for package " + guid + "~~");
  log("Successfully Dropped the state message " + std::to_string(id) + "~~");
}

void DmpDownloader::log(const std::string& text, Severity severity) {
  world_->rec.log(server(), kLog, kComponent, severity, text);
}

}  // namespace cmsim
