// The scenario loader (docs/scenario.md §2), in process: what a planner may write and what it turns
// into, the documented defaults for everything left out, `--set` overrides, and rejected
// inputs that the end-to-end list (tests/e2e/invalid_input_test.cpp) does not cover, each
// checked for the JSON pointer and the "expected" text the user will read.
#include "models/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/release_catalog.hpp"

namespace cmsim {
namespace {

using Json = nlohmann::json;

constexpr std::int64_t kDefaultStart = 1767571200;  // 2026-01-05T00:00:00Z
constexpr double kDay = 86400.0;
constexpr double kHour = 3600.0;

// Only the required keys; a CAS, two primaries and one secondary.
Json minimal() {
  return Json::parse(R"({
    "format": "cmsim-scenario/1", "name": "minimal", "duration": "60d", "version": "2403",
    "sites": [
      {"code": "CAS", "type": "cas"},
      {"code": "P01", "type": "primary", "parent": "CAS"},
      {"code": "P02", "type": "primary", "parent": "CAS"},
      {"code": "S01", "type": "secondary", "parent": "P01"}
    ]
  })");
}

Json standalone() {
  return Json::parse(R"({
    "format": "cmsim-scenario/1", "name": "standalone", "duration": "60d", "version": "2403",
    "sites": [
      {"code": "PRI", "type": "primary"},
      {"code": "S01", "type": "secondary", "parent": "PRI"}
    ]
  })");
}

std::string dump(const LoadResult& r) {
  std::string out;
  for (const Problem& p : r.problems.list()) out += format_problem(r.file, p) + "\n";
  return out;
}

// Loads and insists on success; the scenario is returned by value so tests can keep it.
Scenario load_ok(const Json& j, const std::vector<std::string>& overrides = {}) {
  const LoadResult r = load_scenario_text(j.dump(), "t.json", overrides);
  EXPECT_TRUE(r.problems.empty()) << dump(r);
  if (!r.scenario) {
    ADD_FAILURE() << "no scenario";
    return Scenario{};
  }
  return *r.scenario;
}

LoadResult load(const Json& j, const std::vector<std::string>& overrides = {}) {
  return load_scenario_text(j.dump(), "t.json", overrides);
}

// The load failed and one problem sits at `pointer` with `expected_part` in its expected text.
::testing::AssertionResult RejectedAt(const LoadResult& r, const std::string& pointer,
                                      const std::string& expected_part) {
  if (r.scenario) return ::testing::AssertionFailure() << "accepted, expected a problem at " << pointer;
  for (const Problem& p : r.problems.list())
    if (p.pointer == pointer && p.expected.find(expected_part) != std::string::npos)
      return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "no problem at " << pointer << " expecting '" << expected_part << "' in:\n"
                                       << dump(r);
}

const Link& link(const Scenario& s, const std::string& name) {
  const Link* l = s.find_link(name);
  EXPECT_NE(l, nullptr) << name;
  static const Link kNone;
  return l ? *l : kNone;
}

// ---------------------------------------------------------------- defaults

TEST(LoaderDefaults, MinimalScenarioGetsTheDocumentedDefaults) {
  const Scenario s = load_ok(minimal());
  EXPECT_EQ(s.name, "minimal");
  EXPECT_EQ(s.start_unix_s, kDefaultStart);
  EXPECT_DOUBLE_EQ(s.duration_s, 60 * kDay);
  EXPECT_EQ(s.version, "2403");
  EXPECT_EQ(s.seed, 0u);
  ASSERT_EQ(s.sites.size(), 4u);

  // One WAN link per parent-child pair, nothing more.
  ASSERT_EQ(s.links.size(), 3u);
  for (const char* name : {"CAS-P01", "CAS-P02", "P01-S01"}) {
    const Link& l = link(s, name);
    EXPECT_DOUBLE_EQ(l.bandwidth_Bps, 12.5e6) << name;  // 100Mbps
    EXPECT_EQ(l.sender.max_concurrent, 5) << name;
    EXPECT_EQ(l.sender.per_site, 3) << name;
    EXPECT_EQ(l.sender.retries, 2) << name;
    EXPECT_DOUBLE_EQ(l.sender.retry_delay_s, 60.0) << name;
    EXPECT_EQ(l.degraded_after, 12) << name;
    EXPECT_EQ(l.failed_after, 24) << name;
    EXPECT_EQ(l.rate_limit.mode, RateLimitMode::unlimited) << name;
    EXPECT_TRUE(l.schedule.empty()) << name;
  }

  EXPECT_DOUBLE_EQ(s.internet.bandwidth_Bps, 25e6);  // 200Mbps
  EXPECT_FALSE(s.internet.proxy.enabled);
  EXPECT_TRUE(s.internet.tls12);
  EXPECT_EQ(s.internet.baltimore, CertState::ok);
  EXPECT_TRUE(s.internet.blocked.empty());

  EXPECT_FALSE(s.scp.has_value()) << "no scp key: a hierarchy without an SCP";

  // docs/modelling.md §2.7: Backup Site Server runs by default at the CAS, at the assumed 02:00.
  ASSERT_TRUE(s.backup.has_value());
  EXPECT_EQ(s.backup->site, "CAS");
  EXPECT_TRUE(s.backup->enabled);
  EXPECT_EQ(s.backup->daily_at_minute, 120);

  EXPECT_EQ(s.releases.ring, Ring::early);
  const auto builtin = builtin_catalog(Ring::early);
  ASSERT_EQ(s.releases.catalog.size(), builtin.size());
  for (std::size_t i = 0; i < builtin.size(); ++i) {
    EXPECT_EQ(s.releases.catalog[i].name, builtin[i].name);
    EXPECT_EQ(s.releases.catalog[i].available_unix_s, builtin[i].available_unix_s);
  }

  EXPECT_FALSE(s.admin.install_at_top_after_s.has_value());
  EXPECT_FALSE(s.admin.secondary_upgrade_after_s.has_value());
  EXPECT_TRUE(s.events.empty());
  EXPECT_TRUE(s.random_faults.empty());
  EXPECT_TRUE(s.expectations.empty());
}

TEST(LoaderDefaults, NoBackupWithoutACas) {
  const Scenario s = load_ok(standalone());
  EXPECT_FALSE(s.backup.has_value());
}

TEST(LoaderDefaults, ConfiguringBackupWithoutACasEnablesItAtTheTopTier) {
  Json j = standalone();
  j["maintenance"] = {{"backup", {{"daily_at", "03:30"}}}};
  const Scenario s = load_ok(j);
  ASSERT_TRUE(s.backup.has_value());
  EXPECT_EQ(s.backup->site, "PRI");
  EXPECT_TRUE(s.backup->enabled);
  EXPECT_EQ(s.backup->daily_at_minute, 210);
}

