#include "sim/actors/scp_service.hpp"
#include "sim/spawn.hpp"

#include <simgrid/s4u/Host.hpp>

#include "models/components.hpp"
#include "models/status_ids.hpp"
#include "sim/actors/dmp_downloader.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_scp, cmsim, "the service connection point role: modes and restarts");

namespace cmsim {

namespace sg4 = simgrid::s4u;

namespace {
constexpr const char* kSitecompLog = "sitecomp.log";
constexpr const char* kSmsProvLog = "SMSProv.log";

const char* level_word(UsageLevel level) {
  switch (level) {
    case UsageLevel::basic:
      return "Basic";
    case UsageLevel::enhanced:
      return "Enhanced";
    case UsageLevel::full:
      return "Full";
  }
  return "?";
}
}  // namespace

ScpService::ScpService(World& world) : world_(world), wakeup_(sg4::Semaphore::create(0)) {}

bool ScpService::running() const { return downloader_ && sg4::Actor::by_pid(downloader_->get_pid()) != nullptr; }

void ScpService::refuse(const std::string& site, const std::string& text) {
  world_.rec.log(site, kSitecompLog, component::kSiteComponentManager, Severity::error, "ERROR: " + text);
  world_.rec.status_message(world_.top_tier, component::kSiteComponentManager, kSitecompLog,
                            status_id::kScpInstallRefused, Severity::error, text + ".");
}

std::optional<std::string> ScpService::install(const std::string& site, ScpServer server, RemoteAccess access,
                                               const std::string& computer) {
  const bool recorded_before = !world_.rec.results().scp.modes.empty();
  const ScpChange change = install_scp(world_.scp, site, server, access, world_.top_tier, computer);
  if (change.refusal) {
    refuse(site, "The service connection point cannot be installed on " + site + ": " + *change.refusal);
    return change.refusal;
  }
  world_.rec.log(site, kSitecompLog, component::kSiteComponentManager, Severity::info,
                 "Installing the service connection point on " + world_.scp_server());
  // A mode chosen while the role was gone takes effect now, and is recorded as a change.
  if (change.mode_switched && recorded_before) record_modes("install_scp");
  after_move(change, "install_scp");
  return std::nullopt;
}

void ScpService::uninstall() {
  const std::string server = world_.scp_server();
  if (uninstall_scp(world_.scp, world_.now_s()).refusal) return;  // nothing to uninstall
  stop();
  world_.rec.log(world_.scp.site, kSitecompLog, component::kSiteComponentManager, Severity::info,
                 "Uninstalling the service connection point from " + server);
  record_placement();
}

// docs/modelling.md §2.8: the role is uninstalled from one server and installed on the other;
// the site database keeps its settings and the updates' states, the new server starts
// without the old one's downloads, last sync and readable Entra secret.
void ScpService::move(ScpServer to, RemoteAccess access, const std::string& computer) {
  const std::string from = world_.scp_server();
  const std::string to_computer = scp_computer_name(world_.scp.site, computer);
  if (world_.scp.installed && to == ScpServer::remote && !world_.platform.remote_scp_host(to_computer)) {
    refuse(world_.top_tier, "The service connection point cannot move: " + world_.scp.site + " has no server " +
                                to_computer + " for it");
    return;
  }
  const ScpChange change = move_scp(world_.scp, to, access, world_.top_tier, computer);
  if (change.refusal) {
    refuse(world_.top_tier, "The service connection point cannot move: " + *change.refusal);
    return;
  }
  stop();
  world_.rec.log(world_.scp.site, kSitecompLog, component::kSiteComponentManager, Severity::info,
                 "Uninstalling the service connection point from " + from);
  world_.rec.log(world_.scp.site, kSitecompLog, component::kSiteComponentManager, Severity::info,
                 "Installing the service connection point on " + world_.scp_server());
  world_.rec.status_message(world_.top_tier, component::kSiteComponentManager, kSitecompLog, status_id::kScpMoved,
                            Severity::info,
                            "The service connection point moved from " + from + " to " + world_.scp_server() + ".");
  if (change.mode_switched) record_modes("move_scp");
  after_move(change, "move_scp");
}

void ScpService::after_move(const ScpChange& change, const char* cause) {
  warn_if_update_in_process();
  record_placement();
  if (change.payload_left_behind) leave_payload_behind();
  if (change.secret_invalidated) world_.rec.results().scp.tenant_secret_gaps.push_back({world_.now_s(), {}});
  start(cause);
}

// [TSU] warns against reinstalling the role while an update is in process, without saying
// what goes wrong; cmsim raises a warning and models no further harm (assumed).
void ScpService::warn_if_update_in_process() {
  for (const auto& u : world_.updates) {
    const UpdateState state = world_.row(*u).state;
    if (!update_in_process(state)) continue;
    const std::string text = "The service connection point was reinstalled on " + world_.scp_server() +
                             " while update " + world_.row(*u).name + " is in process (" + to_string(state) +
                             "). Avoid reinstalling the role while an update is in process.";
    world_.rec.log(world_.top_tier, kSitecompLog, component::kSiteComponentManager, Severity::warning, "WARN: " + text);
    world_.rec.status_message(world_.top_tier, component::kSiteComponentManager, kSitecompLog,
                              status_id::kScpReinstalledDuringUpdate, Severity::warning, text);
  }
}

// Assumed (docs/modelling.md §2.8): the payload of an update that is Ready to install stays
// in the old server's EasySetupPayload folder, so the new server downloads it again; an
// update already on its way through the hierarchy has its content in the site's packages.
void ScpService::leave_payload_behind() {
  for (const auto& u : world_.updates) {
    if (!u->downloaded || world_.row(*u).state != UpdateState::ready_to_install) continue;
    u->downloaded = false;
    world_.set_update_state(*u, UpdateState::available_to_download);
    world_.rec.log(world_.top_tier, "hman.log", component::kHierarchyManager, Severity::warning,
                   "WARN: The payload of update " + world_.row(*u).name +
                       " stays on the former service connection point " + "server; it is downloaded again to " +
                       world_.scp_server() + ".");
  }
}

void ScpService::renew_tenant_secret() {
  auto& gaps = world_.rec.results().scp.tenant_secret_gaps;
  if (cmsim::renew_tenant_secret(world_.scp).refusal) {
    world_.rec.log(world_.top_tier, kSmsProvLog, component::kSmsProvider, Severity::info,
                   "The Microsoft Entra app's secret key was renewed; it was already valid.");
    return;
  }
  if (!gaps.empty() && !gaps.back().renewed_t_s) gaps.back().renewed_t_s = world_.now_s();
  world_.rec.status_message(world_.top_tier, component::kSmsProvider, kSmsProvLog, status_id::kTenantSecretRenewed,
                            Severity::info,
                            "The secret key of the Microsoft Entra app was renewed on " + world_.scp_server() +
                                ": tenant attach can authenticate again.");
}

void ScpService::set_usage_level(UsageLevel level) {
  cmsim::set_usage_level(world_.scp, level);
  world_.rec.log(world_.top_tier, kSmsProvLog, component::kSmsProvider, Severity::info,
                 std::string("Hierarchy Settings: usage data level set to ") + level_word(level) +
                     "; the next upload collects at this level.");
}

void ScpService::record_placement() {
  const std::string site = world_.scp.installed ? world_.scp.site : std::string();
  const std::string server = world_.scp.installed ? world_.scp_server() : std::string();
  auto& placements = world_.rec.results().scp.placements;
  if (placements.empty() || placements.back().site != site || placements.back().server != server)
    placements.push_back({world_.now_s(), site, server});
}

void ScpService::start(const char* cause) {
  if (!world_.scp.installed || running()) return;
  if (world_.rec.results().scp.placements.empty()) record_placement();
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
void ScpService::restart(const ScpRestart& restart) {
  const ScpChange change = restart_scp(world_.scp, restart);
  if (!change.start_downloader) return;
  stop();
  XBT_VERB("%s restarts SMS_DMP_DOWNLOADER; effective mode %s%s", describe(restart.cause),
           to_string(world_.scp.mode.effective), change.mode_switched ? " (switched)" : "");
  if (change.mode_switched) record_modes(describe(restart.cause));
  start(describe(restart.cause));
}

void ScpService::request_check() { wakeup_->release(); }

// docs/modelling.md §2.3: with an Intune subscription the role is online and offline is not
// offered; the console refuses the change, which the run records rather than applies.
void ScpService::set_configured_mode(ScpMode mode) {
  if (world_.scp.mode.configured == mode) return;
  if (configure_mode(world_.scp, mode).refusal) {
    const std::string& site = world_.scp.site.empty() ? world_.top_tier : world_.scp.site;
    world_.rec.log(site, kSmsProvLog, component::kSmsProvider, Severity::error,
                   "ERROR: Cannot set the service connection point to offline: an Intune subscription requires "
                   "online mode.");
    world_.rec.status_message(site, component::kSmsProvider, kSmsProvLog, status_id::kScpModeChangeRefused,
                              Severity::warning,
                              "The service connection point stays online: offline mode is not supported while an "
                              "Intune subscription is configured.");
    return;
  }
  record_modes("set_scp_mode");
}

void ScpService::record_modes(std::string cause) {
  world_.rec.mode_change(to_string(world_.scp.mode.configured), to_string(world_.scp.mode.effective), std::move(cause));
}

}  // namespace cmsim
