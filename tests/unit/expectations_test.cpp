// The expectation checker of `cmsim test` (docs/scenario.md §2.5), on hand-built results: each kind
// passes when the run did what was expected, fails when it did not, and says both.
#include <gtest/gtest.h>

#include <string>

#include "models/expectations.hpp"
#include "tests/unit/raise_each.hpp"

namespace cmsim {
namespace {

constexpr double kDay = 86400;

Scenario three_sites() {
  Scenario s;
  s.name = "unit";
  s.duration_s = 30 * kDay;
  s.version = "2403";
  s.sites = {
      {"CAS", SiteType::cas, "", {}}, {"P01", SiteType::primary, "CAS", {}}, {"S01", SiteType::secondary, "P01", {}}};
  s.scp = Scp{};
  s.scp->site = "CAS";
  return s;
}

SiteResult site(const std::string& code, const std::string& parent, std::vector<VersionChange> versions = {}) {
  SiteResult r;
  r.code = code;
  r.parent = parent;
  r.initial_version = "2403";
  r.versions = std::move(versions);
  r.final_version = r.versions.empty() ? r.initial_version : r.versions.back().version;
  return r;
}

// CAS on 2409 at 10d, P01 at 12d, S01 never; 2409 ready at 2d, installing at 9d.
Results upgraded_run() {
  Results r;
  r.scenario = "unit";
  r.duration_s = 30 * kDay;
  r.sites = {site("CAS", "", {{"2409", 10 * kDay}}), site("P01", "CAS", {{"2409", 12 * kDay}}), site("S01", "P01")};
  UpdateResult u;
  u.version = "2409";
  u.name = "2409";
  u.available_t_s = 1 * kDay;
  u.ready_to_install_t_s = 2 * kDay;
  u.install_started_t_s = 9 * kDay;
  u.all_primaries_t_s = 12 * kDay;
  u.state = UpdateState::installed;
  u.states = {{1 * kDay, UpdateState::available_to_download},
              {1.5 * kDay, UpdateState::downloading},
              {2 * kDay, UpdateState::ready_to_install},
              {7 * kDay, UpdateState::checking_prerequisites},
              {8 * kDay, UpdateState::prerequisite_check_passed},
              {9 * kDay, UpdateState::installing},
              {12 * kDay, UpdateState::installed}};
  UpdateSiteResult cas;
  cas.site = "CAS";
  cas.prereq_done_t_s = 8 * kDay;
  cas.install_started_t_s = 9 * kDay;
  cas.installed_t_s = 10 * kDay;
  cas.state = UpdateState::installed;
  cas.states = {{7 * kDay, UpdateState::waiting},
                {7 * kDay, UpdateState::checking_prerequisites},
                {8 * kDay, UpdateState::prerequisite_check_passed},
                {9 * kDay, UpdateState::installing},
                {10 * kDay, UpdateState::installed}};
  u.sites = {cas};
  r.updates = {u};
  r.transfers = {TransferRecord{"payload 2409", "internet", "CAS", "internet", 1000, 1.5 * kDay, 1.8 * kDay, 1,
                                TransferStatus::ok, ""}};
  return r;
}

Expectation expect(ExpectationKind kind) {
  Expectation x;
  x.id = "case";
  x.kind = kind;
  return x;
}

ExpectationResult check(const Expectation& x, const Results& results, Scenario scenario = three_sites()) {
  scenario.expectations = {x};
  const auto out = evaluate_expectations(scenario, results);
  EXPECT_EQ(out.size(), 1u);
  return out.at(0);
}

// ---- site_version ---------------------------------------------------------------------

TEST(ExpectationsSiteVersion, AllSitesOnTheInitialVersionPass) {
  Expectation x = expect(ExpectationKind::site_version);
  x.site = "*";
  x.version = "2403";
  const auto r = check(x, upgraded_run());
  EXPECT_TRUE(r.passed) << r.detail;
  EXPECT_EQ(r.id, "case");
  EXPECT_EQ(r.kind, "site_version");
  EXPECT_EQ(r.detail.rfind("expected every site on 2403 or later by the end of the run (30d); got ", 0), 0u)
      << r.detail;
}

TEST(ExpectationsSiteVersion, NamesTheSitesBehindAndTheirVersion) {
  Expectation x = expect(ExpectationKind::site_version);
  x.site = "*";
  x.version = "2409";
  x.by_s = 11 * kDay;
  const auto r = check(x, upgraded_run());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.detail, "expected every site on 2409 or later by 11d; got P01 on 2403, S01 on 2403");
}

TEST(ExpectationsSiteVersion, OneSiteAtItsTime) {
  Expectation x = expect(ExpectationKind::site_version);
  x.site = "P01";
  x.version = "2409";
  x.by_s = 12 * kDay;
  EXPECT_TRUE(check(x, upgraded_run()).passed);
  x.by_s = 12 * kDay - 1;
  EXPECT_FALSE(check(x, upgraded_run()).passed);
}

TEST(ExpectationsSiteVersion, ALaterVersionCountsAsReached) {
  Expectation x = expect(ExpectationKind::site_version);
  x.site = "CAS";
  x.version = "2309";
  EXPECT_TRUE(check(x, upgraded_run()).passed);
}

TEST(ExpectationsSiteVersion, ASiteMissingFromTheResultsFails) {
  Expectation x = expect(ExpectationKind::site_version);
  x.site = "P99";
  x.version = "2403";
  const auto r = check(x, upgraded_run());
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.detail.find("no site P99"), std::string::npos) << r.detail;
}

