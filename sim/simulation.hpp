// One run of one scenario: engine, platform, actors, horizon, results.
#pragma once

#include "models/results.hpp"
#include "models/scenario.hpp"

#include <string>
#include <vector>

namespace cmsim {

struct SimulationOptions {
  bool verbose = false;                   // SimGrid's log and the resolved routes on stderr
  std::vector<std::string> log_settings;  // applied after the defaults: "cmsim_sender.thres:verbose"
};

// Simulates a validated scenario from its start to `duration_s`. Creates the process's one
// SimGrid engine, so call it at most once per process (fork for more). `stats` may be null.
// Throws std::logic_error when the scenario's hierarchy is invalid (the loader should have
// refused it).
Results simulate(const Scenario& scenario, const SimulationOptions& options, RunStats* stats);

}  // namespace cmsim
