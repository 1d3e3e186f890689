// Checks a scenario's `expect` list (docs/scenario.md §2.5) against what a run produced. Pure: reads a
// finished Results record, so `cmsim test` can check in any process and tests can feed
// hand-built records.
//
// Semantics, per kind (times are simulated seconds since the scenario start; `by` defaults
// to the end of the run; a timeline value "at T" is the last change with t_s <= T):
// - site_version: each named site (or every site for "*") is on `version` or a later one
//   at `by`. Versions only go up, so this is "its history reached `version`".
// - update_state: the update's console state (Updates and Servicing; with `site`, that
//   site's Show Status state) at `by`, read from the timeline the run recorded. With
//   `reached`, whether it was in that state at any time up to `by`.
// - propagation: from Ready to install (Available to download when it never got there)
//   to installed at the top tier / on all primaries / on all sites, at most `max`.
// - status_message: the number of messages `message_id` (at `site`, any site when empty or
//   "*") is within [min, max].
// - component_status: the status of `component` at `site` at `at`, "ok" before its first
//   change. Without a site (or "*"), the worst status over all sites, so "critical" means
//   "critical somewhere" and "ok" means "ok everywhere".
// - effective_mode: the SCP's effective mode at `at`; before the first recorded change,
//   the scenario's scp.mode (at start, configured and effective agree).
// - link_state: the database replication link's state at `at`, "active" before any change.
// - no_status_severity: no status message of that severity at all.
#pragma once

#include <string>
#include <vector>

#include "results.hpp"
#include "scenario.hpp"

namespace cmsim {

// One result per expectation, in the scenario's order. `detail` reads
// "expected X; got Y" for passes and failures alike, so a CI reader sees both.
std::vector<ExpectationResult> evaluate_expectations(const Scenario& scenario, const Results& results);

// The `kind` word of the scenario file ("site_version", ...).
const char* to_string(ExpectationKind kind);

}  // namespace cmsim
