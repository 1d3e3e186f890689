// The product's component names (docs/modelling.md §7), as they appear in logs, status messages and
// component status, listed once so that no two places spell one differently.
#pragma once

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

}  // namespace cmsim::component
