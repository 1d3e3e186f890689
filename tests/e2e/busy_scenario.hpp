// A small hierarchy that exercises most outputs: an update rolling out through four sites,
// a secondary upgraded by policy, and random faults on the WAN links and the internet
// connection. Tests of whole output folders (determinism, traces) share it.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace cmsim::test {

inline std::string busy_scenario_text(const std::string& name) {
  return R"({
    "format": "cmsim-scenario/1", "name": ")" +
         name + R"(", "seed": 5,
    "start": "2024-11-25T00:00:00Z", "duration": "20d", "version": "2403",
    "sites": [{"code": "CAS", "type": "cas"},
              {"code": "P01", "type": "primary", "parent": "CAS"},
              {"code": "P02", "type": "primary", "parent": "CAS"},
              {"code": "S11", "type": "secondary", "parent": "P01"}],
    "links": [{"between": ["CAS", "P02"], "bandwidth": "5Mbps"}],
    "scp": {"site": "CAS", "mode": "online"},
    "releases": [{"version": "2409", "available": "1d", "min_version": "2303", "payload": "600MB", "redists": "100MB"}],
    "admin": {"install_at_top": {"after": "2h"}, "secondary_upgrade": {"after": "1h"}},
    "faults": {"random": [{"target": "links", "mtbf": "3d", "mttr": "3h"},
                          {"target": "internet", "mtbf": "4d", "mttr": "12h"}]}
  })";
}

// Every regular file under dir, as paths relative to it, sorted.
inline std::vector<std::filesystem::path> files_under(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) out.push_back(std::filesystem::relative(entry.path(), dir));
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string read_binary(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fixture that writes the busy scenario once and runs `cmsim run` on it into named folders.
class BusyScenarioRuns : public ::testing::Test {
 protected:
  explicit BusyScenarioRuns(std::string name) : name_(std::move(name)) {}
  void SetUp() override { scenario_ = dir_.write(name_ + ".json", busy_scenario_text(name_)); }

  std::filesystem::path run(const std::string& out_name, const std::string& extra = "") const {
    const std::filesystem::path out = dir_.path() / out_name;
    const CliResult r = run_cmsim("run '" + scenario_.string() + "' --out '" + out.string() + "' " + extra);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return out;
  }

  TempDir dir_;
  std::filesystem::path scenario_;

 private:
  std::string name_;
};

}  // namespace cmsim::test
