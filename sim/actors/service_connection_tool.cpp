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

void ServiceConnectionTool::log(const std::string& text, Severity severity) {
  world_.rec.log(world_.top_tier, kLog, kComponent, severity, text, LogFraming::cmtrace);
}

void ServiceConnectionTool::prepare() {
  if (!world_.scp_installed || world_.scp_mode.effective != ScpMode::offline) {
    log("ERROR:The service connection point is not in offline mode. Set it to Offline, on-demand connection first.",
        Severity::error);
    return;
  }
  sg4::this_actor::sleep_for(world_.scenario.model.sct_prepare_s);
  prepared_version_ = world_.top_version();
  log("INFO:Usage data of site version " + *prepared_version_ + " exported to D:\\USB\\UsageData.cab");
}

std::vector<const Release*> ServiceConnectionTool::select(SctDownload option) const {
  return sct_selection(world_.scenario.releases.catalog, *prepared_version_, world_.now_unix_s(), option);
}

// The connect PC shares the organisation's internet link (assumed), so its download moves
// through the same `internet` link as the SCP's would.
bool ServiceConnectionTool::download(const Release& release) {
  const std::string guid = package_guid_of(release);
  log("INFO:Downloading Payload " + guid + " version 5.0." + std::to_string(release.build) + ".1000.");
  const std::uint64_t bytes = release.payload_bytes + release.redists_bytes;
  const TransferRecord row{"sct " + release.name, "internet", world_.top_tier, "internet", bytes, 0, 0, 1,
                           TransferStatus::ok,    ""};
  const auto failure = evaluate_cloud_request(world_.internet, CloudOperation::payload);
  const TransferOutcome t =
      world_.transfer(row, world_.platform.cloud_host(), world_.platform.host(world_.top_tier), failure);
  if (!t.ok) {
    log("ERROR:Failed to download payload " + guid + ": " + (failure ? failure->exception : t.reason), Severity::error);
    return false;
  }
  log("INFO:Downloaded Payload " + guid + " size = " + std::to_string(release.payload_bytes));
  log("INFO:Downloading Redists for " + guid);
  log("INFO:Successfully downloaded Redists for " + guid);
  return true;
}

void ServiceConnectionTool::connect(SctDownload option) {
  if (!prepared_version_) {
    log("ERROR:No usage data to upload. Run ServiceConnectionTool.exe -prepare first.", Severity::error);
    return;
  }
  const std::uint64_t manifest = world_.scenario.model.manifest_bytes;
  if (const auto failure = evaluate_cloud_request(world_.internet, CloudOperation::manifest)) {
    log("ERROR:Failed to download ConfigMgr.Update.Manifest.cab: " + failure->exception, Severity::error);
    return;
  }
  if (!transfer_bytes(world_.platform.cloud_host(), world_.platform.host(world_.top_tier), manifest).ok) {
    log("ERROR:Failed to download ConfigMgr.Update.Manifest.cab: Unable to connect to the remote server",
        Severity::error);
    return;
  }
  log("INFO:ConfigMgr.Update.Manifest.cab (size = " + std::to_string(manifest) + ") downloaded successfully");
  downloaded_.clear();
  const std::vector<const Release*> chosen = select(option);
  XBT_VERB("connect: %zu update(s) chosen for site version %s", chosen.size(), prepared_version_->c_str());
  for (const Release* r : chosen)
    if (download(*r)) downloaded_.push_back(r);
}

void ServiceConnectionTool::import() {
  if (downloaded_.empty()) {
    // F11: nothing to import means the connect step failed or found nothing.
    log("ERROR:No update packs found to import. Check the Connect phase log.", Severity::error);
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
    log("INFO:Imported update pack " + package_guid_of(*r) + " to EasySetupPayload\\Offline\\" + package_guid_of(*r));
    world_.rec.log(world_.top_tier, "dmpdownloader.log", component::kDmpDownloader, Severity::info,
                   "Successfully Dropped the state message 4~~");
    world_.ready_to_install(update);
  }
}

}  // namespace cmsim
