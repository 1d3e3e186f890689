// `cmsim calibrate LOGDIR... --out FILE` and `cmsim run --overlay FILE` (docs/scenario.md
// §1.11): a run with known link bandwidths and step durations writes its logs; calibrate reads
// them back and recovers each within 5 %; the overlay applied to a scenario of defaults gives
// a run whose logs calibrate to the same values. Bad input exits 2 with a message.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// The shared fixture without random faults, with timings and bandwidths that are none of the
// defaults, so a value recovered cannot be a default showing through.
Json known_scenario() {
  Json j = Json::parse(read_file(fs::path(CMSIM_SOURCE_DIR) / "tests/fixtures/small-cas.json"));
  j.erase("faults");
  j["name"] = "known";
  j["links"] = Json::array(
      {{{"between", {"CAS", "P01"}}, {"bandwidth", "80Mbps"}}, {{"between", {"CAS", "P02"}}, {"bandwidth", "30Mbps"}}});
  j["scp"]["check_interval"] = "12h";
  j["model"] = {{"manifest_processing", "3m"}, {"payload_extraction", "7m"},
                {"esp_snapshot", "12m"},       {"despool", "4m"},
                {"prereq_check", "20m"},       {"install", "50m"}};
  return j;
}

// The truth each key must be recovered to, in bytes/s or seconds.
const std::map<std::string, double>& truth() {
  static const std::map<std::string, double> kTruth = {
      {"links.CAS-P01.bandwidth", 80e6 / 8},   {"links.CAS-P02.bandwidth", 30e6 / 8},
      {"model.manifest_processing", 3 * 60.0}, {"model.payload_extraction", 7 * 60.0},
      {"model.esp_snapshot", 12 * 60.0},       {"model.despool", 4 * 60.0},
      {"model.prereq_check", 20 * 60.0},       {"model.install", 50 * 60.0},
      {"scp.check_interval", 12 * 3600.0}};
  return kTruth;
}

double estimated(const Json& overlay, const std::string& key) {
  for (const Json& e : overlay["estimates"])
    if (e["key"] == key) return e.contains("bytes_per_s") ? e["bytes_per_s"].get<double>() : e["seconds"].get<double>();
  ADD_FAILURE() << key << " was not estimated";
  return 0;
}

void expect_recovered(const Json& overlay) {
  for (const auto& [key, value] : truth()) {
    const double got = estimated(overlay, key);
    EXPECT_LE(std::abs(got - value), 0.05 * value) << key << ": estimated " << got << ", simulated with " << value;
    EXPECT_TRUE(overlay["set"].contains(key)) << key;
  }
}

class Calibrate : public ::testing::Test {
 protected:
  fs::path simulate(const Json& scenario, const std::string& name, const std::string& extra = "") {
    const fs::path file = dir_.write(name + ".json", scenario.dump(2));
    const CliResult r = run_cmsim("run " + q(file) + " --out " + q(dir_.path() / name) + extra);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return dir_.path() / name / "logs";
  }
  TempDir dir_;
};

TEST_F(Calibrate, RecoversTheSimulatedBandwidthsAndTimingsAndTheOverlayReproducesThem) {
  const fs::path logs = simulate(known_scenario(), "known");
  const fs::path overlay_file = dir_.path() / "overlay.json";
  const CliResult r =
      run_cmsim("calibrate " + q(logs) + " --network-model CM02 --no-crosstraffic --out " + q(overlay_file));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("links.CAS-P02.bandwidth = "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("overlay: " + overlay_file.string()), std::string::npos) << r.output;
  const Json overlay = Json::parse(read_file(overlay_file));
  EXPECT_EQ(overlay["format"], "cmsim-overlay/1");
  expect_recovered(overlay);
  EXPECT_EQ(overlay["logs"]["ignored_lines"], 0);  // cmsim's own lines all parse
  for (const Json& e : overlay["estimates"]) {
    EXPECT_GE(e["spread"]["samples"].get<int>(), 1) << e["key"];
    EXPECT_LE(e["spread"]["min"].get<double>(), e["spread"]["median"].get<double>()) << e["key"];
    EXPECT_LE(e["spread"]["median"].get<double>(), e["spread"]["max"].get<double>()) << e["key"];
  }

  // The same hierarchy with every default, and the overlay on top: its logs say the same.
  Json defaults = known_scenario();
  defaults.erase("model");
  defaults.erase("links");
  defaults["scp"].erase("check_interval");
  defaults["name"] = "defaults";
  const fs::path again = simulate(defaults, "defaults", " --overlay " + q(overlay_file));
  const CliResult r2 = run_cmsim("calibrate " + q(again) + " --network-model CM02 --no-crosstraffic");
  ASSERT_EQ(r2.exit_code, 0) << r2.output;
  const auto json_end = r2.output.rfind("}\n");  // stdout is the overlay; the summary follows on stderr
  ASSERT_NE(json_end, std::string::npos) << r2.output;
  expect_recovered(Json::parse(r2.output.substr(0, json_end + 2)));
}

