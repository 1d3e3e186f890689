// `cmsim sweep` and `cmsim merge` as a researcher runs them (docs/scenario.md §1, §4): one row per
// (grid point, seed), the same bytes whatever the job order, a restart that does only the
// missing runs, and shards that merge into exactly the unsharded result.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// The shared small fixture: milliseconds per run, random link faults so seeds matter.
std::string small_scenario() { return read_file(fs::path(CMSIM_SOURCE_DIR) / "tests/fixtures/small-cas.json"); }

constexpr const char* kGrid = " --replicas 6 --vary internet.bandwidth=50Mbps,200Mbps";
const char* const kResults[] = {"runs.csv", "summary.json", "sweep.html"};

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

class Sweep : public ::testing::Test {
 protected:
  void SetUp() override { scenario_ = dir_.write("small.json", small_scenario()); }

  CliResult sweep(const fs::path& out, const std::string& extra = "") {
    return run_cmsim("sweep " + q(scenario_) + kGrid + " --out " + q(out) + extra);
  }
  fs::path at(const std::string& name) const { return dir_.path() / name; }

  TempDir dir_;
  fs::path scenario_;
};

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::size_t files_in(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// Inode and nanosecond mtime: a file rewritten through write_file_atomically gets a new
// inode, so an unchanged pair means the run was not redone.
std::pair<ino_t, long long> identity(const fs::path& file) {
  struct stat st {};
  ::stat(file.c_str(), &st);
  return {st.st_ino, static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
}

void expect_same_results(const fs::path& a, const fs::path& b) {
  for (const char* name : kResults) {
    ASSERT_TRUE(fs::exists(a / name)) << a / name;
    ASSERT_TRUE(fs::exists(b / name)) << b / name;
    EXPECT_EQ(read_file(a / name), read_file(b / name)) << name;
  }
}

TEST_F(Sweep, OneRowPerGridPointAndSeed) {
  const CliResult r = sweep(at("out"), " --jobs 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string csv = read_file(at("out") / "runs.csv");
  EXPECT_EQ(lines(csv), 13u) << csv;
  EXPECT_EQ(csv.substr(0, csv.find('\n')).rfind("point,seed,internet.bandwidth,update,ready_to_install_t_s", 0), 0u)
      << csv;
  EXPECT_NE(csv.find("\n0,11,50Mbps,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n1,16,200Mbps,"), std::string::npos) << csv;
  EXPECT_EQ(files_in(at("out") / "runs"), 12u);
  const Json summary = Json::parse(read_file(at("out") / "summary.json"));
  ASSERT_EQ(summary["points"].size(), 2u);
  EXPECT_EQ(summary["points"][1]["runs"], 6);
  EXPECT_EQ(summary["points"][1]["values"]["internet.bandwidth"], "200Mbps");
  for (const char* p : {"p50", "p90", "p95", "p99", "max"})
    EXPECT_TRUE(summary["points"][0]["metrics"]["transfers"].contains(p));
  EXPECT_NE(read_file(at("out") / "sweep.html").find("<svg"), std::string::npos);
  EXPECT_NE(r.output.find("12/12 runs done, 0 failed"), std::string::npos) << r.output;
}

TEST_F(Sweep, SameCommandSameBytesWhateverTheJobCount) {
  ASSERT_EQ(sweep(at("a"), " --jobs 2").exit_code, 0);
  ASSERT_EQ(sweep(at("b"), " --jobs 2").exit_code, 0);
  ASSERT_EQ(sweep(at("c"), " --jobs 5").exit_code, 0);
  expect_same_results(at("a"), at("b"));
  expect_same_results(at("a"), at("c"));
}

TEST_F(Sweep, RestartDoesOnlyTheMissingRuns) {
  ASSERT_EQ(sweep(at("out"), " --jobs 2").exit_code, 0);
  const std::string csv = read_file(at("out") / "runs.csv");
  const fs::path runs = at("out") / "runs";
  const std::vector<std::string> removed{"p0-12.json", "p1-11.json", "p1-16.json"};
  for (const std::string& name : removed) fs::remove(runs / name);
  std::map<std::string, std::pair<ino_t, long long>> kept;
  for (const auto& e : fs::directory_iterator(runs)) kept[e.path().filename().string()] = identity(e.path());
  ASSERT_EQ(kept.size(), 9u);

  const CliResult again = sweep(at("out"), " --jobs 2");
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("skipped 9 finished runs; 3 to run"), std::string::npos) << again.output;
  for (const auto& [name, id] : kept) EXPECT_EQ(identity(runs / name), id) << name << " was run again";
  for (const std::string& name : removed) EXPECT_TRUE(fs::exists(runs / name)) << name;
  EXPECT_EQ(read_file(at("out") / "runs.csv"), csv);

  const CliResult nothing_left = sweep(at("out"));
  EXPECT_NE(nothing_left.output.find("skipped 12 finished runs; 0 to run"), std::string::npos) << nothing_left.output;
}

TEST_F(Sweep, CorruptRunFileIsRunAgain) {
  ASSERT_EQ(sweep(at("out")).exit_code, 0);
  std::ofstream(at("out") / "runs" / "p0-13.json") << "{\"format\": \"cmsim-sweep-run/1\", \"sweep";
  const CliResult again = sweep(at("out"));
  EXPECT_NE(again.output.find("skipped 11 finished runs; 1 to run"), std::string::npos) << again.output;
  EXPECT_NE(read_file(at("out") / "runs" / "p0-13.json").find("\"metrics\""), std::string::npos);
}

TEST_F(Sweep, ShardsMergeIntoTheUnshardedResult) {
  ASSERT_EQ(sweep(at("whole"), " --jobs 2").exit_code, 0);
  const CliResult s1 = sweep(at("s1"), " --shard 1/2");
  const CliResult s2 = sweep(at("s2"), " --shard 2/2 --jobs 1");
  ASSERT_EQ(s1.exit_code, 0) << s1.output;
  ASSERT_EQ(s2.exit_code, 0) << s2.output;
  EXPECT_EQ(files_in(at("s1") / "runs"), 6u);
  EXPECT_FALSE(fs::exists(at("s1") / "runs.csv"));  // a shard alone is not a result set
  const CliResult m = run_cmsim("merge " + q(at("s2")) + " " + q(at("s1")) + " --out " + q(at("merged")));
  ASSERT_EQ(m.exit_code, 0) << m.output;
  expect_same_results(at("whole"), at("merged"));
}

TEST_F(Sweep, MergeRefusesMissingDuplicateOrForeignShards) {
  ASSERT_EQ(sweep(at("s1"), " --shard 1/2").exit_code, 0);
  ASSERT_EQ(sweep(at("s2"), " --shard 2/2").exit_code, 0);
  const CliResult missing = run_cmsim("merge " + q(at("s1")) + " --out " + q(at("m1")));
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("shard 2/2 is missing"), std::string::npos) << missing.output;
  const CliResult twice = run_cmsim("merge " + q(at("s1")) + " " + q(at("s1")) + " --out " + q(at("m2")));
  EXPECT_EQ(twice.exit_code, 2) << twice.output;
  EXPECT_NE(twice.output.find("given twice"), std::string::npos) << twice.output;

  fs::remove(at("s2") / "runs" / "p1-14.json");
  const CliResult lost = run_cmsim("merge " + q(at("s1")) + " " + q(at("s2")) + " --out " + q(at("m3")));
  EXPECT_EQ(lost.exit_code, 2) << lost.output;
  EXPECT_NE(lost.output.find("p1-14.json) is in none of the folders"), std::string::npos) << lost.output;

  ASSERT_EQ(run_cmsim("sweep " + q(scenario_) + " --replicas 5 --shard 2/2 --out " + q(at("other"))).exit_code, 0);
  const CliResult foreign = run_cmsim("merge " + q(at("s1")) + " " + q(at("other")) + " --out " + q(at("m4")));
  EXPECT_EQ(foreign.exit_code, 2) << foreign.output;
  EXPECT_NE(foreign.output.find("from another sweep"), std::string::npos) << foreign.output;
  for (const char* m : {"m1", "m2", "m3", "m4"}) EXPECT_FALSE(fs::exists(at(m))) << m;
}

TEST_F(Sweep, InvalidInputIsExitTwoAndWritesNothing) {
  const std::map<std::string, std::string> cases{
      {"--replicas 2 --vary internet.bandwidth", "has no '='"},
      {"--replicas 2 --vary internet.bandwidth=fast,50Mbps", "malformed rate 'fast'"},
      {"--replicas 2 --vary nosuch.key=1,2", "unknown key 'nosuch'"},
      {"--replicas 2 --shard 3/2", "--shard '3/2'"},
      {"--replicas 0", "--replicas: 0 is out of range (expected a whole number from 1 to 10000000)"},
      {"--replicas 2 --vary seed=1,2", "seeds come from --replicas"},
  };
  for (const auto& [args, message] : cases) {
    const CliResult r = run_cmsim("sweep " + q(scenario_) + " " + args + " --out " + q(at("bad")));
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n" << r.output;
    EXPECT_FALSE(fs::exists(at("bad"))) << args;
  }
  const CliResult no_file = run_cmsim("sweep " + q(at("absent.json")) + " --replicas 2 --out " + q(at("bad")));
  EXPECT_EQ(no_file.exit_code, 2) << no_file.output;
}

TEST_F(Sweep, OutFolderOfAnotherSweepIsRefused) {
  ASSERT_EQ(sweep(at("out")).exit_code, 0);
  const CliResult other = run_cmsim("sweep " + q(scenario_) + " --replicas 3 --out " + q(at("out")));
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_NE(other.output.find("holds another sweep or shard"), std::string::npos) << other.output;
  EXPECT_EQ(lines(read_file(at("out") / "runs.csv")), 13u);  // left as it was
}

}  // namespace
}  // namespace cmsim::test