// ---- update_state ---------------------------------------------------------------------

TEST(StateTimeline, TheStateAtATimeIsTheLastChangeAtOrBeforeIt) {
  const Results run = upgraded_run();
  const UpdateResult& u = run.updates.at(0);
  EXPECT_EQ(state_at(u.states, 0.5 * kDay), std::nullopt);
  EXPECT_EQ(state_at(u.states, 1 * kDay), UpdateState::available_to_download);
  EXPECT_EQ(state_at(u.states, 1.6 * kDay), UpdateState::downloading);
  EXPECT_EQ(state_at(u.states, 8.5 * kDay), UpdateState::prerequisite_check_passed);
  EXPECT_EQ(state_at(u.states, 30 * kDay), UpdateState::installed);
  EXPECT_TRUE(reached_by(u.states, UpdateState::downloading, 1.5 * kDay));
  EXPECT_FALSE(reached_by(u.states, UpdateState::installing, 8.9 * kDay));
}

TEST(StateTimeline, ARepeatIsNotAChange) {
  StateTimeline t;
  record_state(t, 1, UpdateState::downloading);
  record_state(t, 2, UpdateState::downloading);
  record_state(t, 3, UpdateState::download_failed);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[1].t_s, 3);
}

// A failure mid-run is matched at its time, and "reached" finds it after a retry succeeded.
TEST(ExpectationsUpdateState, AFailureMidRunIsMatchedAtItsTimeAndReachedAfterwards) {
  Results run = upgraded_run();
  run.updates[0].states.insert(run.updates[0].states.begin() + 2, {1.8 * kDay, UpdateState::download_failed});
  Expectation x = expect(ExpectationKind::update_state);
  x.version = "2409";
  x.console_state = UpdateState::download_failed;
  x.by_s = 1.9 * kDay;
  EXPECT_TRUE(check(x, run).passed);
  x.by_s = 5 * kDay;
  EXPECT_FALSE(check(x, run).passed) << "Ready to install by then";
  x.reached = true;
  const auto r = check(x, run);
  EXPECT_TRUE(r.passed) << r.detail;
  EXPECT_EQ(r.detail, "expected 2409 reached 'Download failed' by 5d; got 'Ready to install' then");
}

TEST(ExpectationsUpdateState, ASiteReadsItsOwnShowStatusTimeline) {
  Expectation x = expect(ExpectationKind::update_state);
  x.version = "2409";
  x.site = "CAS";
  x.console_state = UpdateState::installed;
  x.by_s = 10 * kDay;
  EXPECT_TRUE(check(x, upgraded_run()).passed) << "the CAS is installed before all primaries are";
  x.site = "P01";
  const auto r = check(x, upgraded_run());
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.detail.find("never reached P01"), std::string::npos) << r.detail;
}

TEST(ExpectationsUpdateState, PassesAndFailsAtBy) {
  Expectation x = expect(ExpectationKind::update_state);
  x.version = "2409";
  x.console_state = UpdateState::ready_to_install;
  x.by_s = 5 * kDay;
  EXPECT_TRUE(check(x, upgraded_run()).passed);
  x.by_s = 9.5 * kDay;
  const auto r = check(x, upgraded_run());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.detail, "expected 2409 'Ready to install' by 9d12h; got 'Installing'");
}

TEST(ExpectationsUpdateState, WithoutByUsesTheEndOfRunState) {
  Results run = upgraded_run();
  run.updates[0].state = UpdateState::failed;
  run.updates[0].states.push_back({20 * kDay, UpdateState::failed});
  Expectation x = expect(ExpectationKind::update_state);
  x.version = "2409";
  x.console_state = UpdateState::failed;
  EXPECT_TRUE(check(x, run).passed);
  x.console_state = UpdateState::installed;
  EXPECT_FALSE(check(x, run).passed);
}

