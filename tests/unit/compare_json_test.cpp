// reports/compare_json and compare_html on hand-made results: busy time as a union of
// intervals, the bottleneck rule, per-tier percentiles, limits headroom and the warnings.
#include <gtest/gtest.h>

#include <algorithm>

#include "reports/cdf_svg.hpp"
#include "reports/compare_html.hpp"
#include "models/scenario_warnings.hpp"
#include "reports/compare_json.hpp"
#include "record_rows.hpp"

namespace cmsim::reports {
namespace {

using OJson = nlohmann::ordered_json;

Site scenario_site(const std::string& code, SiteType type, const std::string& parent) {
  Site s;
  s.code = code;
  s.type = type;
  s.parent = parent;
  return s;
}

Scenario hierarchy() {
  Scenario s;
  s.name = "h";
  s.sites = {scenario_site("CAS", SiteType::cas, ""), scenario_site("P01", SiteType::primary, "CAS"),
             scenario_site("P02", SiteType::primary, "CAS"), scenario_site("S11", SiteType::secondary, "P01"),
             scenario_site("S12", SiteType::secondary, "P01")};
  for (const auto& [parent, child] :
       {std::pair{"CAS", "P01"}, std::pair{"CAS", "P02"}, std::pair{"P01", "S11"}, std::pair{"P01", "S12"}}) {
    Link l;
    l.parent = parent;
    l.child = child;
    s.links.push_back(l);
  }
  s.scp = Scp{};
  s.scp->site = "CAS";
  s.admin.install_at_top_after_s = 86400;
  s.admin.secondary_upgrade_after_s = 86400;
  return s;
}

using test::site_row;

using test::transfer_on;

Results results() {
  Results r;
  r.sites = {site_row("CAS", "cas", ""), site_row("P01", "primary", "CAS"), site_row("P02", "primary", "CAS"),
             site_row("S11", "secondary", "P01"), site_row("S12", "secondary", "P01")};
  UpdateResult u;
  u.version = u.name = "2409";
  u.ready_to_install_t_s = 100.0;
  for (const auto& [code, t] :
       {std::pair{"CAS", 200.0}, std::pair{"P01", 300.0}, std::pair{"P02", 500.0}, std::pair{"S11", 900.0}}) {
    UpdateSiteResult s;
    s.site = code;
    s.installed_t_s = t;
    u.sites.push_back(s);
  }
  r.updates = {u};
  // CAS-P01: two overlapping transfers [0,10] and [5,20] plus [30,40]: busy 30 s.
  // CAS-P02: one [0,25], busy 25 s, but a failed one on it too.
  r.transfers = {transfer_on("CAS-P01", 100, 0, 10),
                 transfer_on("CAS-P01", 200, 5, 20),
                 transfer_on("CAS-P01", 300, 30, 40),
                 transfer_on("CAS-P02", 50, 0, 25),
                 transfer_on("CAS-P02", 999, 26, 27, TransferStatus::failed),
                 transfer_on("internet", 1000, 0, 1)};
  return r;
}

const OJson& link(const OJson& side, const std::string& name) {
  for (const OJson& l : side["links"])
    if (l["link"] == name) return l;
  throw std::out_of_range(name);
}

TEST(CompareSide, BusyTimeIsTheUnionOfTransferIntervals) {
  const OJson side = compare_side(hierarchy(), results());
  EXPECT_EQ(link(side, "CAS-P01")["busy_s"], 30.0);
  EXPECT_EQ(link(side, "CAS-P01")["bytes"], 600);
  EXPECT_EQ(link(side, "CAS-P02")["busy_s"], 26.0);
  EXPECT_EQ(link(side, "CAS-P02")["bytes"], 50);  // the failed transfer's bytes do not count
  EXPECT_EQ(link(side, "CAS-P02")["failed"], 1);
  EXPECT_EQ(link(side, "P01-S12")["busy_s"], 0.0);  // idle WAN links are listed
  EXPECT_TRUE(link(side, "P01-S12")["throughput_Bps"].is_null());
  EXPECT_EQ(side["links"].back()["link"], "internet");  // after the scenario's WAN links
  EXPECT_EQ(side["bottleneck"]["link"], "CAS-P01");
}

TEST(CompareSide, BottleneckTieGoesToTheSlowerLink) {
  Results r = results();
  r.transfers = {transfer_on("CAS-P01", 1000, 0, 10), transfer_on("CAS-P02", 10, 0, 10)};
  EXPECT_EQ(compare_side(hierarchy(), r)["bottleneck"]["link"], "CAS-P02");
  r.transfers.clear();
  EXPECT_TRUE(compare_side(hierarchy(), r)["bottleneck"].is_null());
}

TEST(CompareSide, AnExactTieNamesNoBottleneck) {
  Results r = results();
  r.transfers = {transfer_on("CAS-P01", 1000, 0, 10), transfer_on("CAS-P02", 1000, 0, 10)};
  EXPECT_TRUE(compare_side(hierarchy(), r)["bottleneck"].is_null());
  r.transfers.push_back(transfer_on("CAS-P02", 1000, 10, 11));  // now P02 is busy longer
  EXPECT_EQ(compare_side(hierarchy(), r)["bottleneck"]["link"], "CAS-P02");
}

TEST(CompareSide, TiersLimitsAndMetrics) {
  const OJson side = compare_side(hierarchy(), results());
  EXPECT_EQ(side["tiers"]["cas"]["p50"], 200.0);
  EXPECT_EQ(side["tiers"]["primaries"]["n"], 2);
  EXPECT_EQ(side["tiers"]["primaries"]["max"], 500.0);
  EXPECT_EQ(side["tiers"]["secondaries"]["n"], 1);
  EXPECT_EQ(side["tiers"]["secondaries"]["missing"], 1);
  EXPECT_EQ(side["limits"]["primaries_under_cas"]["headroom"], 23);
  EXPECT_EQ(side["limits"]["secondaries_under_primary"]["used"], 2);
  EXPECT_EQ(side["limits"]["secondaries_under_primary"]["site"], "P01");
  EXPECT_EQ(side["limits"]["secondaries_under_primary"]["headroom"], 248);
  EXPECT_EQ(side["metrics"]["ready_to_install_t_s"], 100.0);
  EXPECT_EQ(side["metrics"]["failed_transfers"], 1);
  EXPECT_TRUE(side["warnings"].empty()) << side["warnings"].dump();
}

TEST(CompareWarnings, NamesWhatStopsUpdates) {
  Scenario s = hierarchy();
  s.scp.reset();
  s.admin = Admin{};
  const auto w = scenario_warnings(s);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_NE(w[0].find("no service connection point"), std::string::npos);
  EXPECT_NE(w[1].find("install_at_top"), std::string::npos);
  EXPECT_NE(w[2].find("2 secondary site(s) without an upgrade policy"), std::string::npos);
}

TEST(CompareWarnings, ScpAndCloudProblemsAndLimits) {
  Scenario s = hierarchy();
  s.scp->server = ScpServer::remote;
  s.scp->remote_access = RemoteAccess::none;
  s.internet.tls12 = false;
  for (int i = 0; i < 20; ++i) s.sites.push_back(scenario_site("Q" + std::to_string(10 + i), SiteType::primary, "CAS"));
  const auto w = scenario_warnings(s);
  const auto has = [&w](const std::string& text) {
    return std::any_of(w.begin(), w.end(), [&text](const std::string& x) { return x.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has("remote_access none"));
  EXPECT_TRUE(has("TLS 1.2"));
  EXPECT_TRUE(has("CAS has 22 primaries, within 20% of the limit of 25"));
}

TEST(CompareDocument, DeltaAndPage) {
  const OJson a = compare_side(hierarchy(), results());
  Results slower = results();
  slower.updates[0].ready_to_install_t_s = 160.5;
  Scenario b_scenario = hierarchy();
  b_scenario.name = "b&c";
  const OJson b = compare_side(b_scenario, slower);
  const OJson doc = compare_document(a, b);
  EXPECT_EQ(doc["format"], "cmsim-compare/1");
  EXPECT_EQ(doc["delta"]["ready_to_install_t_s"], 60.5);
  EXPECT_EQ(doc["delta"]["transfers"], 0);
  EXPECT_TRUE(doc["delta"]["all_sites_t_s"].is_null());
  const std::string page = compare_html(doc);
  EXPECT_EQ(page, compare_html(doc));
  EXPECT_NE(page.find("b&amp;c"), std::string::npos);
  EXPECT_NE(page.find("+1m1s"), std::string::npos);  // 60.5 s rounds to 1m1s
  EXPECT_NE(page.find("<b>bottleneck</b>"), std::string::npos);
}

// A hotfix rollup reached Ready to install first and installed before the change the plan is
// about; 2409, the update that matters, came later.
Results with_hotfix_first(double v2409_all_sites_s) {
  Results r = results();
  r.updates[0].all_sites_t_s = v2409_all_sites_s;
  UpdateResult hotfix;
  hotfix.version = "2403";
  hotfix.name = "2403 HFRU";
  hotfix.ready_to_install_t_s = 50.0;
  hotfix.all_sites_t_s = 80.0;
  r.updates.insert(r.updates.begin(), hotfix);
  return r;
}

Scenario with_hotfix_release() {
  Scenario s = hierarchy();
  Release hotfix;
  hotfix.version = "2403";
  hotfix.name = "2403 HFRU";
  hotfix.kind = ReleaseKind::hotfix;
  s.releases.catalog.push_back(hotfix);
  return s;
}

TEST(CompareDocument, TheHeadlineIsTheNewestUpdateBothRunsMadeReadyNotTheFirst) {
  const OJson a = compare_side(with_hotfix_release(), with_hotfix_first(1000.0));
  const OJson b = compare_side(with_hotfix_release(), with_hotfix_first(1600.0));
  const OJson doc = compare_document(a, b);
  EXPECT_EQ(doc["headline"]["update"], "2409");
  EXPECT_EQ(doc["a"]["update"], "2409");
  EXPECT_EQ(doc["delta"]["all_sites_t_s"], 600.0);  // not the hotfix's 0
  ASSERT_EQ(doc["updates"].size(), 2u);
  EXPECT_EQ(doc["updates"][0]["update"], "2403 HFRU");
  EXPECT_EQ(doc["updates"][0]["delta"]["all_sites_t_s"], 0.0);
  EXPECT_EQ(doc["updates"][1]["delta"]["all_sites_t_s"], 600.0);
  EXPECT_NE(compare_html(doc).find("2409</b>: the newest update both runs made Ready to install"), std::string::npos);
  // Asked for by name, the hotfix is the headline.
  const OJson asked = compare_document(a, b, "2403 HFRU");
  EXPECT_EQ(asked["headline"]["why"], "chosen with --update");
  EXPECT_EQ(asked["delta"]["all_sites_t_s"], 0.0);
  EXPECT_EQ(asked["a"]["tiers"]["cas"]["missing"], 1);  // the hand-made hotfix has no site rows
}

TEST(CompareDocument, AnUpdateOnlyOneRunSawIsShownAsNotSeen) {
  Results b_results = with_hotfix_first(1600.0);
  b_results.updates.pop_back();  // B never got 2409
  const OJson doc = compare_document(compare_side(with_hotfix_release(), with_hotfix_first(1000.0)),
                                     compare_side(with_hotfix_release(), b_results));
  EXPECT_EQ(doc["headline"]["update"], "2403 HFRU");  // the newest both runs made ready
  EXPECT_TRUE(doc["updates"][1]["b"].is_null());
  EXPECT_TRUE(doc["updates"][1]["delta"]["all_sites_t_s"].is_null());
  const OJson only_a = compare_document(compare_side(with_hotfix_release(), with_hotfix_first(1000.0)),
                                        compare_side(with_hotfix_release(), b_results), "2409");
  EXPECT_TRUE(only_a["b"]["tiers"].is_null());
  EXPECT_NE(compare_html(only_a).find("not seen"), std::string::npos);
}

TEST(CompareDocument, ThePageChartsSiteCompletionOfTheHeadlineUpdate) {
  const OJson doc = compare_document(compare_side(with_hotfix_release(), with_hotfix_first(1000.0)),
                                     compare_side(with_hotfix_release(), with_hotfix_first(1600.0)));
  EXPECT_EQ(doc["a"]["updates"][1]["installed_t_s"], OJson::parse("[200.0, 300.0, 500.0, 900.0]"));
  EXPECT_EQ(doc["a"]["updates"][1]["sites_in_rollout"], 4);
  const std::string page = compare_html(doc);
  EXPECT_NE(page.find("<h2>Site completion</h2>"), std::string::npos);
  EXPECT_NE(page.find("4 of 4 sites"), std::string::npos);
  EXPECT_NE(page.find("<path d=\"M"), std::string::npos);  // a step line per run
}

TEST(CdfSvg, TicksFallOnRoundNumbers) {
  EXPECT_EQ(round_ticks(0.8201 * 1.05), (std::vector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0}));
  EXPECT_EQ(round_ticks(21), (std::vector<double>{0, 5, 10, 15, 20, 25}));
  EXPECT_EQ(round_ticks(0), (std::vector<double>{0}));
}

}  // namespace
}  // namespace cmsim::reports
