// Status message IDs the model raises. Documented ones cite docs/modelling.md §6.4; the sources name
// no IDs for sender or replication failures, so those are assumed and listed here once.
#pragma once

namespace cmsim::status_id {

inline constexpr int kDistMgrPackageProcessed = 2301;     // docs/modelling.md §6.4
inline constexpr int kDmpUploadFailed = 9605;             // docs/modelling.md §6.4
inline constexpr int kDmpUploadException = 9607;          // docs/modelling.md §6.4
inline constexpr int kEndpointChecksPassed = 11410;       // docs/modelling.md §6.4
inline constexpr int kEndpointNonCriticalFailed = 11411;  // docs/modelling.md §6.4
inline constexpr int kEndpointCriticalFailed = 11412;     // docs/modelling.md §6.4
inline constexpr int kCloudServiceConnectFailed = 11488;  // docs/modelling.md §6.4
inline constexpr int kSenderRetriesExhausted = 4578;      // assumed: no documented ID
inline constexpr int kReplicationLinkDegraded = 4620;     // assumed: no documented ID
inline constexpr int kReplicationLinkFailed = 4621;       // assumed: no documented ID
inline constexpr int kReplicationLinkActive = 4622;       // assumed: no documented ID
inline constexpr int kSiteAdditionRefused = 3306;         // assumed: no documented ID
inline constexpr int kScpInstallRefused = 3307;           // assumed: no documented ID
inline constexpr int kScpModeChangeRefused = 3308;        // assumed: no documented ID
inline constexpr int kCloudConfigChanged = 3309;          // assumed: the console's notification, no documented ID
inline constexpr int kCloudConfigPickedUp = 3310;         // assumed: no documented ID
inline constexpr int kScpMoved = 3311;                    // assumed: no documented ID
inline constexpr int kTenantSecretInvalid = 3312;         // assumed: no documented ID
inline constexpr int kTenantSecretRenewed = 3313;         // assumed: no documented ID
inline constexpr int kScpReinstalledDuringUpdate = 3314;  // assumed: no documented ID

}  // namespace cmsim::status_id
