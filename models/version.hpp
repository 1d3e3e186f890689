#pragma once

namespace cmsim {
// Bumped with each release of the tool; recorded in run.json.
inline constexpr const char* kCmsimVersion = "0.1.0";
}  // namespace cmsim
