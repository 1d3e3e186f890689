#include "sim/simulation.hpp"
#include "sim/spawn.hpp"

#include <simgrid/s4u/Host.hpp>
#include <sys/resource.h>
#include <xbt/log.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "models/fault_plan.hpp"
#include "models/hierarchy.hpp"
#include "sim/actors/backup_task.hpp"
#include "sim/actors/event_driver.hpp"
#include "sim/platform.hpp"
#include "sim/running_hierarchy.hpp"
#include "sim/simgrid_engine.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_platform, cmsim, "platform and routes");

namespace cmsim {
namespace {

Hierarchy checked_hierarchy(const Scenario& scenario) {
  Problems problems;
  Hierarchy hierarchy = Hierarchy::build(scenario.sites, problems);
  if (!problems.empty())
    throw std::logic_error("simulate: invalid hierarchy (the scenario was not validated): " +
                           format_problem(scenario.file, problems.list().front()));
  return hierarchy;
}

double checked_horizon_s(const Scenario& scenario) {
  if (!std::isfinite(scenario.duration_s) || scenario.duration_s < 0)
    throw std::logic_error("simulate: duration_s must be a finite, non-negative number of seconds");
  return scenario.duration_s;
}

void log_route(const Platform& platform, const std::string& from, const std::string& to) {
  Route route = platform.route(from, to);
  std::string names;
  for (const std::string& name : route.link_names) names += (names.empty() ? "" : ", ") + name;
  XBT_INFO("route %s -> %s: {%s}, latency %g s", from.c_str(), to.c_str(), names.c_str(), route.latency_s);
}

void log_routes(const Platform& platform, const Hierarchy& hierarchy) {
  for (const std::string& code : hierarchy.top_down())
    if (auto parent = hierarchy.parent_of(code)) log_route(platform, *parent, code);
  log_route(platform, platform.top_tier(), kCloudHost);
  if (platform.scp_host() != nullptr && platform.scp_host() != platform.top_tier_host())
    log_route(platform, platform.scp_host()->get_name(), kCloudHost);
}

std::vector<SiteResult> site_results(const Scenario& scenario, const World& world) {
  const Hierarchy& hierarchy = world.hierarchy;
  std::vector<SiteResult> sites;
  for (const std::string& code : hierarchy.top_down()) {
    SiteResult site;
    site.code = code;
    site.type = to_string(hierarchy.type(*hierarchy.find(code)));
    site.parent = hierarchy.parent_of(code).value_or("");
    site.initial_version = scenario.version;
    if (auto added = world.added_t_s.find(code); added != world.added_t_s.end()) {
      site.added_t_s = added->second;
      site.initial_version = world.added_version.at(code);
    }
    site.final_version = world.site_version.at(code);
    if (auto it = world.version_history.find(code); it != world.version_history.end()) site.versions = it->second;
    sites.push_back(std::move(site));
  }
  return sites;
}

Results base_results(const Scenario& scenario, const SimEngine& engine) {
  Results results;
  results.scenario = scenario.name;
  results.seed = scenario.seed;
  results.start_unix_s = scenario.start_unix_s;
  results.duration_s = scenario.duration_s;
  results.engine.name = "SimGrid";
  results.engine.version = SimEngine::simgrid_version();
  results.engine.network_model = engine.options().network_model;
  results.engine.crosstraffic = engine.options().crosstraffic;
  return results;
}

// Control actors live on the cloud host, which no scenario fault turns off.
void start_actors(RunningHierarchy& services, const Platform& platform) {
  services.start();
  spawn_actor("events", platform.cloud_host(), EventDriver(services));
  const auto& backup = services.world.scenario.backup;
  if (backup && backup->enabled) spawn_actor("backup", platform.cloud_host(), BackupTask(services));
}

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

}  // namespace

Results simulate(const Scenario& scenario, const SimulationOptions& options, RunStats* stats) {
  const auto wall_start = std::chrono::steady_clock::now();
  const Hierarchy hierarchy = checked_hierarchy(scenario);
  const double horizon_s = checked_horizon_s(scenario);

  SimEngine engine(scenario.engine, options.verbose, options.log_settings);
  FaultPlan plan = build_fault_plan(scenario);
  const Platform platform = build_platform(scenario, hierarchy, fault_profile_hooks(scenario, plan, horizon_s));
  if (options.verbose) log_routes(platform, hierarchy);
  Results results = base_results(scenario, engine);
  // The fault windows are the report's from here on: moved, not copied (a 10-year run has
  // hundreds of thousands of them).
  results.faults = take_fault_records(plan, scenario.duration_s);
  Recorder recorder(results, scenario.start_unix_s);
  World world(scenario, hierarchy, platform, recorder);
  RunningHierarchy services(world, plan);
  start_actors(services, platform);
  engine.run_until(horizon_s);
  world.ending = true;
  engine.kill_all_actors();  // while the state the actors point into still exists
  services.drs.finish();
  services.expansion.finish();
  if (engine.now_s() != horizon_s)
    throw std::logic_error("simulate: the engine stopped at " + std::to_string(engine.now_s()) +
                           " s instead of the horizon " + std::to_string(horizon_s) + " s");

  results.sites = site_results(scenario, world);
  results.links = world.link_capacities();
  results.link_busy_threshold_percent = scenario.model.link_busy_threshold_percent;
  if (scenario.scp || !world.scp.site.empty()) results.scp.site = world.scp.site;
  if (stats != nullptr) {
    stats->wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    stats->events = engine.time_advances();
    stats->peak_rss_bytes = peak_rss_bytes();
  }
  return results;
}

}  // namespace cmsim
