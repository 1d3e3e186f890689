// `cmsim advise` (docs/scenario.md §1.10): a CAS hierarchy with one primary behind a slow
// link, where that link decides when the last site gets the update.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// The small fixture plus P03 behind 200 kbps; the admin acts at once, so the link decides.
Json slow_link() {
  Json j = Json::parse(read_file(fs::path(CMSIM_SOURCE_DIR) / "tests/fixtures/small-cas.json"));
  j["name"] = "slow-link";
  j.erase("faults");
  j["sites"].push_back({{"code", "P03"}, {"type", "primary"}, {"parent", "CAS"}});
  j["sites"].push_back({{"code", "S31"}, {"type", "secondary"}, {"parent", "P03"}});
  j["links"] = Json::array({{{"between", {"CAS", "P03"}}, {"bandwidth", "200kbps"}}});
  j["admin"] = {{"install_at_top", {{"after", "0s"}}}, {"secondary_upgrade", {{"after", "0s"}}}};
  return j;
}

// The SLA counts from Ready to install; a WAN link's bandwidth does not move it.
double read_ready(const Json& doc) { return doc["baseline"]["ready_t_s"].get<double>(); }

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

class Advise : public ::testing::Test {
 protected:
  TempDir dir;
  fs::path file = dir.write("slow-link.json", slow_link().dump());
  fs::path out = dir.path() / "advice";
  Json advise(const std::string& options, int expected_exit = 0) {
    const CliResult r = run_cmsim("advise " + q(file) + " --out " + q(out) + " --jobs 2 " + options);
    EXPECT_EQ(r.exit_code, expected_exit) << r.output;
    last_output = r.output;
    return expected_exit == 0 ? Json::parse(read_file(out / "advice.json")) : Json();
  }
  std::string last_output;
};

TEST_F(Advise, TheSlowLinkDoubledRanksFirstAndHalvedLast) {
  const Json doc = advise("");
  EXPECT_EQ(doc["update"]["update"], "2409");
  const Json& v = doc["variations"];
  ASSERT_GT(v.size(), 4u);
  EXPECT_EQ(v[0]["id"], "link-bandwidth-x2:CAS-P03");
  EXPECT_GT(v[0]["gain_s"].get<double>(), 3600.0);  // hours of sending saved
  const Json& last_ran = v[v.size() - 1];
  EXPECT_EQ(last_ran["id"], "link-bandwidth-/2:CAS-P03");
  EXPECT_LT(last_ran["gain_s"].get<double>(), -3600.0);
  const double base = doc["baseline"]["target_t_s"].get<double>();
  EXPECT_DOUBLE_EQ(v[0]["target_t_s"].get<double>(), base - v[0]["gain_s"].get<double>());
  EXPECT_EQ(doc["baseline"]["critical_path"]["links"][0]["link"], "CAS-P03");
  EXPECT_NE(last_output.find("CAS-P03 bandwidth 200kbps -> 400kbps"), std::string::npos) << last_output;
  const std::string csv = read_file(out / "advice.csv");
  EXPECT_EQ(csv.rfind("rank,id,kind,subject,factor,target_t_s", 0), 0u);
  EXPECT_NE(csv.find("1,link-bandwidth-x2:CAS-P03,link_bandwidth,CAS-P03,2,"), std::string::npos) << csv;
  const std::string page = read_file(out / "advice.html");
  EXPECT_NE(page.find("id=\"tornado\""), std::string::npos);
  EXPECT_NE(page.find("CAS-P03 bandwidth</text>"), std::string::npos);
}

