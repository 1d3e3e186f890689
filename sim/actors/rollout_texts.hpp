// The words and paths the rollout's components write (docs/modelling.md §4.3-4.5, §7.5), shared by
// the rollout's files so that each is spelt once.
#pragma once

#include <string>

#include "models/components.hpp"

namespace cmsim::rollout_text {

inline constexpr const char* kHman = component::kHierarchyManager;
inline constexpr const char* kDistMgr = component::kDistributionManager;
inline constexpr const char* kDespooler = component::kDespooler;
inline constexpr const char* kCmUpdate = component::kCmUpdate;
inline constexpr const char* kScheduler = component::kScheduler;
inline constexpr const char* kSetup = "Configuration Manager Setup";
// docs/modelling.md §4.4: the flowchart's C:\SMS is the install folder of the site.
inline constexpr const char* kInstallDir = "C:\\Program Files\\Microsoft Configuration Manager";
inline constexpr const char* kCmUpdateBox = "C:\\Program Files\\Microsoft Configuration Manager\\inboxes\\cmupdate.box";
// Show Status step names where the product documents none (assumed wording).
inline constexpr const char* kCreatePackageStep = "Create the Easy Setup Package";
inline constexpr const char* kReplicateStep = "Replicate the Easy Setup Package to the site";
inline constexpr const char* kCopyUpgradeStep = "Copy the upgrade files from the parent site";
inline constexpr const char* kUpgradeSecondaryStep = "Upgrade the secondary site";
inline constexpr const char* kExtractStep = "Extract Update package";  // docs/modelling.md §3.5
inline constexpr const char* kWaitParentStep = "Wait for the parent site";
inline constexpr const char* kServiceWindowStep = "Check service window";

// DistMgr's words for a first version and for a newer one (docs/modelling.md §4.3 steps 4, 10).
inline std::string start_package_text(const std::string& id, int version) {
  return (version == 1 ? "Start adding package " : "Start updating the package ") + id + "...";
}

}  // namespace cmsim::rollout_text
