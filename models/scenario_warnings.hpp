// What in a scenario keeps updates from flowing or is close to a product limit, as plain
// sentences (no SCP, an offline SCP without import, no install policy, TLS 1.2 off, a site
// near the 25 / 250 limits, ...). `cmsim compare` lists them per side; `cmsim run` gives them
// when no site installed an update.
#pragma once

#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace cmsim {

std::vector<std::string> scenario_warnings(const Scenario& scenario);

}  // namespace cmsim