TEST(LoaderDefaults, BackupCanBeDisabledAtTheCas) {
  Json j = minimal();
  j["maintenance"] = {{"backup", {{"enabled", false}}}};
  const Scenario s = load_ok(j);
  ASSERT_TRUE(s.backup.has_value());
  EXPECT_FALSE(s.backup->enabled);
  EXPECT_EQ(s.backup->site, "CAS");
}

TEST(LoaderDefaults, ScpDefaults) {
  Json j = minimal();
  j["scp"] = {{"site", "CAS"}};
  const Scenario s = load_ok(j);
  ASSERT_TRUE(s.scp.has_value());
  EXPECT_EQ(s.scp->site, "CAS");
  EXPECT_EQ(s.scp->server, ScpServer::site);
  EXPECT_EQ(s.scp->mode, ScpMode::online);
  EXPECT_EQ(s.scp->usage_level, UsageLevel::enhanced);
  EXPECT_FALSE(s.scp->tenant_attach);
  EXPECT_FALSE(s.scp->intune);
  EXPECT_DOUBLE_EQ(s.scp->check_interval_s, 86400.0);
}

TEST(LoaderDefaults, StandAlonePrimaryCarriesTheScp) {
  Json j = standalone();
  j["scp"] = {{"site", "PRI"}, {"mode", "offline"}};
  const Scenario s = load_ok(j);
  ASSERT_TRUE(s.scp.has_value());
  EXPECT_EQ(s.scp->site, "PRI");
  EXPECT_EQ(s.scp->mode, ScpMode::offline);
}

TEST(LoaderDefaults, ExplicitStartAndSeed) {
  Json j = minimal();
  j["start"] = "2024-11-25T06:00:00Z";
  j["seed"] = 42;
  j["description"] = "free text";
  const Scenario s = load_ok(j);
  EXPECT_EQ(s.start_unix_s, 1732492800 + 6 * 3600);
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.description, "free text");
}

// ---------------------------------------------------------------- sites and links

TEST(LoaderLinks, LinkDefaultsApplyToEveryLinkAndLinksOverrideOnlyTheNamedOne) {
  Json j = minimal();
  j["link_defaults"] = Json::parse(R"({"bandwidth": "50Mbps", "latency": "20ms",
      "sender": {"max_concurrent": 8, "per_site": 4, "retries": 5, "retry_delay": "2m"},
      "degraded_after": 6, "failed_after": 10})");
  // `between` in child-parent order still names P01-S01.
  j["links"] = Json::parse(R"([{"between": ["S01", "P01"], "bandwidth": "4Mbps", "latency": "120ms"}])");
  const Scenario s = load_ok(j);
  for (const char* name : {"CAS-P01", "CAS-P02"}) {
    const Link& l = link(s, name);
    EXPECT_DOUBLE_EQ(l.bandwidth_Bps, 50e6 / 8) << name;
    EXPECT_DOUBLE_EQ(l.latency_s, 0.020) << name;
    EXPECT_EQ(l.sender.max_concurrent, 8) << name;
    EXPECT_EQ(l.sender.per_site, 4) << name;
    EXPECT_EQ(l.sender.retries, 5) << name;
    EXPECT_DOUBLE_EQ(l.sender.retry_delay_s, 120.0) << name;
    EXPECT_EQ(l.degraded_after, 6) << name;
    EXPECT_EQ(l.failed_after, 10) << name;
  }
  const Link& branch = link(s, "P01-S01");
  EXPECT_EQ(branch.parent, "P01");
  EXPECT_EQ(branch.child, "S01");
  EXPECT_DOUBLE_EQ(branch.bandwidth_Bps, 4e6 / 8);
  EXPECT_DOUBLE_EQ(branch.latency_s, 0.120);
  // What the entry does not name still comes from link_defaults.
  EXPECT_EQ(branch.sender.max_concurrent, 8);
  EXPECT_EQ(branch.degraded_after, 6);
}

TEST(LoaderLinks, LinksEntryInParentChildOrder) {
  Json j = minimal();
  j["links"] = Json::parse(R"([{"between": ["CAS", "P02"], "bandwidth": "1Gbps"}])");
  const Scenario s = load_ok(j);
  EXPECT_DOUBLE_EQ(link(s, "CAS-P02").bandwidth_Bps, 125e6);
  EXPECT_DOUBLE_EQ(link(s, "CAS-P01").bandwidth_Bps, 12.5e6);
}

TEST(LoaderLinks, PulseRateLimit) {
  Json j = minimal();
  j["links"] = Json::parse(R"([{"between": ["P01", "S01"],
      "rate_limit": {"mode": "pulse", "block": "8KB", "delay": "10s"}}])");
  const Scenario s = load_ok(j);
  const RateLimit& r = link(s, "P01-S01").rate_limit;
  EXPECT_EQ(r.mode, RateLimitMode::pulse);
  EXPECT_EQ(r.block_bytes, 8000u);
  EXPECT_DOUBLE_EQ(r.delay_s, 10.0);
  EXPECT_EQ(link(s, "CAS-P01").rate_limit.mode, RateLimitMode::unlimited);
}

TEST(LoaderLinks, PulseRateLimitDefaultsTo3KBEvery5s) {
  Json j = minimal();
  j["links"] = Json::parse(R"([{"between": ["P01", "S01"], "rate_limit": {"mode": "pulse"}}])");
  const Scenario s = load_ok(j);
  const RateLimit& r = link(s, "P01-S01").rate_limit;
  EXPECT_EQ(r.mode, RateLimitMode::pulse);
  EXPECT_EQ(r.block_bytes, 3000u);
  EXPECT_DOUBLE_EQ(r.delay_s, 5.0);
}

TEST(LoaderLinks, HourlyRateLimit) {
  Json j = minimal();
  Json percent = Json::array();
  for (int h = 0; h < 24; ++h) percent.push_back(h >= 8 && h < 18 ? 10 : 100);
  percent[0] = 0;
  j["links"] = Json::array({{{"between", {"CAS", "P01"}}, {"rate_limit", {{"mode", "hourly"}, {"percent", percent}}}}});
  const Scenario s = load_ok(j);
  const RateLimit& r = link(s, "CAS-P01").rate_limit;
  EXPECT_EQ(r.mode, RateLimitMode::hourly);
  EXPECT_EQ(r.percent[0], 0);
  EXPECT_EQ(r.percent[7], 100);
  EXPECT_EQ(r.percent[8], 10);
  EXPECT_EQ(r.percent[17], 10);
  EXPECT_EQ(r.percent[18], 100);
  EXPECT_EQ(r.percent[23], 100);
}

