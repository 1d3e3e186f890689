// CONFIGURATION_MANAGER_UPDATE's decisions on a CAS or primary (docs/modelling.md §4.4): the
// prerequisite gate before an install, and when a child learns that its parent is done.
#pragma once

#include <cmath>

#include "scenario.hpp"
#include "update_state.hpp"

namespace cmsim {

struct PrerequisiteGate {
  bool install = false;           // go on to the parent, the service window and the install
  bool warnings_ignored = false;  // passed only because the admin chose to ignore warnings
  UpdateState site_state = UpdateState::prerequisite_check_passed;
};

// Errors always stop the install; warnings stop it unless the admin chose to ignore them.
inline PrerequisiteGate prerequisite_gate(PrereqOutcome outcome, bool ignore_warnings) {
  switch (outcome) {
    case PrereqOutcome::passed:
      return {true, false, UpdateState::prerequisite_check_passed};
    case PrereqOutcome::warning:
      if (ignore_warnings) return {true, true, UpdateState::prerequisite_check_passed};
      return {false, false, UpdateState::prerequisite_warning};
    case PrereqOutcome::failed:
      break;
  }
  return {false, false, UpdateState::prerequisites_failed};
}

// CMUpdate polls every `poll_s` from the run start; a change that reached the site at
// `learned_s` is seen at the first poll at or after it.
inline double cmupdate_notices_at_s(double learned_s, double poll_s) { return std::ceil(learned_s / poll_s) * poll_s; }

}  // namespace cmsim
