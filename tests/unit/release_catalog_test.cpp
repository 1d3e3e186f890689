// The built-in release catalog (docs/modelling.md §8.3-8.4) and the applicability rule (§3.3-3.4):
// which in-console updates the cloud service offers a top-tier site at a given version and
// time, and which one the DMP downloader takes by default.
#include "models/release_catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "models/units.hpp"

namespace cmsim {
namespace {

std::int64_t utc(const std::string& ymd) {
  const auto ts = units::parse_utc_timestamp(ymd + "T00:00:00Z");
  EXPECT_TRUE(ts.value.has_value()) << ymd;
  return ts.value.value_or(0);
}

const Release* find(const std::vector<Release>& catalog, const std::string& name) {
  const auto it = std::find_if(catalog.begin(), catalog.end(), [&](const Release& r) { return r.name == name; });
  return it == catalog.end() ? nullptr : &*it;
}

std::vector<std::string> names(const std::vector<const Release*>& releases) {
  std::vector<std::string> out;
  for (const Release* r : releases) out.push_back(r->name);
  return out;
}

bool offers(const std::vector<const Release*>& releases, const std::string& name) {
  return std::any_of(releases.begin(), releases.end(), [&](const Release* r) { return r->name == name; });
}

// ---------------------------------------------------------------- the table

struct Row {
  const char* version;
  int build;
  const char* early_ring;
};

// docs/modelling.md §8.3, every current-branch version 1511..2603.
constexpr Row kTable[] = {
    {"1511", 8325, "2015-12-08"}, {"1602", 8355, "2016-03-11"}, {"1606", 8412, "2016-07-22"},
    {"1610", 8458, "2016-11-18"}, {"1702", 8498, "2017-03-27"}, {"1706", 8540, "2017-07-31"},
    {"1710", 8577, "2017-11-20"}, {"1802", 8634, "2018-03-22"}, {"1806", 8692, "2018-07-31"},
    {"1810", 8740, "2018-11-27"}, {"1902", 8790, "2019-03-27"}, {"1906", 8853, "2019-07-26"},
    {"1910", 8913, "2019-11-29"}, {"2002", 8968, "2020-04-01"}, {"2006", 9012, "2020-08-11"},
    {"2010", 9040, "2020-11-30"}, {"2103", 9049, "2021-04-19"}, {"2107", 9058, "2021-08-02"},
    {"2111", 9068, "2021-12-01"}, {"2203", 9078, "2022-04-06"}, {"2207", 9088, "2022-08-12"},
    {"2211", 9096, "2022-12-05"}, {"2303", 9106, "2023-04-10"}, {"2309", 9122, "2023-10-09"},
    {"2403", 9128, "2024-04-22"}, {"2409", 9132, "2024-12-04"}, {"2503", 9135, "2025-03-31"},
    {"2509", 9141, "2025-11-12"}, {"2603", 9146, "2026-05-05"},
};

TEST(CatalogTable, EveryCurrentBranchVersionWithItsBuildAndEarlyRingDate) {
  const auto catalog = builtin_catalog(Ring::early);
  const auto versions =
      std::count_if(catalog.begin(), catalog.end(), [](const Release& r) { return r.kind == ReleaseKind::version; });
  EXPECT_EQ(versions, 29);
  for (const Row& row : kTable) {
    const Release* r = find(catalog, row.version);
    ASSERT_NE(r, nullptr) << row.version << " missing";
    EXPECT_EQ(r->kind, ReleaseKind::version) << row.version;
    EXPECT_EQ(r->version, row.version);
    EXPECT_EQ(r->build, row.build) << row.version;
    EXPECT_EQ(r->early_ring_unix_s, utc(row.early_ring)) << row.version;
    EXPECT_EQ(r->available_unix_s, r->early_ring_unix_s) << row.version << ": early ring is the default";
    EXPECT_GT(r->payload_bytes, 0u) << row.version;
    EXPECT_FALSE(r->min_version.empty()) << row.version;
    // Every version after the first baseline is offered to some older version.
    if (std::string(row.version) != "1511") {
      EXPECT_LT(compare_versions(r->min_version, r->version), 0) << row.version << " min " << r->min_version;
    }
  }
}

TEST(CatalogTable, PublishedGaDates) {
  const auto catalog = builtin_catalog(Ring::early);
  EXPECT_EQ(find(catalog, "2409")->ga_unix_s, utc("2024-12-16"));
  EXPECT_EQ(find(catalog, "2503")->ga_unix_s, utc("2025-04-15"));
  EXPECT_EQ(find(catalog, "2509")->ga_unix_s, utc("2025-12-08"));
  EXPECT_EQ(find(catalog, "2603")->ga_unix_s, utc("2026-05-27"));
  // No published GA: the early ring plus the assumed two weeks, never before the early ring.
  const Release* r2403 = find(catalog, "2403");
  EXPECT_EQ(r2403->ga_unix_s, utc("2024-04-22") + 14 * 86400);
}

TEST(CatalogTable, MinimumSourceVersionsOfSection84) {
  const auto catalog = builtin_catalog(Ring::early);
  EXPECT_EQ(find(catalog, "2409")->min_version, "2303");
  EXPECT_EQ(find(catalog, "2503")->min_version, "2303");
  EXPECT_EQ(find(catalog, "2509")->min_version, "2403");
  EXPECT_EQ(find(catalog, "2603")->min_version, "2409");
}

TEST(CatalogTable, HotfixRollupsFor2403_2409_2503) {
  const auto catalog = builtin_catalog(Ring::early);
  const auto hotfixes =
      std::count_if(catalog.begin(), catalog.end(), [](const Release& r) { return r.kind == ReleaseKind::hotfix; });
  EXPECT_EQ(hotfixes, 3);
  for (const char* v : {"2403", "2409", "2503"}) {
    const Release* h = find(catalog, std::string(v) + " HFRU");
    ASSERT_NE(h, nullptr) << v << " HFRU missing";
    EXPECT_EQ(h->kind, ReleaseKind::hotfix);
    EXPECT_EQ(h->version, v);
    EXPECT_FALSE(h->package_guid.empty()) << v;
    // A rollup follows its release.
    EXPECT_GT(h->available_unix_s, find(catalog, v)->ga_unix_s) << v;
  }
}

TEST(CatalogTable, SortedByAvailability) {
  for (Ring ring : {Ring::early, Ring::ga}) {
    const auto catalog = builtin_catalog(ring);
    EXPECT_TRUE(std::is_sorted(catalog.begin(), catalog.end(), [](const Release& a, const Release& b) {
      return a.available_unix_s < b.available_unix_s;
    }));
  }
}

TEST(CatalogRing, GaRingMakesReleasesAvailableAtGa) {
  const auto early = builtin_catalog(Ring::early);
  const auto ga = builtin_catalog(Ring::ga);
  ASSERT_EQ(early.size(), ga.size());
  EXPECT_EQ(find(early, "2409")->available_unix_s, utc("2024-12-04"));
  EXPECT_EQ(find(ga, "2409")->available_unix_s, utc("2024-12-16"));
  EXPECT_EQ(find(ga, "2603")->available_unix_s, utc("2026-05-27"));
  for (const Release& r : ga) {
    EXPECT_EQ(r.available_unix_s, r.ga_unix_s) << r.name;
    EXPECT_GE(r.ga_unix_s, r.early_ring_unix_s) << r.name;
  }
  // Between the two dates only the early ring is offered 2409.
  const auto mid = utc("2024-12-10");
  EXPECT_TRUE(offers(applicable_updates(early, "2403", mid), "2409"));
  EXPECT_FALSE(offers(applicable_updates(ga, "2403", mid), "2409"));
}

// ---------------------------------------------------------------- versions

TEST(CatalogVersions, CompareAndValidate) {
  EXPECT_LT(compare_versions("2403", "2409"), 0);
  EXPECT_GT(compare_versions("2503", "2409"), 0);
  EXPECT_EQ(compare_versions("2409", "2409"), 0);
  EXPECT_LT(compare_versions("1910", "2002"), 0);
  EXPECT_TRUE(is_version_string("2403"));
  EXPECT_TRUE(is_version_string("1511"));
  for (const char* bad : {"", "240", "24030", "24.3", "2413", "2400", "abcd", "24O3"})
    EXPECT_FALSE(is_version_string(bad)) << bad;
}

// ---------------------------------------------------------------- applicability

TEST(CatalogApplicability, SiteAt2303IsOffered2409And2503ButNot2509) {
  const auto catalog = builtin_catalog(Ring::early);
  const auto offered = applicable_updates(catalog, "2303", utc("2026-01-15"));
  EXPECT_TRUE(offers(offered, "2409")) << testing::PrintToString(names(offered));
  EXPECT_TRUE(offers(offered, "2503")) << testing::PrintToString(names(offered));
  EXPECT_FALSE(offers(offered, "2509")) << "2509 needs at least 2403";
  EXPECT_FALSE(offers(offered, "2303"));
  // Oldest first.
  EXPECT_TRUE(std::is_sorted(offered.begin(), offered.end(), [](const Release* a, const Release* b) {
    return a->available_unix_s < b->available_unix_s;
  }));
  const Release* latest = latest_applicable(catalog, "2303", utc("2026-01-15"));
  ASSERT_NE(latest, nullptr);
  EXPECT_EQ(latest->name, "2503");
}

TEST(CatalogApplicability, SiteAt2409TakesTheNewestVersion) {
  const auto catalog = builtin_catalog(Ring::early);
  const auto before_2603 = utc("2026-03-01");
  const auto offered = applicable_updates(catalog, "2409", before_2603);
  EXPECT_TRUE(offers(offered, "2503"));
  EXPECT_TRUE(offers(offered, "2509"));
  EXPECT_FALSE(offers(offered, "2603")) << "not released yet";
  const Release* latest = latest_applicable(catalog, "2409", before_2603);
  ASSERT_NE(latest, nullptr);
  EXPECT_EQ(latest->name, "2509");

  const auto after_2603 = utc("2026-05-05");  // the early-ring day itself
  EXPECT_TRUE(offers(applicable_updates(catalog, "2409", after_2603), "2603"));
  latest = latest_applicable(catalog, "2409", after_2603);
  ASSERT_NE(latest, nullptr);
  EXPECT_EQ(latest->name, "2603");
  // One second earlier it is not there.
  EXPECT_FALSE(offers(applicable_updates(catalog, "2409", after_2603 - 1), "2603"));
}

TEST(CatalogApplicability, NothingIsOfferedBeforeItsAvailability) {
  const auto catalog = builtin_catalog(Ring::early);
  // The day before 2409 reached the early ring, a 2403 site sees no 2409 and no rollup of it.
  const auto offered = applicable_updates(catalog, "2403", utc("2024-12-03"));
  EXPECT_FALSE(offers(offered, "2409"));
  EXPECT_FALSE(offers(offered, "2503"));
  for (const Release* r : offered) EXPECT_LE(r->available_unix_s, utc("2024-12-03")) << r->name;
  // Before the very first release there is nothing at all.
  EXPECT_TRUE(applicable_updates(catalog, "1511", utc("2015-01-01")).empty());
  EXPECT_EQ(latest_applicable(catalog, "1511", utc("2015-01-01")), nullptr);
}

TEST(CatalogApplicability, NeverOfferedToASiteAtOrAboveIt) {
  const auto catalog = builtin_catalog(Ring::early);
  const auto far_future = utc("2030-01-01");
  for (const char* site : {"2409", "2503", "2509", "2603"}) {
    for (const Release* r : applicable_updates(catalog, site, far_future)) {
      if (r->kind == ReleaseKind::version) {
        EXPECT_GT(compare_versions(r->version, site), 0) << site << " offered " << r->name;
      }
    }
  }
  // The newest version has no newer version to take; only nothing is left.
  EXPECT_EQ(latest_applicable(catalog, "2603", far_future), nullptr);
}

TEST(CatalogApplicability, HotfixOnlyForItsExactVersionAndUntilInstalled) {
  const auto catalog = builtin_catalog(Ring::early);
  const Release* hfru = find(catalog, "2409 HFRU");
  ASSERT_NE(hfru, nullptr);
  const auto now = hfru->available_unix_s;
  EXPECT_TRUE(offers(applicable_updates(catalog, "2409", now), "2409 HFRU"));
  EXPECT_FALSE(offers(applicable_updates(catalog, "2409", now - 1), "2409 HFRU"));
  EXPECT_FALSE(offers(applicable_updates(catalog, "2403", now), "2409 HFRU")) << "not for an older version";
  EXPECT_FALSE(offers(applicable_updates(catalog, "2503", utc("2026-01-01")), "2409 HFRU")) << "not for a newer one";
  EXPECT_FALSE(offers(applicable_updates(catalog, "2409", now, {"2409 HFRU"}), "2409 HFRU")) << "already installed";
  // Another version's installed rollup does not hide this one.
  EXPECT_TRUE(offers(applicable_updates(catalog, "2409", now, {"2403 HFRU"}), "2409 HFRU"));
}

TEST(CatalogApplicability, LatestPrefersAVersionOverAHotfix) {
  const auto catalog = builtin_catalog(Ring::early);
  const Release* hfru = find(catalog, "2409 HFRU");
  ASSERT_NE(hfru, nullptr);
  // While only the rollup is newer than the site, it is the one taken.
  const auto rollup_only = hfru->available_unix_s;
  ASSERT_LT(rollup_only, utc("2025-03-31"));
  const Release* latest = latest_applicable(catalog, "2409", rollup_only);
  ASSERT_NE(latest, nullptr);
  EXPECT_EQ(latest->name, "2409 HFRU");
  // Once 2503 is out, the version wins although the rollup is still offered.
  const auto both = utc("2025-04-01");
  const auto offered = applicable_updates(catalog, "2409", both);
  ASSERT_TRUE(offers(offered, "2409 HFRU"));
  ASSERT_TRUE(offers(offered, "2503"));
  latest = latest_applicable(catalog, "2409", both);
  ASSERT_NE(latest, nullptr);
  EXPECT_EQ(latest->name, "2503");
  EXPECT_EQ(latest->kind, ReleaseKind::version);
}

TEST(CatalogApplicability, HotfixListedBeforeTheVersionInACustomCatalogStillLoses) {
  // latest_applicable must not depend on the catalog order.
  Release hotfix;
  hotfix.version = "2409";
  hotfix.name = "2409 HFRU";
  hotfix.kind = ReleaseKind::hotfix;
  hotfix.min_version = "2409";
  hotfix.available_unix_s = 200;
  Release v2503;
  v2503.version = v2503.name = "2503";
  v2503.min_version = "2303";
  v2503.available_unix_s = 100;
  Release v2509;
  v2509.version = v2509.name = "2509";
  v2509.min_version = "2403";
  v2509.available_unix_s = 150;
  for (const auto& catalog : {std::vector<Release>{hotfix, v2509, v2503}, std::vector<Release>{v2509, v2503, hotfix},
                              std::vector<Release>{v2503, hotfix, v2509}}) {
    const Release* latest = latest_applicable(catalog, "2409", 1000);
    ASSERT_NE(latest, nullptr);
    EXPECT_EQ(latest->name, "2509");
  }
}

}  // namespace
}  // namespace cmsim