TEST(ExpectationsUpdateState, AnUpdateNeverOfferedFails) {
  Expectation x = expect(ExpectationKind::update_state);
  x.version = "2503";
  x.console_state = UpdateState::installed;
  const auto r = check(x, upgraded_run());
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.detail.find("never offered"), std::string::npos) << r.detail;
}

// ---- propagation ----------------------------------------------------------------------

TEST(ExpectationsPropagation, TopTierWithinMaxPasses) {
  Expectation x = expect(ExpectationKind::propagation);
  x.version = "2409";
  x.scope = "top";
  x.max_s = 8 * kDay;  // ready 2d -> installed 10d
  const auto r = check(x, upgraded_run());
  EXPECT_TRUE(r.passed) << r.detail;
  EXPECT_EQ(r.detail, "expected 2409 installed at the top tier within 8d of Ready to install; got 8d (at 10d)");
}

TEST(ExpectationsPropagation, SlowerThanMaxFails) {
  Expectation x = expect(ExpectationKind::propagation);
  x.version = "2409";
  x.scope = "primaries";
  x.max_s = 9 * kDay;  // ready 2d -> all primaries 12d
  const auto r = check(x, upgraded_run());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.detail, "expected 2409 installed on all primaries within 9d of Ready to install; got 10d (at 12d)");
}

TEST(ExpectationsPropagation, NeverReachingEverySiteFails) {
  Expectation x = expect(ExpectationKind::propagation);
  x.version = "2409";
  x.scope = "all";
  x.max_s = 100 * kDay;
  const auto r = check(x, upgraded_run());
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.detail.find("not installed on all sites by the end of the run (30d)"), std::string::npos) << r.detail;
}

TEST(ExpectationsPropagation, StartsAtAvailableWhenNeverReady) {
  Results run = upgraded_run();
  run.updates[0].ready_to_install_t_s.reset();
  Expectation x = expect(ExpectationKind::propagation);
  x.version = "2409";
  x.scope = "top";
  x.max_s = 9 * kDay;  // available 1d -> installed 10d
  EXPECT_TRUE(check(x, run).passed);
  x.max_s = 9 * kDay - 1;
  EXPECT_FALSE(check(x, run).passed);
}

// ---- status messages ------------------------------------------------------------------

Results with_messages() {
  Results r = upgraded_run();
  raise_each<StatusMessage>(r, {{kDay, "CAS", "SMS_SERVICE_CONNECTOR", 11488, Severity::error, "no connection"},
                                {2 * kDay, "CAS", "SMS_SERVICE_CONNECTOR", 11488, Severity::error, "no connection"},
                                {3 * kDay, "P01", "SMS_HIERARCHY_MANAGER", 3306, Severity::info, "processed"}});
  return r;
}

TEST(ExpectationsStatusMessage, CountsWithinMinAndMax) {
  Expectation x = expect(ExpectationKind::status_message);
  x.message_id = 11488;
  x.min_count = 1;
  EXPECT_TRUE(check(x, with_messages()).passed);
  x.max_count = 1;
  const auto r = check(x, with_messages());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.detail, "expected exactly 1 status message 11488 at any site; got 2");
}

TEST(ExpectationsStatusMessage, FiltersBySite) {
  Expectation x = expect(ExpectationKind::status_message);
  x.message_id = 11488;
  x.site = "P01";
  x.min_count = 1;
  const auto r = check(x, with_messages());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.detail, "expected at least 1 status message 11488 at P01; got 0");
  x.site = "*";
  EXPECT_TRUE(check(x, with_messages()).passed);
}

TEST(ExpectationsNoStatusSeverity, PassesWithNoneAndNamesTheFirstOtherwise) {
  Expectation x = expect(ExpectationKind::no_status_severity);
  x.severity = Severity::warning;
  EXPECT_TRUE(check(x, with_messages()).passed);
  x.severity = Severity::error;
  const auto r = check(x, with_messages());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(
      r.detail,
      "expected no status message of severity error; got 2, the first 11488 from SMS_SERVICE_CONNECTOR at CAS at 1d");
}

// ---- timelines ------------------------------------------------------------------------

Results with_timelines() {
  Results r = upgraded_run();
  raise_each<ComponentStatusChange>(r, {{kDay, "CAS", "SMS_SERVICE_CONNECTOR", ComponentStatus::critical},
                                        {2 * kDay, "P01", "SMS_SERVICE_CONNECTOR", ComponentStatus::warning},
                                        {3 * kDay, "CAS", "SMS_SERVICE_CONNECTOR", ComponentStatus::ok}});
  r.scp.site = "CAS";
  r.scp.modes = {{0, "online", "online", "start"},
                 {5 * kDay, "offline", "online", "set_scp_mode"},
                 {6 * kDay, "offline", "offline", "SMS_DMP_DOWNLOADER restart"}};
  r.db_links = {{kDay, "CAS-P01", ReplicationLinkState::degraded},
                {2 * kDay, "CAS-P01", ReplicationLinkState::failed},
                {4 * kDay, "P01-S01", ReplicationLinkState::degraded}};
  return r;
}

