#include "drs_timeline.hpp"

#include <algorithm>

#include "record_views.hpp"

namespace cmsim {

std::vector<Interval> drs_outages(const FaultPlan& plan, const Link& link) {
  std::vector<Interval> all;
  auto add = [&](const auto& map, const std::string& key) {
    if (auto it = map.find(key); it != map.end()) all.insert(all.end(), it->second.begin(), it->second.end());
  };
  add(plan.link_down, link.name());
  add(plan.site_down, link.parent);
  add(plan.site_down, link.child);
  return merge_intervals(std::move(all));
}

std::vector<HealthChange> drs_health(const std::vector<Interval>& outages, int degraded_after, int failed_after,
                                     double interval_s, double horizon_s) {
  std::vector<HealthChange> out;
  for (const Interval& o : outages) {
    const DrsThresholds t = drs_thresholds(o.start_s, degraded_after, failed_after, interval_s);
    const double recovered = first_sync_at_or_after(o.end_s, interval_s);
    // The n-th failure happens only if the outage still lasts at that sync.
    if (t.degraded_s < o.end_s && t.degraded_s <= horizon_s) out.push_back({t.degraded_s, ReplicationHealth::degraded});
    if (t.failed_s < o.end_s && t.failed_s <= horizon_s) out.push_back({t.failed_s, ReplicationHealth::failed});
    if (t.degraded_s < o.end_s && recovered <= horizon_s) out.push_back({recovered, ReplicationHealth::active});
  }
  return out;
}

double drs_delivery_s(const std::vector<Interval>& outages, double t_s, double interval_s) {
  double t = first_sync_at_or_after(t_s, interval_s);
  for (const Interval& o : outages)  // sorted and disjoint
    if (t >= o.start_s && t < o.end_s) t = first_sync_at_or_after(o.end_s, interval_s);
  return t;
}

std::string_view VersionSteps::at(double t_s) const {
  std::string_view v = initial;
  if (changes == nullptr) return v;
  for (const VersionChange& c : *changes)
    if (c.installed_t_s <= t_s && c.version.find(' ') == std::string::npos) v = c.version;
  return v;
}

namespace {

ReplicationLinkState link_state_of(ReplicationHealth health) {
  switch (health) {
    case ReplicationHealth::degraded:
      return ReplicationLinkState::degraded;
    case ReplicationHealth::failed:
      return ReplicationLinkState::failed;
    case ReplicationHealth::active:
      break;
  }
  return ReplicationLinkState::active;
}

}  // namespace

std::vector<DbLinkChange> db_link_states(std::uint32_t link, const std::vector<HealthChange>& health,
                                         const VersionSteps& parent, const VersionSteps& child, double horizon_s) {
  std::vector<double> moments;
  for (const HealthChange& h : health) moments.push_back(h.t_s);
  for (const VersionSteps* steps : {&parent, &child})
    if (steps->changes != nullptr)
      for (const VersionChange& c : *steps->changes) moments.push_back(c.installed_t_s);
  std::sort(moments.begin(), moments.end());
  moments.erase(std::unique(moments.begin(), moments.end()), moments.end());
  std::vector<DbLinkChange> out;
  ReplicationLinkState shown = ReplicationLinkState::active;
  ReplicationHealth current_health = ReplicationHealth::active;
  auto next_health = health.begin();
  for (double t : moments) {
    if (t > horizon_s) break;
    for (; next_health != health.end() && next_health->t_s <= t; ++next_health) current_health = next_health->health;
    ReplicationLinkState state = link_state_of(current_health);
    if (state == ReplicationLinkState::active && parent.at(t) != child.at(t))
      state = ReplicationLinkState::being_configured;
    if (state == shown) continue;
    out.push_back({t, link, state});
    shown = state;
  }
  return out;
}

}  // namespace cmsim
