// The pure rules of `cmsim advise`: the target, the ranking, the SLA bisection.
#include <gtest/gtest.h>

#include "models/advice_ranking.hpp"
#include "models/advice_target.hpp"
#include "reports/advice_records.hpp"

namespace cmsim::advice {
namespace {

UpdateOutcome outcome(SimTime t, std::size_t installed, std::size_t of) {
  UpdateOutcome u;
  u.update = "2409";
  u.version = "2409";
  u.target_t_s = t;
  u.installed = installed;
  u.of = of;
  return u;
}

TEST(AdviceTarget, ParsesTheThreeTargetsAndNamesAnythingElse) {
  std::string error;
  EXPECT_EQ(parse_target("all-sites", error)->kind, TargetKind::all_sites);
  EXPECT_EQ(parse_target("all-primaries", error)->kind, TargetKind::all_primaries);
  EXPECT_EQ(parse_target("site:S17", error)->site, "S17");
  EXPECT_FALSE(parse_target("site:", error));
  EXPECT_FALSE(parse_target("everyone", error));
  EXPECT_NE(error.find("expected all-sites, all-primaries or site:CODE"), std::string::npos);
}

TEST(AdviceRanking, ReachingBeatsNotReachingThenSoonerThenMoreSitesThenSkippedLast) {
  const UpdateOutcome base = outcome(100.0, 4, 4);
  const UpdateOutcome later = outcome(150.0, 4, 4), sooner = outcome(60.0, 4, 4), half = outcome(std::nullopt, 2, 4),
                      few = outcome(std::nullopt, 1, 4);
  std::vector<Effect> effects{effect_of(0, &later, &base), effect_of(1, &few, &base), effect_of(2, &sooner, &base),
                              effect_of(3, &half, &base), effect_of(4, &sooner, &base)};
  effects[4].skipped = "does not load";
  const auto order = ranked(effects);
  std::vector<std::size_t> ids;
  for (const Effect& e : order) ids.push_back(e.variation);
  EXPECT_EQ(ids, (std::vector<std::size_t>{2, 0, 3, 1, 4}));
  EXPECT_DOUBLE_EQ(*order[0].gain_s, 40.0);
  EXPECT_DOUBLE_EQ(*order[1].gain_s, -50.0);
  EXPECT_FALSE(order[2].gain_s);
}

TEST(AdviceRanking, ReachedWhereTheBaselineNeverDidIsSaid) {
  const UpdateOutcome base = outcome(std::nullopt, 3, 4), fixed = outcome(500.0, 4, 4);
  const Effect e = effect_of(0, &fixed, &base);
  EXPECT_TRUE(e.reached_when_baseline_did_not);
  EXPECT_FALSE(e.gain_s);
}

// A monotone target: met from factor 3.3 up. The search closes in within 5 %.
TEST(AdviceBisection, ClosesInOnTheSmallestFactorThatMeets) {
  Bisection search{1, 64, 0.05};
  int probes = 0;
  while (const auto f = search.next()) {
    search.record(*f, *f >= 3.3);
    ++probes;
  }
  EXPECT_GE(search.hi, 3.3);
  EXPECT_LE(search.hi / search.lo, 1.05);
  EXPECT_LT(search.lo, 3.3);
  EXPECT_LE(probes, 8);
}

TEST(AdviceBisection, MeetsIsAtMostTheSlaAfterReadyAndNeverForAnUnreachedTarget) {
  EXPECT_TRUE(meets(SimTime{150.0}, SimTime{50.0}, 100.0));  // counted from Ready to install
  EXPECT_FALSE(meets(SimTime{150.5}, SimTime{50.0}, 100.0));
  EXPECT_FALSE(meets(std::nullopt, SimTime{0.0}, 1e9));
  EXPECT_FALSE(meets(SimTime{10.0}, std::nullopt, 1e9));
}

// Two sites, both installed "Configuration Manager 2409" (a full version whose release name
// is not its version), and one transfer that took an hour.
Results two_site_run() {
  Results r;
  r.duration_s = 86400;
  r.sites = {{"CAS", "cas", "", "2403", "2409", {}, {}}, {"P01", "primary", "CAS", "2403", "2409", {}, {}}};
  UpdateResult u;
  u.name = "Configuration Manager 2409";
  u.version = "2409";
  u.ready_to_install_t_s = 600;
  for (const auto& [site, t] : {std::pair<const char*, double>{"CAS", 3600}, {"P01", 7200}}) {
    UpdateSiteResult s;
    s.site = site;
    s.installed_t_s = t;
    u.sites.push_back(s);
  }
  r.updates.push_back(u);
  TransferRecord t;
  t.link = "CAS-P01";
  t.start_t_s = 3600;
  t.end_t_s = 7200;
  r.transfers.push_back(t);
  return r;
}

TEST(AdviceDigest, TheCatalogSaysWhichUpdateIsAFullVersionAndOnlyTheBaselineGetsPaths) {
  Scenario s;
  Release release;
  release.version = "2409";
  release.name = "Configuration Manager 2409";
  release.kind = ReleaseKind::version;
  s.releases.catalog.push_back(release);
  const Results r = two_site_run();
  const RunDigest full = digest(r, s, Target{}, DigestDetail::with_paths);
  ASSERT_EQ(full.updates.size(), 1u);
  EXPECT_EQ(full.updates[0].kind, ReleaseKind::version);  // not a hotfix because the name is not "2409"
  EXPECT_EQ(full.updates[0].target_t_s, SimTime{7200});
  EXPECT_EQ(full.updates[0].installed, 2u);
  ASSERT_EQ(full.busy_links.size(), 1u);
  EXPECT_DOUBLE_EQ(full.busy_links[0].second, 3600);
  const RunDigest variation = digest(r, s, Target{}, DigestDetail::target_only);
  EXPECT_EQ(variation.updates[0].target_t_s, SimTime{7200});
  EXPECT_TRUE(variation.busy_links.empty());
  EXPECT_TRUE(variation.updates[0].delays.empty());
}

TEST(AdviceRecords, ASkippedVariationReadsBackSkippedWithItsReason) {
  RunDigest run;
  run.skipped = "slow.json: /links/0/bandwidth: expected a rate";
  const std::string text = reports::advise_run_json("id1", "v003", {"links.CAS-P01.bandwidth=0"}, run);
  std::string why;
  const auto back = reports::parse_advise_run(text, "id1", "v003", {"links.CAS-P01.bandwidth=0"}, why);
  ASSERT_TRUE(back) << why;
  EXPECT_EQ(back->skipped, run.skipped);
  EXPECT_FALSE(reports::parse_advise_run(text, "id1", "v003", {}, why)) << "another run's overrides";
}

}  // namespace
}  // namespace cmsim::advice