TEST(LoaderLinks, ScheduleSlots) {
  Json j = minimal();
  j["links"] = Json::parse(R"([{"between": ["P01", "S01"], "schedule": [
      {"days": "Mon-Fri", "from": "08:00", "to": "18:00", "priority": "closed"},
      {"days": "Sat", "from": "00:00", "to": "12:00", "priority": "high"},
      {"priority": "medium_high"}]}])");
  const Scenario s = load_ok(j);
  const auto& slots = link(s, "P01-S01").schedule;
  ASSERT_EQ(slots.size(), 3u);
  EXPECT_EQ(slots[0].days_mask, 0x3E);  // Mon..Fri, bit 0 = Sunday
  EXPECT_EQ(slots[0].from_minute, 8 * 60);
  EXPECT_EQ(slots[0].to_minute, 18 * 60);
  EXPECT_EQ(slots[0].priority, SchedulePriority::closed);
  EXPECT_EQ(slots[1].days_mask, 0x40);
  EXPECT_EQ(slots[1].priority, SchedulePriority::high);
  // A slot without days or hours covers the whole week.
  EXPECT_EQ(slots[2].days_mask, 0x7F);
  EXPECT_EQ(slots[2].from_minute, 0);
  EXPECT_EQ(slots[2].to_minute, 24 * 60);
  EXPECT_EQ(slots[2].priority, SchedulePriority::medium_high);
  EXPECT_TRUE(link(s, "CAS-P01").schedule.empty());
}

TEST(LoaderSites, ServiceWindowsOnCasAndPrimary) {
  Json j = minimal();
  j["sites"][0]["service_windows"] = Json::parse(R"([{"days": "Sun", "from": "01:00", "hours": 3}])");
  j["sites"][1]["service_windows"] =
      Json::parse(R"([{"days": "Sat", "from": "22:00", "hours": 6}, {"from": "12:30", "hours": 1}])");
  const Scenario s = load_ok(j);
  const Site* cas = s.find_site("CAS");
  const Site* p01 = s.find_site("P01");
  ASSERT_TRUE(cas && p01);
  ASSERT_EQ(cas->service_windows.size(), 1u);
  EXPECT_EQ(cas->service_windows[0].days_mask, 0x01);
  EXPECT_EQ(cas->service_windows[0].from_minute, 60);
  EXPECT_DOUBLE_EQ(cas->service_windows[0].duration_s, 3 * kHour);
  ASSERT_EQ(p01->service_windows.size(), 2u);
  EXPECT_EQ(p01->service_windows[0].days_mask, 0x40);
  EXPECT_EQ(p01->service_windows[0].from_minute, 22 * 60);
  EXPECT_DOUBLE_EQ(p01->service_windows[0].duration_s, 6 * kHour);
  EXPECT_EQ(p01->service_windows[1].days_mask, 0x7F);
  EXPECT_EQ(p01->service_windows[1].from_minute, 12 * 60 + 30);
  EXPECT_TRUE(s.find_site("P02")->service_windows.empty());
}

// ---------------------------------------------------------------- internet and SCP

TEST(LoaderServices, InternetProxyCertsAndBlockedEndpoints) {
  Json j = minimal();
  j["internet"] = Json::parse(R"({"bandwidth": "1Gbps", "latency": "80ms",
      "proxy": {"auth": "account", "account_valid": false}, "tls12": false,
      "root_certs": {"digicert_g2": "missing"}, "blocked": ["configmgrbits.azureedge.net"]})");
  const Scenario s = load_ok(j);
  EXPECT_DOUBLE_EQ(s.internet.bandwidth_Bps, 125e6);
  EXPECT_DOUBLE_EQ(s.internet.latency_s, 0.080);
  EXPECT_TRUE(s.internet.proxy.enabled) << "a proxy object means a proxy";
  EXPECT_EQ(s.internet.proxy.auth, "account");
  EXPECT_FALSE(s.internet.proxy.account_valid);
  EXPECT_FALSE(s.internet.tls12);
  EXPECT_EQ(s.internet.baltimore, CertState::ok);
  EXPECT_EQ(s.internet.digicert_g2, CertState::missing);
  EXPECT_EQ(s.internet.blocked, std::vector<std::string>{"configmgrbits.azureedge.net"});
}

TEST(LoaderServices, RemoteScpWithLanHop) {
  Json j = minimal();
  j["scp"] = Json::parse(R"({"site": "CAS", "server": "remote", "remote_access": "installation_account",
      "lan": {"bandwidth": "1Gbps", "latency": "2ms"}, "usage_level": "full", "tenant_attach": true,
      "check_interval": "12h"})");
  const Scenario s = load_ok(j);
  ASSERT_TRUE(s.scp.has_value());
  EXPECT_EQ(s.scp->server, ScpServer::remote);
  EXPECT_EQ(s.scp->remote_access, RemoteAccess::installation_account);
  EXPECT_DOUBLE_EQ(s.scp->lan_bandwidth_Bps, 125e6);
  EXPECT_DOUBLE_EQ(s.scp->lan_latency_s, 0.002);
  EXPECT_EQ(s.scp->usage_level, UsageLevel::full);
  EXPECT_TRUE(s.scp->tenant_attach);
  EXPECT_DOUBLE_EQ(s.scp->check_interval_s, 12 * kHour);
}

TEST(LoaderServices, RemoteScpWithAccessNoneIsAccepted) {
  Json j = minimal();
  j["scp"] = {{"site", "CAS"}, {"server", "remote"}, {"remote_access", "none"}};
  const Scenario s = load_ok(j);
  ASSERT_TRUE(s.scp.has_value());
  EXPECT_EQ(s.scp->remote_access, RemoteAccess::none);
}

// ---------------------------------------------------------------- releases

TEST(LoaderReleases, PlainListReplacesTheCatalog) {
  Json j = minimal();
  j["releases"] = Json::parse(R"([
      {"version": "2409", "available": "14d", "min_version": "2303", "payload": "1GB", "redists": "250MB"},
      {"version": "2403", "kind": "hotfix", "available": "2026-01-07T00:00:00Z"}])");
  const Scenario s = load_ok(j);
  ASSERT_EQ(s.releases.catalog.size(), 2u);
  // Sorted by availability: the hotfix (2 days) before 2409 (14 days).
  const Release& hotfix = s.releases.catalog[0];
  EXPECT_EQ(hotfix.kind, ReleaseKind::hotfix);
  EXPECT_EQ(hotfix.name, "2403 HFRU");
  EXPECT_EQ(hotfix.min_version, "2403");
  EXPECT_EQ(hotfix.available_unix_s, kDefaultStart + 2 * 86400);
  const Release& r = s.releases.catalog[1];
  EXPECT_EQ(r.name, "2409");
  EXPECT_EQ(r.kind, ReleaseKind::version);
  EXPECT_EQ(r.available_unix_s, kDefaultStart + 14 * 86400);
  EXPECT_EQ(r.min_version, "2303");
  EXPECT_EQ(r.payload_bytes, 1000000000u);
  EXPECT_EQ(r.redists_bytes, 250000000u);
  const auto offered = applicable_updates(s.releases.catalog, "2403", kDefaultStart + 15 * 86400);
  ASSERT_EQ(offered.size(), 2u);
}

