// What `cmsim advise` found (docs/scenario.md §1.10, §4.9): the measured update, the
// baseline, every variation ranked by its effect, and the answer to an SLA target. Plain
// data, assembled by the command from the runs' digests; reports/ writes it out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/advice_ranking.hpp"
#include "models/advice_target.hpp"
#include "models/advice_variations.hpp"

namespace cmsim::advice {

// One run of the SLA search: the bottleneck's bandwidth times `factor`.
struct Probe {
  double factor = 1;
  SimTime target_t_s;
  SimTime ready_t_s;
  std::size_t installed = 0;
  std::size_t of = 0;
};

struct SlaAnswer {
  double sla_s = 0;
  bool baseline_meets = false;
  std::string route;  // the bottleneck searched: the route with the most time on the critical path; empty: none
  double route_bandwidth_Bps = 0;
  double max_factor = 0;             // the largest factor tried
  std::vector<Probe> probes;         // in the order they ran
  std::optional<double> factor;      // the smallest factor found that meets the SLA
  std::vector<std::size_t> meeting;  // variations (indices) that meet it on their own
};

struct Advice {
  std::string scenario;
  std::uint64_t seed = 0;
  std::int64_t start_unix_s = 0;
  double duration_s = 0;
  Target target;
  std::string update;  // the measured update; empty when no run made one Ready to install
  std::string update_why;
  std::optional<UpdateOutcome> baseline;  // the baseline's outcome of the measured update
  std::vector<Variation> variations;
  std::vector<Effect> ranked;  // best first (advice_ranking.hpp)
  std::optional<SlaAnswer> sla;
  VariationOptions options;
};

}  // namespace cmsim::advice
