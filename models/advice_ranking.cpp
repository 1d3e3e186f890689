#include "models/advice_ranking.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace cmsim::advice {

Effect effect_of(std::size_t variation, const UpdateOutcome* outcome, const UpdateOutcome* baseline) {
  Effect e;
  e.variation = variation;
  if (!outcome) return e;
  e.target_t_s = outcome->target_t_s;
  e.ready_t_s = outcome->ready_t_s;
  e.installed = outcome->installed;
  e.of = outcome->of;
  const SimTime base = baseline ? baseline->target_t_s : std::nullopt;
  if (e.target_t_s && base) e.gain_s = *base - *e.target_t_s;
  e.reached_when_baseline_did_not = e.target_t_s && !base;
  return e;
}

std::vector<Effect> ranked(std::vector<Effect> effects) {
  auto key = [](const Effect& e) {
    // (skipped, not reached, time or -installed share)
    const bool skipped = !e.skipped.empty();
    const bool reached = e.target_t_s.has_value();
    const double share = e.of > 0 ? static_cast<double>(e.installed) / static_cast<double>(e.of) : 0;
    return std::make_tuple(skipped, !reached, reached ? *e.target_t_s : -share);
  };
  std::stable_sort(effects.begin(), effects.end(), [&](const Effect& a, const Effect& b) { return key(a) < key(b); });
  return effects;
}

std::optional<double> Bisection::next() const {
  if (hi / lo <= 1 + tolerance) return std::nullopt;
  return std::sqrt(lo * hi);
}

void Bisection::record(double factor, bool met) { (met ? hi : lo) = factor; }

bool meets(const SimTime& target_t_s, const SimTime& ready_t_s, double sla_s) {
  return target_t_s && ready_t_s && *target_t_s - *ready_t_s <= sla_s;
}

}  // namespace cmsim::advice
