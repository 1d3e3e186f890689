#include "sct_selection.hpp"

#include "release_catalog.hpp"

namespace cmsim {
namespace {

const Release* latest_version_release(const std::vector<Release>& catalog, const std::string& site_version,
                                      std::int64_t now_unix_s) {
  const Release* latest = nullptr;
  for (const Release* r : applicable_updates(catalog, site_version, now_unix_s))
    if (r->kind == ReleaseKind::version && (!latest || compare_versions(r->version, latest->version) > 0)) latest = r;
  return latest;
}

bool selected(const Release& r, const std::string& site_version, SctDownload option) {
  const bool hotfix = r.kind == ReleaseKind::hotfix;
  switch (option) {
    case SctDownload::all:
      return true;
    case SctDownload::hotfixes:
      return hotfix;
    case SctDownload::site_version:
      return compare_versions(r.version, site_version) > 0 || (hotfix && r.version == site_version);
    case SctDownload::latest:
      break;
  }
  return false;
}

}  // namespace

std::vector<const Release*> sct_selection(const std::vector<Release>& catalog, const std::string& site_version,
                                          std::int64_t now_unix_s, SctDownload option) {
  std::vector<const Release*> out;
  if (option == SctDownload::latest) {
    if (const Release* latest = latest_version_release(catalog, site_version, now_unix_s)) out.push_back(latest);
    return out;
  }
  for (const Release& r : catalog)
    if (r.available_unix_s <= now_unix_s && selected(r, site_version, option)) out.push_back(&r);
  return out;
}

}  // namespace cmsim