TEST(LoaderReleases, AddExtendsTheBuiltinCatalog) {
  Json j = minimal();
  j["releases"] = Json::parse(R"({"catalog": "builtin",
      "add": [{"version": "2609", "available": "30d", "min_version": "2503"}]})");
  const Scenario s = load_ok(j);
  EXPECT_EQ(s.releases.catalog.size(), builtin_catalog(Ring::early).size() + 1);
  const auto it = std::find_if(s.releases.catalog.begin(), s.releases.catalog.end(),
                               [](const Release& r) { return r.name == "2609"; });
  ASSERT_NE(it, s.releases.catalog.end());
  EXPECT_EQ(it->available_unix_s, kDefaultStart + 30 * 86400);
  EXPECT_EQ(it->min_version, "2503");
  EXPECT_TRUE(
      std::is_sorted(s.releases.catalog.begin(), s.releases.catalog.end(),
                     [](const Release& a, const Release& b) { return a.available_unix_s < b.available_unix_s; }));
  // The builtin rows are still there.
  EXPECT_NE(std::find_if(s.releases.catalog.begin(), s.releases.catalog.end(),
                         [](const Release& r) { return r.name == "2409"; }),
            s.releases.catalog.end());
}

TEST(LoaderReleases, GaRingChangesAvailability) {
  Json j = minimal();
  j["releases"] = {{"catalog", "builtin"}, {"ring", "ga"}};
  const Scenario s = load_ok(j);
  EXPECT_EQ(s.releases.ring, Ring::ga);
  const auto it = std::find_if(s.releases.catalog.begin(), s.releases.catalog.end(),
                               [](const Release& r) { return r.name == "2409"; });
  ASSERT_NE(it, s.releases.catalog.end());
  EXPECT_EQ(it->available_unix_s, 1734307200);  // 2024-12-16, GA, not the 2024-12-04 early ring
}

// ---------------------------------------------------------------- events

TEST(LoaderEvents, SortedByTimeStableAndAbsoluteOrOffset) {
  Json j = minimal();
  j["scp"] = {{"site", "CAS"}};
  j["events"] = Json::parse(R"([
      {"at": "20d", "do": "set_scp_mode", "mode": "offline"},
      {"at": "2026-01-06T12:00:00Z", "do": "check_for_updates", "note": "absolute"},
      {"at": "1d12h", "do": "restart_component", "site": "CAS", "component": "SMS_DMP_DOWNLOADER"},
      {"at": "0s", "do": "sct_prepare"}])");
  const Scenario s = load_ok(j);
  ASSERT_EQ(s.events.size(), 4u);
  EXPECT_EQ(s.events[0].verb, EventVerb::sct_prepare);
  EXPECT_DOUBLE_EQ(s.events[0].at_s, 0);
  // Same instant written two ways: both 36h, and the list order is kept between them.
  EXPECT_EQ(s.events[1].verb, EventVerb::check_for_updates);
  EXPECT_DOUBLE_EQ(s.events[1].at_s, 36 * kHour);
  EXPECT_EQ(s.events[1].pointer, "/events/1");
  EXPECT_EQ(s.events[2].verb, EventVerb::restart_component);
  EXPECT_DOUBLE_EQ(s.events[2].at_s, 36 * kHour);
  EXPECT_EQ(s.events[2].site, "CAS");
  EXPECT_EQ(s.events[2].component, "SMS_DMP_DOWNLOADER");
  EXPECT_EQ(s.events[3].verb, EventVerb::set_scp_mode);
  EXPECT_DOUBLE_EQ(s.events[3].at_s, 20 * kDay);
  ASSERT_TRUE(s.events[3].mode.has_value());
  EXPECT_EQ(*s.events[3].mode, ScpMode::offline);
}

TEST(LoaderEvents, LinkAndInternetFaultFields) {
  Json j = minimal();
  j["events"] = Json::parse(R"([
      {"at": "30d", "do": "link_down", "link": "CAS-P01", "for": "6h"},
      {"at": "31d", "do": "link_degrade", "link": "P01-S01", "bandwidth": "2Mbps", "for": "2d"},
      {"at": "32d", "do": "link_up", "link": "CAS-P01"},
      {"at": "40d", "do": "internet_fault", "kind": "proxy_status", "status": 407, "for": "3d"},
      {"at": "41d", "do": "internet_fault", "kind": "blocked", "endpoint": "go.microsoft.com"},
      {"at": "42d", "do": "site_down", "site": "P02", "for": "1h"},
      {"at": "43d", "do": "set_root_cert", "cert": "baltimore", "state": "expired"},
      {"at": "44d", "do": "set_proxy", "proxy": {"auth": "account", "account_valid": false}},
      {"at": "45d", "do": "sct_connect", "download": "hotfixes"},
      {"at": "46d", "do": "upgrade_secondary", "site": "S01"},
      {"at": "47d", "do": "restart_service", "site": "CAS", "service": "SMS_EXECUTIVE"}])");
  const Scenario s = load_ok(j);
  ASSERT_EQ(s.events.size(), 11u);
  EXPECT_EQ(s.events[0].verb, EventVerb::link_down);
  EXPECT_EQ(s.events[0].link, "CAS-P01");
  EXPECT_EQ(s.events[0].for_s, 6 * kHour);
  EXPECT_EQ(s.events[1].verb, EventVerb::link_degrade);
  EXPECT_EQ(s.events[1].link, "P01-S01");
  EXPECT_EQ(s.events[1].bandwidth_Bps, 250000.0);
  EXPECT_EQ(s.events[1].for_s, 2 * kDay);
  EXPECT_EQ(s.events[2].verb, EventVerb::link_up);
  EXPECT_FALSE(s.events[2].for_s.has_value());
  EXPECT_EQ(s.events[3].fault_kind, InternetFaultKind::proxy_status);
  EXPECT_EQ(s.events[3].status, 407);
  EXPECT_EQ(s.events[3].for_s, 3 * kDay);
  EXPECT_EQ(s.events[4].fault_kind, InternetFaultKind::blocked);
  EXPECT_EQ(s.events[4].endpoint, "go.microsoft.com");
  EXPECT_FALSE(s.events[4].for_s.has_value());
  EXPECT_EQ(s.events[5].site, "P02");
  EXPECT_EQ(s.events[5].for_s, 1 * kHour);
  EXPECT_EQ(s.events[6].cert, "baltimore");
  EXPECT_EQ(s.events[6].cert_state, CertState::expired);
  ASSERT_TRUE(s.events[7].proxy.has_value());
  EXPECT_TRUE(s.events[7].proxy->enabled);
  EXPECT_EQ(s.events[7].proxy->auth, "account");
  EXPECT_FALSE(s.events[7].proxy->account_valid);
  EXPECT_EQ(s.events[8].download, SctDownload::hotfixes);
  EXPECT_EQ(s.events[9].verb, EventVerb::upgrade_secondary);
  EXPECT_EQ(s.events[9].site, "S01");
  EXPECT_EQ(s.events[10].component, "SMS_EXECUTIVE");
}