// The smallest bandwidth found meets the SLA and the next lower probe does not.
TEST_F(Advise, AnSlaIsMetByTheSmallestBandwidthTheSearchFinds) {
  const Json base = advise("");
  const double ready = read_ready(base);
  const double sla = base["baseline"]["target_t_s"].get<double>() - ready - 4 * 3600;  // 4 h sooner: less than x2 gives
  fs::remove_all(out);
  const Json doc = advise("--sla " + std::to_string(static_cast<long long>(sla)) + "s");
  const Json& s = doc["sla"];
  EXPECT_FALSE(s["baseline_meets"].get<bool>());
  EXPECT_EQ(s["bottleneck"], "CAS-P03");
  const double factor = s["factor"].get<double>();
  EXPECT_GT(factor, 1.0);
  EXPECT_LT(factor, 2.0);
  double below = 1;
  for (const Json& p : s["probes"]) {
    const double f = p["factor"].get<double>();
    if (p["meets_sla"].get<bool>())
      EXPECT_GE(f, factor);
    else
      below = std::max(below, f);
    EXPECT_DOUBLE_EQ(p["ready_t_s"].get<double>(), ready);
    EXPECT_EQ(p["meets_sla"].get<bool>(), !p["target_t_s"].is_null() && p["target_t_s"].get<double>() - ready <= sla);
  }
  EXPECT_LE(factor / below, 1.05 + 1e-9);
  EXPECT_NE(s["answer"].get<std::string>().find("CAS-P03 at "), std::string::npos);
}

TEST_F(Advise, ARerunResumesAndGivesTheSameBytes) {
  const Json doc = advise("--sla 12h");
  ASSERT_FALSE(doc["sla"]["probes"].empty());  // the search's runs are resumed too
  const std::string first = read_file(out / "advice.json") + read_file(out / "advice.html");
  advise("--sla 12h");
  EXPECT_EQ(last_output.find("runs done"), std::string::npos) << "a finished run ran again: " << last_output;
  EXPECT_EQ(read_file(out / "advice.json") + read_file(out / "advice.html"), first);
}

TEST_F(Advise, ShardsShareAFolderAndTheLastStepRanksWithoutRunningAgain) {
  const CliResult one = run_cmsim("advise " + q(file) + " --out " + q(out) + " --shard 1/2");
  const CliResult two = run_cmsim("advise " + q(file) + " --out " + q(out) + " --shard 2/2");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_FALSE(fs::exists(out / "advice.json"));
  const Json doc = advise("");
  EXPECT_EQ(last_output.find("runs done"), std::string::npos) << last_output;
  EXPECT_EQ(doc["variations"][0]["id"], "link-bandwidth-x2:CAS-P03");
}

TEST_F(Advise, BadOptionsAreInputErrorsAndNothingIsWritten) {
  for (const std::string& bad : {std::string("--target site:ZZZ"), std::string("--target everyone"),
                                 std::string("--sla soon"), std::string("--update 9999"), std::string("--factor 1"),
                                 std::string("--shard 3/2"), std::string("--set sites.CAS.type=castle")}) {
    advise(bad, 2);
    EXPECT_FALSE(fs::exists(out)) << bad;
  }
}

TEST_F(Advise, AFolderOfAnotherAdviseOrOfOtherFilesIsRefused) {
  advise("");
  const CliResult other = run_cmsim("advise " + q(file) + " --out " + q(out) + " --sla 3d");
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_NE(other.output.find("holds another advise"), std::string::npos) << other.output;
  const fs::path mine = dir.path() / "mine";
  fs::create_directories(mine);
  dir.write("mine/notes.txt", "keep");
  const CliResult refused = run_cmsim("advise " + q(file) + " --out " + q(mine));
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_EQ(read_file(mine / "notes.txt"), "keep");
  const fs::path a_file = dir.write("a-file", "keep");
  const CliResult not_a_folder = run_cmsim("advise " + q(file) + " --out " + q(a_file));
  EXPECT_EQ(not_a_folder.exit_code, 2) << not_a_folder.output;
  EXPECT_NE(not_a_folder.output.find("is not a folder"), std::string::npos) << not_a_folder.output;
  EXPECT_EQ(read_file(a_file), "keep");
}

// A second shard may start while the first has made runs/ but not yet its manifest.
TEST_F(Advise, AFolderHoldingOnlyAdvisesOwnRunsFolderIsTaken) {
  fs::create_directories(out / "runs");
  const Json doc = advise("");
  EXPECT_EQ(doc["variations"][0]["id"], "link-bandwidth-x2:CAS-P03");
}

}  // namespace
}  // namespace cmsim::test
