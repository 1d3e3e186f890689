// `cmsim compare A B --out DIR` (docs/scenario.md §1): today vs after adding a primary on a slow link.
// How DIR survives signals and a second compare into it: output_folder_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// The shared small fixture, without random faults: the plan "as it is today".
Json today() {
  Json j = Json::parse(read_file(std::filesystem::path(CMSIM_SOURCE_DIR) / "tests/fixtures/small-cas.json"));
  j["name"] = "today";
  j.erase("faults");
  j.erase("links");
  return j;
}

// One more primary behind a 2 Mbps link, and no secondary upgrade policy.
Json expanded() {
  Json j = today();
  j["name"] = "expanded";
  j["sites"].push_back({{"code", "P03"}, {"type", "primary"}, {"parent", "CAS"}});
  j["sites"].push_back({{"code", "S31"}, {"type", "secondary"}, {"parent", "P03"}});
  j["links"] = Json::array({{{"between", {"CAS", "P03"}}, {"bandwidth", "2Mbps"}}});
  j["admin"].erase("secondary_upgrade");
  return j;
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

class Compare : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = dir_.write("today.json", today().dump(2));
    b_ = dir_.write("expanded.json", expanded().dump(2));
  }
  CliResult compare(const fs::path& a, const fs::path& b, const std::string& out) {
    return run_cmsim("compare " + q(a) + " " + q(b) + " --out " + q(dir_.path() / out));
  }
  TempDir dir_;
  fs::path a_, b_;
};

TEST_F(Compare, SideBySideJsonAndPage) {
  const CliResult r = compare(a_, b_, "cmp");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json doc = Json::parse(read_file(dir_.path() / "cmp" / "compare.json"));
  EXPECT_EQ(doc["format"], "cmsim-compare/1");
  EXPECT_EQ(doc["a"]["scenario"], "today");
  EXPECT_EQ(doc["b"]["sites"]["primaries"], 3);
  for (const char* m : {"ready_to_install_t_s", "all_primaries_t_s", "all_sites_t_s"}) {
    EXPECT_TRUE(doc["a"]["metrics"].contains(m)) << m;
    EXPECT_TRUE(doc["delta"].contains(m)) << m;
  }
  for (const char* tier : {"cas", "primaries", "secondaries"})
    for (const char* p : {"p50", "p90", "p95", "p99", "max"})
      EXPECT_TRUE(doc["b"]["tiers"][tier].contains(p)) << tier << p;
  EXPECT_EQ(doc["a"]["limits"]["primaries_under_cas"]["headroom"], 23);
  EXPECT_EQ(doc["b"]["limits"]["primaries_under_cas"]["headroom"], 22);
  EXPECT_EQ(doc["b"]["limits"]["secondaries_under_primary"]["headroom"], 249);
  EXPECT_TRUE(doc["a"]["warnings"].empty()) << doc["a"]["warnings"];
  ASSERT_EQ(doc["b"]["warnings"].size(), 1u) << doc["b"]["warnings"];
  EXPECT_NE(doc["b"]["warnings"][0].get<std::string>().find("without an upgrade policy"), std::string::npos);
  bool p03_listed = false;
  for (const Json& l : doc["b"]["links"]) p03_listed |= l["link"] == "CAS-P03";
  EXPECT_TRUE(p03_listed);
  // The 2 Mbps link carries the same Easy Setup Package as the 100 Mbps ones: it is busy longest.
  ASSERT_FALSE(doc["b"]["bottleneck"].is_null());
  EXPECT_EQ(doc["b"]["bottleneck"]["link"], "CAS-P03");
  const std::string page = read_file(dir_.path() / "cmp" / "compare.html");
  EXPECT_NE(page.find("today (A) vs expanded (B)"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("http"), std::string::npos);  // self-contained
}

// One file and one change, without writing a second file: --set-b applies to B only, and a
// bad override is an input error naming its key.
TEST_F(Compare, OneScenarioAgainstItselfWithOneChange) {
  const CliResult r = run_cmsim("compare " + q(a_) + " " + q(a_) + " --out " + q(dir_.path() / "set") +
                                " --set-b model.install=20m --update 2409");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("headline update: 2409 (chosen with --update)"), std::string::npos) << r.output;
  const Json doc = Json::parse(read_file(dir_.path() / "set" / "compare.json"));
  EXPECT_EQ(doc["headline"]["update"], "2409");
  ASSERT_FALSE(doc["delta"]["all_primaries_t_s"].is_null());
  EXPECT_LT(doc["delta"]["all_primaries_t_s"].get<double>(), 0);  // shorter installs: the primaries are done sooner
  const CliResult unknown =
      run_cmsim("compare " + q(a_) + " " + q(a_) + " --out " + q(dir_.path() / "bad") + " --update 2O09");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("--update '2O09' is not an update of either scenario's release catalog"),
            std::string::npos)
      << unknown.output;
  EXPECT_FALSE(fs::exists(dir_.path() / "bad"));
  const CliResult bad =
      run_cmsim("compare " + q(a_) + " " + q(a_) + " --out " + q(dir_.path() / "bad") + " --set-a duration=soon");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("/duration"), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(dir_.path() / "bad"));
}

