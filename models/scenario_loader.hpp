// Reads a scenario file into a validated Scenario, or lists every problem in it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "problems.hpp"
#include "scenario.hpp"

namespace cmsim {

struct LoadResult {
  std::string file;
  std::optional<Scenario> scenario;  // set only when there are no problems
  Problems problems;
};

// `overrides` are `KEY=VALUE` strings from --set / --vary, addressing keys by dotted path
// (`internet.bandwidth`, `links.CAS-P01.bandwidth`, `sites.P01.parent`, `scp.mode`). VALUE is
// read as JSON when it parses as JSON, else as a string.
LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {});
LoadResult load_scenario_text(const std::string& text, const std::string& file,
                              const std::vector<std::string>& overrides = {});

}  // namespace cmsim
