// The statistics a researcher cites from summary.json (docs/scenario.md §4.7) and the metrics a
// sweep run records: checked against published tables and hand-countable records.
#include <gtest/gtest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "reports/ecdf_panel.hpp"
#include "reports/sweep_metrics.hpp"
#include "reports/sweep_statistics.hpp"
#include "reports/sweep_tables.hpp"

namespace cmsim::sweep {
namespace {

// Student t 0.975 quantiles as printed in every statistics table.
TEST(SweepStatistics, StudentTQuantilesMatchTheTables) {
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.706, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 4), 2.776, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 9), 2.262, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 29), 2.045, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 1000), 1.962, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.025, 9), -2.262, 5e-4);
}

// The order-statistic interval of the median: n = 10 gives [x(2), x(9)] at 97.85 %; below
// 6 runs no interval reaches 95 %.
TEST(SweepStatistics, MedianIntervalRanksAreTheBinomialOnes) {
  double coverage = 0;
  EXPECT_EQ(median_interval_rank(10, 0.95, coverage), 2u);
  EXPECT_NEAR(coverage, 1 - 2 * 11.0 / 1024, 1e-12);
  EXPECT_EQ(median_interval_rank(6, 0.95, coverage), 1u);
  EXPECT_NEAR(coverage, 1 - 2.0 / 64, 1e-12);
  EXPECT_EQ(median_interval_rank(5, 0.95, coverage), 0u);
  EXPECT_EQ(median_interval_rank(100, 0.95, coverage), 40u);  // [x(40), x(61)], the textbook pair
  EXPECT_GE(coverage, 0.95);
}

TEST(SweepStatistics, MissingRunsAreCountedAndTheRestSummarised) {
  std::vector<std::optional<double>> values;
  for (int i = 1; i <= 10; ++i) values.push_back(i);
  values.push_back(std::nullopt);
  const MetricStatistics s = statistics(values);
  EXPECT_EQ(s.runs, 11u);
  EXPECT_EQ(s.n, 10u);
  EXPECT_EQ(s.missing, 1u);
  EXPECT_DOUBLE_EQ(*s.mean, 5.5);
  EXPECT_NEAR(*s.sd, std::sqrt(82.5 / 9), 1e-12);
  EXPECT_EQ(*s.min, 1);
  EXPECT_EQ(*s.p5, 1);
  EXPECT_EQ(*s.p25, 3);
  EXPECT_EQ(*s.p75, 8);
  EXPECT_EQ(*s.max, 10);
  ASSERT_TRUE(s.mean_ci95);
  EXPECT_NEAR(s.mean_ci95->hi - 5.5, 2.262 * std::sqrt(82.5 / 9) / std::sqrt(10.0), 1e-3);
  ASSERT_TRUE(s.median_ci95);
  EXPECT_EQ(s.median_ci95->lo, 2);
  EXPECT_EQ(s.median_ci95->hi, 9);
  const MetricStatistics one = statistics({4.0});
  EXPECT_FALSE(one.sd);
  EXPECT_FALSE(one.mean_ci95);
  EXPECT_FALSE(one.median_ci95);
  const auto j = statistics_json(one, true);
  EXPECT_TRUE(j["p50"].is_number_integer());
  EXPECT_TRUE(j["mean"].is_number_float());
  EXPECT_TRUE(j["median_ci95"].is_null());
}

// ---- what a run records ------------------------------------------------------------------

Results two_tier_run() {
  Results r;
  r.duration_s = 1000;
  r.sites = {{"CAS", "cas", "", "", "", {}, std::nullopt},
             {"P01", "primary", "CAS", "", "", {}, std::nullopt},
             {"P02", "primary", "CAS", "", "", {}, std::nullopt},
             {"S01", "secondary", "P01", "", "", {}, std::nullopt}};
  UpdateResult full;
  full.version = full.name = "2409";
  full.ready_to_install_t_s = 10;
  full.sites.resize(4);
  const char* codes[] = {"CAS", "P01", "P02", "S01"};
  const SimTime installed[] = {100.0, 300.0, 200.0, std::nullopt};
  for (int i = 0; i < 4; ++i) {
    full.sites[i].site = codes[i];
    full.sites[i].installed_t_s = installed[i];
  }
  UpdateResult hotfix;  // primaries only: a rollup without secondaries
  hotfix.version = hotfix.name = "2409 HFRU";
  hotfix.sites.resize(3);
  for (int i = 0; i < 3; ++i) {
    hotfix.sites[i].site = codes[i];
    hotfix.sites[i].installed_t_s = 500.0 + i;
  }
  r.updates = {full, hotfix};
  return r;
}

