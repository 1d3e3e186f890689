// Runs a scenario given as JSON text through the real loader and simulator in a forked child
// and hands back the report as JSON, so simulation tests assert on what users read.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fork_runner.hpp"
#include "models/replication_logs.hpp"
#include "models/scenario_loader.hpp"
#include "reports/report_json.hpp"
#include "sim/simulation.hpp"

namespace cmsim::test {

using Json = nlohmann::json;

// The report plus every log line as {"site", "file", "text"}, for tests of what the logs say.
inline Json simulate_with_logs(const Json& scenario) {
  const std::string text = run_in_child([&] {
    const LoadResult loaded = load_scenario_text(scenario.dump(), "test-scenario.json");
    if (!loaded.scenario) throw std::runtime_error("invalid test scenario: " + loaded.problems.list().front().message);
    const Results results = simulate(*loaded.scenario, SimulationOptions{}, nullptr);
    Json logs = Json::array();
    auto add = [&logs](const LogLine& l) {
      logs.push_back({{"site", std::string(l.site)}, {"file", std::string(l.file)}, {"text", std::string(l.text)}});
    };
    for (const LogLine l : results.logs) add(l);
    ReplicationLogs monitor(results.replication);
    for (std::size_t f = 0; f < monitor.files(); ++f)
      for (std::size_t i = 0; i < monitor.lines(f); ++i) add(monitor.line(f, i));
    return Json{{"report", reports::report_to_json(results)}, {"logs", logs}}.dump();
  });
  return Json::parse(text);
}

inline bool any_log_contains(const Json& full, const std::string& file, const std::string& needle) {
  for (const Json& l : full["logs"])
    if (l["file"] == file && l["text"].get<std::string>().find(needle) != std::string::npos) return true;
  return false;
}

inline Json simulate_report(const Json& scenario) {
  const std::string text = run_in_child([&] {
    const LoadResult loaded = load_scenario_text(scenario.dump(), "test-scenario.json");
    if (!loaded.scenario) {
      std::string all;
      for (const Problem& p : loaded.problems.list()) all += format_problem(loaded.file, p) + "\n";
      throw std::runtime_error("invalid test scenario:\n" + all);
    }
    Results results = simulate(*loaded.scenario, SimulationOptions{}, nullptr);
    return reports::report_to_json(results).dump();
  });
  return Json::parse(text);
}

// A CAS hierarchy with an online SCP, analytic network model, no backup task unless asked.
inline Json base_scenario() {
  return Json::parse(R"({
    "format": "cmsim-scenario/1", "name": "t", "seed": 1,
    "start": "2024-11-25T00:00:00Z", "duration": "10d", "version": "2403",
    "engine": {"network_model": "CM02", "crosstraffic": false},
    "sites": [{"code": "CAS", "type": "cas"}, {"code": "P01", "type": "primary", "parent": "CAS"}],
    "scp": {"site": "CAS", "mode": "online"},
    "maintenance": {"backup": {"enabled": false}},
    "releases": []
  })");
}

// base_scenario() with one release, 2409, offered at `available`.
inline Json with_release(Json s, const char* available, const char* payload = "100MB") {
  s["releases"] = Json::array({{{"version", "2409"},
                                {"available", available},
                                {"min_version", "2303"},
                                {"payload", payload},
                                {"redists", "0"}}});
  return s;
}

inline std::vector<double> check_times(const Json& report, const char* outcome = nullptr) {
  std::vector<double> times;
  for (const Json& c : report["scp"]["checks"])
    if (!outcome || c["outcome"] == outcome) times.push_back(c["t_s"].get<double>());
  return times;
}

inline const Json* find_update(const Json& report, const std::string& name) {
  for (const Json& u : report["updates"])
    if (u["name"] == name) return &u;
  return nullptr;
}

inline std::string effective_mode_at(const Json& report, double t_s) {
  std::string mode;
  for (const Json& m : report["scp"]["modes"])
    if (m["t_s"].get<double>() <= t_s) mode = m["effective"];
  return mode;
}

}  // namespace cmsim::test
