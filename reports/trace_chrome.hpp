// trace.json (docs/scenario.md §4.10): a finished run in Chrome's Trace Event Format, for
// Perfetto (ui.perfetto.dev) and chrome://tracing. One process per site server, in the
// hierarchy's order, with a thread (a row) per update's console state, Show Status phase and
// step, per route into the site, and its warnings and errors; beside them the hierarchy (each
// update's Updates and Servicing state, expansions), the service connection point and the
// cloud. States, phases, transfers and faults are complete ("X") slices, status messages
// instant ("i") events; times are microseconds of simulated time since the scenario start.
// Overlapping slices of one kind (transfers sharing a link) go on extra rows "<name> (2)", ...
// so every row nests properly. The same record gives the same bytes.
#pragma once

#include <string>

#include "models/results.hpp"
#include "reports/atomic_file.hpp"

namespace cmsim::reports {

void write_trace_chrome(const Results& results, const TextDrain& drain);
std::string trace_chrome_text(const Results& results);

}  // namespace cmsim::reports
