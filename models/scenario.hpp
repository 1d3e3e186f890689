// The scenario as typed data: what a planner wrote, with every default filled in and every
// unit converted to seconds, bytes or bytes per second. Produced only by the loader, after
// validation; nothing downstream re-parses JSON.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/background_load.hpp"
#include "defaults.hpp"
#include "outcomes.hpp"
#include "update_state.hpp"

namespace cmsim {

enum class SiteType { cas, primary, secondary };

// One opening of a service window: on the days of `days_mask` (bit 0 = Sunday), from
// `from_minute` after midnight UTC for `duration_s`.
struct ServiceWindow {
  std::uint8_t days_mask = 0x7F;
  int from_minute = 0;
  double duration_s = 0;
};

// What the prerequisite checker finds at a CAS or primary (docs/modelling.md §4.4, F15/F16).
enum class PrereqOutcome { passed, warning, failed };

struct Site {
  std::string code;
  SiteType type = SiteType::primary;
  std::string parent;  // empty for the top tier
  std::vector<ServiceWindow> service_windows;
  PrereqOutcome prerequisites = PrereqOutcome::passed;
};

struct SenderPolicy {
  int max_concurrent = defaults::kSenderMaxConcurrent;
  int per_site = defaults::kSenderPerSite;
  int retries = defaults::kSenderRetries;
  double retry_delay_s = defaults::kSenderRetryDelay_s;
};

enum class RateLimitMode { unlimited, pulse, hourly };

struct RateLimit {
  RateLimitMode mode = RateLimitMode::unlimited;
  std::uint64_t block_bytes = defaults::kPulseBlock_bytes;  // pulse
  double delay_s = defaults::kPulseDelay_s;                 // pulse
  std::array<int, 24> percent{};                            // hourly, index = UTC hour
};

// docs/modelling.md §5.1: each slot lets through all priorities, medium and high, high only, or nothing.
enum class SchedulePriority { all, medium_high, high, closed };

struct ScheduleSlot {
  std::uint8_t days_mask = 0x7F;
  int from_minute = 0;
  int to_minute = 24 * 60;
  SchedulePriority priority = SchedulePriority::all;
};

struct Link {
  std::string parent;
  std::string child;
  double bandwidth_Bps = defaults::kLinkBandwidth_Bps;
  double latency_s = defaults::kLinkLatency_s;
  SenderPolicy sender;
  RateLimit rate_limit;
  std::vector<ScheduleSlot> schedule;
  std::vector<BackgroundLoad> background;
  int degraded_after = defaults::kDrsDegradedAfter;
  int failed_after = defaults::kDrsFailedAfter;
  std::string name() const { return parent + "-" + child; }
};

enum class CertState { ok, missing, expired, corrupt };

struct Proxy {
  bool enabled = false;
  std::string auth = "computer";  // computer | account (docs/modelling.md §6.3)
  bool account_valid = true;
  double bandwidth_Bps = defaults::kProxyBandwidth_Bps;
  double latency_s = defaults::kProxyLatency_s;
};

struct Internet {
  double bandwidth_Bps = defaults::kInternetBandwidth_Bps;
  double latency_s = defaults::kInternetLatency_s;
  Proxy proxy;
  bool tls12 = true;
  CertState baltimore = CertState::ok;
  CertState digicert_g2 = CertState::ok;
  std::vector<std::string> blocked;  // endpoint host names
};

enum class ScpMode { online, offline };
enum class UsageLevel { basic, enhanced, full };
enum class ScpServer { site, remote };
enum class RemoteAccess { site_server_admin, installation_account, none };

struct Scp {
  std::string site;
  ScpServer server = ScpServer::site;
  std::string computer;  // server: remote: its name ("" = "<SITE>-SCP")
  RemoteAccess remote_access = RemoteAccess::site_server_admin;
  double lan_bandwidth_Bps = defaults::kScpLanBandwidth_Bps;
  double lan_latency_s = defaults::kScpLanLatency_s;
  ScpMode mode = ScpMode::online;
  UsageLevel usage_level = UsageLevel::enhanced;
  bool tenant_attach = false;
  bool intune = false;
  double check_interval_s = defaults::kCheckInterval_s;
};

enum class ReleaseKind { version, hotfix };

// One in-console update the cloud service offers. `available_unix_s` is when it reached the
// service for this hierarchy's ring.
struct Release {
  std::string version;  // "2409"; for a hotfix, the version it applies to
  ReleaseKind kind = ReleaseKind::version;
  std::string name;  // "2409", "2409 HFRU"
  int build = 0;     // 9132; 0 when unknown
  std::string package_guid;
  std::int64_t early_ring_unix_s = 0;
  std::int64_t ga_unix_s = 0;
  std::int64_t available_unix_s = 0;
  std::string min_version;  // minimum installed version that is offered this update
  std::uint64_t payload_bytes = 0;
  std::uint64_t redists_bytes = 0;
};

enum class Ring { early, ga };

struct Releases {
  Ring ring = Ring::early;
  std::vector<Release> catalog;  // sorted by availability, then name
};

struct Admin {
  std::optional<double> install_at_top_after_s;     // after Ready to install
  std::optional<double> secondary_upgrade_after_s;  // after the parent primary is on the new version
  bool ignore_prereq_warnings = false;
};

struct Backup {
  std::string site;
  bool enabled = true;
  int daily_at_minute = defaults::kBackupDailyAtMinute;
};

enum class EventVerb {
  set_scp_mode,
  restart_component,
  restart_service,
  check_for_updates,
  sct_prepare,
  sct_connect,
  sct_import,
  install_update,
  upgrade_secondary,
  retry_content_replication,
  link_down,
  link_up,
  link_degrade,
  site_down,
  internet_fault,
  set_root_cert,
  set_proxy,
  uninstall_scp,
  install_scp,
  move_scp,
  renew_tenant_secret,
  set_usage_level,
  expand_to_cas,
  add_site,
  console_notification,
  run_prerequisite_check,
  ignore_prerequisite_warnings,
  retry_installation,
  set_prerequisites
};

enum class InternetFaultKind { proxy_status, tls, timeout, dns, blocked };
enum class SctDownload { latest, all, hotfixes, site_version };

// One scheduled event. Only the fields its verb uses are set; the loader has checked that
// the required ones are there and that referenced sites and links exist.
// Which computer a restart acts on (docs/modelling.md §2.2): the site server, or the server
// that hosts a remote service connection point (the same computer when the role is local).
enum class RestartTarget { site_server, scp_server };

struct Event {
  double at_s = 0;
  EventVerb verb = EventVerb::check_for_updates;
  std::string pointer;  // "/events/3", for messages about this event at run time
  std::string site;
  std::string component;
  std::string link;
  std::optional<double> for_s;
  std::optional<ScpMode> mode;
  std::optional<double> bandwidth_Bps;
  std::optional<InternetFaultKind> fault_kind;
  int status = 0;
  std::string endpoint;
  std::string cert;  // baltimore | digicert_g2
  std::optional<CertState> cert_state;
  std::optional<Proxy> proxy;
  SctDownload download = SctDownload::latest;
  std::string version;
  std::string code;  // expand_to_cas: the new CAS
  std::optional<Site> new_site;
  std::optional<Link> new_link;
  std::optional<PrereqOutcome> prerequisites;         // set_prerequisites: what the check finds from now on
  RestartTarget server = RestartTarget::site_server;  // restart_component, restart_service
  // install_scp, move_scp: the server the role goes on, and how the site server reaches it.
  std::optional<ScpServer> scp_server;
  RemoteAccess remote_access = RemoteAccess::site_server_admin;
  std::optional<UsageLevel> usage_level;  // set_usage_level
  // install_scp, move_scp (server: remote): the remote server's name; site_down: a remote SCP
  // server that goes down instead of the site server.
  std::string computer;
};

enum class RandomFaultTarget { links, link, site_servers, internet };
enum class Distribution { exponential, fixed };

struct RandomFault {
  RandomFaultTarget target = RandomFaultTarget::links;
  std::string link;  // target == link
  double mtbf_s = 0;
  double mttr_s = 0;
  Distribution distribution = Distribution::exponential;
};

enum class ExpectationKind {
  site_version,
  update_state,
  propagation,
  status_message,
  component_status,
  effective_mode,
  link_state,
  no_status_severity
};

struct Expectation {
  std::string id;
  ExpectationKind kind = ExpectationKind::site_version;
  std::string site;  // "*" for every site
  std::string version;
  std::optional<double> by_s;
  ReplicationLinkState link_state = ReplicationLinkState::active;  // link_state
  UpdateState console_state = UpdateState::installed;              // update_state
  bool reached = false;                                            // update_state: at any time up to `by`
  std::string scope;                                               // top | primaries | all
  std::optional<double> max_s;
  int message_id = 0;
  std::optional<long> min_count;
  std::optional<long> max_count;
  std::string component;
  ComponentStatus status = ComponentStatus::ok;
  std::optional<double> at_s;
  std::optional<ScpMode> mode;
  std::string link;
  Severity severity = Severity::error;
};

// Durations and sizes the product does not publish (docs/modelling.md §8.2 [A]); scenario key "model".
struct ModelTimings {
  double first_check_delay_s = defaults::kFirstCheckDelay_s;
  std::uint64_t manifest_bytes = defaults::kManifest_bytes;
  double manifest_processing_s = defaults::kManifestProcessing_s;
  double payload_extraction_s = defaults::kPayloadExtraction_s;
  std::uint64_t usage_basic_bytes = defaults::kUsageBasic_bytes;
  std::uint64_t usage_enhanced_bytes = defaults::kUsageEnhanced_bytes;
  std::uint64_t usage_full_bytes = defaults::kUsageFull_bytes;
  double sct_prepare_s = defaults::kSctPrepare_s;
  double sct_import_s = defaults::kSctImport_s;
  double esp_snapshot_s = defaults::kEspSnapshot_s;
  double despool_s = defaults::kDespool_s;
  double prereq_check_s = defaults::kPrereqCheck_s;
  double install_s = defaults::kInstall_s;
  double secondary_install_s = defaults::kSecondaryInstall_s;
  double cmupdate_poll_s = defaults::kCmUpdatePoll_s;
  double drs_interval_s = defaults::kDrsSyncInterval_s;
  // Unset: a package goes to a destination as one sending, as the product's sender counts
  // them; set: a what-if that splits it into sendings of this size.
  std::optional<std::uint64_t> sender_object_bytes;
  double post_install_task_s = defaults::kPostInstallTask_s;
  double ignore_warnings_resume_s = defaults::kIgnoreWarningsResume_s;
  int link_busy_threshold_percent = defaults::kLinkBusyThreshold_percent;
  double sender_job_retry_s = defaults::kSenderJobRetry_s;
  double cas_install_s = defaults::kCasInstall_s;
  std::uint64_t db_snapshot_bytes = defaults::kDbSnapshot_bytes;
  double bcp_load_s = defaults::kBcpLoad_s;
};

// SimGrid network model choice, recorded in every report (docs/modelling.md §12.4.4).
struct EngineOptions {
  std::string network_model = "LV08";
  bool crosstraffic = true;
};

struct Scenario {
  std::string file;  // where it was read from, for messages
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  std::int64_t start_unix_s = 0;
  double duration_s = 0;
  std::string version;
  std::vector<Site> sites;
  std::vector<Link> links;  // one per parent-child pair, defaults applied
  Internet internet;
  std::optional<Scp> scp;
  Releases releases;
  Admin admin;
  std::optional<Backup> backup;
  std::vector<Event> events;  // sorted by time, stable
  std::vector<RandomFault> random_faults;
  std::vector<Expectation> expectations;
  EngineOptions engine;
  ModelTimings model;
  std::size_t max_log_bytes = 250000;  // docs/modelling.md §7.3 MaxFileSize default

  const Site* find_site(const std::string& code) const;
  const Link* find_link(const std::string& name) const;
  // Every link the run will have: the initial ones (in `links` order), then those add_site
  // and expand_to_cas add.
  std::vector<const Link*> all_links() const;
  const Link* find_any_link(const std::string& name) const;
};

const char* to_string(SiteType type);
const char* to_string(ScpMode mode);
const char* to_string(CertState state);
const char* to_string(EventVerb verb);

}  // namespace cmsim