// Under the default engine (LV08 with cross traffic) a sending gets about 92 % of its link's
// bandwidth; the overlay's bandwidth is the one that gives the logged throughput there, so it
// is the simulated bandwidth again.
TEST_F(Calibrate, UnderTheDefaultEngineTheBandwidthSetIsTheSimulatedOne) {
  Json scenario = known_scenario();
  scenario.erase("engine");
  const fs::path logs = simulate(scenario, "lv08");
  const CliResult r = run_cmsim("calibrate " + q(logs) + " --out " + q(dir_.path() / "o.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const Json overlay = Json::parse(read_file(dir_.path() / "o.json"));
  EXPECT_EQ(overlay["engine"]["network_model"], "LV08");
  for (const char* key : {"links.CAS-P01.bandwidth", "links.CAS-P02.bandwidth"}) {
    const double simulated = truth().at(key);
    for (const Json& e : overlay["estimates"]) {
      if (e["key"] != key) continue;
      EXPECT_LT(e["bytes_per_s"].get<double>(), 0.95 * simulated) << key << ": the engine's share shows";
      EXPECT_NEAR(e["bandwidth_bytes_per_s"].get<double>(), simulated, 0.05 * simulated) << key;
    }
  }
}

// The same logs give the same overlay, byte for byte (no wall-clock time, no order of the
// file system's listing).
TEST_F(Calibrate, TheSameLogsGiveTheSameOverlay) {
  const fs::path logs = simulate(known_scenario(), "known");
  ASSERT_EQ(run_cmsim("calibrate " + q(logs) + " --out " + q(dir_.path() / "a.json")).exit_code, 0);
  ASSERT_EQ(run_cmsim("calibrate " + q(logs / "P02") + " " + q(logs / "CAS") + " " + q(logs / "P01") + " --out " +
                      q(dir_.path() / "b.json"))
                .exit_code,
            0);
  const Json a = Json::parse(read_file(dir_.path() / "a.json")), b = Json::parse(read_file(dir_.path() / "b.json"));
  EXPECT_EQ(a["set"], b["set"]);
  ASSERT_EQ(run_cmsim("calibrate " + q(logs) + " --out " + q(dir_.path() / "c.json")).exit_code, 0);
  EXPECT_EQ(read_file(dir_.path() / "a.json"), read_file(dir_.path() / "c.json"));
}

TEST_F(Calibrate, BadInputIsRefusedWithExitTwo) {
  const CliResult missing = run_cmsim("calibrate " + q(dir_.path() / "nowhere"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("nowhere: no such folder"), std::string::npos) << missing.output;

  fs::create_directories(dir_.path() / "empty" / "P01");
  dir_.write("empty/P01/notes.txt", "not a log");
  const CliResult empty = run_cmsim("calibrate " + q(dir_.path() / "empty"));
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_NE(empty.output.find("no readable logs"), std::string::npos) << empty.output;

  fs::create_directories(dir_.path() / "garbled" / "CAS");
  dir_.write("garbled/CAS/sender.log", "this is not\na ConfigMgr log\n");
  const CliResult garbled =
      run_cmsim("calibrate " + q(dir_.path() / "garbled") + " --out " + q(dir_.path() / "o.json"));
  EXPECT_EQ(garbled.exit_code, 2);
  EXPECT_NE(garbled.output.find("no readable log line"), std::string::npos) << garbled.output;
  EXPECT_FALSE(fs::exists(dir_.path() / "o.json"));  // no partial output
}

TEST_F(Calibrate, AMalformedOverlayIsRefusedBeforeAnythingRuns) {
  const fs::path scenario = dir_.write("s.json", known_scenario().dump());
  const fs::path out = dir_.path() / "out";
  const fs::path broken = dir_.write("broken.json", "{\"format\": \"cmsim-overlay/1\", \"set\": ");
  CliResult r = run_cmsim("run " + q(scenario) + " --out " + q(out) + " --overlay " + q(broken));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(broken.string() + ":"), std::string::npos) << r.output;
  const fs::path wrong = dir_.write("wrong.json", R"({"format": "cmsim-overlay/1", "set": ["model.install=5m"]})");
  r = run_cmsim("run " + q(scenario) + " --out " + q(out) + " --overlay " + q(wrong));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(wrong.string() + ": /set: is an array"), std::string::npos) << r.output;
  const fs::path bad_value =
      dir_.write("bad.json", R"({"format": "cmsim-overlay/1", "set": {"model.install": "soon"}})");
  r = run_cmsim("run " + q(scenario) + " --out " + q(out) + " --overlay " + q(bad_value));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("/model/install"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("with the overlay"), std::string::npos) << r.output;
  r = run_cmsim("run " + q(scenario) + " --out " + q(out) + " --overlay " + q(dir_.path() / "absent.json"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(out));
}

// --set comes after the overlay and wins, as a planner's explicit choice should.
TEST_F(Calibrate, SetOverridesTheOverlay) {
  const fs::path overlay =
      dir_.write("o.json", R"({"format": "cmsim-overlay/1", "set": {"links.CAS-P01.bandwidth": "1Mbps"}})");
  const fs::path logs =
      simulate(known_scenario(), "set", " --overlay " + q(overlay) + " --set links.CAS-P01.bandwidth=80Mbps");
  const CliResult r = run_cmsim("calibrate " + q(logs) + " --out " + q(dir_.path() / "c.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const double got = estimated(Json::parse(read_file(dir_.path() / "c.json")), "links.CAS-P01.bandwidth");
  EXPECT_NEAR(got, 80e6 / 8, 0.05 * 80e6 / 8);
}

}  // namespace
}  // namespace cmsim::test