TEST_F(Compare, SameInputsSameBytes) {
  ASSERT_EQ(compare(a_, b_, "one").exit_code, 0);
  ASSERT_EQ(compare(a_, b_, "two").exit_code, 0);
  for (const char* f : {"compare.json", "compare.html"})
    EXPECT_EQ(read_file(dir_.path() / "one" / f), read_file(dir_.path() / "two" / f)) << f;
}

TEST_F(Compare, InvalidScenariosAreAllReportedAndNothingWritten) {
  Json bad_a = today();
  bad_a["duration"] = "soon";
  Json bad_b = expanded();
  bad_b["sites"][1]["parent"] = "P09";
  const fs::path a = dir_.write("bad_a.json", bad_a.dump());
  const fs::path b = dir_.write("bad_b.json", bad_b.dump());
  const CliResult r = compare(a, b, "bad");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bad_a.json: /duration"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("bad_b.json: /sites/1/parent"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir_.path() / "bad"));
  EXPECT_EQ(compare(a_, dir_.path() / "absent.json", "bad").exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_.path() / "bad"));
}

// DIR is one unit: the new pair replaces the whole folder, and what a killed compare left
// beside it is removed.
TEST_F(Compare, ASecondCompareReplacesTheWholeFolderAndLeavesNothingBeside) {
  ASSERT_EQ(compare(a_, b_, "cmp").exit_code, 0);
  std::ofstream(dir_.path() / "cmp" / "stale.txt") << "of the earlier set";
  fs::create_directories(dir_.path() / "cmp.tmp-999999");
  fs::create_directories(dir_.path() / "cmp.old-999998");
  const CliResult r = compare(b_, a_, "cmp");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(Json::parse(read_file(dir_.path() / "cmp" / "compare.json"))["a"]["scenario"], "expanded");
  EXPECT_FALSE(fs::exists(dir_.path() / "cmp" / "stale.txt"));
  EXPECT_FALSE(fs::exists(dir_.path() / "cmp.tmp-999999"));
  EXPECT_FALSE(fs::exists(dir_.path() / "cmp.old-999998"));
}

TEST_F(Compare, AFolderOfTheUsersOwnFilesIsRefusedAndLeftAlone) {
  fs::create_directories(dir_.path() / "mine");
  std::ofstream(dir_.path() / "mine" / "thesis.tex") << "mine";
  const CliResult r = compare(a_, b_, "mine");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("holds files that are not a cmsim compare's outputs"), std::string::npos) << r.output;
  EXPECT_EQ(read_file(dir_.path() / "mine" / "thesis.tex"), "mine");
  EXPECT_FALSE(fs::exists(dir_.path() / "mine" / "compare.json"));
}

}  // namespace
}  // namespace cmsim::test
