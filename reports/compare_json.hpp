// compare.json (`cmsim compare`, docs/scenario.md §1): two runs side by side. Each side is computed from
// its Scenario and Results in the process that simulated it; only this JSON crosses back.
//
// Definitions (also written into the document under "definitions"):
// - headline: the update compared: --update, else the newest update both runs made Ready to
//   install (full versions before hotfix rollups), else the newest either did;
// - times: of the headline update; updates: every update either run saw, side by side;
// - tiers: installed_t_s of that update at the sites of each type (cas, primaries,
//   secondaries), nearest-rank percentiles; sites that never installed it are `missing`;
// - links: per link name in the transfers (WAN links PARENT-CHILD, `internet`, ...):
//   bytes = bytes of the transfers that completed; busy_s = length of the union of the
//   intervals in which any transfer on it (completed or not) was in flight;
//   throughput_Bps = bytes / busy_s. Every WAN link of the scenario is listed, idle or not;
// - bottleneck: the link with the longest busy_s (the one that held the rollout up
//   longest), then the lower throughput; none when the busiest links tie;
// - limits: primaries under the CAS against 25, the most secondaries under one primary
//   against 250 (docs/modelling.md §1.2), on the hierarchy at the end of the run (add_site counts);
// - warnings: what in the scenario keeps updates from flowing or is close to a limit.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "models/defaults.hpp"
#include "models/results.hpp"
#include "models/scenario.hpp"

namespace cmsim::reports {

inline constexpr int kMaxPrimariesUnderCas = defaults::kMaxPrimariesPerCas;
inline constexpr int kMaxSecondariesUnderPrimary = defaults::kMaxSecondariesPerPrimary;

nlohmann::ordered_json compare_side(const Scenario& scenario, const Results& results);

// {"format": "cmsim-compare/1", "definitions", "headline", "a", "b", "delta": metric -> b - a or
// null, "updates": every update side by side}. The sides' times and tiers become those of the
// headline update (`requested_update`, a version or release name, or the default choice).
nlohmann::ordered_json compare_document(nlohmann::ordered_json a, nlohmann::ordered_json b,
                                        const std::string& requested_update = {});

}  // namespace cmsim::reports
