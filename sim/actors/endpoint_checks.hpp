// The SCP's endpoint connectivity checks (docs/modelling.md §2.6, §6.1, §6.4): from 2010 with tenant
// attach, each important endpoint is tried; 11410 when all pass, 11411 when only
// non-critical ones fail, 11412 when a critical one fails. EndpointConnectivityCheckWorker.log
// gives the reason of each failure.
#pragma once

#include <string>
#include <vector>

#include "sim/world.hpp"

namespace cmsim {

struct EndpointSpec {
  const char* host;
  bool critical;  // assumed (docs/modelling.md §6.4 [A]): the tenant-attach gateway and *.manage.microsoft.com
};

const std::vector<EndpointSpec>& checked_endpoints();

// Runs one round of checks now; returns the status message id it raised.
int run_endpoint_checks(World& world);

}  // namespace cmsim
