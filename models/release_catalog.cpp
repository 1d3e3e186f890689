#include "release_catalog.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "defaults.hpp"
#include "units.hpp"

namespace cmsim {
namespace {

struct CatalogRow {
  const char* version;
  int build;
  const char* early_ring;   // docs/modelling.md §8.3 early-ring availability
  const char* ga;           // docs/modelling.md §8.3 GA where published, else nullptr (early ring + 14 days, assumed)
  const char* min_version;  // docs/modelling.md §8.4 where published, else nullptr (derived, see min_source_version)
  const char* guid;         // docs/modelling.md §3.1 where published
};

// docs/modelling.md §8.3 table, 1511..2603.
constexpr std::array<CatalogRow, 29> kVersions{{
    {"1511", 8325, "2015-12-08", nullptr, nullptr, ""},
    {"1602", 8355, "2016-03-11", nullptr, nullptr, ""},
    {"1606", 8412, "2016-07-22", nullptr, nullptr, ""},
    {"1610", 8458, "2016-11-18", nullptr, nullptr, ""},
    {"1702", 8498, "2017-03-27", nullptr, nullptr, ""},
    {"1706", 8540, "2017-07-31", nullptr, nullptr, ""},
    {"1710", 8577, "2017-11-20", nullptr, nullptr, ""},
    {"1802", 8634, "2018-03-22", nullptr, nullptr, ""},
    {"1806", 8692, "2018-07-31", nullptr, nullptr, ""},
    {"1810", 8740, "2018-11-27", nullptr, nullptr, ""},
    {"1902", 8790, "2019-03-27", nullptr, nullptr, ""},
    {"1906", 8853, "2019-07-26", nullptr, nullptr, ""},
    {"1910", 8913, "2019-11-29", nullptr, nullptr, ""},
    {"2002", 8968, "2020-04-01", nullptr, nullptr, ""},
    {"2006", 9012, "2020-08-11", nullptr, nullptr, ""},
    {"2010", 9040, "2020-11-30", nullptr, nullptr, ""},
    {"2103", 9049, "2021-04-19", nullptr, nullptr, ""},
    {"2107", 9058, "2021-08-02", nullptr, nullptr, ""},
    {"2111", 9068, "2021-12-01", nullptr, nullptr, ""},
    {"2203", 9078, "2022-04-06", nullptr, nullptr, ""},
    {"2207", 9088, "2022-08-12", nullptr, nullptr, ""},
    {"2211", 9096, "2022-12-05", nullptr, nullptr, ""},
    {"2303", 9106, "2023-04-10", nullptr, nullptr, ""},
    {"2309", 9122, "2023-10-09", nullptr, nullptr, "FD3D0214-F4DC-4664-B6BB-997E381B7C9D"},
    {"2403", 9128, "2024-04-22", nullptr, nullptr, "5B8886C7-F967-4F8A-92AA-009E28368853"},
    {"2409", 9132, "2024-12-04", "2024-12-16", "2303", "3B7D84FA-ECCC-4EA0-B8AB-ABBDA1E88E0E"},
    {"2503", 9135, "2025-03-31", "2025-04-15", "2303", "AA928926-5C76-4DE0-B51F-0FE4D365DFE2"},
    {"2509", 9141, "2025-11-12", "2025-12-08", "2403", "420E3E18-73C5-4BE9-88B0-6F1E30A012CA"},
    {"2603", 9146, "2026-05-05", "2026-05-27", "2409", ""},
}};

// In-console hotfix rollups with published GUIDs (docs/modelling.md §3.1). Their dates are not published:
// assumed 8 weeks after the version's GA.
struct HotfixRow {
  const char* version;
  const char* guid;
};
constexpr std::array<HotfixRow, 3> kHotfixes{{
    {"2403", "A02D38C5-021E-4144-8249-E7CDE48DA83F"},
    {"2409", "345A6BE1-3D07-43ED-B6E5-FAC0889DA04C"},
    {"2503", "6B0783D9-B8A2-4848-82F6-8EFE956F4988"},
}};
constexpr double kHotfixAfterGa_s = 56 * 86400.0;

using defaults::kHotfixPayload_bytes;
using defaults::kHotfixRedists_bytes;
using defaults::kVersionPayload_bytes;
using defaults::kVersionRedists_bytes;
// docs/modelling.md §8.3 support lifecycle: 18 months from GA.
constexpr double kSupport_s = 18 * 30.44 * 86400.0;

std::int64_t date_unix_s(const char* ymd) { return *units::parse_utc_timestamp(std::string(ymd) + "T00:00:00Z"); }

// Where docs/modelling.md §8.4 publishes no minimum, an update is offered to the versions still in support
// on the day it is released ("the site must be within the support window").
std::string min_source_version(std::size_t row) {
  if (kVersions[row].min_version) return kVersions[row].min_version;
  const std::int64_t released = date_unix_s(kVersions[row].early_ring);
  for (std::size_t k = 0; k < row; ++k) {
    const double ga = static_cast<double>(date_unix_s(kVersions[k].early_ring)) + defaults::kEarlyRingToGa_s;
    if (ga + kSupport_s >= static_cast<double>(released)) return kVersions[k].version;
  }
  return row > 0 ? kVersions[row - 1].version : kVersions[row].version;
}

Release version_release(std::size_t row, Ring ring) {
  const CatalogRow& r = kVersions[row];
  Release rel;
  rel.version = rel.name = r.version;
  rel.kind = ReleaseKind::version;
  rel.build = r.build;
  rel.package_guid = r.guid;
  rel.early_ring_unix_s = date_unix_s(r.early_ring);
  rel.ga_unix_s =
      r.ga ? date_unix_s(r.ga) : rel.early_ring_unix_s + static_cast<std::int64_t>(defaults::kEarlyRingToGa_s);
  rel.available_unix_s = ring == Ring::ga ? rel.ga_unix_s : rel.early_ring_unix_s;
  rel.min_version = min_source_version(row);
  rel.payload_bytes = kVersionPayload_bytes;
  rel.redists_bytes = kVersionRedists_bytes;
  return rel;
}

Release hotfix_release(const HotfixRow& h, const Release& base) {
  Release rel;
  rel.version = h.version;
  rel.name = std::string(h.version) + " HFRU";
  rel.kind = ReleaseKind::hotfix;
  rel.build = base.build;
  rel.package_guid = h.guid;
  rel.early_ring_unix_s = rel.ga_unix_s = rel.available_unix_s =
      base.ga_unix_s + static_cast<std::int64_t>(kHotfixAfterGa_s);
  rel.min_version = h.version;
  rel.payload_bytes = kHotfixPayload_bytes;
  rel.redists_bytes = kHotfixRedists_bytes;
  return rel;
}

bool offered(const Release& r, const std::string& site_version, std::int64_t now_unix_s,
             const std::vector<std::string>& installed_hotfixes) {
  if (r.available_unix_s > now_unix_s) return false;
  if (r.kind == ReleaseKind::hotfix)
    return r.version == site_version &&
           std::find(installed_hotfixes.begin(), installed_hotfixes.end(), r.name) == installed_hotfixes.end();
  return compare_versions(r.version, site_version) > 0 && compare_versions(site_version, r.min_version) >= 0;
}

}  // namespace

std::string package_guid_of(const Release& release) {
  if (!release.package_guid.empty()) return release.package_guid;
  unsigned hash = 2166136261u;  // FNV-1a over the name: stable across runs and machines
  for (char c : release.name) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-%04X-4%03X-8%03X-%012X", hash & 0xFFFFu, (hash >> 16) & 0xFFFu,
                release.build & 0xFFF, hash);
  return buf;
}

