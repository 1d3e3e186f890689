// Reads a scenario file into a validated Scenario, or lists every problem in it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "problems.hpp"
#include "scenario.hpp"

namespace cmsim {

// Limits of what is read at all (docs/scenario.md §2): a larger file, more events or deeper
// nesting is refused with a problem rather than read until memory runs out.
inline constexpr std::uint64_t kMaxScenarioFile_bytes = 256ull * 1024 * 1024;
inline constexpr std::size_t kMaxEvents = 1000000;

struct LoadResult {
  std::string file;
  std::optional<Scenario> scenario;  // set only when there are no problems
  Problems problems;
};

// `overrides` are `KEY=VALUE` strings from --set / --vary, addressing keys by dotted path
// (`internet.bandwidth`, `links.CAS-P01.bandwidth`, `sites.P01.parent`, `scp.mode`). VALUE is
// read as JSON when it parses as JSON, else as a string.
// The file's text, or nullopt with a problem when it is not a regular file within
// kMaxScenarioFile_bytes (a FIFO would block, /dev/zero would never end) or cannot be read.
std::optional<std::string> read_scenario_text(const std::string& path, Problems& problems);
LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {});
// As load_scenario_file, with every check, for `validate`: of /events the scenario keeps only
// those that add sites or links, since nothing plays them (a million 850-byte Events is 850 MB).
LoadResult check_scenario_file(const std::string& path);
LoadResult load_scenario_text(const std::string& text, const std::string& file,
                              const std::vector<std::string>& overrides = {});

}  // namespace cmsim
