// How `cmsim advise` orders what it tried and how it searches for the smallest change that
// meets a target time (docs/scenario.md §1.10). Pure arithmetic over the runs' outcomes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/advice_target.hpp"

namespace cmsim::advice {

// One variation's effect on the measured update.
struct Effect {
  std::size_t variation = 0;  // index into the variation list
  SimTime target_t_s;         // null: the target never had the update
  SimTime ready_t_s;          // when this run made it Ready to install
  std::size_t installed = 0;
  std::size_t of = 0;
  std::optional<double> gain_s;  // baseline - variation (positive: sooner); null when either never got there
  bool reached_when_baseline_did_not = false;
  std::string skipped;  // why the variation was not run (it does not load); empty when it ran
};

// The outcome of the measured update in one run (nullopt: the run never saw it).
Effect effect_of(std::size_t variation, const UpdateOutcome* outcome, const UpdateOutcome* baseline);

// Best first: a variation that reaches the target before one that does not, then the
// earlier target time; among those that do not, more sites installed first; skipped ones
// last; the variation list's order on ties, so the ranking is the same on every run.
std::vector<Effect> ranked(std::vector<Effect> effects);

// The SLA search (docs/scenario.md §1.10): a geometric bisection of a bandwidth factor
// between `lo`, known to miss the target, and `hi`, known to meet it. Each probe halves the
// interval on a log scale; it stops when hi / lo <= 1 + tolerance.
struct Bisection {
  double lo = 1;
  double hi = 1;
  double tolerance = 0.05;
  std::optional<double> next() const;  // the factor to try next, nullopt when done
  void record(double factor, bool met);
};

// Whether an outcome meets "within sla_s": the target had the update at most sla_s after the
// same run made it Ready to install (a planner's SLA counts from the update, not from the
// scenario's start, which may be months earlier).
bool meets(const SimTime& target_t_s, const SimTime& ready_t_s, double sla_s);

}  // namespace cmsim::advice
