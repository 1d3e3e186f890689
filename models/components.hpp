// The product's component names (docs/modelling.md §7), as they appear in logs, status messages and
// component status, listed once so that no two places spell one differently.
#pragma once

#include <string_view>

namespace cmsim::component {

inline constexpr const char* kExecutive = "SMS_EXECUTIVE";
inline constexpr const char* kSiteComponentManager = "SMS_SITE_COMPONENT_MANAGER";
inline constexpr const char* kSiteBackup = "SMS_SITE_BACKUP";
inline constexpr const char* kDmpDownloader = "SMS_DMP_DOWNLOADER";
inline constexpr const char* kDmpUploader = "SMS_DMP_UPLOADER";
inline constexpr const char* kServiceConnector = "SMS_SERVICE_CONNECTOR";
inline constexpr const char* kHierarchyManager = "SMS_HIERARCHY_MANAGER";
inline constexpr const char* kDistributionManager = "SMS_DISTRIBUTION_MANAGER";
inline constexpr const char* kSender = "SMS_SENDER";
inline constexpr const char* kDespooler = "SMS_DESPOOLER";
inline constexpr const char* kCmUpdate = "CONFIGURATION_MANAGER_UPDATE";
inline constexpr const char* kReplicationMonitor = "SMS_REPLICATION_CONFIGURATION_MONITOR";
inline constexpr const char* kScheduler = "SMS_SCHEDULER";
inline constexpr const char* kMpFileDispatchManager = "SMS_MP_FILE_DISPATCH_MANAGER";  // a remote SCP's MPFDM
// Not a site-server component: the console's changes go through it, and it raises their status.
inline constexpr const char* kSmsProvider = "SMS Provider";

// Every site-server component a scenario may name (restart_component, component_status):
// the ones above, which the model runs, and other components of the product's site server
// that an admin may restart or watch, whose restart has no modelled effect. A name outside
// this list is a typo, refused at validation rather than a silent no-op or a false pass.
inline constexpr const char* kKnown[] = {kExecutive,
                                         kSiteComponentManager,
                                         kSiteBackup,
                                         kDmpDownloader,
                                         kDmpUploader,
                                         kServiceConnector,
                                         kHierarchyManager,
                                         kDistributionManager,
                                         kSender,
                                         kDespooler,
                                         kCmUpdate,
                                         kReplicationMonitor,
                                         "SMS_STATUS_MANAGER",
                                         "SMS_COMPONENT_STATUS_SUMMARIZER",
                                         kScheduler,
                                         "SMS_POLICY_PROVIDER",
                                         kMpFileDispatchManager,
                                         "SMS_STATE_SYSTEM",
                                         "SMS_INBOX_MONITOR",
                                         "SMS_DISCOVERY_DATA_MANAGER",
                                         "SMS_OBJECT_REPLICATION_MANAGER",
                                         "SMS_SITE_CONTROL_MANAGER"};

inline bool is_known(std::string_view name) {
  for (const char* known : kKnown)
    if (name == known) return true;
  return false;
}

}  // namespace cmsim::component
