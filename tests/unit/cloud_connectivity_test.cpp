// Whether the SCP reaches the Microsoft cloud, and how a failure shows (docs/modelling.md §6, §9 F1-F7).
#include "models/cloud_connectivity.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace cmsim {
namespace {

// "haystack contains needle", with both shown on failure.
::testing::AssertionResult Contains(const std::string& haystack, const std::string& needle) {
  if (haystack.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << haystack << "' does not contain '" << needle << "'";
}

constexpr const char* kTrust = "Could not establish trust relationship for the SSL/TLS secure channel.";
constexpr const char* kSendError = "The underlying connection was closed: An unexpected error occurred on a send.";

constexpr CloudOperation kAllOps[] = {CloudOperation::usage_upload, CloudOperation::manifest, CloudOperation::payload,
                                      CloudOperation::redists, CloudOperation::endpoint_check};

InternetConditions with_fault(InternetFaultKind kind, int status = 0, std::string endpoint = {}) {
  InternetConditions c;
  c.faults.push_back(ActiveInternetFault{kind, status, std::move(endpoint)});
  return c;
}

TEST(CloudConnectivity, AllHealthyGoesThrough) {
  const InternetConditions c;
  for (CloudOperation op : kAllOps) EXPECT_FALSE(evaluate_cloud_request(c, op).has_value());
}

TEST(CloudConnectivity, ProxyStatus407) {
  const InternetConditions c = with_fault(InternetFaultKind::proxy_status, 407);
  for (CloudOperation op : kAllOps) {
    const auto f = evaluate_cloud_request(c, op);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->http_status, 407);
    EXPECT_EQ(f->exception, "The remote server returned an error: (407) Proxy Authentication Required.");
    EXPECT_FALSE(f->timeout);
    EXPECT_FALSE(f->tls_failure);
  }
}

TEST(CloudConnectivity, ProxyStatusOtherCodes) {
  auto f = evaluate_cloud_request(with_fault(InternetFaultKind::proxy_status, 400), CloudOperation::payload);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->exception, "The remote server returned an error: (400) Bad Request.");  // F5
  f = evaluate_cloud_request(with_fault(InternetFaultKind::proxy_status, 599), CloudOperation::manifest);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->http_status, 599);
  EXPECT_TRUE(f->timeout);
  f = evaluate_cloud_request(with_fault(InternetFaultKind::proxy_status, 502), CloudOperation::manifest);
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(Contains(f->exception, "(502) Bad Gateway."));
}

TEST(CloudConnectivity, TlsInspectionBreaksTrust) {
  const auto f = evaluate_cloud_request(with_fault(InternetFaultKind::tls), CloudOperation::payload);
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(Contains(f->exception, std::string("The underlying connection was closed: ") + kTrust));
  EXPECT_TRUE(Contains(f->exception, "The remote certificate is invalid according to the validation procedure."));
  EXPECT_TRUE(f->tls_failure);
  EXPECT_EQ(f->http_status, 0);
}

TEST(CloudConnectivity, TimeoutAndDns) {
  auto f = evaluate_cloud_request(with_fault(InternetFaultKind::timeout), CloudOperation::manifest);
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(f->timeout);
  EXPECT_TRUE(Contains(f->exception, "timed out"));

  f = evaluate_cloud_request(with_fault(InternetFaultKind::dns), CloudOperation::payload);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->reason, "dns");
  EXPECT_TRUE(Contains(f->exception, "could not be resolved"));
  EXPECT_TRUE(Contains(f->exception, endpoint_of(CloudOperation::payload)));
  EXPECT_FALSE(f->tls_failure);
}

TEST(CloudConnectivity, EndpointPatterns) {
  EXPECT_TRUE(endpoint_matches("*.manage.microsoft.com", "sccm.manage.microsoft.com"));
  EXPECT_FALSE(endpoint_matches("*.manage.microsoft.com", "manage.microsoft.com"));
  EXPECT_FALSE(endpoint_matches("*.manage.microsoft.com", "evilmanage.microsoft.com"));
  EXPECT_FALSE(endpoint_matches("*.manage.microsoft.com", "go.microsoft.com"));
  EXPECT_TRUE(endpoint_matches("https://*.manage.microsoft.com", "sccm.manage.microsoft.com"));
  EXPECT_TRUE(endpoint_matches("*.manage.microsoft.com", "https://sccm.manage.microsoft.com"));
  EXPECT_TRUE(endpoint_matches("https://go.microsoft.com", "go.microsoft.com"));
  EXPECT_TRUE(endpoint_matches("http://go.microsoft.com", "https://go.microsoft.com"));
  EXPECT_TRUE(endpoint_matches("go.microsoft.com", "go.microsoft.com"));
  EXPECT_FALSE(endpoint_matches("go.microsoft.com", "download.microsoft.com"));
}

