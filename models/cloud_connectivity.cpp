#include "cloud_connectivity.hpp"

#include <algorithm>

namespace cmsim {
namespace {

CloudFailure http_failure(int status) {
  CloudFailure f;
  f.http_status = status;
  f.reason = "proxy " + std::to_string(status);
  f.exception =
      "The remote server returned an error: (" + std::to_string(status) + ") " + http_reason_phrase(status) + ".";
  f.timeout = status == 408 || status == 598 || status == 599;
  f.tls_failure = status == 426;
  return f;
}

CloudFailure trust_failure(const std::string& reason) {
  CloudFailure f;
  f.reason = reason;
  f.exception =
      "The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.";
  f.tls_failure = true;
  return f;
}

std::optional<CloudFailure> fault_failure(const ActiveInternetFault& fault, const std::string& endpoint) {
  CloudFailure f;
  switch (fault.kind) {
    case InternetFaultKind::proxy_status:
      return http_failure(fault.status);
    case InternetFaultKind::tls:  // F4: TLS inspection by an untrusted proxy certificate
      f = trust_failure("tls inspection");
      f.exception += " The remote certificate is invalid according to the validation procedure.";
      return f;
    case InternetFaultKind::timeout:
      f.reason = "timeout";
      f.exception = "The operation has timed out";  // assumed: .NET WebException text
      f.timeout = true;
      return f;
    case InternetFaultKind::dns:
      f.reason = "dns";
      f.exception = "The remote name could not be resolved: '" + endpoint + "'";  // assumed: .NET text
      return f;
    case InternetFaultKind::blocked:
      if (!endpoint_matches(fault.endpoint, endpoint)) return std::nullopt;
      f.reason = "blocked " + endpoint;
      f.exception = "Unable to connect to the remote server";  // assumed: .NET text for a refused connection
      f.timeout = true;
      return f;
  }
  return std::nullopt;
}

// docs/modelling.md §6.1: the payload CDN (Azure Front Door) accepts TLS 1.2 with specific suites only.
bool needs_tls12(CloudOperation op, const std::string& endpoint) {
  if (op == CloudOperation::payload || op == CloudOperation::redists) return true;
  return endpoint_matches("configmgrbits.azureedge.net", endpoint) ||
         endpoint_matches("configmgrbits.cdn.manage.microsoft.com", endpoint);
}

}  // namespace

const char* endpoint_of(CloudOperation op) {
  switch (op) {
    case CloudOperation::usage_upload:
      return "sccm.manage.microsoft.com";
    case CloudOperation::manifest:
      return "go.microsoft.com";
    case CloudOperation::payload:
      return "configmgrbits.azureedge.net";
    case CloudOperation::redists:
      return "download.microsoft.com";
    case CloudOperation::endpoint_check:
      return "go.microsoft.com";
  }
  return "go.microsoft.com";
}

bool endpoint_matches(const std::string& pattern, const std::string& host) {
  if (pattern == host) return true;
  auto strip = [](std::string s) {
    for (const char* prefix : {"https://", "http://"})
      if (s.rfind(prefix, 0) == 0) s = s.substr(std::char_traits<char>::length(prefix));
    return s;
  };
  const std::string p = strip(pattern), h = strip(host);
  if (p == h) return true;
  if (p.rfind("*.", 0) == 0) {
    const std::string suffix = p.substr(1);  // ".manage.microsoft.com"
    return h.size() > suffix.size() && h.compare(h.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  return false;
}

bool set_root_cert(InternetConditions& c, const std::string& cert, CertState state) {
  if (cert != "baltimore") {
    c.digicert_g2 = state;
    return false;
  }
  if (state == CertState::ok && c.baltimore != CertState::ok) {
    c.baltimore_imported = state;
    return true;
  }
  c.baltimore = state;
  c.baltimore_imported.reset();
  return false;
}

bool root_import_takes_effect(InternetConditions& c) {
  if (!c.baltimore_imported) return false;
  c.baltimore = *c.baltimore_imported;
  c.baltimore_imported.reset();
  return true;
}

std::optional<CloudFailure> evaluate_cloud_request(const InternetConditions& c, CloudOperation op,
                                                   const std::string& endpoint_override) {
  const std::string endpoint = endpoint_override.empty() ? endpoint_of(op) : endpoint_override;
  for (const ActiveInternetFault& fault : c.faults)
    if (auto f = fault_failure(fault, endpoint)) {
      // docs/modelling.md §6.4: an endpoint check fails on the documented status codes only; with
      // any other the endpoint was reached, which is what the check is about.
      if (op == CloudOperation::endpoint_check && f->http_status != 0 && !endpoint_check_failure(f->http_status))
        continue;
      return f;
    }
  if (c.cloud_config_changed) {
    // docs/modelling.md §2.3: Microsoft changed the cloud service's configuration; dependent features fail
    // until SMS_EXECUTIVE on the SCP server restarts (assumed exception text).
    CloudFailure f;
    f.reason = "cloud service configuration changed";
    f.exception = "The cloud service configuration has changed. Restart SMS_EXECUTIVE on the service connection point.";
    return f;
  }
  for (const std::string& blocked : c.blocked)
    if (auto f = fault_failure(ActiveInternetFault{InternetFaultKind::blocked, 0, blocked}, endpoint)) return f;
  // F6: a proxy that needs credentials the computer account cannot supply.
  if (c.proxy.enabled && c.proxy.auth == "account" && !c.proxy.account_valid) return http_failure(407);
  // F1: the Intune-backed endpoints chain to Baltimore CyberTrust Root (KB 3187516), and so does
  // the usage upload to the Intune service (sccm.manage.microsoft.com): KB 3187516 says those
  // connections fail too.
  if (c.baltimore != CertState::ok)
    return trust_failure(std::string("certificate baltimore ") + to_string(c.baltimore));
  // F2: without DigiCert Global Root G2 the service signing certificate does not chain.
  if (c.digicert_g2 != CertState::ok) {
    CloudFailure f;
    f.reason = std::string("certificate digicert_g2 ") + to_string(c.digicert_g2);
    f.exception = "Failed to check and load service signing certificate. System.ArgumentException: Fail to build chain";
    f.tls_failure = true;
    return f;
  }
  // F3: the CDN serving payloads accepts TLS 1.2 only.
  if (!c.tls12 && needs_tls12(op, endpoint)) {
    CloudFailure f;
    f.reason = "tls 1.2 disabled";
    f.exception = "The underlying connection was closed: An unexpected error occurred on a send.";
    f.http_status = 426;
    f.tls_failure = true;
    return f;
  }
  return std::nullopt;
}

const char* http_reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 407:
      return "Proxy Authentication Required";
    case 408:
      return "Request Timeout";
    case 426:
      return "Upgrade Required";
    case 429:
      return "Too Many Requests";
    case 451:
      return "Unavailable For Legal Reasons";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Server Unavailable";
    case 504:
      return "Gateway Timeout";
    case 511:
      return "Network Authentication Required";
    case 598:
      return "Network Read Timeout";
    case 599:
      return "Network Connect Timeout";
    default:
      return "Error";
  }
}

// docs/modelling.md §6.4: the status codes the endpoint check reports as failures.
bool endpoint_check_failure(int status) {
  switch (status) {
    case 407:
    case 408:
    case 426:
    case 451:
    case 502:
    case 511:
    case 598:
    case 599:
      return true;
    default:
      return false;
  }
}

const char* endpoint_status_meaning(int status) {
  switch (status) {
    case 407:
    case 408:
    case 451:
    case 502:
    case 511:
      return "proxy issue";
    case 426:
      return "TLS misconfiguration";
    case 598:
    case 599:
      return "network timeout";
    default:
      return "unexpected status code";
  }
}

}  // namespace cmsim
