// Whether the SCP can reach the Microsoft cloud for one operation, given the internet
// conditions at that moment, and if not, how the product shows it (docs/modelling.md §6, §9 F1-F7).
// Pure: the simulator keeps the conditions current and asks before each request.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenario.hpp"

namespace cmsim {

// An internet_fault in force (docs/scenario.md §2.4).
struct ActiveInternetFault {
  InternetFaultKind kind = InternetFaultKind::timeout;
  int status = 0;        // proxy_status
  std::string endpoint;  // blocked
};

struct InternetConditions {
  bool tls12 = true;
  CertState baltimore = CertState::ok;
  CertState digicert_g2 = CertState::ok;
  // KB 3187516: a Baltimore root imported into the SCP computer's store, not in use before
  // that computer restarts.
  std::optional<CertState> baltimore_imported;
  Proxy proxy;
  std::vector<std::string> blocked;
  std::vector<ActiveInternetFault> faults;
  bool cloud_config_changed = false;  // console notification pending an SMS_EXECUTIVE restart (docs/modelling.md §2.3)
};

// docs/modelling.md §6.2: set_root_cert. Importing the Baltimore root after it was missing,
// expired or corrupt waits for the SCP's computer to restart (KB 3187516 Resolution, step
// 10); a root that goes bad, and the DigiCert G2 root, change at once. Returns whether the
// change waits for a restart.
bool set_root_cert(InternetConditions& conditions, const std::string& cert, CertState state);
// The SCP's computer restarted: a pending import is now in use. Returns whether there was one.
bool root_import_takes_effect(InternetConditions& conditions);

enum class CloudOperation { usage_upload, manifest, payload, redists, endpoint_check };

// The endpoint an operation talks to first (docs/modelling.md §3.3-3.4, §6.1).
const char* endpoint_of(CloudOperation op);

struct CloudFailure {
  std::string reason;     // short, for report.json: "proxy 407", "tls", "certificate baltimore missing", ...
  std::string exception;  // the .NET exception text the log shows
  int http_status = 0;    // for endpoint checks; 0 when the failure is not an HTTP status
  bool tls_failure = false;
  bool timeout = false;
};

// nullopt: the request goes through. `endpoint` defaults to endpoint_of(op).
std::optional<CloudFailure> evaluate_cloud_request(const InternetConditions& conditions, CloudOperation op,
                                                   const std::string& endpoint = {});

// The standard reason phrase of an HTTP status, for the log's "(407) Proxy Authentication Required.".
const char* http_reason_phrase(int status);

// docs/modelling.md §6.4: the likely cause CMTrace readers are told for an endpoint-check status code.
const char* endpoint_status_meaning(int status);
// Whether an endpoint check fails on this status: the documented codes (407, 408, 426, 451,
// 502, 511, 598, 599) do; any other means the endpoint answered.
bool endpoint_check_failure(int status);

// Whether a host name matches an endpoint pattern such as "*.manage.microsoft.com".
bool endpoint_matches(const std::string& pattern, const std::string& host);

}  // namespace cmsim