TEST(CloudConnectivity, BlockedEndpointFailsOnlyRequestsToIt) {
  InternetConditions c;
  c.blocked = {"https://*.manage.microsoft.com"};
  const auto f = evaluate_cloud_request(c, CloudOperation::usage_upload);  // sccm.manage.microsoft.com
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(Contains(f->reason, "blocked"));
  EXPECT_TRUE(Contains(f->reason, "sccm.manage.microsoft.com"));
  EXPECT_FALSE(evaluate_cloud_request(c, CloudOperation::manifest).has_value());
  EXPECT_FALSE(evaluate_cloud_request(c, CloudOperation::payload).has_value());
  // An explicit endpoint overrides the operation's own.
  EXPECT_TRUE(evaluate_cloud_request(c, CloudOperation::endpoint_check, "gateway.manage.microsoft.com").has_value());
  EXPECT_FALSE(evaluate_cloud_request(c, CloudOperation::endpoint_check, "manage.microsoft.com").has_value());

  // The same through an internet_fault event.
  const InternetConditions ev = with_fault(InternetFaultKind::blocked, 0, "configmgrbits.azureedge.net");
  EXPECT_TRUE(evaluate_cloud_request(ev, CloudOperation::payload).has_value());
  EXPECT_FALSE(evaluate_cloud_request(ev, CloudOperation::manifest).has_value());
  EXPECT_FALSE(evaluate_cloud_request(ev, CloudOperation::redists).has_value());
}

// KB 3187516: the Intune service's connections (the usage upload to sccm.manage.microsoft.com)
// fail too.
TEST(CloudConnectivity, BaltimoreMissingIsF1ForEveryOperationTheUploadToo) {
  InternetConditions c;
  c.baltimore = CertState::missing;
  for (CloudOperation op : kAllOps) {
    const auto f = evaluate_cloud_request(c, op);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->exception, std::string("The underlying connection was closed: ") + kTrust);
    EXPECT_TRUE(f->tls_failure);
    EXPECT_TRUE(Contains(f->reason, "baltimore"));
    EXPECT_TRUE(Contains(f->reason, "missing"));
  }
  c.baltimore = CertState::expired;
  const auto f = evaluate_cloud_request(c, CloudOperation::payload);
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(Contains(f->reason, "expired"));
}

// KB 3187516 Resolution: import the root, then "Restart the computer". Until the SCP's
// computer restarts, every request still fails on the missing root.
TEST(CloudConnectivity, AnImportedBaltimoreRootIsUsedOnlyAfterTheComputerRestarts) {
  InternetConditions c;
  c.baltimore = CertState::missing;
  EXPECT_TRUE(set_root_cert(c, "baltimore", CertState::ok));
  EXPECT_TRUE(evaluate_cloud_request(c, CloudOperation::manifest).has_value());
  EXPECT_TRUE(root_import_takes_effect(c));
  EXPECT_FALSE(evaluate_cloud_request(c, CloudOperation::manifest).has_value());
  EXPECT_FALSE(root_import_takes_effect(c));  // nothing pending any more
}

// A root that expires or is removed fails at once; a new change replaces a pending import.
TEST(CloudConnectivity, ABrokenRootAndTheDigicertRootChangeAtOnce) {
  InternetConditions c;
  EXPECT_FALSE(set_root_cert(c, "baltimore", CertState::expired));
  EXPECT_TRUE(evaluate_cloud_request(c, CloudOperation::payload).has_value());
  EXPECT_TRUE(set_root_cert(c, "baltimore", CertState::ok));
  EXPECT_FALSE(set_root_cert(c, "baltimore", CertState::corrupt));
  EXPECT_FALSE(root_import_takes_effect(c));
  EXPECT_EQ(c.baltimore, CertState::corrupt);
  EXPECT_FALSE(set_root_cert(c, "digicert_g2", CertState::missing));
  EXPECT_EQ(c.digicert_g2, CertState::missing);
  EXPECT_FALSE(set_root_cert(c, "digicert_g2", CertState::ok));
  EXPECT_EQ(c.digicert_g2, CertState::ok);
}

