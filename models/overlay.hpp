// A scenario overlay (docs/scenario.md §1.11): a JSON file of dotted keys, as `--set` takes
// them, that `cmsim calibrate` writes and `cmsim run --overlay` applies.
//
//   {"format": "cmsim-overlay/1",
//    "set": {"links.CAS-P01.bandwidth": "93.2Mbps", "model.install": "3612s"},
//    ...anything else (calibrate's evidence) is ignored}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/problems.hpp"

namespace cmsim {

inline constexpr const char* kOverlayFormat = "cmsim-overlay/1";
inline constexpr std::uint64_t kMaxOverlayFile_bytes = 64ull * 1024 * 1024;

// The overlay's `set` as KEY=VALUE strings for apply_overrides (each VALUE is the JSON text
// of the value, so a string stays a string and a number a number), sorted by key.
// nullopt with problems (pointers into the overlay) when the file cannot be read or is not
// an overlay.
std::optional<std::vector<std::string>> overlay_overrides_from_text(const std::string& text, Problems& problems);
std::optional<std::vector<std::string>> read_overlay_file(const std::string& path, Problems& problems);

}  // namespace cmsim
