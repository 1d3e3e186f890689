// Every number the model uses that a scenario does not give. Product defaults carry their
// source (a section of docs/modelling.md); invented ones say "assumed". The README
// lists them all; each is overridable from the scenario.
#pragma once

#include <cstdint>

namespace cmsim::defaults {

// Hierarchy limits (docs/modelling.md §1.3).
inline constexpr int kMaxPrimariesPerCas = 25;
inline constexpr int kMaxSecondariesPerPrimary = 250;

// Links (assumed: a typical enterprise WAN and internet breakout).
inline constexpr double kLinkBandwidth_Bps = 100e6 / 8;  // 100Mbps
inline constexpr double kLinkLatency_s = 0.030;
inline constexpr double kInternetBandwidth_Bps = 200e6 / 8;  // 200Mbps
inline constexpr double kInternetLatency_s = 0.040;
inline constexpr double kProxyBandwidth_Bps = 1e9 / 8;  // assumed: the proxy hop is never the bottleneck
inline constexpr double kProxyLatency_s = 0.001;
inline constexpr double kScpLanBandwidth_Bps = 1e9 / 8;  // assumed: remote SCP on the same LAN
inline constexpr double kScpLanLatency_s = 0.001;

// Sender (docs/modelling.md §5.1): 5 concurrent sendings, 3 per destination, 2 retries 1 minute apart.
inline constexpr int kSenderMaxConcurrent = 5;
inline constexpr int kSenderPerSite = 3;
inline constexpr int kSenderRetries = 2;
inline constexpr double kSenderRetryDelay_s = 60.0;
// Pulse mode (docs/modelling.md §5.1 [O]): 3 KB blocks every 5 s; accepted ranges 1-256 KB and 1-30 s.
inline constexpr std::uint64_t kPulseBlock_bytes = 3000;
inline constexpr double kPulseDelay_s = 5.0;

// Database replication (docs/modelling.md §5.2): CMUpdates group every minute, degraded at 12, failed at 24.
inline constexpr double kDrsSyncInterval_s = 60.0;
inline constexpr int kDrsDegradedAfter = 12;
inline constexpr int kDrsFailedAfter = 24;

// SCP (docs/modelling.md §2.3, §2.5, §2.7).
inline constexpr double kCheckInterval_s = 86400.0;
inline constexpr int kBackupDailyAtMinute = 2 * 60;  // assumed: 02:00 (docs/modelling.md §2.7 says not documented)

// Update sizes where the catalog or the scenario gives none (docs/modelling.md §8.2 [A]): a
// major release is about 0.97 GB of payload plus redists, a rollup 50-300 MB.
inline constexpr std::uint64_t kVersionPayload_bytes = 967280807;  // the 2107 payload, the one published size
inline constexpr std::uint64_t kVersionRedists_bytes = 300000000;  // assumed
inline constexpr std::uint64_t kHotfixPayload_bytes = 150000000;   // assumed, within 50-300 MB
inline constexpr std::uint64_t kHotfixRedists_bytes = 0;           // assumed: a rollup ships no redists

// DMP downloader and uploader (docs/modelling.md §3.3-3.4, §8.2).
inline constexpr double kFirstCheckDelay_s = 5 * 60.0;      // assumed: "shortly after the site starts"
inline constexpr std::uint64_t kManifest_bytes = 11526232;  // docs/modelling.md §3.1: 2025 manifest size
inline constexpr double kManifestProcessing_s = 2 * 60.0;   // assumed: docs/modelling.md §8.2 suggests 1-3 min
inline constexpr double kPayloadExtraction_s = 5 * 60.0;    // assumed: docs/modelling.md §8.2 suggests 2-10 min
inline constexpr std::uint64_t kUsageBasic_bytes = 200000;  // assumed usage-data cab sizes
inline constexpr std::uint64_t kUsageEnhanced_bytes = 1000000;
inline constexpr std::uint64_t kUsageFull_bytes = 5000000;
// Service connection tool (docs/modelling.md §3.6), assumed durations of the manual steps.
inline constexpr double kSctPrepare_s = 5 * 60.0;
inline constexpr double kSctImport_s = 10 * 60.0;

// Replication and installation (docs/modelling.md §4.3-4.5, §8.1-8.2).
inline constexpr double kEspSnapshot_s = 10 * 60.0;  // assumed: docs/modelling.md §8.2 suggests 5-15 min
inline constexpr double kDespool_s = 5 * 60.0;       // assumed
inline constexpr double kPrereqCheck_s = 15 * 60.0;  // assumed: docs/modelling.md §8.2 suggests 10-20 min per site
inline constexpr double kInstall_s = 60 * 60.0;      // assumed: docs/modelling.md §8.2 suggests 30-90 min per site
inline constexpr double kSecondaryInstall_s = 45 * 60.0;  // assumed
inline constexpr double kCmUpdatePoll_s = 10 * 60.0;      // docs/modelling.md §4.4: every 10 minutes
// docs/modelling.md §4.6: post-install takes 15-60 min in all; each monitored task this long (assumed).
inline constexpr double kPostInstallTask_s = 5 * 60.0;
// docs/modelling.md §4.4: "Ignore prerequisite warnings" resumes the install "after a few minutes" (assumed 5).
inline constexpr double kIgnoreWarningsResume_s = 5 * 60.0;
inline constexpr double kSenderJobRetry_s = 30 * 60.0;  // assumed: a job whose retries ran out waits this long

// docs/modelling.md §5.3: a link busier than this share of its capacity in a bin counts as over the
// threshold (assumed; the old capacity planners let the planner set it).
inline constexpr int kLinkBusyThreshold_percent = 80;

// Expanding a stand-alone primary (docs/modelling.md §1.4), all assumed: setup of the CAS from CD.Latest, the
// database snapshot sent by file-based replication, and its BCP load at the other end.
inline constexpr double kCasInstall_s = 3 * 3600.0;
inline constexpr std::uint64_t kDbSnapshot_bytes = 5000000000ull;
inline constexpr double kBcpLoad_s = 30 * 60.0;

// Catalog (docs/modelling.md §8.3, assumed): GA follows the early ring by 14 days where no GA date is published.
inline constexpr double kEarlyRingToGa_s = 14 * 86400.0;

// Guards against inputs that would run for hours or exhaust memory rather than fail (assumed
// bounds, far above any realistic plan): random outages expected over the run, DMP syncs
// over the run, and the smallest sending a package is split into.
inline constexpr double kMaxRandomFaults = 1e6;
inline constexpr double kMaxScpChecks = 1e5;
inline constexpr std::uint64_t kMinSenderObject_bytes = 1000000;
// The longest one-way latency accepted (a geostationary satellite hop is ~0.3 s).
inline constexpr double kMaxLatency_s = 60.0;

// Simulation horizon clamp (assumed): one simulated decade is more than any plan needs.
inline constexpr double kMaxHorizon_s = 10 * 365 * 86400.0;

}  // namespace cmsim::defaults
