// The built-in catalog of real current-branch releases (docs/modelling.md §8.3-8.4) and the
// applicability rule (docs/modelling.md §3.3-3.4): which updates the cloud service offers a site at version V.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenario.hpp"

namespace cmsim {

// Every current-branch version 1511..2603 plus the in-console hotfix rollups, with the ring
// chosen for `available_unix_s`. Sorted by availability.
std::vector<Release> builtin_catalog(Ring ring);

// Versions are YYMM strings; compares them as numbers (negative, zero, positive).
int compare_versions(const std::string& a, const std::string& b);
bool is_version_string(const std::string& text);

// Updates offered to a top-tier site at `site_version` at time `now_unix_s`: released by
// then, newer than the site (or, for a hotfix, for exactly this version and not yet
// installed), and the site at or above the update's minimum source version. Oldest first.
std::vector<const Release*> applicable_updates(const std::vector<Release>& catalog, const std::string& site_version,
                                               std::int64_t now_unix_s,
                                               const std::vector<std::string>& installed_hotfixes = {});

// The one the DMP downloader takes by default: the newest applicable version, else the
// newest applicable hotfix; nullptr when nothing applies.
const Release* latest_applicable(const std::vector<Release>& catalog, const std::string& site_version,
                                 std::int64_t now_unix_s, const std::vector<std::string>& installed_hotfixes = {});

// The package GUID the logs show: the published one, or a stable synthetic one (marked by
// its all-zero first group) for releases whose GUID the sources do not give.
std::string package_guid_of(const Release& release);

}  // namespace cmsim
