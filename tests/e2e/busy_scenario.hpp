// A small hierarchy that exercises most outputs: an update rolling out through four sites,
// a secondary upgraded by policy, and random faults on the WAN links and the internet
// connection. Tests of whole output folders (determinism, traces) share it.
#pragma once

#include <string>

namespace cmsim::test {

inline std::string busy_scenario_text(const std::string& name) {
  return R"({
    "format": "cmsim-scenario/1", "name": ")" +
         name + R"(", "seed": 5,
    "start": "2024-11-25T00:00:00Z", "duration": "20d", "version": "2403",
    "sites": [{"code": "CAS", "type": "cas"},
              {"code": "P01", "type": "primary", "parent": "CAS"},
              {"code": "P02", "type": "primary", "parent": "CAS"},
              {"code": "S11", "type": "secondary", "parent": "P01"}],
    "links": [{"between": ["CAS", "P02"], "bandwidth": "5Mbps"}],
    "scp": {"site": "CAS", "mode": "online"},
    "releases": [{"version": "2409", "available": "1d", "min_version": "2303", "payload": "600MB", "redists": "100MB"}],
    "admin": {"install_at_top": {"after": "2h"}, "secondary_upgrade": {"after": "1h"}},
    "faults": {"random": [{"target": "links", "mtbf": "3d", "mttr": "3h"},
                          {"target": "internet", "mtbf": "4d", "mttr": "12h"}]}
  })";
}

}  // namespace cmsim::test