std::vector<Release> builtin_catalog(Ring ring) {
  std::vector<Release> out;
  for (std::size_t i = 0; i < kVersions.size(); ++i) out.push_back(version_release(i, ring));
  for (const HotfixRow& h : kHotfixes) {
    const auto base = std::find_if(out.begin(), out.end(), [&](const Release& r) { return r.name == h.version; });
    out.push_back(hotfix_release(h, *base));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Release& a, const Release& b) { return a.available_unix_s < b.available_unix_s; });
  return out;
}

bool is_version_string(const std::string& text) {
  if (text.size() != 4 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return false;
  const int month = (text[2] - '0') * 10 + (text[3] - '0');
  return month >= 1 && month <= 12;
}

int compare_versions(const std::string& a, const std::string& b) { return a.compare(b); }

std::vector<const Release*> applicable_updates(const std::vector<Release>& catalog, const std::string& site_version,
                                               std::int64_t now_unix_s,
                                               const std::vector<std::string>& installed_hotfixes) {
  std::vector<const Release*> out;
  for (const Release& r : catalog)
    if (offered(r, site_version, now_unix_s, installed_hotfixes)) out.push_back(&r);
  return out;
}

const Release* latest_applicable(const std::vector<Release>& catalog, const std::string& site_version,
                                 std::int64_t now_unix_s, const std::vector<std::string>& installed_hotfixes) {
  const Release* best = nullptr;
  for (const Release* r : applicable_updates(catalog, site_version, now_unix_s, installed_hotfixes)) {
    if (!best) {
      best = r;
    } else if (r->kind == ReleaseKind::version &&
               (best->kind == ReleaseKind::hotfix || compare_versions(r->version, best->version) > 0)) {
      best = r;
    }
  }
  return best;
}

}  // namespace cmsim
