// Parsing `cmsim sweep`'s --vary and --shard options into the sweep plan's terms.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/sweep_plan.hpp"

namespace cmsim::sweep {

// "KEY=V1,V2,...". Commas inside [...], {...} or "..." do not split, so a JSON value such
// as [1,2] stays one value. Sets `error` and returns nullopt on an empty key, an empty
// value list or value, or a repeated value.
std::optional<Axis> parse_vary(const std::string& text, std::string& error);

// All --vary options; every problem is appended to `errors` (one line each). A key given
// twice, or `seed` (seeds come from --replicas), is a problem.
std::vector<Axis> parse_vary_list(const std::vector<std::string>& texts, std::vector<std::string>& errors);

// "I/N" with 1 <= I <= N. An empty text is the whole sweep, 1/1.
std::optional<Shard> parse_shard(const std::string& text, std::string& error);

}  // namespace cmsim::sweep
