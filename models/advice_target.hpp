// What `cmsim advise` measures (docs/scenario.md §1.10): the target a planner names, and the
// small digest of one run it is measured on. A run's digest is made in the process that
// simulated it; only the digest crosses back, and it is what a resumed advise reads again.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/critical_path.hpp"
#include "models/results.hpp"
#include "models/scenario.hpp"

namespace cmsim::advice {

// Whose upgrade is the goal: every site (the default), the CAS and every primary, or one site.
enum class TargetKind { all_sites, all_primaries, site };

struct Target {
  TargetKind kind = TargetKind::all_sites;
  std::string site;             // TargetKind::site
  std::optional<double> sla_s;  // "within 14d": met when the target time is at most this
};

const char* to_string(TargetKind kind);

// "all-sites", "all-primaries", "site:S17"; nullopt (with `error`) for anything else.
std::optional<Target> parse_target(const std::string& text, std::string& error);
// "every site", "the CAS and every primary", "site S17".
std::string describe(const Target& target);

// One update as one run saw it.
struct UpdateOutcome {
  std::string update;  // the release name: "2409", "2409 HFRU"
  std::string version;
  ReleaseKind kind = ReleaseKind::version;
  SimTime ready_t_s;
  SimTime target_t_s;         // when the target had it installed; null when it never did
  std::size_t installed = 0;  // sites of the target that installed it
  std::size_t of = 0;         // sites of the target at the end of the run
  // The critical path (docs/modelling.md §4.9): seconds per kind, and per route the seconds
  // of sending and queueing on it, longest first.
  std::vector<std::pair<DelayKind, double>> delays;
  std::vector<std::pair<std::string, double>> path_links;
};

struct RunDigest {
  // Why the run was not simulated (its overrides break the scenario); "" when it was.
  std::string skipped;
  std::vector<UpdateOutcome> updates;  // in the run's order
  // Every route by the time any transfer was in flight on it (union of intervals), longest
  // first, then by name; idle routes are left out.
  std::vector<std::pair<std::string, double>> busy_links;
};

// The baseline needs the critical paths and busy routes (they choose the bottleneck and the
// variations); a variation or an SLA probe needs only the target's figures, and skips the
// work: a critical path per update is the costly part of a digest.
enum class DigestDetail { with_paths, target_only };

// `scenario` is the run's own (its catalog tells a full version from a hotfix rollup).
RunDigest digest(const Results& results, const Scenario& scenario, const Target& target, DigestDetail detail);

// The update advise measures: `requested` (a version or release name) when given, else the
// newest update the run made Ready to install (a full version before a hotfix rollup, then
// the higher version): the one a plan is about. nullptr when there is none.
const UpdateOutcome* headline_update(const RunDigest& run, const std::string& requested = {});
const UpdateOutcome* find_update(const RunDigest& run, const std::string& name);

}  // namespace cmsim::advice