std::optional<double> value_of(const SweepMetrics& m, const std::string& name, bool* found = nullptr) {
  for (const SweepValue& v : m.values)
    if (v.name == name) {
      if (found) *found = true;
      return v.value;
    }
  if (found) *found = false;
  return std::nullopt;
}

TEST(SweepRunMetrics, TiersAreTheLastInstallOfTheirSitesInTheRollout) {
  const Results r = two_tier_run();
  MetricSpec spec;
  spec.update = "2409";
  const SweepMetrics m = sweep_metrics(r, spec, nullptr);
  EXPECT_EQ(m.update, "2409");
  EXPECT_EQ(value_of(m, "top_tier_t_s"), 100.0);
  EXPECT_EQ(value_of(m, "child_primaries_t_s"), 300.0);
  bool found = false;
  EXPECT_FALSE(value_of(m, "secondaries_t_s", &found));  // S01 never installed: NA, not dropped
  EXPECT_TRUE(found);

  spec.update = "all";
  const SweepMetrics all = sweep_metrics(r, spec, nullptr);
  EXPECT_EQ(all.update, "");
  EXPECT_EQ(value_of(all, "child_primaries_t_s[2409 HFRU]"), 502.0);
  value_of(all, "secondaries_t_s[2409 HFRU]", &found);
  EXPECT_FALSE(found);  // the hotfix's rollout has no secondary: no metric, not a missing one
  EXPECT_EQ(value_of(all, "ready_to_install_t_s[2409]"), 10.0);
}

TEST(SweepRunMetrics, PerSiteAndUserMetrics) {
  Results r = two_tier_run();
  TransferRecord t;
  t.to = "P01";
  t.link = "CAS-P01";
  t.bytes = 1000;
  t.attempts = 3;  // two failed attempts, then it arrived
  r.transfers = {t};
  MetricSpec spec;
  spec.per_site = true;
  spec.user = {{"horizon", "/duration_s"}, {"absent", "/updates/9/version"}};
  nlohmann::ordered_json report{{"duration_s", 1000}, {"scenario", "x"}, {"updates", nlohmann::ordered_json::array()}};
  const SweepMetrics m = sweep_metrics(r, spec, &report);
  EXPECT_EQ(value_of(m, "site.P01.installed_t_s"), 300.0);
  EXPECT_EQ(value_of(m, "site.P01.bytes_received"), 1000.0);
  EXPECT_EQ(value_of(m, "site.P01.failed_attempts"), 2.0);
  EXPECT_EQ(value_of(m, "horizon"), 1000.0);
  bool found = false;
  EXPECT_FALSE(value_of(m, "absent", &found));
  EXPECT_TRUE(found);
  spec.user = {{"name", "/scenario"}};
  EXPECT_THROW(sweep_metrics(r, spec, &report), MetricNotANumber);
}

TEST(SweepRunMetrics, RunsCsvHasTheUnionOfColumnsWithNa) {
  Plan plan;
  plan.replicas = 2;
  plan.axes = {{"sites", {"a", "b"}}};
  const std::vector<RunRecord> records{{0, 0, "2409", {{"x", 1.0, true}}},
                                       {1, 0, "", {{"x", std::nullopt, true}, {"site.S1.bytes_received", 5.0, true}}}};
  const std::string csv = runs_csv(plan, records);
  EXPECT_EQ(csv, "point,seed,sites,update,x,site.S1.bytes_received\n0,0,a,2409,1,NA\n1,0,b,NA,NA,5\n");
}

TEST(SweepHtmlUnits, TimeAxesAreInHoursOrDays) {
  EXPECT_EQ(reports::display_unit(MetricUnit::seconds, 36 * 3600.0).label, "h");
  EXPECT_EQ(reports::display_unit(MetricUnit::seconds, 3 * 86400.0).label, "d");
  EXPECT_EQ(reports::display_unit(MetricUnit::bytes, 2.5e9).label, "GB");
  EXPECT_EQ(reports::display_number(0.82013), "0.82");
  EXPECT_EQ(reports::display_number(1234.4), "1234");
}

}  // namespace
}  // namespace cmsim::sweep
