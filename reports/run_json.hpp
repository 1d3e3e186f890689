// run.json: the wall-clock side of a run (docs/scenario.md §4), kept out of report.json so that one
// stays byte-identical for the same scenario and seed.
#pragma once

#include <string>

#include "models/results.hpp"

namespace cmsim::reports {

// {"format": "cmsim-run/1", "wall_s", "events", "peak_rss_bytes", "cmsim_version",
// "engine_version"}, indented by 2, with a trailing newline.
std::string run_json_text(const RunStats& stats, const std::string& cmsim_version, const std::string& engine_version);

}  // namespace cmsim::reports
