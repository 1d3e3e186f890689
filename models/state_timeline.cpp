#include <algorithm>

#include "results.hpp"

namespace cmsim {

std::optional<UpdateState> state_at(const StateTimeline& timeline, double t_s) {
  const auto after =
      std::upper_bound(timeline.begin(), timeline.end(), t_s, [](double t, const StateChange& c) { return t < c.t_s; });
  if (after == timeline.begin()) return std::nullopt;
  return std::prev(after)->state;
}

bool reached_by(const StateTimeline& timeline, UpdateState state, double t_s) {
  return std::any_of(timeline.begin(), timeline.end(),
                     [&](const StateChange& c) { return c.t_s <= t_s && c.state == state; });
}

void record_state(StateTimeline& timeline, double t_s, UpdateState state) {
  if (!timeline.empty() && timeline.back().state == state) return;
  timeline.push_back({t_s, state});
}

}  // namespace cmsim