TEST(LoaderEvents, InternetAsALinkName) {
  Json j = minimal();
  j["events"] = Json::parse(R"([{"at": "3d", "do": "link_down", "link": "internet", "for": "1h"}])");
  const Scenario s = load_ok(j);
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].link, "internet");
}

TEST(LoaderEvents, AddSiteMakesALaterEventsSiteValid) {
  Json j = minimal();
  j["events"] = Json::parse(R"([
      {"at": "10d", "do": "add_site", "site": {"code": "S09", "type": "secondary", "parent": "P02"},
       "link": {"bandwidth": "8Mbps"}},
      {"at": "20d", "do": "site_down", "site": "S09", "for": "2h"},
      {"at": "21d", "do": "upgrade_secondary", "site": "S09"}])");
  j["expect"] = Json::parse(R"([{"id": "s09", "kind": "site_version", "site": "S09", "version": "2409"}])");
  const Scenario s = load_ok(j);
  ASSERT_EQ(s.events.size(), 3u);
  const Event& add = s.events[0];
  EXPECT_EQ(add.verb, EventVerb::add_site);
  ASSERT_TRUE(add.new_site.has_value());
  EXPECT_EQ(add.new_site->code, "S09");
  EXPECT_EQ(add.new_site->type, SiteType::secondary);
  EXPECT_EQ(add.new_site->parent, "P02");
  ASSERT_TRUE(add.new_link.has_value());
  EXPECT_EQ(add.new_link->name(), "P02-S09");
  EXPECT_DOUBLE_EQ(add.new_link->bandwidth_Bps, 1e6);
  EXPECT_EQ(add.new_link->sender.max_concurrent, 5);
  EXPECT_EQ(s.events[1].site, "S09");
  // The initial hierarchy is untouched: the site arrives only with the event.
  EXPECT_EQ(s.find_site("S09"), nullptr);
}

TEST(LoaderEvents, SiteAddedLaterInTimeIsUnknownBeforeThat) {
  // The list order must not matter; simulated time does.
  Json j = minimal();
  j["events"] = Json::parse(R"([
      {"at": "10d", "do": "add_site", "site": {"code": "S09", "type": "secondary", "parent": "P02"}},
      {"at": "5d", "do": "site_down", "site": "S09", "for": "2h"}])");
  EXPECT_TRUE(RejectedAt(load(j), "/events/1/site", "added earlier"));

  Json later = minimal();
  later["events"] = Json::parse(R"([
      {"at": "20d", "do": "site_down", "site": "S09", "for": "2h"},
      {"at": "10d", "do": "add_site", "site": {"code": "S09", "type": "secondary", "parent": "P02"}}])");
  const Scenario s = load_ok(later);
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[0].verb, EventVerb::add_site);
  EXPECT_EQ(s.events[1].site, "S09");
}

TEST(LoaderEvents, ProblemsStayInListOrderWhateverTheTimes) {
  Json j = minimal();
  j["events"] = Json::parse(R"([
      {"at": "20d", "do": "site_down", "site": "X01", "for": "1h"},
      {"at": "2d", "do": "link_down", "link": "CAS-P09"}])");
  const LoadResult r = load(j);
  ASSERT_EQ(r.problems.size(), 2u) << dump(r);
  EXPECT_EQ(r.problems.list()[0].pointer, "/events/0/site");
  EXPECT_EQ(r.problems.list()[1].pointer, "/events/1/link");
}

TEST(LoaderEvents, ExpandToCas) {
  Json j = standalone();
  j["scp"] = {{"site", "PRI"}};
  j["events"] = Json::parse(R"([
      {"at": "5d", "do": "uninstall_scp"},
      {"at": "6d", "do": "expand_to_cas", "code": "CAS", "bandwidth": "1Gbps", "latency": "5ms"},
      {"at": "7d", "do": "install_scp", "site": "CAS"},
      {"at": "8d", "do": "restart_component", "site": "CAS", "component": "SMS_HIERARCHY_MANAGER"}])");
  const Scenario s = load_ok(j);
  ASSERT_EQ(s.events.size(), 4u);
  const Event& expand = s.events[1];
  EXPECT_EQ(expand.verb, EventVerb::expand_to_cas);
  EXPECT_EQ(expand.code, "CAS");
  ASSERT_TRUE(expand.new_link.has_value());
  EXPECT_DOUBLE_EQ(expand.new_link->bandwidth_Bps, 125e6);
  EXPECT_DOUBLE_EQ(expand.new_link->latency_s, 0.005);
  EXPECT_EQ(s.events[2].verb, EventVerb::install_scp);
  EXPECT_EQ(s.events[2].site, "CAS");
}

TEST(LoaderFaults, RandomFaults) {
  Json j = minimal();
  j["faults"] = Json::parse(R"({"random": [
      {"target": "links", "mtbf": "30d", "mttr": "4h"},
      {"target": "link", "link": "P01-S01", "mtbf": "10d", "mttr": "30m", "distribution": "fixed"},
      {"target": "site_servers", "mtbf": "90d", "mttr": "1h"},
      {"target": "internet", "mtbf": "7d", "mttr": "15m"}]})");
  const Scenario s = load_ok(j);
  ASSERT_EQ(s.random_faults.size(), 4u);
  EXPECT_EQ(s.random_faults[0].target, RandomFaultTarget::links);
  EXPECT_DOUBLE_EQ(s.random_faults[0].mtbf_s, 30 * kDay);
  EXPECT_DOUBLE_EQ(s.random_faults[0].mttr_s, 4 * kHour);
  EXPECT_EQ(s.random_faults[0].distribution, Distribution::exponential);
  EXPECT_EQ(s.random_faults[1].target, RandomFaultTarget::link);
  EXPECT_EQ(s.random_faults[1].link, "P01-S01");
  EXPECT_EQ(s.random_faults[1].distribution, Distribution::fixed);
  EXPECT_EQ(s.random_faults[2].target, RandomFaultTarget::site_servers);
  EXPECT_EQ(s.random_faults[3].target, RandomFaultTarget::internet);
  EXPECT_DOUBLE_EQ(s.random_faults[3].mttr_s, 15 * 60.0);
}

// ---------------------------------------------------------------- expectations

