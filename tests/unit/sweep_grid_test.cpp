// models/sweep_grid: the numbering that restarts and shards rely on, the statistics, and
// the texts whose bytes `merge` must reproduce.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "models/sweep_plan.hpp"
#include "reports/sweep_statistics.hpp"
#include "reports/sweep_tables.hpp"
#include "sim/cli/sweep_options.hpp"
#include "reports/sweep_html.hpp"
#include "reports/sweep_metrics.hpp"

namespace cmsim::sweep {
namespace {

using Json = nlohmann::json;

Plan two_axis_plan() {
  Plan plan;
  plan.scenario = "tiny";
  plan.base_seed = 100;
  plan.replicas = 3;
  plan.axes = {{"internet.bandwidth", {"50Mbps", "200Mbps"}}, {"scp.mode", {"online", "offline", "x"}}};
  plan.sweep_id = "0123456789abcdef";
  return plan;
}

SweepMetrics metrics(std::optional<double> ready, double transfers) {
  RunMetrics m;
  m.update = "2409";
  m.values.assign(metric_defs().size(), std::nullopt);
  m.values[0] = ready;
  m.values[3] = transfers;
  return from_run_metrics(m);
}

RunRecord record(std::size_t point, std::uint64_t seed, const SweepMetrics& m) {
  return RunRecord{point, seed, m.update, m.values};
}

// ---- --vary and --shard ------------------------------------------------------------------

TEST(SweepVary, SplitsValuesInOrder) {
  std::string error;
  const auto axis = parse_vary("links.CAS-P01.bandwidth=10Mbps,100Mbps,1Gbps", error);
  ASSERT_TRUE(axis) << error;
  EXPECT_EQ(axis->key, "links.CAS-P01.bandwidth");
  EXPECT_EQ(axis->values, (std::vector<std::string>{"10Mbps", "100Mbps", "1Gbps"}));
}

TEST(SweepVary, KeepsCommasInsideJsonValues) {
  std::string error;
  const auto axis = parse_vary(R"(internet.blocked=[],["a.com","b.com"],{"x":1,"y":2},"p,q")", error);
  ASSERT_TRUE(axis) << error;
  EXPECT_EQ(axis->values, (std::vector<std::string>{"[]", R"(["a.com","b.com"])", R"({"x":1,"y":2})", R"("p,q")"}));
}

TEST(SweepVary, RefusesMalformedText) {
  std::string error;
  for (const char* bad : {"scp.mode", "=a,b", "scp.mode=", "scp.mode=a,,b", "scp.mode=a,a"}) {
    error.clear();
    EXPECT_FALSE(parse_vary(bad, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(SweepVary, ListRefusesSeedAndRepeatedKeys) {
  std::vector<std::string> errors;
  const auto axes = parse_vary_list({"seed=1,2", "scp.mode=online", "scp.mode=offline", "a.b=1"}, errors);
  EXPECT_EQ(errors.size(), 2u);
  ASSERT_EQ(axes.size(), 2u);
  EXPECT_EQ(axes[0].key, "scp.mode");
  EXPECT_EQ(axes[1].key, "a.b");
}

TEST(SweepShard, ParsesOneBasedSlices) {
  std::string error;
  EXPECT_EQ(*parse_shard("", error), (Shard{1, 1}));
  EXPECT_EQ(*parse_shard("2/4", error), (Shard{2, 4}));
  EXPECT_EQ(*parse_shard("4/4", error), (Shard{4, 4}));
  for (const char* bad : {"0/2", "3/2", "1/0", "a/b", "1/2x", "-1/2", "1/-2", "1", "/2"})
    EXPECT_FALSE(parse_shard(bad, error)) << bad;
}

// ---- grid, runs, shards ---------------------------------------------------------------------

TEST(SweepGrid, IsTheCartesianProductLastAxisFastest) {
  const Plan plan = two_axis_plan();
  ASSERT_EQ(plan.point_count(), 6u);
  EXPECT_EQ(point_values(plan, 0), (std::vector<std::string>{"50Mbps", "online"}));
  EXPECT_EQ(point_values(plan, 1), (std::vector<std::string>{"50Mbps", "offline"}));
  EXPECT_EQ(point_values(plan, 3), (std::vector<std::string>{"200Mbps", "online"}));
  EXPECT_EQ(point_overrides(plan, 5), (std::vector<std::string>{"internet.bandwidth=200Mbps", "scp.mode=x"}));
  EXPECT_EQ(point_label(plan, 4), "internet.bandwidth=200Mbps, scp.mode=offline");
}

TEST(SweepGrid, WithoutVaryHasOnePoint) {
  Plan plan;
  plan.replicas = 4;
  EXPECT_EQ(plan.point_count(), 1u);
  EXPECT_EQ(plan.run_count(), 4u);
  EXPECT_TRUE(point_values(plan, 0).empty());
}

TEST(SweepGrid, ReplicaSeedsAreScenarioSeedPlusReplica) {
  const Plan plan = two_axis_plan();
  const RunId run = run_at(plan, 7);  // point 2, replica 1
  EXPECT_EQ(run.point, 2u);
  EXPECT_EQ(run.replica, 1u);
  EXPECT_EQ(run.seed, 101u);
  EXPECT_EQ(run_file_name(run), "p2-101.json");
}

TEST(SweepGrid, ShardsPartitionTheRuns) {
  const Plan plan = two_axis_plan();  // 18 runs
  for (std::size_t n = 1; n <= 5; ++n) {
    std::multiset<std::size_t> seen;
    for (std::size_t i = 1; i <= n; ++i)
      for (const RunId& r : shard_runs(plan, Shard{i, n})) {
        EXPECT_EQ(r.index % n, i - 1);
        seen.insert(r.index);
      }
    ASSERT_EQ(seen.size(), plan.run_count()) << n;
    for (std::size_t k = 0; k < plan.run_count(); ++k) EXPECT_EQ(seen.count(k), 1u);
  }
}

TEST(SweepGrid, IdFollowsScenarioGridAndReplicas) {
  const std::vector<Axis> axes{{"scp.mode", {"online", "offline"}}};
  const std::string id = make_sweep_id("{}", 5, axes, "0.1.0");
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id, make_sweep_id("{}", 5, axes, "0.1.0"));
  EXPECT_NE(id, make_sweep_id("{ }", 5, axes, "0.1.0"));
  EXPECT_NE(id, make_sweep_id("{}", 6, axes, "0.1.0"));
  EXPECT_NE(id, make_sweep_id("{}", 5, {{"scp.mode", {"online"}}}, "0.1.0"));
  EXPECT_NE(id, make_sweep_id("{}", 5, axes, "0.2.0"));
  EXPECT_NE(make_sweep_id("", 1, {{"a", {"bc"}}}, "v"), make_sweep_id("", 1, {{"ab", {"c"}}}, "v"));
}

// ---- statistics -------------------------------------------------------------------------------

TEST(SweepStats, NearestRankPicksAnObservedValue) {
  std::vector<double> ten;
  for (int i = 1; i <= 10; ++i) ten.push_back(i);
  EXPECT_EQ(nearest_rank(ten, 50), 5);
  EXPECT_EQ(nearest_rank(ten, 90), 9);
  EXPECT_EQ(nearest_rank(ten, 95), 10);
  EXPECT_EQ(nearest_rank(ten, 99), 10);
  std::vector<double> twenty;
  for (int i = 1; i <= 20; ++i) twenty.push_back(i);
  EXPECT_EQ(nearest_rank(twenty, 95), 19);  // ceil(0.95 * 20) = 19 exactly, not 20
  EXPECT_EQ(nearest_rank({7.5}, 1), 7.5);
}

TEST(SweepStats, NullsAreCountedNotRanked) {
  const Distribution d = distribution({3.0, std::nullopt, 1.0, 2.0, std::nullopt});
  EXPECT_EQ(d.n, 3u);
  EXPECT_EQ(d.missing, 2u);
  EXPECT_EQ(*d.p50, 2.0);
  EXPECT_EQ(*d.max, 3.0);
  const Distribution none = distribution({std::nullopt});
  EXPECT_EQ(none.n, 0u);
  EXPECT_FALSE(none.p50);
  EXPECT_TRUE(distribution_json(none, true)["p99"].is_null());
}

// ---- records and aggregated texts -----------------------------------------------------------------

TEST(SweepRecords, RunFileRoundTripsAndRejectsOtherSweeps) {
  const Plan plan = two_axis_plan();
  const RunId run = run_at(plan, 4);
  const std::string text = run_record_json(plan, run, metrics(1234.5678901234567, 7));
  std::string error;
  const auto back = parse_run_record(text, plan, run, error);
  ASSERT_TRUE(back) << error;
  ASSERT_EQ(back->metrics.size(), metric_defs().size());
  EXPECT_EQ(back->metrics[0].value, 1234.5678901234567);  // exact: the shortest round-trip form
  EXPECT_EQ(back->metrics[3].value, 7.0);
  EXPECT_TRUE(back->metrics[3].integral);
  EXPECT_FALSE(back->metrics[0].integral);
  EXPECT_FALSE(back->metrics[1].value);
  Plan other = plan;
  other.sweep_id = "ffffffffffffffff";
  EXPECT_FALSE(parse_run_record(text, other, run, error));
  EXPECT_FALSE(parse_run_record(text, plan, run_at(plan, 5), error));
  EXPECT_FALSE(parse_run_record(text.substr(0, text.size() / 2), plan, run, error));
  EXPECT_FALSE(parse_run_record("", plan, run, error));
}

TEST(SweepRecords, ManifestRoundTrips) {
  const Plan plan = two_axis_plan();
  std::string error;
  const auto m = parse_manifest(manifest_json(plan, Shard{2, 3}, 6), error);
  ASSERT_TRUE(m) << error;
  EXPECT_EQ(m->plan, plan);
  EXPECT_EQ(m->shard, (Shard{2, 3}));
  EXPECT_FALSE(parse_manifest("{\"format\": \"cmsim-report/1\"}", error));
}

TEST(SweepRecords, CsvIsSortedWhateverTheFinishingOrder) {
  const Plan plan = two_axis_plan();
  std::vector<RunRecord> records;
  for (std::size_t k = plan.run_count(); k-- > 0;) {
    const RunId r = run_at(plan, k);
    records.push_back(
        record(r.point, r.seed, metrics(k % 4 == 0 ? std::nullopt : std::optional<double>(k * 10.25), k)));
  }
  std::vector<RunRecord> shuffled = records;
  std::rotate(shuffled.begin(), shuffled.begin() + 7, shuffled.end());
  const std::string csv = runs_csv(plan, records);
  EXPECT_EQ(csv, runs_csv(plan, shuffled));
  EXPECT_EQ(summary_json(plan, records), summary_json(plan, shuffled));
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "point,seed,internet.bandwidth,scp.mode,update,ready_to_install_t_s,all_primaries_t_s,all_sites_t_s,"
            "transfers,failed_transfers,error_messages,status_11488,scp_checks_ok,scp_checks_failed");
  EXPECT_NE(csv.find("\n0,100,50Mbps,online,2409,NA,NA,NA,0,NA,NA,NA,NA,NA\n"), std::string::npos) << csv;  // k = 0
  EXPECT_NE(csv.find("\n0,101,50Mbps,online,2409,10.25,NA,NA,1,"), std::string::npos) << csv;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 19);
}

TEST(SweepRecords, CsvQuotesValuesWithCommas) {
  Plan plan;
  plan.replicas = 1;
  plan.axes = {{"internet.blocked", {R"(["a","b"])"}}};
  const std::string csv = runs_csv(plan, {record(0, 0, metrics(1.0, 1))});
  EXPECT_NE(csv.find(R"(,"[""a"",""b""]",)"), std::string::npos) << csv;
}

TEST(SweepRecords, SummaryHasEveryPointAndMetric) {
  const Plan plan = two_axis_plan();
  std::vector<RunRecord> records;
  for (std::size_t k = 0; k < plan.run_count(); ++k) {
    const RunId r = run_at(plan, k);
    records.push_back(
        record(r.point, r.seed, metrics(r.replica == 0 ? std::nullopt : std::optional<double>(r.replica), 3)));
  }
  const Json doc = Json::parse(summary_json(plan, records));
  EXPECT_EQ(doc["format"], "cmsim-sweep-summary/1");
  ASSERT_EQ(doc["points"].size(), 6u);
  const Json& ready = doc["points"][2]["metrics"]["ready_to_install_t_s"];
  EXPECT_EQ(ready["n"], 2);
  EXPECT_EQ(ready["missing"], 1);
  EXPECT_EQ(ready["p50"], 1.0);
  EXPECT_EQ(ready["max"], 2.0);
  EXPECT_TRUE(doc["points"][2]["metrics"]["transfers"]["p99"].is_number_integer());
  EXPECT_EQ(doc["points"][2]["values"]["scp.mode"], "x");
}

TEST(SweepMetrics, TimesComeFromTheFirstUpdateReadyToInstall) {
  const auto update = [](const char* name, SimTime ready, SimTime primaries, SimTime all) {
    UpdateResult u;
    u.version = u.name = name;
    u.ready_to_install_t_s = ready;
    u.all_primaries_t_s = primaries;
    u.all_sites_t_s = all;
    return u;
  };
  Results r;
  r.updates = {update("2503", std::nullopt, std::nullopt, std::nullopt), update("2409", 500.0, 900.0, std::nullopt),
               update("2403 HFRU", 20.0, 40.0, 50.0)};
  r.transfers.resize(3);
  r.transfers[1].outcome = TransferStatus::failed;
  r.raised.raise(StatusMessage{0, "CAS", "SMS_SERVICE_CONNECTOR", 11488, Severity::info, ""});
  r.raised.raise(StatusMessage{0, "CAS", "SMS_SENDER", 0, Severity::error, ""});
  r.scp.checks.resize(1);
  r.scp.checks[0].outcome = CheckOutcome::ok;
  const RunMetrics m = metrics_from_results(r);
  EXPECT_EQ(m.update, "2403 HFRU");
  EXPECT_EQ(m.values, (MetricValues{20.0, 40.0, 50.0, 3.0, 1.0, 1.0, 1.0, 1.0, 0.0}));
  EXPECT_EQ(metrics_from_results(Results{}).values[0], std::nullopt);
}

// ---- sweep.html ----------------------------------------------------------------------------------------

TEST(SweepHtml, OneCdfLinePerPointWithDataAndDeterministic) {
  Plan plan = two_axis_plan();
  plan.scenario = "a<b>";
  std::vector<RunRecord> records;
  for (std::size_t k = 0; k < plan.run_count(); ++k) {
    const RunId r = run_at(plan, k);
    records.push_back(
        record(r.point, r.seed, metrics(r.point == 0 ? std::nullopt : std::optional<double>(86400.0 * r.replica), k)));
  }
  const std::string page = reports::sweep_html(plan, records);
  EXPECT_EQ(page, reports::sweep_html(plan, records));
  EXPECT_EQ(page.find("a<b>"), std::string::npos);
  EXPECT_NE(page.find("a&lt;b&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  const auto svg_count = [&page](const std::string& needle) {
    std::size_t n = 0;
    for (auto at = page.find(needle); at != std::string::npos; at = page.find(needle, at + 1)) ++n;
    return n;
  };
  // Small multiples: one panel per metric and grid point (9 x 6), none overlapping another's line.
  EXPECT_EQ(svg_count("aria-label=\"ECDF of "), metric_defs().size() * 6);
  // ready_to_install: points 1..5 have data; transfers: all 6; the other metrics are null.
  EXPECT_EQ(svg_count("<path "), 5u + 6u);
  EXPECT_EQ(svg_count("no run reached it"), metric_defs().size() * 6 - 11);
  EXPECT_NE(page.find("3 of 3 runs never reached it"), std::string::npos);
  // One percentile table per family: update times and counts.
  EXPECT_EQ(svg_count("<table class=\"stats\">"), 2u);
}

}  // namespace
}  // namespace cmsim::sweep
