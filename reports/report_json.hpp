// report.json (spec §4.1): the public, deterministic record of one run. Key names and
// their order are the contract; same Results in, same bytes out.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "models/results.hpp"

namespace cmsim::reports {

// Keys in spec §4.1 order. Times never reached, an empty top-tier parent and a missing
// SCP site come out as null.
nlohmann::ordered_json report_to_json(const Results& results);

// report_to_json indented by 2, with a trailing newline.
std::string report_json_text(const Results& results);

}  // namespace cmsim::reports
