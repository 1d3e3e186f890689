// Growing a hierarchy during a run, as a planner rehearses it (docs/modelling.md §1.4).
#include <gtest/gtest.h>

#include "sim_harness.hpp"

namespace cmsim::test {
namespace {

constexpr double kDay = 86400.0;
constexpr double kHour = 3600.0;

Json standalone() {
  Json s = base_scenario();
  s["sites"] = Json::parse(R"([{"code": "PS1", "type": "primary"},
                                {"code": "S01", "type": "secondary", "parent": "PS1"}])");
  s["scp"] = {{"site", "PS1"}, {"mode", "online"}};
  return s;
}

const Json* site(const Json& r, const std::string& code) {
  for (const Json& s : r["sites"])
    if (s["code"] == code) return &s;
  return nullptr;
}

TEST(Expansion, RefusedWhileTheScpIsOnThePrimaryAndNothingChanges) {
  Json s = standalone();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "expand_to_cas", "code": "CAS"}])");
  const Json r = simulate_report(s);
  ASSERT_EQ(r["expansions"].size(), 1u);
  EXPECT_EQ(r["expansions"][0]["status"], "refused");
  EXPECT_NE(r["expansions"][0]["reason"].get<std::string>().find("service connection point"), std::string::npos);
  EXPECT_EQ(site(r, "CAS"), nullptr);
  EXPECT_TRUE((*site(r, "PS1"))["parent"].is_null());
}

// docs/modelling.md §1.4: the CAS comes from the primary's CD.Latest at the same version; an update
// still on its way through the primary (here waiting for its service window) must finish first,
// or the new CAS would stay behind its own child.
TEST(Expansion, RefusedWhileAnUpdateIsStillInstallingAtThePrimary) {
  Json s = standalone();
  s["sites"][0]["service_windows"] = Json::parse(R"([{"days": "Sat", "from": "22:00", "hours": 8}])");
  s["releases"] = Json::parse(R"([{"version": "2409", "available": "0s", "min_version": "2303",
                                   "payload": "100MB", "redists": "0"}])");
  s["admin"] = {{"install_at_top", {{"after", "0s"}}}};
  s["events"] = Json::parse(R"([{"at": "1d", "do": "uninstall_scp"},
                                {"at": "1d1h", "do": "expand_to_cas", "code": "CAS"},
                                {"at": "7d", "do": "expand_to_cas", "code": "CAS"}])");
  const Json r = simulate_report(s);
  ASSERT_EQ(r["expansions"].size(), 2u);
  EXPECT_EQ(r["expansions"][0]["status"], "refused");
  EXPECT_NE(r["expansions"][0]["reason"].get<std::string>().find("2409 is still being installed at PS1"),
            std::string::npos)
      << r["expansions"][0]["reason"];
  // After PS1 installed 2409 in its Saturday window (+5d22h), the same request goes through at 2409.
  EXPECT_NE(r["expansions"][1]["status"], "refused");
  ASSERT_NE(site(r, "CAS"), nullptr);
  EXPECT_EQ((*site(r, "CAS"))["initial_version"], "2409");
}

TEST(Expansion, StepsInTheProductsOrderAndTheTimeWithoutAnScp) {
  Json s = standalone();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "uninstall_scp"},
                                {"at": "1d1h", "do": "expand_to_cas", "code": "CAS"},
                                {"at": "3d", "do": "install_scp", "site": "CAS"}])");
  const Json r = simulate_report(s);
  ASSERT_EQ(r["expansions"].size(), 1u);
  const Json& x = r["expansions"][0];
  EXPECT_EQ(x["status"], "completed");
  ASSERT_EQ(x["steps"].size(), 6u);
  EXPECT_EQ(x["steps"][0]["step"].get<std::string>().rfind("Uninstall the service connection point", 0), 0u);
  EXPECT_DOUBLE_EQ(x["steps"][0]["t_s"].get<double>(), kDay);
  EXPECT_DOUBLE_EQ(x["steps"][1]["t_s"].get<double>(), kDay + kHour + 3 * kHour);     // CAS setup, 3 h by default
  EXPECT_GT(x["steps"][2]["t_s"].get<double>(), x["steps"][1]["t_s"].get<double>());  // snapshot + BCP
  for (std::size_t i = 1; i < 6; ++i)
    EXPECT_GE(x["steps"][i]["t_s"].get<double>(), x["steps"][i - 1]["t_s"].get<double>());
  EXPECT_DOUBLE_EQ(x["without_scp_s"].get<double>(), 2 * kDay);
  // The primary is now the CAS's child, and the CAS runs the primary's version.
  ASSERT_NE(site(r, "CAS"), nullptr);
  EXPECT_EQ((*site(r, "PS1"))["parent"], "CAS");
  EXPECT_EQ((*site(r, "CAS"))["initial_version"], "2403");
  EXPECT_EQ(r["scp"]["site"], "CAS");
  // Where the role was: PS1, none for the two days, then the CAS (the report's SCP panel).
  const Json& placements = r["scp"]["placements"];
  ASSERT_EQ(placements.size(), 3u) << placements;
  EXPECT_EQ(placements[0]["site"], "PS1");
  EXPECT_TRUE(placements[1]["site"].is_null());
  EXPECT_DOUBLE_EQ(placements[1]["t_s"].get<double>(), kDay);
  EXPECT_EQ(placements[2]["site"], "CAS");
  EXPECT_DOUBLE_EQ(placements[2]["t_s"].get<double>(), 3 * kDay);
  bool snapshot = false;
  for (const Json& t : r["transfers"])
    snapshot = snapshot || (t["what"] == "database snapshot" && t["link"] == "CAS-PS1");
  EXPECT_TRUE(snapshot);
}

