// What both trace writers (trace.json, trace.paje) read from a finished run, in one place, so
// the two files show the same intervals under the same names: each console state lasting
// until the next, phases and faults still open at the end closed at the end of the run, and
// the site each route belongs to.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "models/results.hpp"

namespace cmsim::reports::trace {

// One interval of a track, [start_t_s, end_t_s], in simulated seconds.
struct Span {
  double start_t_s = 0;
  double end_t_s = 0;
  bool open_at_end = false;  // still going when the run ended: end_t_s is the end of the run
};

// The span of something that began at `start` and ended at `end` (empty: it lasted past the
// end of the run), clamped to [0, duration_s] and never negative.
Span span_of(double start_t_s, const std::optional<double>& end_t_s, double duration_s);

// Each state of the timeline as a span, each lasting until the next and the last until the
// end of the run.
struct StateSpan {
  Span span;
  UpdateState state = UpdateState::waiting;
};
std::vector<StateSpan> state_spans(const StateTimeline& timeline, double duration_s);

// The site whose tracks hold route `link`: the child of a parent-child WAN link ("CAS-P01"
// -> P01), the site of a remote SCP's LAN hop ("CAS-SCP-lan" -> CAS), else (internet,
// proxy+internet, a route of several names) the first top-tier site. Empty only without sites.
std::string route_owner(const Results& results, const std::string& link);

// Every route the run names (Results::links, then any other that a transfer, a link fault or
// a database replication link names), each once, in that order.
std::vector<std::string> route_names(const Results& results);

// Status messages a trace shows: warnings and errors (the informational ones are the bulk of a
// run and are in status_messages.csv).
inline bool shown_in_trace(const StatusMessage& message) { return message.severity != Severity::info; }

// The label an update goes by on a track: its version ("2409", "2409 HFRU").
inline const std::string& update_label(const UpdateResult& update) { return update.version; }

// Intervals that may overlap, laid out on as few lanes as needed so that no two on a lane
// overlap (a lane is a row in a viewer): the i-th span's lane. Spans touching at one instant
// share a lane, and so do spans of no length at one instant. Deterministic: by start time, then
// input order.
std::vector<std::size_t> assign_lanes(const std::vector<Span>& spans, std::size_t& lanes);

// Intervals that may overlap flattened into one step function for a viewer that shows one
// state at a time: at any time the interval that started last (ties: the later in the input)
// is shown; -1 where none is. Returned as (t_s, index or -1) changes in time order.
struct Shown {
  double t_s = 0;
  long index = -1;
};
std::vector<Shown> flatten(const std::vector<Span>& spans);

}  // namespace cmsim::reports::trace
