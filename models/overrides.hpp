// `--set KEY=VALUE`: changes a scenario before it is validated, addressing keys by dotted
// path. Array elements are found by their natural key: sites by code (`sites.P01.parent`),
// links by name (`links.CAS-P01.bandwidth`, created when absent), expectations by id, or
// by index (`events.0.at`).
#pragma once

#include <string>
#include <vector>

#include "json_fields.hpp"

namespace cmsim {

// Applies each override in order; a malformed one is a problem at its resolved pointer.
void apply_overrides(Json& root, const std::vector<std::string>& overrides, Problems& problems);

}  // namespace cmsim
