#include "sim/actors/service_connection_tool.hpp"

#include <simgrid/s4u/Actor.hpp>

#include <algorithm>

#include "models/components.hpp"
#include "models/release_catalog.hpp"
#include "models/sct_selection.hpp"
#include "sim/transfer.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_sct, cmsim, "the service connection tool: prepare, connect, import");

namespace cmsim {
namespace {

namespace sg4 = simgrid::s4u;
constexpr const char* kLog = "ServiceConnectionTool.log";
constexpr const char* kComponent = "ServiceConnectionTool";

}  // namespace

void ServiceConnectionTool::log(const std::string& on, const std::string& text, Severity severity) {
  world_.rec.log(on, kLog, kComponent, severity, text, LogFraming::cmtrace);
}

// docs/modelling.md §3.6: the log is next to the tool and overwritten on every run.
void ServiceConnectionTool::begin_run(const std::string& on) { world_.rec.start_log_afresh(on, kLog); }

// Connect's setup downloader writes ConfigMgrSetup.log at the connect PC's system drive root.
void ServiceConnectionTool::setup_log(const std::string& text) {
  world_.rec.log(kSctConnectPc, "ConfigMgrSetup.log", "Configuration Manager Setup", Severity::info, text);
}

void ServiceConnectionTool::prepare() {
  const std::string on = world_.scp_server();
  begin_run(on);
  if (!world_.scp.installed || world_.scp.mode.effective != ScpMode::offline) {
    log(on, "ERROR:The service connection point is not in offline mode. Set it to Offline, on-demand connection first.",
        Severity::error);
    return;
  }
  sg4::this_actor::sleep_for(world_.scenario.model.sct_prepare_s);
  prepared_version_ = world_.top_version();
  log(on, "INFO:Usage data of site version " + *prepared_version_ + " exported to D:\\USB\\UsageData.cab");
}

std::vector<const Release*> ServiceConnectionTool::select(SctDownload option) const {
  return sct_selection(world_.scenario.releases.catalog, *prepared_version_, world_.now_unix_s(), option);
}

// The connect PC shares the organisation's internet link (assumed), so its download moves
// through the same `internet` link as the SCP's would.
bool ServiceConnectionTool::download(const Release& release) {
  const std::string guid = package_guid_of(release);
  log(kSctConnectPc, "INFO:Downloading Payload " + guid + " version 5.0." + std::to_string(release.build) + ".1000.");
  const std::uint64_t bytes = release.payload_bytes + release.redists_bytes;
  const TransferRecord row{"sct " + release.name, "internet", world_.top_tier, "internet", bytes, 0, 0, 1,
                           TransferStatus::ok,    ""};
  const auto failure = evaluate_cloud_request(world_.internet, CloudOperation::payload);
  const TransferOutcome t =
      world_.transfer(row, world_.platform.cloud_host(), world_.platform.host(world_.top_tier), failure);
  if (!t.ok) {
    log(kSctConnectPc, "ERROR:Failed to download payload " + guid + ": " + (failure ? failure->exception : t.reason),
        Severity::error);
    return false;
  }
  log(kSctConnectPc, "INFO:Downloaded Payload " + guid + " size = " + std::to_string(release.payload_bytes));
  log(kSctConnectPc, "INFO:Downloading Redists for " + guid);
  setup_log("INFO: Setup downloader setupdl.exe: STARTED");
  setup_log("INFO: Downloading files to D:\\USB\\UpdatePacks\\" + guid + "\\redist");
  setup_log("INFO: Verified the hash of the downloaded redistributable files");
  setup_log("INFO: setupdl.exe: Finish");
  log(kSctConnectPc, "INFO:Successfully downloaded Redists for " + guid);
  return true;
}

void ServiceConnectionTool::connect(SctDownload option) {
  begin_run(kSctConnectPc);
  if (!prepared_version_) {
    log(kSctConnectPc, "ERROR:No usage data to upload. Run ServiceConnectionTool.exe -prepare first.", Severity::error);
    return;
  }
  const std::uint64_t manifest = world_.scenario.model.manifest_bytes;
  if (const auto failure = evaluate_cloud_request(world_.internet, CloudOperation::manifest)) {
    log(kSctConnectPc, "ERROR:Failed to download ConfigMgr.Update.Manifest.cab: " + failure->exception,
        Severity::error);
    return;
  }
  if (!transfer_bytes(world_.platform.cloud_host(), world_.platform.host(world_.top_tier), manifest).ok) {
    log(kSctConnectPc, "ERROR:Failed to download ConfigMgr.Update.Manifest.cab: Unable to connect to the remote server",
        Severity::error);
    return;
  }
  log(kSctConnectPc,
      "INFO:ConfigMgr.Update.Manifest.cab (size = " + std::to_string(manifest) + ") downloaded successfully");
  downloaded_.clear();
  // docs/modelling.md §3.6: on 2002 the default Connect brought nothing; -downloadsiteversion worked.
  if (sct_default_download_broken(*prepared_version_, option)) {
    log(kSctConnectPc,
        "WARN:No update packs were downloaded for site version " + *prepared_version_ +
            " (known issue of version 2002: run Connect again with -downloadsiteversion)",
        Severity::warning);
    return;
  }
  const std::vector<const Release*> chosen = select(option);
  XBT_VERB("connect: %zu update(s) chosen for site version %s", chosen.size(), prepared_version_->c_str());
  for (const Release* r : chosen)
    if (download(*r)) downloaded_.push_back(r);
}

void ServiceConnectionTool::import() {
  const std::string on = world_.scp_server();
  begin_run(on);
  if (downloaded_.empty()) {
    // F11: nothing to import means the connect step failed or found nothing.
    log(on, "ERROR:No update packs found to import. Check the Connect phase log.", Severity::error);
    return;
  }
  const double started_s = world_.now_s();
  sg4::this_actor::sleep_for(world_.scenario.model.sct_import_s);
  for (const Release* r : applicable_updates(world_.scenario.releases.catalog, world_.top_version(),
                                             world_.now_unix_s(), world_.installed_hotfixes)) {
    if (std::find(downloaded_.begin(), downloaded_.end(), r) == downloaded_.end()) continue;
    UpdateProgress& update = world_.update_for(*r);
    if (update.downloaded) continue;
    UpdateResult& row = world_.row(update);
    if (!row.available_t_s) row.available_t_s = world_.now_s();
    // Offline, Show Status's Download phase is the import (assumed step wording).
    const double now = world_.now_s();
    row.downloaded_at = world_.top_tier;
    row.download = PhaseRecord{
        ServicingPhase::download,
        started_s,
        now,
        PhaseStatus::complete,
        {{"Import the update pack with the service connection tool", started_s, now, PhaseStatus::complete}}};
    log(on,
        "INFO:Imported update pack " + package_guid_of(*r) + " to EasySetupPayload\\Offline\\" + package_guid_of(*r));
    world_.rec.log(world_.top_tier, "dmpdownloader.log", component::kDmpDownloader, Severity::info,
                   "Successfully Dropped the state message 4~~");
    world_.ready_to_install(update);
  }
}

}  // namespace cmsim
