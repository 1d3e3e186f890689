// `cmsim run --trace paje,chrome` (docs/scenario.md §1.3, §4.10) as a researcher uses it: the
// traces are in the output folder, trace.json has a track per site whose Show Status slices
// are report.json's phases, a real Paje reader (PajeNG's pj_dump) reads trace.paje and
// lists the sites and their states, the same seed gives the same bytes, and without
// --trace nothing else changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "busy_scenario.hpp"
#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

class Traces : public BusyScenarioRuns {
 protected:
  Traces() : BusyScenarioRuns("traces") {}
};

TEST_F(Traces, ChromeTraceHasATrackPerSiteWithReportJsonsPhases) {
  const fs::path out = run("chrome", "--trace chrome");
  ASSERT_TRUE(fs::exists(out / "trace.json"));
  EXPECT_FALSE(fs::exists(out / "trace.paje")) << "only the traces asked for";
  const Json report = Json::parse(read_binary(out / "report.json"));
  const Json trace = Json::parse(read_binary(out / "trace.json"));
  ASSERT_TRUE(trace["traceEvents"].is_array());

  std::map<int, std::string> process;
  std::map<std::pair<int, int>, std::string> thread;
  for (const Json& e : trace["traceEvents"]) {
    if (e["ph"] != "M") continue;
    if (e["name"] == "process_name") process[e["pid"]] = e["args"]["name"];
    if (e["name"] == "thread_name") thread[{e["pid"].get<int>(), e["tid"].get<int>()}] = e["args"]["name"];
  }
  // (process, thread) -> its slices as (name, ts, dur)
  std::map<std::pair<std::string, std::string>, std::vector<std::tuple<std::string, double, double>>> slices;
  for (const Json& e : trace["traceEvents"]) {
    if (e["ph"] != "X") continue;
    EXPECT_GE(e["dur"].get<double>(), 0.0) << e.dump();
    EXPECT_GE(e["ts"].get<double>(), 0.0) << e.dump();
    slices[{process.at(e["pid"]), thread.at({e["pid"], e["tid"]})}].emplace_back(e["name"], e["ts"], e["dur"]);
  }

  std::set<std::string> names;
  for (const auto& [pid, name] : process) names.insert(name);
  for (const Json& s : report["sites"])
    EXPECT_TRUE(names.count(s["code"].get<std::string>() + " (" + s["type"].get<std::string>() + ")")) << s["code"];

  std::size_t phases_checked = 0;
  const double end_us = report["duration_s"].get<double>() * 1e6;
  for (const Json& u : report["updates"]) {
    const std::string v = u["version"];
    for (const Json& s : u["sites"]) {
      const Json site = *std::find_if(report["sites"].begin(), report["sites"].end(),
                                      [&](const Json& x) { return x["code"] == s["site"]; });
      const std::string proc = s["site"].get<std::string>() + " (" + site["type"].get<std::string>() + ")";
      std::vector<std::tuple<std::string, double, double>> expected;
      if (u["downloaded_at"] == s["site"] && !u["download_phase"].is_null()) {
        const Json& d = u["download_phase"];
        const double start = d["start_t_s"].get<double>() * 1e6;
        expected.emplace_back("Download", start,
                              (d["end_t_s"].is_null() ? end_us : d["end_t_s"].get<double>() * 1e6) - start);
      }
      for (const Json& p : s["phases"]) {
        const double start = p["start_t_s"].get<double>() * 1e6;
        const double stop = p["end_t_s"].is_null() ? end_us : p["end_t_s"].get<double>() * 1e6;
        expected.emplace_back(p["phase"], start, stop - start);
      }
      std::vector<std::tuple<std::string, double, double>> found;
      for (const auto& [key, list] : slices)
        if (key.first == proc && key.second.rfind(v + " Show Status", 0) == 0)
          found.insert(found.end(), list.begin(), list.end());
      std::sort(found.begin(), found.end());
      std::sort(expected.begin(), expected.end());
      EXPECT_EQ(found, expected) << proc << " " << v;
      phases_checked += expected.size();
    }
  }
  EXPECT_GE(phases_checked, 8u) << "the rollout reached the sites";

  // Every transfer of report.json is a slice on its route's rows.
  std::size_t transfer_slices = 0;
  std::set<std::string> whats;
  for (const Json& t : report["transfers"]) whats.insert(t["what"]);
  for (const auto& [key, list] : slices)
    for (const auto& [name, ts, dur] : list) transfer_slices += whats.count(name);
  EXPECT_EQ(transfer_slices, report["transfers"].size());
}

