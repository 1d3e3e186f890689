#include "models/defaults_table.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/defaults.hpp"
#include "models/units.hpp"

namespace cmsim {
namespace {

using namespace defaults;

// Bits per second as a scenario writes them: "100Mbps", "1Gbps".
std::string rate(double bytes_per_s) {
  const double bps = bytes_per_s * 8;
  if (bps >= 1e9 && std::fmod(bps, 1e9) == 0) return fmt::format("{}Gbps", bps / 1e9);
  if (bps >= 1e6) return fmt::format("{}Mbps", bps / 1e6);
  return fmt::format("{}kbps", bps / 1e3);
}

std::string size(std::uint64_t bytes) {
  if (bytes % (1024ull * 1024) == 0) return fmt::format("{}MiB", bytes / (1024 * 1024));
  if (bytes % 1000000000ull == 0) return fmt::format("{}GB", bytes / 1000000000ull);
  if (bytes % 1000000ull == 0) return fmt::format("{}MB", bytes / 1000000ull);
  if (bytes % 1000ull == 0) return fmt::format("{}kB", bytes / 1000ull);
  return fmt::format("{}B", bytes);
}

// Sub-second latencies in milliseconds ("30ms"), the rest as the scenario's units ("1d12h").
std::string duration(double s) {
  if (s > 0 && s < 1) return fmt::format("{}ms", std::llround(s * 1000));
  return units::format_duration(s);
}
std::string count(double n) { return fmt::format("{}", n); }

std::vector<DefaultRow> build_rows() {
  const std::string m = "/model/";
  return {
      {"WAN link bandwidth", "/link_defaults/bandwidth", rate(kLinkBandwidth_Bps), "assumed"},
      {"WAN link latency", "/link_defaults/latency", duration(kLinkLatency_s), "assumed"},
      {"internet bandwidth", "/internet/bandwidth", rate(kInternetBandwidth_Bps), "assumed"},
      {"internet latency", "/internet/latency", duration(kInternetLatency_s), "assumed"},
      {"proxy hop bandwidth", "/internet/proxy/bandwidth", rate(kProxyBandwidth_Bps), "assumed: never the bottleneck"},
      {"proxy hop latency", "/internet/proxy/latency", duration(kProxyLatency_s), "assumed"},
      {"remote SCP LAN bandwidth", "/scp/lan/bandwidth", rate(kScpLanBandwidth_Bps), "assumed"},
      {"remote SCP LAN latency", "/scp/lan/latency", duration(kScpLanLatency_s), "assumed"},
      {"sender: concurrent sendings", "/link_defaults/sender/max_concurrent", count(kSenderMaxConcurrent), "§5.1"},
      {"sender: sendings per destination", "/link_defaults/sender/per_site", count(kSenderPerSite), "§5.1"},
      {"sender: retries", "/link_defaults/sender/retries", count(kSenderRetries), "§5.1"},
      {"sender: delay between retries", "/link_defaults/sender/retry_delay", duration(kSenderRetryDelay_s), "§5.1"},
      {"pulse mode block", "/links/N/rate_limit/block", size(kPulseBlock_bytes), "§5.1"},
      {"pulse mode delay", "/links/N/rate_limit/delay", duration(kPulseDelay_s), "§5.1"},
      {"CMUpdates replication group interval", m + "drs_interval", duration(kDrsSyncInterval_s), "§5.2"},
      {"failed syncs before a link is degraded", "/link_defaults/degraded_after", count(kDrsDegradedAfter), "§5.2"},
      {"failed syncs before a link is failed", "/link_defaults/failed_after", count(kDrsFailedAfter), "§5.2"},
      {"SCP check interval", "/scp/check_interval", duration(kCheckInterval_s), "§2.3"},
      {"Backup Site Server task, time of day (UTC)", "/maintenance/backup/daily_at",
       fmt::format("{:02}:{:02}", kBackupDailyAtMinute / 60, kBackupDailyAtMinute % 60), "§2.7 (time assumed)"},
      {"update payload (version)", "/releases/add/N/payload", size(kVersionPayload_bytes), "§8.2"},
      {"update redists (version)", "/releases/add/N/redists", size(kVersionRedists_bytes), "assumed"},
      {"update payload (hotfix rollup)", "/releases/add/N/payload", size(kHotfixPayload_bytes),
       "assumed (§8.2: 50-300 MB)"},
      {"update redists (hotfix rollup)", "/releases/add/N/redists", size(kHotfixRedists_bytes), "assumed"},
      {"first check after SMS_DMP_DOWNLOADER starts", m + "first_check_delay", duration(kFirstCheckDelay_s), "assumed"},
      {"manifest size", m + "manifest_size", size(kManifest_bytes), "§3.1"},
      {"HMAN manifest processing", m + "manifest_processing", duration(kManifestProcessing_s),
       "assumed (§8.2: 1-3 min)"},
      {"payload extraction", m + "payload_extraction", duration(kPayloadExtraction_s), "assumed (§8.2: 2-10 min)"},
      {"usage data upload, basic", m + "usage_data/basic", size(kUsageBasic_bytes), "assumed"},
      {"usage data upload, enhanced", m + "usage_data/enhanced", size(kUsageEnhanced_bytes), "assumed"},
      {"usage data upload, full", m + "usage_data/full", size(kUsageFull_bytes), "assumed"},
      {"service connection tool prepare", m + "sct_prepare", duration(kSctPrepare_s), "assumed"},
      {"service connection tool import", m + "sct_import", duration(kSctImport_s), "assumed"},
      {"Easy Setup Package snapshot", m + "esp_snapshot", duration(kEspSnapshot_s), "assumed (§8.2: 5-15 min)"},
      {"despooling a package", m + "despool", duration(kDespool_s), "assumed"},
      {"prerequisite check (CAS, primary)", m + "prereq_check", duration(kPrereqCheck_s), "assumed (§8.2)"},
      {"install (CAS, primary)", m + "install", duration(kInstall_s), "assumed (§8.2: 30-90 min)"},
      {"secondary install", m + "secondary_install", duration(kSecondaryInstall_s), "assumed"},
      {"CMUpdate poll", m + "cmupdate_poll", duration(kCmUpdatePoll_s), "§4.4"},
      {"size of one sending", "(unset) " + m + "sender_object_size", "the whole package",
       "§4.3: one package, one sending"},
      {"post-installation task", m + "post_install_task", duration(kPostInstallTask_s),
       "assumed (§4.6: 15-60 min in all)"},
      {"link busy threshold (links.csv, report.json link_usage)", m + "link_busy_threshold_percent",
       std::to_string(kLinkBusyThreshold_percent), "assumed"},
      {"Ignore prerequisite warnings resumes after", m + "ignore_warnings_resume", duration(kIgnoreWarningsResume_s),
       "assumed (§4.4: a few minutes)"},
      {"wait of a job whose retries ran out", m + "sender_job_retry", duration(kSenderJobRetry_s), "assumed"},
      {"CAS setup (expand_to_cas)", m + "cas_install", duration(kCasInstall_s), "assumed"},
      {"database snapshot primary to CAS", m + "db_snapshot_size", size(kDbSnapshot_bytes), "assumed"},
      {"BCP load of the snapshot", m + "bcp_load", duration(kBcpLoad_s), "assumed"},
      {"GA after the early ring where unpublished", "/releases (catalog)", duration(kEarlyRingToGa_s),
       "assumed (§8.3: 2-4 weeks)"},
      {"primaries under a CAS, at most", "(product limit)", count(kMaxPrimariesPerCas), "§1.3"},
      {"secondaries under a primary, at most", "(product limit)", count(kMaxSecondariesPerPrimary), "§1.3"},
      {"expected random outages over a run, at most", "(input guard)", count(kMaxRandomFaults), "assumed bound"},
      {"SCP syncs over a run, at most", "(input guard)", count(kMaxScpChecks), "assumed bound"},
      {"smallest sending", "(input guard)", size(kMinSenderObject_bytes), "assumed bound"},
      {"longest link latency", "(input guard)", duration(kMaxLatency_s), "assumed bound"},
      {"longest simulated duration", "/duration (bound)", duration(kMaxHorizon_s), "assumed bound"},
  };
}

}  // namespace

const std::vector<DefaultRow>& default_rows() {
  static const std::vector<DefaultRow> rows = build_rows();  // immutable after first use
  return rows;
}

std::string defaults_markdown_table() {
  std::string out = "| what | scenario key | default | source |\n|---|---|---|---|\n";
  for (const DefaultRow& r : default_rows())
    out += fmt::format("| {} | `{}` | {} | {} |\n", r.what, r.key, r.value, r.source);
  return out;
}

}  // namespace cmsim
