// Replication and installation down the hierarchy as an admin sees them: sender limits,
// rate limits and schedules, retries over an outage, install order, secondaries, and the
// database replication link states.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "sim_harness.hpp"

namespace cmsim::test {
namespace {

constexpr double kHour = 3600.0;
constexpr double kDay = 86400.0;

// A CAS with `primaries` child primaries, one 2409 pack available at once, installed as soon
// as it is ready.
Json rollout_scenario(int primaries, const char* payload = "100MB") {
  Json s = base_scenario();
  s["sites"] = Json::array({{{"code", "CAS"}, {"type", "cas"}}});
  for (int i = 1; i <= primaries; ++i) {
    char code[4];
    std::snprintf(code, sizeof code, "P%02d", i);
    s["sites"].push_back({{"code", code}, {"type", "primary"}, {"parent", "CAS"}});
  }
  s["releases"] = Json::array(
      {{{"version", "2409"}, {"available", "0s"}, {"min_version", "2303"}, {"payload", payload}, {"redists", "0"}}});
  s["admin"] = {{"install_at_top", {{"after", "0s"}}}};
  return s;
}

std::vector<const Json*> transfers_of(const Json& report, const std::string& what_prefix) {
  std::vector<const Json*> out;
  for (const Json& t : report["transfers"])
    if (t["what"].get<std::string>().rfind(what_prefix, 0) == 0) out.push_back(&t);
  return out;
}

// The most sendings in flight at once, overall and per destination.
std::pair<int, int> peak_concurrency(const std::vector<const Json*>& rows) {
  std::vector<std::tuple<double, int, std::string>> edges;  // time, +1/-1, destination
  for (const Json* t : rows) {
    edges.emplace_back((*t)["start_t_s"].get<double>(), +1, (*t)["to"]);
    edges.emplace_back((*t)["end_t_s"].get<double>(), -1, (*t)["to"]);
  }
  std::sort(edges.begin(), edges.end());  // at equal times an end (-1) comes before a start
  int total = 0, peak = 0, peak_one = 0;
  std::map<std::string, int> per;
  for (const auto& [t, delta, to] : edges) {
    total += delta;
    per[to] += delta;
    peak = std::max(peak, total);
    peak_one = std::max(peak_one, per[to]);
  }
  return {peak, peak_one};
}

const Json& site_row(const Json& report, const std::string& update, const std::string& site) {
  for (const Json& u : report["updates"])
    if (u["name"] == update)
      for (const Json& s : u["sites"])
        if (s["site"] == site) return s;
  throw std::runtime_error("no row for " + site);
}

std::string final_version(const Json& report, const std::string& site) {
  for (const Json& s : report["sites"])
    if (s["code"] == site) return s["final_version"];
  return "";
}

// ---- Sender rules -----------------------------------------------------------------------

TEST(SenderRules, ByDefaultAPackageGoesToEachDestinationAsOneSending) {
  const Json r = simulate_report(rollout_scenario(6, "1GiB"));
  const auto rows = transfers_of(r, "easy setup package");
  ASSERT_EQ(rows.size(), 6u);  // one per child primary, as the product's sender counts them
  for (const Json* row : rows) EXPECT_EQ((*row)["bytes"], 1073741824u);
  const auto [total, per_site] = peak_concurrency(rows);
  EXPECT_EQ(total, 5);  // the sixth waits for one of the five slots
  EXPECT_EQ(per_site, 1);
}

TEST(SenderRules, SixPrimariesNeverMoreThanFiveSendingsNorThreeToOneSite) {
  Json s = rollout_scenario(6, "1GiB");
  s["model"] = {{"sender_object_size", "256MiB"}};  // four sendings per destination
  const Json r = simulate_report(s);
  const auto rows = transfers_of(r, "easy setup package");
  ASSERT_EQ(rows.size(), 24u);
  const auto [total, per_site] = peak_concurrency(rows);
  EXPECT_EQ(total, 5);
  EXPECT_EQ(per_site, 3);
  for (int i = 1; i <= 6; ++i) EXPECT_EQ(final_version(r, "P0" + std::to_string(i)), "2409");
}

TEST(SenderRules, AnyRateLimitCapsSendingsToOnePerDestination) {
  Json s = rollout_scenario(6, "1GiB");
  s["model"] = {{"sender_object_size", "256MiB"}};
  Json percent = Json::array();
  for (int h = 0; h < 24; ++h) percent.push_back(100);  // even at 100 % (docs/modelling.md §5.1)
  s["link_defaults"] = {{"rate_limit", {{"mode", "hourly"}, {"percent", percent}}}};
  const Json r = simulate_report(s);
  const auto rows = transfers_of(r, "easy setup package");
  const auto [total, per_site] = peak_concurrency(rows);
  EXPECT_EQ(per_site, 1);
  EXPECT_EQ(total, 5);
  // One at a time per destination, but every sending still goes: nothing stalls.
  EXPECT_EQ(rows.size(), 24u);
  for (int i = 1; i <= 6; ++i) EXPECT_EQ(final_version(r, "P0" + std::to_string(i)), "2409");
}

double esp_duration(const Json& r) {
  const auto rows = transfers_of(r, "easy setup package");
  EXPECT_EQ(rows.size(), 1u);
  return (*rows[0])["end_t_s"].get<double>() - (*rows[0])["start_t_s"].get<double>();
}

Json one_slow_link(const Json& rate_limit) {
  Json s = rollout_scenario(1, "10MB");
  s["links"] = Json::array({{{"between", {"CAS", "P01"}}, {"bandwidth", "10Mbps"}, {"latency", "0s"}}});
  if (!rate_limit.is_null()) s["links"][0]["rate_limit"] = rate_limit;
  return s;
}

TEST(SenderRules, PulseModeSlowsTheTransferByTheExpectedFactor) {
  const double plain = esp_duration(simulate_report(one_slow_link(nullptr)));
  EXPECT_NEAR(plain, 10e6 / 1.25e6, 0.05 * 8.0);
  const double pulsed =
      esp_duration(simulate_report(one_slow_link({{"mode", "pulse"}, {"block", "3KB"}, {"delay", "5s"}})));
  const double rate = 3000.0 / (3000.0 / 1.25e6 + 5.0);  // a block, then the delay
  EXPECT_NEAR(pulsed, 10e6 / rate, 0.05 * 10e6 / rate);
}

TEST(SenderRules, HourlyLimitSlowsTheTransferByItsPercentage) {
  Json percent = Json::array();
  for (int h = 0; h < 24; ++h) percent.push_back(25);
  const double limited = esp_duration(simulate_report(one_slow_link({{"mode", "hourly"}, {"percent", percent}})));
  EXPECT_NEAR(limited, 4 * 8.0, 0.05 * 32.0);
}

TEST(SenderRules, AClosedScheduleSlotHoldsTheTransferUntilItOpens) {
  Json s = one_slow_link(nullptr);
  s["links"][0]["schedule"] =
      Json::parse(R"([{"days": "daily", "from": "00:00", "to": "12:00", "priority": "closed"}])");
  const Json r = simulate_report(s);
  const auto rows = transfers_of(r, "easy setup package");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_LT((*rows[0])["start_t_s"].get<double>(), 12 * kHour) << "the sending is queued before the slot opens";
  EXPECT_NEAR((*rows[0])["end_t_s"].get<double>(), 12 * kHour + 8.0, 0.5);
  EXPECT_GT(site_row(r, "2409", "P01")["content_replicated_t_s"].get<double>(), 12 * kHour);
}

TEST(SenderRules, HighOnlySlotBlocksTheMediumPriorityPackage) {
  Json s = one_slow_link(nullptr);
  s["links"][0]["schedule"] = Json::parse(R"([{"days": "daily", "from": "00:00", "to": "06:00", "priority": "high"}])");
  const Json r = simulate_report(s);
  EXPECT_NEAR((*transfers_of(r, "easy setup package")[0])["end_t_s"].get<double>(), 6 * kHour + 8.0, 0.5);
}

// docs/modelling.md §5.4: business traffic takes its share of the link; replication gets the rest.
TEST(BackgroundLoad, BusinessTrafficLeavesReplicationTheRestOfTheLink) {
  Json s = one_slow_link(nullptr);
  s["links"][0]["background"] = Json::parse(R"([{"days": "daily", "from": "00:00", "to": "24:00", "percent": 75}])");
  EXPECT_NEAR(esp_duration(simulate_report(s)), 4 * 8.0, 0.05 * 32.0);
}

TEST(BackgroundLoad, OnlyOnItsDaysAndHours) {
  Json s = one_slow_link(nullptr);  // the run starts on Monday 2024-11-25 and sends the same day
  s["links"][0]["background"] = Json::parse(R"([{"days": "Sat-Sun", "percent": 90}])");
  EXPECT_NEAR(esp_duration(simulate_report(s)), 8.0, 0.4);
}

// ---- Faults during replication -------------------------------------------------------------

TEST(ReplicationFaults, LinkOutageMidTransferRetriesThenRecoversAndNothingIsLost) {
  Json s = rollout_scenario(1, "100MB");
  s["links"] = Json::array({{{"between", {"CAS", "P01"}}, {"bandwidth", "1Mbps"}}});  // 800 s of sending
  s["events"] = Json::parse(R"([{"at": "30m", "do": "link_down", "link": "CAS-P01", "for": "1h"}])");
  const Json r = simulate_report(s);
  const auto rows = transfers_of(r, "easy setup package");
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ((*rows[0])["outcome"], "failed");
  EXPECT_EQ((*rows[0])["attempts"], 3);  // the first try and 2 retries, 1 minute apart
  EXPECT_DOUBLE_EQ((*rows[0])["end_t_s"].get<double>(), 1800.0 + 2 * 60.0);
  EXPECT_EQ((*rows.back())["outcome"], "ok");
  EXPECT_GE((*rows.back())["start_t_s"].get<double>(), 1800.0 + kHour);
  EXPECT_EQ(final_version(r, "P01"), "2409");
  bool warned = false;
  for (const Json& m : r["status_messages"]) warned = warned || m["component"] == "SMS_SENDER";
  EXPECT_TRUE(warned) << "the sender reports that its retries ran out";
  std::vector<std::string> sender_status;
  for (const Json& c : r["component_status"])
    if (c["component"] == "SMS_SENDER") sender_status.push_back(c["status"]);
  EXPECT_EQ(sender_status, (std::vector<std::string>{"warning", "ok"})) << "warning while failing, ok once it sends";
}

TEST(ReplicationFaults, RemoteScpWithoutShareAccessNeverStartsReplication) {
  Json s = rollout_scenario(1);
  s["scp"] = {{"site", "CAS"}, {"server", "remote"}, {"remote_access", "none"}};
  const Json r = simulate_report(s);
  EXPECT_TRUE(transfers_of(r, "easy setup package").empty());
  EXPECT_EQ(final_version(r, "CAS"), "2403");
  EXPECT_EQ(site_row(r, "2409", "CAS")["state"], "Checking prerequisites");  // F13
}

TEST(ReplicationFaults, RemoteScpWithAccessCopiesOverTheLan) {
  Json s = rollout_scenario(1);
  s["scp"] = {{"site", "CAS"}, {"server", "remote"}, {"remote_access", "installation_account"}};
  const Json r = simulate_report(s);
  const auto copies = transfers_of(r, "easy setup payload copy");
  ASSERT_EQ(copies.size(), 1u);
  EXPECT_EQ((*copies[0])["link"], "CAS-SCP-lan");
  EXPECT_EQ(final_version(r, "P01"), "2409");
}

TEST(ReplicationFaults, TopTierRebootDuringTheSnapshotResumesAfterTheReboot) {
  Json s = rollout_scenario(1);
  // Ready at ~12.8 min, HMAN starts the 10-minute snapshot at once: the reboot cuts it.
  s["events"] = Json::parse(R"([{"at": "15m", "do": "site_down", "site": "CAS", "for": "1h"}])");
  const Json r = simulate_report(s);
  EXPECT_GE(site_row(r, "2409", "CAS")["content_replicated_t_s"].get<double>(), 15 * 60.0 + kHour);
  EXPECT_EQ(final_version(r, "CAS"), "2409");
  EXPECT_EQ(final_version(r, "P01"), "2409");
}

TEST(ReplicationFaults, AServerGoingDownMidCopyLeavesAClosedRowAndTheCopyRunsAgain) {
  Json s = rollout_scenario(1);
  s["scp"] = {{"site", "CAS"},
              {"server", "remote"},
              {"remote_access", "site_server_admin"},
              {"lan", {{"bandwidth", "10Mbps"}, {"latency", "0s"}}}};  // 100 MB: an 80 s copy
  s["events"] = Json::parse(R"([{"at": "12m40s", "do": "site_down", "site": "CAS", "for": "1h"}])");
  const Json r = simulate_report(s);
  const auto copies = transfers_of(r, "easy setup payload copy");
  ASSERT_EQ(copies.size(), 2u);
  EXPECT_NE((*copies[0])["outcome"], "ok");
  EXPECT_NE((*copies[0])["outcome"], "") << "the interrupted row is closed, not left half filled";
  EXPECT_DOUBLE_EQ((*copies[0])["end_t_s"].get<double>(), 760.0);
  EXPECT_EQ((*copies[1])["outcome"], "ok");
  EXPECT_EQ(final_version(r, "P01"), "2409");
}

TEST(ReplicationFaults, SenderThreadsLostWithTheirServerAreReplacedForTheNextSending) {
  Json s = rollout_scenario(2);
  s["duration"] = "20d";
  s["releases"].push_back(
      {{"version", "2503"}, {"available", "10d"}, {"min_version", "2403"}, {"payload", "100MB"}, {"redists", "0"}});
  // The CAS's sending threads are idle after the 2409 packages went out; the reboot ends them.
  s["events"] = Json::parse(R"([{"at": "5d", "do": "site_down", "site": "CAS", "for": "1h"}])");
  const Json r = simulate_report(s);
  for (const char* p : {"P01", "P02"}) {
    EXPECT_EQ(final_version(r, p), "2503") << p;
    bool sent = false;
    for (const Json* t : transfers_of(r, "easy setup package 2503"))
      sent = sent || ((*t)["to"] == p && (*t)["outcome"] == "ok");
    EXPECT_TRUE(sent) << "the 2503 package reached " << p;
  }
}

TEST(ReplicationFaults, ASendingHandedOverAsItsServerGoesDownIsSentAfterTheReboot) {
  Json s = rollout_scenario(1);
  // The package's retries fail on the down link and the job waits 30 minutes. At 1h40m the
  // admin retries (the job is handed to an idle sending thread) and the server goes down at
  // the same instant, before the thread takes the job: it must go after the reboot.
  s["events"] = Json::parse(R"([{"at": "13m", "do": "link_down", "link": "CAS-P01", "for": "3h"},
                                {"at": "1h40m", "do": "retry_content_replication"},
                                {"at": "1h40m", "do": "site_down", "site": "CAS", "for": "1h"}])");
  const Json r = simulate_report(s);
  EXPECT_EQ(final_version(r, "P01"), "2409");
  bool sent = false;
  for (const Json* t : transfers_of(r, "easy setup package 2409")) sent = sent || (*t)["outcome"] == "ok";
  EXPECT_TRUE(sent);
}

// ---- Install order --------------------------------------------------------------------------

Json with_secondaries(Json s) {
  s["sites"].push_back({{"code", "S11"}, {"type", "secondary"}, {"parent", "P01"}});
  s["sites"].push_back({{"code", "S21"}, {"type", "secondary"}, {"parent", "P02"}});
  return s;
}

TEST(InstallOrder, CasFirstThenChildPrimariesAndSecondariesStayBehind) {
  const Json r = simulate_report(with_secondaries(rollout_scenario(2)));
  const double cas_done = site_row(r, "2409", "CAS")["installed_t_s"].get<double>();
  for (const char* p : {"P01", "P02"}) {
    const Json& row = site_row(r, "2409", p);
    EXPECT_LT(row["prereq_done_t_s"].get<double>(), cas_done) << "children check prerequisites meanwhile";
    EXPECT_GT(row["install_started_t_s"].get<double>(), cas_done) << p;
    EXPECT_EQ(final_version(r, p), "2409");
  }
  EXPECT_EQ(final_version(r, "S11"), "2403");
  EXPECT_EQ(final_version(r, "S21"), "2403");
  EXPECT_TRUE(r["updates"][0]["all_sites_t_s"].is_null());
  EXPECT_FALSE(r["updates"][0]["all_primaries_t_s"].is_null());
}

TEST(InstallOrder, ChildPrimaryWaitsForItsServiceWindow) {
  Json s = rollout_scenario(1);
  // The run starts on Monday 2024-11-25; the window opens on Saturday at 22:00.
  s["sites"][1]["service_windows"] = Json::parse(R"([{"days": "Sat", "from": "22:00", "hours": 6}])");
  const Json r = simulate_report(s);
  EXPECT_DOUBLE_EQ(site_row(r, "2409", "P01")["install_started_t_s"].get<double>(), 5 * kDay + 22 * kHour);
}

TEST(InstallOrder, SecondaryUpgradeEventWaitsForItsParentThenUpgrades) {
  Json s = with_secondaries(rollout_scenario(2));
  s["events"] = Json::parse(R"([{"at": "10m", "do": "upgrade_secondary", "site": "S11"}])");
  const Json r = simulate_report(s);
  EXPECT_EQ(final_version(r, "S11"), "2409");
  EXPECT_EQ(final_version(r, "S21"), "2403");
  EXPECT_GT(site_row(r, "2409", "S11")["install_started_t_s"].get<double>(),
            site_row(r, "2409", "P01")["installed_t_s"].get<double>());
  ASSERT_EQ(transfers_of(r, "secondary upgrade").size(), 1u);
  EXPECT_EQ((*transfers_of(r, "secondary upgrade")[0])["link"], "P01-S11");
}

TEST(InstallOrder, SecondaryPolicyUpgradesEverySecondaryAfterItsParent) {
  Json s = with_secondaries(rollout_scenario(2));
  s["admin"]["secondary_upgrade"] = {{"after", "2h"}};
  const Json r = simulate_report(s);
  for (const auto& [sec, parent] : {std::pair{"S11", "P01"}, std::pair{"S21", "P02"}}) {
    EXPECT_EQ(final_version(r, sec), "2409");
    EXPECT_GE(site_row(r, "2409", sec)["install_started_t_s"].get<double>(),
              site_row(r, "2409", parent)["installed_t_s"].get<double>() + 2 * kHour);
  }
  EXPECT_FALSE(r["updates"][0]["all_sites_t_s"].is_null());
}

// ---- Prerequisite check ---------------------------------------------------------------------

TEST(Prerequisites, AWarningStopsThatPrimaryUnlessWarningsAreIgnored) {
  Json s = rollout_scenario(2);
  s["sites"][1]["prerequisites"] = "warning";
  const Json stopped = simulate_report(s);
  EXPECT_EQ(final_version(stopped, "P01"), "2403");
  EXPECT_EQ(final_version(stopped, "P02"), "2409");
  EXPECT_EQ(site_row(stopped, "2409", "P01")["state"], "Prerequisite warning");
  EXPECT_EQ(stopped["updates"][0]["state"], "Prerequisite warning");
  EXPECT_TRUE(stopped["updates"][0]["all_primaries_t_s"].is_null());

  s["admin"]["ignore_prereq_warnings"] = true;
  const Json ignored = simulate_report(s);
  EXPECT_EQ(final_version(ignored, "P01"), "2409");
  EXPECT_EQ(ignored["updates"][0]["state"], "Installed");
}

TEST(Prerequisites, AnErrorAtTheTopStopsTheWholeHierarchyEvenWhenWarningsAreIgnored) {
  Json s = rollout_scenario(1);
  s["sites"][0]["prerequisites"] = "failed";
  s["admin"]["ignore_prereq_warnings"] = true;
  const Json r = simulate_report(s);
  EXPECT_EQ(final_version(r, "CAS"), "2403");
  EXPECT_EQ(final_version(r, "P01"), "2403");
  EXPECT_EQ(r["updates"][0]["state"], "Prerequisites failed");
  EXPECT_EQ(site_row(r, "2409", "P01")["state"], "Waiting for parent");
}

// ---- Database replication ------------------------------------------------------------------

std::vector<std::pair<double, std::string>> link_states(const Json& r, const std::string& link) {
  std::vector<std::pair<double, std::string>> out;
  for (const Json& d : r["db_links"])
    if (d["link"] == link) out.emplace_back(d["t_s"].get<double>(), d["state"]);
  return out;
}

TEST(DatabaseReplication, DegradedAfter12FailedAfter24MinutesThenActive) {
  Json s = base_scenario();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "link_down", "link": "CAS-P01", "for": "3h"}])");
  const auto states = link_states(simulate_report(s), "CAS-P01");
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(states[0], std::make_pair(kDay + 11 * 60.0, std::string("degraded")));  // 12th failed sync
  EXPECT_EQ(states[1], std::make_pair(kDay + 23 * 60.0, std::string("failed")));    // 24th
  EXPECT_EQ(states[2], std::make_pair(kDay + 3 * kHour, std::string("active")));    // first good sync
}

TEST(DatabaseReplication, AShortOutageLeavesTheLinkActive) {
  Json s = base_scenario();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "link_down", "link": "CAS-P01", "for": "10m"}])");
  EXPECT_TRUE(link_states(simulate_report(s), "CAS-P01").empty());
}

TEST(DatabaseReplication, SiteServerDownFailsItsLinksToo) {
  Json s = base_scenario();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "site_down", "site": "P01", "for": "1h"}])");
  const auto states = link_states(simulate_report(s), "CAS-P01");
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(states[1].second, "failed");
}

TEST(DatabaseReplication, LinkIsBeingConfiguredWhileTheChildIsBehind) {
  const Json r = simulate_report(rollout_scenario(1));
  const auto states = link_states(r, "CAS-P01");
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].second, "being_configured");
  EXPECT_DOUBLE_EQ(states[0].first, site_row(r, "2409", "CAS")["installed_t_s"].get<double>());
  EXPECT_EQ(states[1].second, "active");
  EXPECT_DOUBLE_EQ(states[1].first, site_row(r, "2409", "P01")["installed_t_s"].get<double>());
}

}  // namespace
}  // namespace cmsim::test
