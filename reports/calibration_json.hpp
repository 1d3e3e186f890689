// The overlay `cmsim calibrate` writes (docs/scenario.md §1.11): `set` is what `run --overlay`
// applies; `estimates`, `skipped`, `not_estimated` and `logs` are the evidence behind it,
// which readers of the overlay ignore.
#pragma once

#include <string>
#include <vector>

#include "models/calibration.hpp"

namespace cmsim::reports {

// What was read, for the record: one row per log (its .lo_ and .log together).
struct CalibrationInput {
  std::string site;
  std::string log;  // "sender.log"
  std::vector<std::string> files;
  std::size_t lines = 0, entries = 0, ignored = 0;
};

// The overlay as JSON text with a final newline; the same inputs give the same bytes.
std::string calibration_overlay_json(const Calibration& calibration, const SimulatedEngine& engine,
                                     const std::vector<CalibrationInput>& inputs);

}  // namespace cmsim::reports
