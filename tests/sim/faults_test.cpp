// Faults as planners rehearse them: what the SCP shows for each internet failure, the
// status messages and component status, and random faults that follow their MTBF and the
// seed.
#include <gtest/gtest.h>

#include <cmath>

#include "sim_harness.hpp"

namespace cmsim::test {
namespace {

constexpr double kDay = 86400.0;

Json scp_scenario(const char* version = "2403") {
  Json s = base_scenario();
  s["version"] = version;
  s["releases"] = Json::parse(
      R"([{"version": "2503", "available": "0s", "min_version": "1802", "payload": "100MB", "redists": "0"}])");
  return s;
}

std::vector<const Json*> messages(const Json& report, int id) {
  std::vector<const Json*> out;
  for (const Json& m : report["status_messages"])
    if (m["message_id"] == id) out.push_back(&m);
  return out;
}

std::string status_at(const Json& report, const std::string& component, double t_s) {
  std::string status = "ok";
  for (const Json& c : report["component_status"])
    if (c["component"] == component && c["t_s"].get<double>() <= t_s) status = c["status"];
  return status;
}

TEST(InternetFaults, Proxy407WindowRaises11488AndTheUpdateComesAtTheFirstCheckAfter) {
  Json s = scp_scenario();
  s["events"] =
      Json::parse(R"([{"at": "0s", "do": "internet_fault", "kind": "proxy_status", "status": 407, "for": "2d12h"}])");
  const Json full = simulate_with_logs(s);
  const Json& r = full["report"];
  const auto alarms = messages(r, 11488);
  ASSERT_EQ(alarms.size(), 3u);  // the checks at 0d, 1d and 2d fall inside the window
  for (const Json* m : alarms) EXPECT_LT((*m)["t_s"].get<double>(), 2.5 * kDay);
  EXPECT_EQ(status_at(r, "SMS_SERVICE_CONNECTOR", 2 * kDay), "critical");
  EXPECT_EQ(status_at(r, "SMS_SERVICE_CONNECTOR", 4 * kDay), "ok");
  EXPECT_TRUE(any_log_contains(full, "dmpdownloader.log", "(407) Proxy Authentication Required."));
  EXPECT_TRUE(any_log_contains(full, "dmpdownloader.log", "WARNING: Retry in the next polling cycle"));
  const Json* update = find_update(r, "2503");
  ASSERT_NE(update, nullptr);
  EXPECT_NEAR((*update)["ready_to_install_t_s"].get<double>(), 3 * kDay + 300, 600.0);
}

TEST(InternetFaults, VersionsBefore2002DoNotRaise11488) {
  Json s = scp_scenario("1910");
  s["events"] =
      Json::parse(R"([{"at": "0s", "do": "internet_fault", "kind": "proxy_status", "status": 407, "for": "1d12h"}])");
  const Json r = simulate_report(s);
  EXPECT_TRUE(messages(r, 11488).empty());
  EXPECT_EQ(r["scp"]["checks"][0]["outcome"], "failed");
}

struct FaultKind {
  const char* name;
  const char* setup;  // JSON merged into the scenario (an event or internet settings)
  const char* log_text;
  int endpoint_result;  // 11410/11411/11412 with tenant attach
};

void PrintTo(const FaultKind& k, std::ostream* os) { *os << k.name; }

class InternetFaultKinds : public ::testing::TestWithParam<FaultKind> {};

TEST_P(InternetFaultKinds, LogsTheDocumentedTextAndTheEndpointCheckResult) {
  Json s = scp_scenario("2409");
  s["scp"]["tenant_attach"] = true;
  s["duration"] = "2d";
  const Json setup = Json::parse(GetParam().setup);
  if (setup.contains("event")) s["events"] = Json::array({setup["event"]});
  if (setup.contains("internet")) s["internet"] = setup["internet"];
  const Json full = simulate_with_logs(s);
  EXPECT_TRUE(any_log_contains(full, "dmpdownloader.log", GetParam().log_text)) << GetParam().log_text;
  EXPECT_FALSE(messages(full["report"], GetParam().endpoint_result).empty())
      << "expected endpoint check status message " << GetParam().endpoint_result;
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, InternetFaultKinds,
    ::testing::Values(
        FaultKind{"proxy407",
                  R"({"event": {"at": "0s", "do": "internet_fault", "kind": "proxy_status", "status": 407}})",
                  "(407) Proxy Authentication Required.", 11412},
        FaultKind{"proxy502",
                  R"({"event": {"at": "0s", "do": "internet_fault", "kind": "proxy_status", "status": 502}})",
                  "(502) Bad Gateway.", 11412},
        FaultKind{"tls_inspection", R"({"event": {"at": "0s", "do": "internet_fault", "kind": "tls"}})",
                  "Could not establish trust relationship for the SSL/TLS secure channel.", 11412},
        FaultKind{"timeout", R"({"event": {"at": "0s", "do": "internet_fault", "kind": "timeout"}})",
                  "The operation has timed out", 11412},
        FaultKind{"dns", R"({"event": {"at": "0s", "do": "internet_fault", "kind": "dns"}})",
                  "The remote name could not be resolved", 11412},
        FaultKind{
            "blocked_manifest",
            R"({"event": {"at": "0s", "do": "internet_fault", "kind": "blocked", "endpoint": "go.microsoft.com"}})",
            "Unable to connect to the remote server", 11411},
        FaultKind{"baltimore_missing", R"({"internet": {"root_certs": {"baltimore": "missing"}}})",
                  "Could not establish trust relationship for the SSL/TLS secure channel.", 11412},
        FaultKind{"tls12_disabled", R"({"internet": {"tls12": false}})", "An unexpected error occurred on a send.",
                  11411}),
    [](const ::testing::TestParamInfo<FaultKind>& info) { return std::string(info.param.name); });

TEST(InternetFaults, MissingDigiCertRootFailsUploadsWith9607AndTurnsTheUploaderCritical) {
  Json s = scp_scenario();
  s["duration"] = "1d";
  s["internet"] = {{"root_certs", {{"digicert_g2", "missing"}}}};
  const Json full = simulate_with_logs(s);
  EXPECT_FALSE(messages(full["report"], 9607).empty());
  EXPECT_EQ(status_at(full["report"], "SMS_DMP_UPLOADER", kDay), "critical");
  EXPECT_TRUE(any_log_contains(full, "dmpdownloader.log", "Fail to build chain"));
}

TEST(InternetFaults, HealthyInternetPassesEveryEndpointCheck) {
  Json s = scp_scenario("2409");
  s["scp"]["tenant_attach"] = true;
  s["duration"] = "1d";
  const Json r = simulate_report(s);
  EXPECT_FALSE(messages(r, 11410).empty());
  EXPECT_TRUE(messages(r, 11412).empty());
}

TEST(InternetFaults, EndpointChecksNeedTenantAttachAnd2010) {
  Json s = scp_scenario("2006");
  s["scp"]["tenant_attach"] = true;
  s["duration"] = "1d";
  const Json r = simulate_report(s);
  EXPECT_TRUE(messages(r, 11410).empty());
}

TEST(InternetFaults, ConsoleNotificationFailsChecksUntilExecutiveRestarts) {
  Json s = scp_scenario();
  s["events"] = Json::parse(R"([{"at": "12h", "do": "console_notification"},
                                {"at": "2d6h", "do": "restart_service", "site": "CAS", "service": "SMS_EXECUTIVE"}])");
  const Json r = simulate_report(s);
  ASSERT_GE(r["scp"]["checks"].size(), 4u);
  EXPECT_EQ(r["scp"]["checks"][1]["outcome"], "failed");
  EXPECT_EQ(r["scp"]["checks"][2]["outcome"], "failed");
  EXPECT_EQ(r["scp"]["checks"][3]["outcome"], "ok");
}

TEST(SiteFaults, SiteServerRebootAppliesAPendingModeSwitch) {
  Json s = base_scenario();
  s["events"] = Json::parse(R"([{"at": "1d", "do": "set_scp_mode", "mode": "offline"},
                                {"at": "2d", "do": "site_down", "site": "CAS", "for": "30m"}])");
  const Json r = simulate_report(s);
  EXPECT_EQ(effective_mode_at(r, 2 * kDay + 1800), "offline");
  EXPECT_EQ(r["scp"]["modes"].back()["cause"], "site server reboot");
}