TEST(LoaderExpect, EveryKind) {
  Json j = minimal();
  j["expect"] = Json::parse(R"([
      {"id": "all", "kind": "site_version", "site": "*", "version": "2409", "by": "50d"},
      {"id": "state", "kind": "update_state", "version": "2409", "state": "Ready to install", "by": "2026-01-20T00:00:00Z"},
      {"id": "prop", "kind": "propagation", "version": "2409", "scope": "primaries", "max": "3d"},
      {"id": "msg", "kind": "status_message", "message_id": 11488, "site": "CAS", "min": 1},
      {"id": "msg-max", "kind": "status_message", "message_id": 4620, "max": 0},
      {"id": "comp", "kind": "component_status", "component": "SMS_SERVICE_CONNECTOR", "status": "critical", "at": "10d"},
      {"id": "mode", "kind": "effective_mode", "mode": "offline", "at": "21d"},
      {"id": "link", "kind": "link_state", "link": "CAS-P01", "state": "degraded", "at": "30d"},
      {"id": "sev", "kind": "no_status_severity", "severity": "error", "note": "clean run"}])");
  const Scenario s = load_ok(j);
  ASSERT_EQ(s.expectations.size(), 9u);
  const auto& x = s.expectations;
  EXPECT_EQ(x[0].kind, ExpectationKind::site_version);
  EXPECT_EQ(x[0].site, "*");
  EXPECT_EQ(x[0].version, "2409");
  EXPECT_EQ(x[0].by_s, 50 * kDay);
  EXPECT_EQ(x[1].kind, ExpectationKind::update_state);
  EXPECT_EQ(x[1].console_state, UpdateState::ready_to_install);
  EXPECT_EQ(x[1].by_s, 15 * kDay) << "absolute timestamp, 15 days after start";
  EXPECT_EQ(x[2].kind, ExpectationKind::propagation);
  EXPECT_EQ(x[2].scope, "primaries");
  EXPECT_EQ(x[2].max_s, 3 * kDay);
  EXPECT_EQ(x[3].kind, ExpectationKind::status_message);
  EXPECT_EQ(x[3].message_id, 11488);
  EXPECT_EQ(x[3].site, "CAS");
  EXPECT_EQ(x[3].min_count, 1);
  EXPECT_FALSE(x[3].max_count.has_value());
  EXPECT_EQ(x[4].max_count, 0);
  EXPECT_FALSE(x[4].min_count.has_value());
  EXPECT_EQ(x[5].kind, ExpectationKind::component_status);
  EXPECT_EQ(x[5].component, "SMS_SERVICE_CONNECTOR");
  EXPECT_EQ(x[5].status, ComponentStatus::critical);
  EXPECT_EQ(x[5].at_s, 10 * kDay);
  EXPECT_EQ(x[6].kind, ExpectationKind::effective_mode);
  EXPECT_EQ(x[6].mode, ScpMode::offline);
  EXPECT_EQ(x[6].at_s, 21 * kDay);
  EXPECT_EQ(x[7].kind, ExpectationKind::link_state);
  EXPECT_EQ(x[7].link, "CAS-P01");
  EXPECT_EQ(x[7].link_state, ReplicationLinkState::degraded);
  EXPECT_EQ(x[8].kind, ExpectationKind::no_status_severity);
  EXPECT_EQ(x[8].severity, Severity::error);
  EXPECT_EQ(x[8].id, "sev");
}

// ---------------------------------------------------------------- --set overrides

TEST(LoaderOverrides, InternetBandwidth) {
  const Scenario s = load_ok(minimal(), {"internet.bandwidth=50Mbps"});
  EXPECT_DOUBLE_EQ(s.internet.bandwidth_Bps, 50e6 / 8);
}

TEST(LoaderOverrides, LinkByNameCreatesTheEntry) {
  // The scenario has no `links` at all.
  const Scenario s = load_ok(minimal(), {"links.CAS-P01.bandwidth=10Mbps"});
  EXPECT_DOUBLE_EQ(link(s, "CAS-P01").bandwidth_Bps, 10e6 / 8);
  EXPECT_DOUBLE_EQ(link(s, "CAS-P02").bandwidth_Bps, 12.5e6);
}

TEST(LoaderOverrides, LinkByNameChangesAnExistingEntryWrittenChildFirst) {
  Json j = minimal();
  j["links"] = Json::parse(R"([{"between": ["S01", "P01"], "bandwidth": "4Mbps", "latency": "120ms"}])");
  const Scenario s = load_ok(j, {"links.P01-S01.bandwidth=2Mbps"});
  const Link& l = link(s, "P01-S01");
  EXPECT_DOUBLE_EQ(l.bandwidth_Bps, 2e6 / 8);
  EXPECT_DOUBLE_EQ(l.latency_s, 0.120) << "the rest of the entry is kept";
  EXPECT_EQ(s.links.size(), 3u);
}

TEST(LoaderOverrides, SiteParent) {
  const Scenario s = load_ok(minimal(), {"sites.S01.parent=P02"});
  EXPECT_EQ(s.find_site("S01")->parent, "P02");
  EXPECT_NE(s.find_link("P02-S01"), nullptr);
  EXPECT_EQ(s.find_link("P01-S01"), nullptr);
}

TEST(LoaderOverrides, ScpModeAndExpectationById) {
  Json j = minimal();
  j["scp"] = {{"site", "CAS"}};
  j["expect"] =
      Json::parse(R"([{"id": "all-on-2409", "kind": "site_version", "site": "*", "version": "2409", "by": "50d"}])");
  const Scenario s = load_ok(j, {"scp.mode=offline", "expect.all-on-2409.by=20d"});
  EXPECT_EQ(s.scp->mode, ScpMode::offline);
  EXPECT_EQ(s.expectations[0].by_s, 20 * kDay);
}

TEST(LoaderOverrides, JsonValuesAreTyped) {
  const Scenario s = load_ok(minimal(), {"seed=42", "link_defaults.sender.max_concurrent=8", "internet.tls12=false",
                                         "scp={\"site\":\"CAS\",\"mode\":\"offline\"}"});
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(link(s, "CAS-P01").sender.max_concurrent, 8);
  EXPECT_FALSE(s.internet.tls12);
  ASSERT_TRUE(s.scp.has_value());
  EXPECT_EQ(s.scp->mode, ScpMode::offline);
}

TEST(LoaderOverrides, VersionStaysAString) {
  // `--set version=2409` and `--vary version=2403,2409` must mean the version, not the integer 2409.
  const Scenario s = load_ok(minimal(), {"version=2409"});
  EXPECT_EQ(s.version, "2409");
  Json j = minimal();
  j["expect"] = Json::parse(R"([{"id": "v", "kind": "site_version", "site": "*", "version": "2409"}])");
  const Scenario t = load_ok(j, {"expect.v.version=2503"});
  ASSERT_EQ(t.expectations.size(), 1u);
  EXPECT_EQ(t.expectations[0].version, "2503");
}

TEST(LoaderOverrides, AppliedInOrder) {
  const Scenario s = load_ok(minimal(), {"internet.bandwidth=50Mbps", "internet.bandwidth=80Mbps"});
  EXPECT_DOUBLE_EQ(s.internet.bandwidth_Bps, 10e6);
}

