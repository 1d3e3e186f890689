#include "sim/actors/endpoint_checks.hpp"

#include "models/components.hpp"
#include "models/release_catalog.hpp"
#include "models/status_ids.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_endpoints, cmsim, "the endpoint connectivity checks");

namespace cmsim {
namespace {

constexpr const char* kLog = "EndpointConnectivityCheckWorker.log";
constexpr const char* kComponent = component::kServiceConnector;

std::string failure_text(const EndpointSpec& e, const CloudFailure& f) {
  std::string why;
  if (f.http_status != 0)
    why =
        "unexpected status code " + std::to_string(f.http_status) + " (" + endpoint_status_meaning(f.http_status) + ")";
  else if (f.tls_failure)
    why = "SSL/TLS failure: " + f.exception;
  else if (f.timeout)
    why = "connection timeout";
  else
    why = f.exception;
  return std::string("Failed to connect to ") + (e.critical ? "critical" : "non-critical") + " endpoint https://" +
         e.host + ": " + why;
}

}  // namespace

const std::vector<EndpointSpec>& checked_endpoints() {
  // docs/modelling.md §6.1: updates and servicing plus tenant attach.
  static const std::vector<EndpointSpec> kEndpoints{
      {"aka.ms/configmgrgateway", true},
      {"sccm.manage.microsoft.com", true},
      {"go.microsoft.com", false},
      {"download.microsoft.com", false},
      {"configmgrbits.azureedge.net", false},
      {"dc.services.visualstudio.com", false},
  };
  return kEndpoints;
}

int run_endpoint_checks(World& world) {
  const std::string& site = world.top_tier;
  const std::string server = world.scp_server();  // the worker runs on the SCP computer
  bool critical_failed = false, other_failed = false;
  std::string reasons;
  for (const EndpointSpec& e : checked_endpoints()) {
    const auto failure = evaluate_cloud_request(world.internet, CloudOperation::endpoint_check, e.host);
    if (!failure) {
      world.rec.log(server, kLog, kComponent, Severity::info,
                    std::string("Successfully connected to https://") + e.host, LogFraming::cmtrace);
      continue;
    }
    XBT_VERB("%s: %s endpoint %s unreachable: %s", site.c_str(), e.critical ? "critical" : "non-critical", e.host,
             failure->reason.c_str());
    (e.critical ? critical_failed : other_failed) = true;
    const std::string text = failure_text(e, *failure);
    reasons += (reasons.empty() ? "" : "; ") + text;
    world.rec.log(server, kLog, kComponent, e.critical ? Severity::error : Severity::warning, text,
                  LogFraming::cmtrace);
  }
  if (critical_failed) {
    world.rec.status_message(site, kComponent, kLog, status_id::kEndpointCriticalFailed, Severity::error,
                             "One or more critical endpoint checks failed: " + reasons, LogFraming::cmtrace, server);
    // docs/modelling.md §2.6: a required endpoint of a cloud service (tenant attach) out of
    // reach raises 11488 and turns the connector critical, as a failed sync does.
    if (compare_versions(world.top_version(), kVersionRaises11488) >= 0) {
      world.rec.status_message(site, kComponent, kLog, status_id::kCloudServiceConnectFailed, Severity::error,
                               "The site failed to connect to required endpoints for a cloud service: " + reasons,
                               LogFraming::cmtrace, server);
      world.rec.component_status(site, kComponent, ComponentStatus::critical);
    }
    return status_id::kEndpointCriticalFailed;
  }
  if (other_failed) {
    world.rec.status_message(site, kComponent, kLog, status_id::kEndpointNonCriticalFailed, Severity::warning,
                             "One or more non-critical endpoint checks failed: " + reasons, LogFraming::cmtrace,
                             server);
    return status_id::kEndpointNonCriticalFailed;
  }
  world.rec.status_message(site, kComponent, kLog, status_id::kEndpointChecksPassed, Severity::info,
                           "All endpoint connectivity checks succeeded", LogFraming::cmtrace, server);
  return status_id::kEndpointChecksPassed;
}

}  // namespace cmsim
