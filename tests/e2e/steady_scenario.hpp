// Three sites staying on 2403 (no release) with an online SCP: expectations on versions
// hold or fail at once. The `cmsim test` suites share it.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace cmsim::test {

inline std::string steady_scenario(const std::string& name, const nlohmann::json& expect) {
  nlohmann::json j = nlohmann::json::parse(R"({
    "format": "cmsim-scenario/1", "seed": 3, "start": "2024-11-25T00:00:00Z",
    "duration": "2d", "version": "2403",
    "sites": [{"code": "CAS", "type": "cas"},
              {"code": "P01", "type": "primary", "parent": "CAS"},
              {"code": "S01", "type": "secondary", "parent": "P01"}],
    "scp": {"site": "CAS", "mode": "online"}
  })");
  j["name"] = name;
  if (!expect.is_null()) j["expect"] = expect;
  return j.dump(2);
}

}  // namespace cmsim::test