TEST(LoaderOverrides, MalformedOverridesAreProblems) {
  EXPECT_TRUE(RejectedAt(load(minimal(), {"internet.bandwidth"}), "", "a dotted key, '=', and a value"));
  EXPECT_TRUE(RejectedAt(load(minimal(), {"=5"}), "", "a dotted key"));
  EXPECT_TRUE(RejectedAt(load(minimal(), {"internet..bandwidth=5Mbps"}), "/internet", "a dotted key"));
  EXPECT_TRUE(RejectedAt(load(minimal(), {"sites.X99.parent=CAS"}), "/sites/X99", "a site code"));
  EXPECT_TRUE(RejectedAt(load(minimal(), {"name.first=x"}), "/name", "a path through objects"));
  // A well-formed override with a bad value is reported where the value lands.
  EXPECT_TRUE(RejectedAt(load(minimal(), {"internet.bandwidth=fast"}), "/internet/bandwidth", "100Mbps"));
  EXPECT_TRUE(RejectedAt(load(minimal(), {"scp.mode=sometimes"}), "/scp/mode", "online"));
  // Arrays are addressed by element, never turned into objects; absurd indexes are no element.
  EXPECT_TRUE(RejectedAt(load(minimal(), {"events.0.at=1d"}), "/events/0", "an index"));
  EXPECT_TRUE(RejectedAt(load(minimal(), {"expect.nope.by=1d"}), "/expect/nope", "an expectation id"));
  EXPECT_TRUE(RejectedAt(load(minimal(), {"sites.99999999999999999999.parent=CAS"}), "/sites/99999999999999999999",
                         "an index"));
}

TEST(LoaderOverrides, EventByIndex) {
  Json j = minimal();
  j["events"] = Json::parse(R"([{"at": "5d", "do": "link_down", "link": "CAS-P01", "for": "1h"}])");
  const Scenario s = load_ok(j, {"events.0.at=7d", "events.0.link=CAS-P02"});
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_DOUBLE_EQ(s.events[0].at_s, 7 * kDay);
  EXPECT_EQ(s.events[0].link, "CAS-P02");
}

// ---------------------------------------------------------------- rejected (not in the e2e list)