TEST(Expansion, UpdatesComeBackThroughTheNewCasAndReachEverySite) {
  Json s = standalone();
  s["duration"] = "20d";
  s["releases"] = Json::parse(
      R"([{"version": "2409", "available": "4d", "min_version": "2303", "payload": "100MB", "redists": "0"}])");
  s["admin"] = {{"install_at_top", {{"after", "0s"}}}, {"secondary_upgrade", {{"after", "0s"}}}};
  s["events"] = Json::parse(R"([{"at": "1d", "do": "uninstall_scp"},
                                {"at": "1d1h", "do": "expand_to_cas", "code": "CAS"},
                                {"at": "2d", "do": "add_site", "site": {"code": "P02", "type": "primary", "parent": "CAS"}},
                                {"at": "3d", "do": "install_scp", "site": "CAS"}])");
  const Json r = simulate_report(s);
  for (const char* code : {"CAS", "PS1", "P02", "S01"}) {
    ASSERT_NE(site(r, code), nullptr) << code;
    EXPECT_EQ((*site(r, code))["final_version"], "2409") << code;
  }
  EXPECT_EQ(r["expansions"][0]["first_update_everywhere"], "2409");
  // The payload now arrives at the CAS, and the Easy Setup Package goes to both primaries.
  int esp = 0;
  for (const Json& t : r["transfers"]) {
    if (t["what"] == "payload 2409") {
      EXPECT_EQ(t["to"], "CAS");
    }
    if (t["what"].get<std::string>().rfind("easy setup package", 0) == 0) ++esp;
  }
  EXPECT_EQ(esp, 2);
}

TEST(Expansion, AddedSecondaryJoinsAtItsParentsVersionAfterItsSetup) {
  Json s = standalone();
  s["events"] =
      Json::parse(R"([{"at": "1d", "do": "add_site", "site": {"code": "S02", "type": "secondary", "parent": "PS1"},
                                 "link": {"bandwidth": "10Mbps"}}])");
  const Json r = simulate_report(s);
  const Json* added = site(r, "S02");
  ASSERT_NE(added, nullptr);
  EXPECT_DOUBLE_EQ((*added)["added_t_s"].get<double>(), kDay + 45 * 60);  // secondary setup, 45 min by default
  EXPECT_EQ((*added)["parent"], "PS1");
  EXPECT_EQ((*added)["initial_version"], "2403");
}

TEST(Expansion, AnAddedSitesLinkCanBeNamedLaterAndFailsLikeAnyOther) {
  Json s = standalone();
  s["events"] =
      Json::parse(R"([{"at": "1d", "do": "add_site", "site": {"code": "S02", "type": "secondary", "parent": "PS1"}},
                                {"at": "2d", "do": "link_down", "link": "PS1-S02", "for": "3h"}])");
  s["expect"] = Json::parse(
      R"([{"id": "s02-link-failed", "kind": "link_state", "link": "PS1-S02", "state": "failed", "at": "2d1h"}])");
  const Json r = simulate_report(s);
  std::vector<std::string> states;
  for (const Json& d : r["db_links"])
    if (d["link"] == "PS1-S02") states.push_back(d["state"]);
  EXPECT_EQ(states, (std::vector<std::string>{"degraded", "failed", "active"}));
}

TEST(Expansion, AnAddedSitesLinkCannotBeNamedBeforeItExists) {
  Json s = standalone();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "link_down", "link": "PS1-S02", "for": "3h"},
                                {"at": "2d", "do": "add_site", "site": {"code": "S02", "type": "secondary", "parent": "PS1"}}])");
  const LoadResult loaded = load_scenario_text(s.dump(), "t.json");
  ASSERT_FALSE(loaded.problems.empty());
  EXPECT_EQ(loaded.problems.list().front().pointer, "/events/0/link");
}

}  // namespace
}  // namespace cmsim::test
