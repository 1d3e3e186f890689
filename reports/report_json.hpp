// report.json (docs/scenario.md §4.1): the public, deterministic record of one run. Key names and
// their order are the contract; same Results in, same bytes out.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "models/link_usage.hpp"
#include "models/results.hpp"
#include "reports/atomic_file.hpp"

namespace cmsim::reports {

// Keys in docs/scenario.md §4.1 order. Times never reached, an empty top-tier parent and a missing
// SCP site come out as null.
nlohmann::ordered_json report_to_json(const Results& results);

// The report's text: top-level keys one per line, records one per line, a trailing newline.
std::string report_json_text(const Results& results);
// The same text handed to `drain` in chunks, for reports too large to hold in memory.
// `usage`: the run's link usage when the caller already has it (it is costly with business
// traffic on thousands of links); computed here otherwise.
void write_report_json(const Results& results, const TextDrain& drain, const LinkUsage* usage = nullptr);

}  // namespace cmsim::reports
