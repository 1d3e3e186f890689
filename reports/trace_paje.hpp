// trace.paje (docs/scenario.md §4.10): a finished run in the Paje trace format, for PajeNG
// (pj_dump, pj_gantt) and ViTE. The header defines the events used (%EventDef ...
// %EndEventDef); then the types: a container per site inside the hierarchy, and inside each
// site its site server and the routes into it; state types for each update's console state
// and Show Status phase per site (and Updates and Servicing on the hierarchy), the site
// server's outages and service connection point mode, each route's faults and database
// replication state; variables per route (bytes in flight, transfers in flight,
// utilization); and an event type for warnings and errors. Then every event in time order,
// times in simulated seconds since the scenario start. The same record gives the same bytes.
#pragma once

#include <string>

#include "models/results.hpp"
#include "reports/atomic_file.hpp"

namespace cmsim::reports {

void write_trace_paje(const Results& results, const TextDrain& drain);
std::string trace_paje_text(const Results& results);

// A Paje string field: always quoted; a double quote inside becomes ' and line breaks and
// tabs spaces, since the format has no escapes.
std::string paje_string(std::string_view text);

}  // namespace cmsim::reports
