// What the service connection tool's connect phase downloads (docs/modelling.md §3.6), for
// the site version its prepare phase exported.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenario.hpp"

namespace cmsim {

// latest: only the newest version that applies, no hotfixes (the tool's default);
// all: every released update; hotfixes: hotfixes only; site_version: everything newer than
// the site, and the hotfixes of its own version. Catalog order is kept.
std::vector<const Release*> sct_selection(const std::vector<Release>& catalog, const std::string& site_version,
                                          std::int64_t now_unix_s, SctDownload option);

// The documented known issue: on version 2002 the default Connect (latest) downloaded
// nothing; -downloadsiteversion (and the other switches) worked.
inline bool sct_default_download_broken(const std::string& site_version, SctDownload option) {
  return site_version == "2002" && option == SctDownload::latest;
}

}  // namespace cmsim