TEST(SiteFaults, FaultsEndingAfterTheHorizonHaveNoEnd) {
  Json s = base_scenario();
  s["events"] = Json::parse(R"([{"at": "9d", "do": "link_down", "link": "CAS-P01", "for": "5d"},
                                {"at": "9d", "do": "link_down", "link": "CAS-P01", "for": "1h"}])");
  const Json r = simulate_report(s);
  ASSERT_EQ(r["faults"].size(), 2u);
  EXPECT_TRUE(r["faults"][0]["end_t_s"].is_null());
  EXPECT_DOUBLE_EQ(r["faults"][1]["end_t_s"].get<double>(), 9 * kDay + 3600);
  // Overlapping outages: the link stays down for the longer one.
  ASSERT_FALSE(r["db_links"].empty());
  EXPECT_EQ(r["db_links"].back()["state"], "failed");
}

// ---- Random faults ---------------------------------------------------------------------------

Json random_scenario(std::uint64_t seed, const char* duration = "30d") {
  Json s = base_scenario();
  s["seed"] = seed;
  s["duration"] = duration;
  s["sites"].push_back({{"code", "P02"}, {"type", "primary"}, {"parent", "CAS"}});
  s["faults"] = Json::parse(R"({"random": [{"target": "links", "mtbf": "5d", "mttr": "4h"}]})");
  return s;
}

TEST(RandomFaults, SameSeedSameReportOtherSeedOtherFaults) {
  const Json a = simulate_report(random_scenario(11));
  const Json b = simulate_report(random_scenario(11));
  const Json c = simulate_report(random_scenario(12));
  EXPECT_EQ(a.dump(), b.dump());
  EXPECT_FALSE(a["faults"].empty());
  EXPECT_NE(a["faults"].dump(), c["faults"].dump());
}

TEST(RandomFaults, ObservedFailureCountIsWithinStatisticalBoundsOfTheMtbf) {
  // Two links over ten years with MTBF 5 d and MTTR 4 h: cycles of 5 d 4 h, so about 1,412
  // failures expected; Poisson sd is about 38. Allow 4 sd.
  const Json r = simulate_report(random_scenario(3, "3650d"));
  const double expected = 2 * 3650.0 / (5.0 + 4.0 / 24.0);
  const double observed = static_cast<double>(r["faults"].size());
  EXPECT_NEAR(observed, expected, 4 * std::sqrt(expected));
  double down_s = 0;
  for (const Json& f : r["faults"])
    if (!f["end_t_s"].is_null()) down_s += f["end_t_s"].get<double>() - f["t_s"].get<double>();
  EXPECT_NEAR(down_s / observed, 4 * 3600.0, 0.15 * 4 * 3600.0);  // mean repair time near the MTTR
}

}  // namespace
}  // namespace cmsim::test