TEST(ExpectationsComponentStatus, OkBeforeAnyChangeThenFollowsTheTimeline) {
  Expectation x = expect(ExpectationKind::component_status);
  x.component = "SMS_SERVICE_CONNECTOR";
  x.site = "CAS";
  x.status = ComponentStatus::ok;
  x.at_s = 0.5 * kDay;
  EXPECT_TRUE(check(x, with_timelines()).passed);
  x.at_s = 1.5 * kDay;
  const auto r = check(x, with_timelines());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.detail, "expected SMS_SERVICE_CONNECTOR at CAS ok at 1d12h; got critical");
  x.at_s = 3 * kDay;
  EXPECT_TRUE(check(x, with_timelines()).passed);
}

TEST(ExpectationsComponentStatus, WithoutASiteTakesTheWorstSite) {
  Expectation x = expect(ExpectationKind::component_status);
  x.component = "SMS_SERVICE_CONNECTOR";
  x.status = ComponentStatus::critical;
  x.at_s = 2 * kDay;  // CAS critical, P01 warning
  EXPECT_TRUE(check(x, with_timelines()).passed);
  x.status = ComponentStatus::ok;
  x.at_s = 3 * kDay;  // CAS ok again, P01 still warning
  const auto r = check(x, with_timelines());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.detail, "expected SMS_SERVICE_CONNECTOR ok at 3d (worst over all sites); got warning at P01");
}

TEST(ExpectationsEffectiveMode, FollowsTheEffectiveNotTheConfiguredMode) {
  Expectation x = expect(ExpectationKind::effective_mode);
  x.mode = ScpMode::online;
  x.at_s = 5.5 * kDay;  // configured offline, not yet applied
  EXPECT_TRUE(check(x, with_timelines()).passed);
  x.at_s = 6 * kDay;
  const auto r = check(x, with_timelines());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.detail, "expected effective SCP mode online at 6d; got offline (configured offline)");
}

TEST(ExpectationsEffectiveMode, BeforeAnyRecordedChangeUsesTheScenarioMode) {
  Expectation x = expect(ExpectationKind::effective_mode);
  x.mode = ScpMode::online;
  x.at_s = kDay;
  EXPECT_TRUE(check(x, upgraded_run()).passed);
  x.mode = ScpMode::offline;
  EXPECT_FALSE(check(x, upgraded_run()).passed);
}

TEST(ExpectationsEffectiveMode, NoScpFails) {
  Scenario no_scp = three_sites();
  no_scp.scp.reset();
  Expectation x = expect(ExpectationKind::effective_mode);
  x.mode = ScpMode::online;
  x.at_s = kDay;
  const auto r = check(x, upgraded_run(), no_scp);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.detail, "expected effective SCP mode online at 1d; got no SCP in this hierarchy");
}

TEST(ExpectationsLinkState, ActiveBeforeAnyChangeThenTheLinksOwnTimeline) {
  Expectation x = expect(ExpectationKind::link_state);
  x.link = "CAS-P01";
  x.link_state = ReplicationLinkState::active;
  x.at_s = 0.5 * kDay;
  EXPECT_TRUE(check(x, with_timelines()).passed);
  x.at_s = 5 * kDay;  // P01-S01's change at 4d is another link's
  const auto r = check(x, with_timelines());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.detail, "expected replication link CAS-P01 active at 5d; got failed since 2d");
  x.link_state = ReplicationLinkState::failed;
  EXPECT_TRUE(check(x, with_timelines()).passed);
}

TEST(ExpectationsAll, OneResultPerExpectationInOrder) {
  Scenario s = three_sites();
  Expectation a = expect(ExpectationKind::no_status_severity);
  a.id = "a";
  a.severity = Severity::error;
  Expectation b = expect(ExpectationKind::site_version);
  b.id = "b";
  b.site = "*";
  b.version = "2403";
  s.expectations = {a, b};
  const auto out = evaluate_expectations(s, upgraded_run());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].id, "a");
  EXPECT_EQ(out[0].kind, "no_status_severity");
  EXPECT_EQ(out[1].id, "b");
  for (const auto& r : out) EXPECT_EQ(r.detail.rfind("expected ", 0), 0u) << r.detail;
}

}  // namespace
}  // namespace cmsim