struct BadCase {
  const char* name;
  void (*mutate)(Json&);
  const char* pointer;
  const char* expected_part;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class LoaderRejects : public ::testing::TestWithParam<BadCase> {};

TEST_P(LoaderRejects, AtThePointerWithWhatWasExpected) {
  Json j = minimal();
  j["scp"] = {{"site", "CAS"}};
  j["links"] = Json::parse(R"([{"between": ["P01", "S01"], "bandwidth": "4Mbps"}])");
  j["expect"] = Json::parse(R"([{"id": "x", "kind": "site_version", "site": "*", "version": "2409"}])");
  ASSERT_TRUE(load(j).problems.empty()) << dump(load(j));
  GetParam().mutate(j);
  EXPECT_TRUE(RejectedAt(load(j), GetParam().pointer, GetParam().expected_part));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LoaderRejects,
    ::testing::Values(
        BadCase{"HourlyPercentAbove100",
                [](Json& j) {
                  Json percent = Json::array();
                  for (int h = 0; h < 24; ++h) percent.push_back(h == 5 ? 101 : 50);
                  j["links"][0]["rate_limit"] = {{"mode", "hourly"}, {"percent", percent}};
                },
                "/links/0/rate_limit/percent/5", "from 0 to 100"},
        BadCase{"HourlyWithoutPercent",
                [](Json& j) {
                  j["links"][0]["rate_limit"] = {{"mode", "hourly"}};
                },
                "/links/0/rate_limit/percent", "the key 'percent'"},
        BadCase{"PulseDelayTooLong",
                [](Json& j) {
                  j["links"][0]["rate_limit"] = {{"mode", "pulse"}, {"delay", "31s"}};
                },
                "/links/0/rate_limit/delay", "1s to 30s"},
        BadCase{"FailedNotAboveDegraded",
                [](Json& j) {
                  j["links"][0]["degraded_after"] = 12;
                  j["links"][0]["failed_after"] = 12;
                },
                "/links/0/failed_after", "failed_after > degraded_after"},
        BadCase{
            "UpdateStateReachedNotABoolean",
            [](Json& j) {
              j["expect"] = Json::parse(
                  R"([{"id": "r", "kind": "update_state", "version": "2409", "state": "Installed", "reached": 1}])");
            },
            "/expect/0/reached", "true or false"},
        BadCase{"UpdateStateUnknownSite",
                [](Json& j) {
                  j["expect"] = Json::parse(
                      R"([{"id": "r", "kind": "update_state", "version": "2409", "state": "Installed", "site": "Q"}])");
                },
                "/expect/0/site", "a site code or *"},
        BadCase{"ScheduleEndsBeforeItStarts",
                [](Json& j) {
                  j["links"][0]["schedule"] = Json::parse(R"([{"from": "18:00", "to": "08:00", "priority": "high"}])");
                },
                "/links/0/schedule/0/to", "'to' later than 'from'"},
        BadCase{"ScheduleEmptySlot",
                [](Json& j) {
                  j["links"][0]["schedule"] = Json::parse(R"([{"from": "08:00", "to": "08:00", "priority": "high"}])");
                },
                "/links/0/schedule/0/to", "'to' later than 'from'"},
        BadCase{"DuplicateLinksEntry",
                [](Json& j) {
                  j["links"].push_back({{"between", {"S01", "P01"}}, {"latency", "5ms"}});
                },
                "/links/1/between", "one entry per link"},
        BadCase{"ReleaseAlreadyInCatalog",
                [](Json& j) {
                  j["releases"] = {{"catalog", "builtin"}, {"add", {{{"version", "2409"}, {"available", "1d"}}}}};
                },
                "/releases/add/0/version", "each version or hotfix once"},
        BadCase{"ReleaseTwiceInAList",
                [](Json& j) {
                  j["releases"] = Json::parse(
                      R"([{"version": "2409", "available": "1d"}, {"version": "2409", "available": "2d"}])");
                },
                "/releases/1/version", "each version or hotfix once"},
        BadCase{"ReleaseWithoutAvailability", [](Json& j) { j["releases"] = Json::parse(R"([{"version": "2409"}])"); },
                "/releases/0/available", "the key 'available'"},
        BadCase{"UnknownRing",
                [](Json& j) {
                  j["releases"] = {{"catalog", "builtin"}, {"ring", "slow"}};
                },
                "/releases/ring", "early ga"},
        BadCase{
            "AddSiteWithExistingCode",
            [](Json& j) {
              j["events"] = Json::parse(
                  R"([{"at": "1d", "do": "add_site", "site": {"code": "P02", "type": "secondary", "parent": "P01"}}])");
            },
            "/events/0/site/code", "a new site code"},
        BadCase{"AddSiteTwice",
                [](Json& j) {
                  j["events"] = Json::parse(R"([
                      {"at": "1d", "do": "add_site", "site": {"code": "S05", "type": "secondary", "parent": "P01"}},
                      {"at": "2d", "do": "add_site", "site": {"code": "S05", "type": "secondary", "parent": "P02"}}])");
                },
                "/events/1/site/code", "a new site code"},
        BadCase{
            "AddSiteUnknownParent",
            [](Json& j) {
              j["events"] = Json::parse(
                  R"([{"at": "1d", "do": "add_site", "site": {"code": "S05", "type": "secondary", "parent": "P07"}}])");
            },
            "/events/0/site/parent", "an existing site"},
        BadCase{"ExpandToCasWithExistingCode",
                [](Json& j) { j["events"] = Json::parse(R"([{"at": "1d", "do": "expand_to_cas", "code": "P01"}])"); },
                "/events/0/code", "a new site code"},
        BadCase{"StatusMessageWithNeitherMinNorMax",
                [](Json& j) {
                  j["expect"].push_back({{"id", "m"}, {"kind", "status_message"}, {"message_id", 11488}});
                },
                "/expect/1", "min, max or both"},
        BadCase{"StatusMessageMinAboveMax",
                [](Json& j) {
                  j["expect"].push_back(
                      {{"id", "m"}, {"kind", "status_message"}, {"message_id", 11488}, {"min", 3}, {"max", 1}});
                },
                "/expect/1/min", "min <= max"},
        BadCase{"LinkStateUnknownLink",
                [](Json& j) {
                  j["expect"].push_back(
                      {{"id", "l"}, {"kind", "link_state"}, {"link", "P02-S01"}, {"state", "failed"}, {"at", "1d"}});
                },
                "/expect/1/link", "PARENT-CHILD"},
        BadCase{"ExpectationUnknownSite", [](Json& j) { j["expect"][0]["site"] = "S77"; }, "/expect/0/site",
                "a site code or *"},
        BadCase{"ExpectationAfterHorizon", [](Json& j) { j["expect"][0]["by"] = "61d"; }, "/expect/0/by",
                "a time between start and start + duration"},
        BadCase{"PropagationWithoutMax",
                [](Json& j) {
                  j["expect"].push_back({{"id", "p"}, {"kind", "propagation"}, {"version", "2409"}, {"scope", "all"}});
                },
                "/expect/1/max", "the key 'max'"},
        BadCase{"RemoteAccessWithServerSite", [](Json& j) { j["scp"]["remote_access"] = "installation_account"; },
                "/scp/server", "server: remote"},
        BadCase{"LanWithServerSite",
                [](Json& j) {
                  j["scp"]["lan"] = {{"bandwidth", "1Gbps"}};
                },
                "/scp/server", "server: remote"},
        BadCase{"ScpOnUnknownSite", [](Json& j) { j["scp"]["site"] = "ZZZ"; }, "/scp/site", "the top-tier site"},
        BadCase{"ZeroCheckInterval", [](Json& j) { j["scp"]["check_interval"] = "0s"; }, "/scp/check_interval",
                "a positive duration"},
        BadCase{"UnknownKeyInsideProxy",
                [](Json& j) {
                  j["internet"] = {{"proxy", {{"enabled", true}, {"port", 8080}}}};
                },
                "/internet/proxy/port", "enabled auth account_valid"},
        BadCase{"BlockedEndpointNotAString",
                [](Json& j) {
                  j["internet"] = {{"blocked", {"ok.example", 7}}};
                },
                "/internet/blocked/1", "a non-empty string"},
        BadCase{
            "RandomFaultUnknownLink",
            [](Json& j) {
              j["faults"] = {{"random", {{{"target", "link"}, {"link", "CAS-S01"}, {"mtbf", "1d"}, {"mttr", "1h"}}}}};
            },
            "/faults/random/0/link", "PARENT-CHILD"},
        BadCase{
            "LinkDegradeWithoutBandwidth",
            [](Json& j) { j["events"] = Json::parse(R"([{"at": "1d", "do": "link_degrade", "link": "CAS-P01"}])"); },
            "/events/0/bandwidth", "the key 'bandwidth'"},
        BadCase{"ProxyStatusOutOfRange",
                [](Json& j) {
                  j["events"] =
                      Json::parse(R"([{"at": "1d", "do": "internet_fault", "kind": "proxy_status", "status": 99}])");
                },
                "/events/0/status", "an integer from 100 to 599"},
        BadCase{"ComponentNameLowercase",
                [](Json& j) {
                  j["events"] = Json::parse(
                      R"([{"at": "1d", "do": "restart_component", "site": "CAS", "component": "sms_executive"}])");
                },
                "/events/0/component", "SMS_DMP_DOWNLOADER"},
        BadCase{"SenderRetriesNegative",
                [](Json& j) {
                  j["link_defaults"] = {{"sender", {{"retries", -1}}}};
                },
                "/link_defaults/sender/retries", "an integer from 0 to 99"},
        BadCase{"LogFileSmallerThanProductMinimum",
                [](Json& j) {
                  j["logs"] = {{"max_file_size", "5KB"}};
                },
                "/logs/max_file_size", "at least 10000 bytes"},
        BadCase{"BackupUnknownSite",
                [](Json& j) {
                  j["maintenance"] = {{"backup", {{"site", "ZZZ"}}}};
                },
                "/maintenance/backup/site", "a CAS or primary site"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return info.param.name; });

TEST(LoaderRejectsAll, EveryProblemIsCollectedAndNoScenarioIsReturned) {
  Json j = minimal();
  j["links"] = Json::parse(R"([{"between": ["P01", "S01"], "failed_after": 3, "degraded_after": 5}])");
  j["internet"] = {{"proxy", {{"port", 8080}}}};
  j["expect"] = Json::parse(R"([{"id": "m", "kind": "status_message", "message_id": 1}])");
  const LoadResult r = load(j);
  EXPECT_FALSE(r.scenario.has_value());
  EXPECT_EQ(r.file, "t.json");
  EXPECT_TRUE(RejectedAt(r, "/links/0/failed_after", "failed_after > degraded_after"));
  EXPECT_TRUE(RejectedAt(r, "/internet/proxy/port", "enabled"));
  EXPECT_TRUE(RejectedAt(r, "/expect/0", "min, max or both"));
}

TEST(LoaderFile, ShippedExamplesLoad) {
  const std::filesystem::path dir = std::filesystem::path(CMSIM_SOURCE_DIR) / "scenarios" / "examples";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++count;
    const LoadResult r = load_scenario_file(entry.path().string());
    EXPECT_TRUE(r.problems.empty()) << dump(r);
    EXPECT_TRUE(r.scenario.has_value()) << entry.path();
  }
  EXPECT_GT(count, 0);
}

}  // namespace
}  // namespace cmsim
