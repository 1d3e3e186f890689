// Platform layout, routes, build hooks and the bare simulate() loop. Every engine lives in a
// forked child (fork_runner.hpp); the parent only parses what the child printed.
#include <gtest/gtest.h>
#include <simgrid/kernel/ProfileBuilder.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/hierarchy.hpp"
#include "models/scenario.hpp"
#include "sim/platform.hpp"
#include "sim/simgrid_engine.hpp"
#include "sim/simulation.hpp"
#include "tests/sim/fork_runner.hpp"

namespace cmsim {
namespace {

using cmsim::test::run_in_child;
using HostPair = std::pair<std::string, std::string>;

// Latencies are sums of powers of two so that any summation order gives the exact value.
constexpr double kInternetLatency_s = 0.0625;
constexpr double kProxyLatency_s = 0.001953125;
constexpr double kLanLatency_s = 0.0009765625;

Site make_site(const std::string& code, SiteType type, const std::string& parent = "") {
  Site site;
  site.code = code;
  site.type = type;
  site.parent = parent;
  return site;
}

Link make_link(const std::string& parent, const std::string& child, double latency_s) {
  Link link;
  link.parent = parent;
  link.child = child;
  link.bandwidth_Bps = 10e6;
  link.latency_s = latency_s;
  return link;
}

Scenario base_scenario(const std::string& name) {
  Scenario scenario;
  scenario.name = name;
  scenario.seed = 7;
  scenario.start_unix_s = 1767571200;  // 2026-01-05T00:00:00Z
  scenario.duration_s = 86400;
  scenario.version = "2403";
  scenario.engine.network_model = "CM02";
  scenario.engine.crosstraffic = false;
  scenario.internet.latency_s = kInternetLatency_s;
  scenario.internet.proxy.latency_s = kProxyLatency_s;
  return scenario;
}

// CAS with P01 (S01) and P02 (S02).
Scenario cas_scenario(bool proxy) {
  Scenario scenario = base_scenario("cas-tree");
  scenario.sites = {make_site("CAS", SiteType::cas), make_site("P01", SiteType::primary, "CAS"),
                    make_site("P02", SiteType::primary, "CAS"), make_site("S01", SiteType::secondary, "P01"),
                    make_site("S02", SiteType::secondary, "P02")};
  scenario.links = {make_link("CAS", "P01", 0.015625), make_link("CAS", "P02", 0.03125), make_link("P01", "S01", 0.125),
                    make_link("P02", "S02", 0.25)};
  scenario.internet.proxy.enabled = proxy;
  return scenario;
}

// Stand-alone primary PS1 with secondaries SA1 and SA2.
Scenario standalone_scenario() {
  Scenario scenario = base_scenario("standalone");
  scenario.sites = {make_site("PS1", SiteType::primary), make_site("SA1", SiteType::secondary, "PS1"),
                    make_site("SA2", SiteType::secondary, "PS1")};
  scenario.links = {make_link("PS1", "SA1", 0.125), make_link("PS1", "SA2", 0.25)};
  return scenario;
}

Scenario with_scp(Scenario scenario, const std::string& site, ScpServer server) {
  Scp scp;
  scp.site = site;
  scp.server = server;
  scp.lan_latency_s = kLanLatency_s;
  scenario.scp = scp;
  return scenario;
}

Hierarchy valid_hierarchy(const Scenario& scenario) {
  Problems problems;
  Hierarchy hierarchy = Hierarchy::build(scenario.sites, problems);
  if (!problems.empty()) throw std::logic_error("test scenario invalid: " + problems.list().front().message);
  return hierarchy;
}

// One line per pair: "FROM TO latency link link ...".
std::string serialize_routes(const Platform& platform, const std::vector<HostPair>& pairs) {
  std::ostringstream out;
  for (const auto& [from, to] : pairs) {
    Route route = platform.route(from, to);
    char latency[64];
    std::snprintf(latency, sizeof latency, "%.17g", route.latency_s);
    out << from << ' ' << to << ' ' << latency;
    for (const std::string& name : route.link_names) out << ' ' << name;
    out << '\n';
  }
  return out.str();
}

std::map<HostPair, Route> parse_routes(const std::string& text) {
  std::map<HostPair, Route> routes;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    HostPair pair;
    Route route;
    fields >> pair.first >> pair.second >> route.latency_s;
    for (std::string name; fields >> name;) route.link_names.push_back(name);
    routes[pair] = route;
  }
  return routes;
}

std::map<HostPair, Route> routes_in_child(const Scenario& scenario, const std::vector<HostPair>& pairs) {
  return parse_routes(run_in_child([&] {
    SimEngine engine(scenario.engine, false);
    const Platform platform = build_platform(scenario, valid_hierarchy(scenario));
    return serialize_routes(platform, pairs);
  }));
}

void expect_route(const std::map<HostPair, Route>& routes, const HostPair& pair, const std::vector<std::string>& links,
                  double latency_s) {
  auto it = routes.find(pair);
  ASSERT_NE(it, routes.end()) << pair.first << " -> " << pair.second;
  EXPECT_EQ(it->second.link_names, links) << pair.first << " -> " << pair.second;
  EXPECT_DOUBLE_EQ(it->second.latency_s, latency_s) << pair.first << " -> " << pair.second;
}

TEST(PlatformRoutes, CasHierarchyWithoutProxy) {
  auto routes = routes_in_child(
      cas_scenario(false),
      {{"CAS", "S01"}, {"CAS", "P02"}, {"P01", "S01"}, {"CAS", "cloud"}, {"P01", "P02"}, {"S01", "S02"}});
  expect_route(routes, {"CAS", "S01"}, {"CAS-P01", "P01-S01"}, 0.015625 + 0.125);
  expect_route(routes, {"CAS", "P02"}, {"CAS-P02"}, 0.03125);
  expect_route(routes, {"P01", "S01"}, {"P01-S01"}, 0.125);
  expect_route(routes, {"CAS", "cloud"}, {"internet"}, kInternetLatency_s);
  expect_route(routes, {"P01", "P02"}, {"CAS-P01", "CAS-P02"}, 0.015625 + 0.03125);
  expect_route(routes, {"S01", "S02"}, {"P01-S01", "CAS-P01", "CAS-P02", "P02-S02"}, 0.125 + 0.015625 + 0.03125 + 0.25);
}

TEST(PlatformRoutes, CasHierarchyThroughProxy) {
  auto routes = routes_in_child(cas_scenario(true), {{"CAS", "cloud"}, {"cloud", "S01"}});
  expect_route(routes, {"CAS", "cloud"}, {"proxy", "internet"}, kProxyLatency_s + kInternetLatency_s);
  expect_route(routes, {"cloud", "S01"}, {"internet", "proxy", "CAS-P01", "P01-S01"},
               kInternetLatency_s + kProxyLatency_s + 0.015625 + 0.125);
}

TEST(PlatformRoutes, StandalonePrimary) {
  auto routes = routes_in_child(standalone_scenario(), {{"PS1", "SA1"}, {"PS1", "SA2"}, {"PS1", "cloud"}});
  expect_route(routes, {"PS1", "SA1"}, {"PS1-SA1"}, 0.125);
  expect_route(routes, {"PS1", "SA2"}, {"PS1-SA2"}, 0.25);
  expect_route(routes, {"PS1", "cloud"}, {"internet"}, kInternetLatency_s);
}

TEST(PlatformRoutes, RemoteScp) {
  Scenario scenario = with_scp(cas_scenario(false), "CAS", ScpServer::remote);
  auto routes = routes_in_child(scenario, {{"CAS-SCP", "cloud"}, {"CAS", "CAS-SCP"}, {"CAS-SCP", "P01"}});
  expect_route(routes, {"CAS-SCP", "cloud"}, {"internet"}, kInternetLatency_s);
  expect_route(routes, {"CAS", "CAS-SCP"}, {"CAS-SCP-lan"}, kLanLatency_s);
  expect_route(routes, {"CAS-SCP", "P01"}, {"CAS-SCP-lan", "CAS-P01"}, kLanLatency_s + 0.015625);
}

TEST(PlatformRoutes, RemoteScpThroughProxyOnStandalonePrimary) {
  Scenario scenario = with_scp(standalone_scenario(), "PS1", ScpServer::remote);
  scenario.internet.proxy.enabled = true;
  auto routes = routes_in_child(scenario, {{"PS1-SCP", "cloud"}, {"PS1", "PS1-SCP"}});
  expect_route(routes, {"PS1-SCP", "cloud"}, {"proxy", "internet"}, kProxyLatency_s + kInternetLatency_s);
  expect_route(routes, {"PS1", "PS1-SCP"}, {"PS1-SCP-lan"}, kLanLatency_s);
}

TEST(PlatformLookup, NamesHostsAndLinks) {
  const Scenario scenario = with_scp(cas_scenario(true), "CAS", ScpServer::remote);
  std::string out = run_in_child([&] {
    SimEngine engine(scenario.engine, false);
    const Platform platform = build_platform(scenario, valid_hierarchy(scenario));
    std::string text = "top=" + platform.top_tier() + " scp=" + platform.scp_host()->get_name() +
                       " cloud=" + platform.cloud_host()->get_name() + "\nhosts:";
    for (const auto& entry : platform.hosts()) text += " " + entry.first;
    text += "\nlinks:";
    for (const auto& entry : platform.links()) text += " " + entry.first;
    text += platform.find_link("P01-S02") == nullptr ? "\nno P01-S02" : "\nP01-S02?";
    try {
      platform.host("XYZ");
    } catch (const std::out_of_range&) {
      text += "\nout_of_range";
    }
    return text;
  });
  EXPECT_EQ(out,
            "top=CAS scp=CAS-SCP cloud=cloud\n"
            "hosts: CAS CAS-SCP P01 P02 S01 S02 cloud\n"
            "links: CAS-P01 CAS-P02 CAS-SCP-lan P01-S01 P02-S02 internet proxy\n"
            "no P01-S02\n"
            "out_of_range");
}

TEST(PlatformLookup, ScpOnSiteServerIsTheTopTierHost) {
  const Scenario scenario = with_scp(standalone_scenario(), "PS1", ScpServer::site);
  std::string out = run_in_child([&] {
    SimEngine engine(scenario.engine, false);
    const Platform platform = build_platform(scenario, valid_hierarchy(scenario));
    return platform.scp_host()->get_name() + (platform.find_link("PS1-SCP-lan") ? " lan" : " no-lan");
  });
  EXPECT_EQ(out, "PS1 no-lan");
}

// Profiles attached in the hooks must take effect: SimGrid refuses them after the seal.
TEST(PlatformHooks, ProfilesAttachBeforeSeal) {
  const Scenario scenario = cas_scenario(true);
  std::string out = run_in_child([&] {
    namespace prof = simgrid::kernel::profile;
    SimEngine engine(scenario.engine, false);
    std::string seen;
    PlatformHooks hooks;
    hooks.before_link_seal = [&seen](simgrid::s4u::Link& link) {
      seen += " " + link.get_name();
      if (link.get_name() == "CAS-P01")
        link.set_state_profile(prof::ProfileBuilder::from_string("CAS-P01-state", "100 0\n", -1));
    };
    hooks.before_host_seal = [&seen](simgrid::s4u::Host& host) {
      seen += " @" + host.get_name();
      if (host.get_name() == "S02")
        host.set_state_profile(prof::ProfileBuilder::from_string("S02-state", "50 0\n", -1));
    };
    const Platform platform = build_platform(scenario, valid_hierarchy(scenario), hooks);
    engine.run_until(200);
    return seen + "\nCAS-P01 " + (platform.link("CAS-P01")->is_on() ? "on" : "off") + ", P02-S02 " +
           (platform.link("P02-S02")->is_on() ? "on" : "off") + ", S02 " +
           (platform.host("S02")->is_on() ? "on" : "off");
  });
  EXPECT_EQ(out,
            " @CAS @cloud proxy internet @P01 @S01 P01-S01 CAS-P01 @P02 @S02 P02-S02 CAS-P02\n"
            "CAS-P01 off, P02-S02 on, S02 off");
}

TEST(PlatformEngine, VersionAndHorizonWithoutActors) {
  const Scenario scenario = standalone_scenario();
  std::string out = run_in_child([&] {
    SimEngine engine(scenario.engine, false);
    const Platform platform = build_platform(scenario, valid_hierarchy(scenario));
    engine.run_until(1234.5);
    char text[128];
    std::snprintf(text, sizeof text, "%s %.17g", SimEngine::simgrid_version().c_str(), engine.now_s());
    return std::string(text);
  });
  EXPECT_EQ(out, "3.32 1234.5");
}

TEST(PlatformEngine, RunWithoutPlatformIsRefusedBeforeSimGridCrashes) {
  std::string out = run_in_child([] {
    SimEngine engine(EngineOptions{"CM02", false}, false);
    try {
      engine.run_until(10);
    } catch (const std::logic_error&) {
      return std::string("logic_error");
    }
    return std::string("ran");
  });
  EXPECT_EQ(out, "logic_error");
}

TEST(PlatformEngine, UnknownNetworkModelIsRefusedBeforeSimGridAborts) {
  std::string out = run_in_child([] {
    try {
      SimEngine engine(EngineOptions{"Foo", true}, false);
    } catch (const std::invalid_argument& e) {
      return std::string("invalid_argument");
    }
    return std::string("accepted");
  });
  EXPECT_EQ(out, "invalid_argument");
}

TEST(PlatformSimulate, SitesTopDownAndHorizon) {
  Scenario scenario = with_scp(cas_scenario(false), "CAS", ScpServer::site);
  scenario.duration_s = 90 * 86400.0;
  std::string out = run_in_child([&] {
    RunStats stats;
    Results results = simulate(scenario, SimulationOptions{}, &stats);
    std::ostringstream text;
    text.precision(17);
    text << results.scenario << ' ' << results.seed << ' ' << results.start_unix_s << ' ' << results.duration_s << ' '
         << results.engine.name << ' ' << results.engine.version << ' ' << results.engine.network_model << ' '
         << results.engine.crosstraffic << '\n';
    for (const SiteResult& site : results.sites)
      text << site.code << ' ' << site.type << ' ' << (site.parent.empty() ? "-" : site.parent) << ' '
           << site.initial_version << ' ' << site.final_version << ' ' << site.versions.size() << '\n';
    text << "stats " << (stats.wall_s >= 0) << ' ' << (stats.events > 0) << ' ' << (stats.peak_rss_bytes > 0);
    return text.str();
  });
  EXPECT_EQ(out,
            "cas-tree 7 1767571200 7776000 SimGrid 3.32 CM02 0\n"
            "CAS cas - 2403 2403 0\n"
            "P01 primary CAS 2403 2403 0\n"
            "P02 primary CAS 2403 2403 0\n"
            "S01 secondary P01 2403 2403 0\n"
            "S02 secondary P02 2403 2403 0\n"
            "stats 1 1 1");
}

TEST(PlatformSimulate, InvalidHierarchyIsALogicError) {
  Scenario scenario = standalone_scenario();
  scenario.sites.push_back(make_site("SA3", SiteType::secondary, "NOP"));
  std::string out = run_in_child([&] {
    try {
      simulate(scenario, SimulationOptions{}, nullptr);
    } catch (const std::logic_error&) {
      return std::string("logic_error");
    }
    return std::string("ran");
  });
  EXPECT_EQ(out, "logic_error");
}

}  // namespace
}  // namespace cmsim
