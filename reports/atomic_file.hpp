// Output files are replaced in one step, so a reader (or a crash mid-run) never sees a
// half-written report: either the old file or the complete new one.
#pragma once

#include <filesystem>
#include <string_view>

namespace cmsim::reports {

// Writes `content` to "<path>.tmp-<pid>" next to `path`, then renames it over `path`.
// The temporary lives in the same directory because rename() is only atomic within one
// file system. On failure the temporary is removed and std::runtime_error is thrown,
// naming the path and the system's reason.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace cmsim::reports