// "A failure isn't always determined by the HTTP status code": a status outside the documented
// ones means the endpoint answered, so the endpoint check passes; a download still fails on it.
TEST(CloudConnectivity, AnUndocumentedStatusWithConnectivityIsNotAFailedEndpointCheck) {
  InternetConditions c;
  c.faults.push_back({InternetFaultKind::proxy_status, 404, ""});
  EXPECT_FALSE(evaluate_cloud_request(c, CloudOperation::endpoint_check, "aka.ms/configmgrgateway").has_value());
  EXPECT_TRUE(evaluate_cloud_request(c, CloudOperation::manifest).has_value());
  c.faults.front().status = 407;
  EXPECT_TRUE(evaluate_cloud_request(c, CloudOperation::endpoint_check, "aka.ms/configmgrgateway")
                  .has_value());  // The failing codes and the causes the log names for them are one list.
  for (int status = 100; status < 600; ++status)
    EXPECT_EQ(endpoint_check_failure(status), std::string(endpoint_status_meaning(status)) != "unexpected status code")
        << status;
}

TEST(CloudConnectivity, DigicertG2MissingIsF2ForEveryOperation) {
  InternetConditions c;
  c.digicert_g2 = CertState::missing;
  for (CloudOperation op : kAllOps) {
    const auto f = evaluate_cloud_request(c, op);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->exception,
              "Failed to check and load service signing certificate. System.ArgumentException: Fail to build chain");
  }
}

TEST(CloudConnectivity, Tls12OffFailsPayloadAndRedistsButNotTheManifest) {
  InternetConditions c;
  c.tls12 = false;
  for (CloudOperation op : {CloudOperation::payload, CloudOperation::redists}) {
    const auto f = evaluate_cloud_request(c, op);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->exception, kSendError);  // F3
    EXPECT_EQ(f->http_status, 426);
    EXPECT_TRUE(f->tls_failure);
  }
  EXPECT_FALSE(evaluate_cloud_request(c, CloudOperation::manifest).has_value());
  EXPECT_FALSE(evaluate_cloud_request(c, CloudOperation::usage_upload).has_value());
}

TEST(CloudConnectivity, ProxyAccountInvalidIs407) {
  InternetConditions c;
  c.proxy.enabled = true;
  c.proxy.auth = "account";
  c.proxy.account_valid = false;
  for (CloudOperation op : kAllOps) {
    const auto f = evaluate_cloud_request(c, op);
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->http_status, 407);
    EXPECT_TRUE(Contains(f->exception, "(407) Proxy Authentication Required."));
  }
  c.proxy.account_valid = true;
  EXPECT_FALSE(evaluate_cloud_request(c, CloudOperation::payload).has_value());
  c.proxy.account_valid = false;
  c.proxy.enabled = false;  // no proxy in the path: its account does not matter
  EXPECT_FALSE(evaluate_cloud_request(c, CloudOperation::payload).has_value());
}

TEST(CloudConnectivity, CloudConfigChangedFailsUntilRestart) {
  InternetConditions c;
  c.cloud_config_changed = true;
  for (CloudOperation op : kAllOps) {
    const auto f = evaluate_cloud_request(c, op);
    ASSERT_TRUE(f.has_value());
    EXPECT_TRUE(Contains(f->exception, "SMS_EXECUTIVE"));
  }
  c.cloud_config_changed = false;
  EXPECT_FALSE(evaluate_cloud_request(c, CloudOperation::manifest).has_value());
}

TEST(CloudConnectivity, EndpointStatusMeaningFollowsTheTable) {
  for (int code : {407, 408, 451, 502, 511}) EXPECT_STREQ(endpoint_status_meaning(code), "proxy issue") << code;
  EXPECT_STREQ(endpoint_status_meaning(426), "TLS misconfiguration");
  EXPECT_STREQ(endpoint_status_meaning(598), "network timeout");
  EXPECT_STREQ(endpoint_status_meaning(599), "network timeout");
  EXPECT_STRNE(endpoint_status_meaning(404), "proxy issue");
  EXPECT_STREQ(http_reason_phrase(407), "Proxy Authentication Required");
  EXPECT_STREQ(http_reason_phrase(426), "Upgrade Required");
}

}  // namespace
}  // namespace cmsim