TEST_F(Traces, PajeTraceIsReadByPjDump) {
  const CliResult found = run_command("command -v pj_dump");
  if (found.exit_code != 0)
    GTEST_SKIP() << "pj_dump not found: apt-get install pajeng (scripts/install-deps.sh installs it; CI has it)";
  const fs::path out = run("paje", "--trace paje");
  ASSERT_TRUE(fs::exists(out / "trace.paje"));
  const fs::path dump = dir_.path() / "dump.txt";
  const CliResult r = run_command("pj_dump '" + (out / "trace.paje").string() + "' > '" + dump.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "") << "pj_dump complained";
  const Json report = Json::parse(read_binary(out / "report.json"));

  std::set<std::string> containers;
  std::map<std::string, std::set<std::string>> states;  // container -> state values
  std::istringstream in(read_binary(dump));
  std::string line;
  std::size_t variables = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::istringstream fields(line);
    for (std::string x; std::getline(fields, x, ',');) f.push_back(x.substr(x.find_first_not_of(' ')));
    if (f.empty()) continue;
    if (f[0] == "Container" && f.size() >= 7) containers.insert(f[6]);
    if (f[0] == "State" && f.size() >= 8) states[f[1]].insert(f[7]);
    if (f[0] == "Variable") ++variables;
  }
  for (const Json& s : report["sites"]) {
    const std::string code = s["code"];
    EXPECT_TRUE(containers.count(code)) << code;
    EXPECT_TRUE(containers.count(code + " site server")) << code;
  }
  EXPECT_TRUE(containers.count("CAS-P01"));
  // Each site that installed the update shows its Installation phase and its Installed state.
  for (const Json& u : report["updates"])
    for (const Json& s : u["sites"]) {
      if (s["installed_t_s"].is_null()) continue;
      const std::string code = s["site"];
      EXPECT_TRUE(states[code].count("Installation")) << code;
      EXPECT_TRUE(states[code].count("Installed")) << code;
    }
  EXPECT_GT(variables, 0u) << "bytes in flight on the routes";
}

TEST_F(Traces, SameSeedGivesTheSameTracesAndTracesChangeNothingElse) {
  const fs::path a = run("a", "--trace paje,chrome");
  const fs::path b = run("b", "--trace paje --trace chrome");
  const fs::path plain = run("plain", "");
  for (const char* name : {"trace.json", "trace.paje"}) {
    ASSERT_TRUE(fs::exists(a / name)) << name;
    EXPECT_TRUE(read_binary(a / name) == read_binary(b / name)) << name << " differs between two runs";
    EXPECT_FALSE(fs::exists(plain / name)) << "no trace without --trace";
  }
  std::vector<fs::path> traced = files_under(a);
  traced.erase(std::remove_if(traced.begin(), traced.end(),
                              [](const fs::path& p) { return p == "trace.json" || p == "trace.paje"; }),
               traced.end());
  EXPECT_EQ(traced, files_under(plain));
  for (const fs::path& rel : files_under(plain)) {
    if (rel == "run.json") continue;  // wall-clock figures
    EXPECT_TRUE(read_binary(a / rel) == read_binary(plain / rel)) << rel;
  }
}

TEST_F(Traces, AnUnknownFormatIsInvalidInput) {
  const fs::path out = dir_.path() / "bad";
  const CliResult r = run_cmsim("run '" + scenario_.string() + "' --out '" + out.string() + "' --trace paje,vcd");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--trace"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("'vcd' is not a trace format (expected chrome or paje)"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out)) << "nothing written";
}

}  // namespace
}  // namespace cmsim::test
