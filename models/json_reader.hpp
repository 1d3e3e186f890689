// Reads a scenario's JSON text strictly: a number too large to hold, a key given twice in one
// object, or nesting deeper than any scenario needs is a problem at its JSON pointer (not an
// exception, not "last key wins"), and malformed text is reported with its line and column.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "models/json_fields.hpp"
#include "models/problems.hpp"

namespace cmsim {

// Deeper than any scenario (events' objects are 3 levels down); a 100,000-deep array would
// otherwise be built, quoted and destroyed recursively.
inline constexpr std::size_t kMaxJsonDepth = 64;

std::optional<Json> read_json_strictly(const std::string& text, Problems& problems);

}  // namespace cmsim
