#include "sim/actors/scp_service.hpp"
#include "sim/spawn.hpp"

#include <simgrid/s4u/Host.hpp>

#include "models/components.hpp"
#include "models/scp_role.hpp"
#include "models/status_ids.hpp"
#include "sim/actors/dmp_downloader.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_scp, cmsim, "the service connection point role: modes and restarts");

namespace cmsim {

namespace sg4 = simgrid::s4u;

ScpService::ScpService(World& world) : world_(world), wakeup_(sg4::Semaphore::create(0)) {}

bool ScpService::running() const { return downloader_ && sg4::Actor::by_pid(downloader_->get_pid()) != nullptr; }

// A reinstall starts SMS_DMP_DOWNLOADER afresh, so it runs in the configured mode.
std::optional<std::string> ScpService::install(const std::string& site) {
  if (const auto refusal = scp_install_refusal(world_.scp_installed, site, world_.top_tier)) {
    world_.rec.log(site, "sitecomp.log", component::kSiteComponentManager, Severity::error,
                   "ERROR: Cannot install the service connection point on " + site + ": " + *refusal);
    world_.rec.status_message(world_.top_tier, component::kSiteComponentManager, "sitecomp.log",
                              status_id::kScpInstallRefused, Severity::error,
                              "The service connection point cannot be installed on " + site + ": " + *refusal + ".");
    return refusal;
  }
  world_.scp_installed = true;
  world_.scp_site = site;
  world_.scp.server = ScpServer::site;
  record_placement(site);
  // A mode chosen while the role was gone takes effect now, and is recorded as a change.
  const bool switched = world_.scp_mode.pending();
  const bool recorded_before = !world_.rec.results().scp.modes.empty();
  world_.scp_mode.effective = world_.scp_mode.configured;
  world_.rec.log(site, "sitecomp.log", component::kSiteComponentManager, Severity::info,
                 "Installing the service connection point on " + site);
  if (switched && recorded_before) record_modes("install_scp");
  start("install_scp");
  return std::nullopt;
}

void ScpService::uninstall() {
  stop();
  world_.scp_installed = false;
  uninstalled_t_s_ = world_.now_s();
  record_placement({});
}

void ScpService::record_placement(const std::string& site) {
  auto& placements = world_.rec.results().scp.placements;
  if (placements.empty() || placements.back().site != site) placements.push_back({world_.now_s(), site});
}

void ScpService::start(const char* cause) {
  if (!world_.scp_installed || running()) return;
  if (world_.rec.results().scp.placements.empty()) record_placement(world_.scp_site);
  sg4::Host* host = world_.scp_host();
  if (!host || !host->is_on()) return;
  downloader_ = spawn_actor(component::kDmpDownloader, host, DmpDownloader(world_, wakeup_));
  if (world_.rec.results().scp.modes.empty()) record_modes(cause);
}

void ScpService::stop() {
  if (running()) downloader_->kill();
  downloader_ = nullptr;
}

// Killing and recreating the thread, rather than telling it the new mode, is what makes a
// restart interrupt a download in progress, as restarting SMS_EXECUTIVE does (docs/modelling.md §3.4, F9).
void ScpService::restart(RestartCause cause) {
  if (!world_.scp_installed) return;
  stop();
  const bool switched = world_.scp_mode.apply_restart(cause);
  XBT_VERB("%s restarts SMS_DMP_DOWNLOADER; effective mode %s%s", describe(cause), to_string(world_.scp_mode.effective),
           switched ? " (switched)" : "");
  if (switched) record_modes(describe(cause));
  start(describe(cause));
}

void ScpService::request_check() { wakeup_->release(); }

// docs/modelling.md §2.3: with an Intune subscription the role is online and offline is not
// offered; the console refuses the change, which the run records rather than applies.
void ScpService::set_configured_mode(ScpMode mode) {
  if (world_.scp_mode.configured == mode) return;
  if (mode == ScpMode::offline && world_.scp.intune) {
    const std::string& site = world_.scp_site.empty() ? world_.top_tier : world_.scp_site;
    world_.rec.log(site, "SMSProv.log", component::kSmsProvider, Severity::error,
                   "ERROR: Cannot set the service connection point to offline: an Intune subscription requires "
                   "online mode.");
    world_.rec.status_message(site, component::kSmsProvider, "SMSProv.log", status_id::kScpModeChangeRefused,
                              Severity::warning,
                              "The service connection point stays online: offline mode is not supported while an "
                              "Intune subscription is configured.");
    return;
  }
  world_.scp_mode.configured = mode;
  record_modes("set_scp_mode");
}

void ScpService::record_modes(std::string cause) {
  world_.rec.mode_change(to_string(world_.scp_mode.configured), to_string(world_.scp_mode.effective), std::move(cause));
}

}  // namespace cmsim
