#include "sim/db_replication.hpp"

#include <algorithm>
#include <cstdint>

#include "models/components.hpp"
#include "models/record_views.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_drs, cmsim, "database replication link states");

namespace cmsim {
namespace {

// A stable sort by time that moves each record once and in place: a 10-year run of the
// largest hierarchy has two million of them. The order is sorted as 4-byte indices with the
// index breaking ties (unique keys, so std::sort gives the stable order and needs no buffer
// as large as the records, which std::stable_sort would take).
template <typename Change>
void sort_by_time(std::vector<Change>& changes) {
  const std::size_t n = changes.size();
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(), [&changes](std::uint32_t a, std::uint32_t b) {
    return changes[a].t_s < changes[b].t_s || (changes[a].t_s == changes[b].t_s && a < b);
  });
  // Position `at` takes record order[at]; follow each cycle of the permutation.
  std::vector<bool> placed(n, false);
  for (std::size_t start = 0; start < n; ++start) {
    if (placed[start]) continue;
    Change held = std::move(changes[start]);
    std::size_t at = start;
    while (true) {
      placed[at] = true;
      const std::size_t from = order[at];
      if (from == start) {
        changes[at] = std::move(held);
        break;
      }
      changes[at] = std::move(changes[from]);
      at = from;
    }
  }
}

}  // namespace

DbReplication::DbReplication(World& world, const FaultPlan& plan) : world_(world) {
  for (const Link* l : world.scenario.all_links()) outages_[l->name()] = drs_outages(plan, *l);
}

double DbReplication::delivered_after(const std::string& link, double t_s) const {
  auto it = outages_.find(link);
  static const std::vector<Interval> kNone;
  return drs_delivery_s(it == outages_.end() ? kNone : it->second, t_s, world_.scenario.model.drs_interval_s);
}

std::optional<double> DbReplication::added_at(const std::string& site) const {
  auto it = world_.added_t_s.find(site);
  if (it == world_.added_t_s.end()) return std::nullopt;
  return it->second;
}

VersionSteps DbReplication::steps_of(const std::string& site) const {
  auto joined = world_.added_version.find(site);
  VersionSteps steps{joined == world_.added_version.end() ? world_.scenario.version : joined->second, nullptr};
  if (auto it = world_.version_history.find(site); it != world_.version_history.end()) steps.changes = &it->second;
  return steps;
}

void DbReplication::report_health(const Link& link, const std::vector<HealthChange>& health) {
  ReplicationMonitorRecord& monitor = world_.rec.results().replication;
  if (health.empty()) return;
  const auto index = static_cast<std::uint32_t>(monitor.links.size());
  monitor.links.push_back({link.name(), link.child});
  for (const HealthChange& h : health) {
    XBT_VERB("%s %s at t=%.0f s", link.name().c_str(), to_string(h.health), h.t_s);
    monitor.changes.push_back({h.t_s, index, h.health});
  }
}

// Two passes, so both records are reserved once: a 10-year run of the largest hierarchy has
// two million changes, and a vector that doubles as it fills holds three times that at its
// last reallocation.
void DbReplication::finish() {
  Results& r = world_.rec.results();
  const double horizon = world_.scenario.duration_s;
  const std::vector<const Link*> links = world_.scenario.all_links();  // the initial ones first
  struct Replicating {
    const Link* link;
    double joined_s;
  };
  std::vector<Replicating> replicating;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const Link& l = *links[i];
    const bool initial = i < world_.scenario.links.size();
    // A link that an event adds replicates only from when its new end joined; one whose
    // event never took effect (a refused expansion, a site after the horizon) never does.
    const std::optional<double> a = added_at(l.parent), b = added_at(l.child);
    if (!initial && !a && !b) continue;
    replicating.push_back({&l, std::max(a.value_or(0.0), b.value_or(0.0))});
  }
  const auto health_of = [&](const Replicating& link) {
    const Link& l = *link.link;
    auto health = drs_health(outages_.at(l.name()), l.degraded_after, l.failed_after,
                             world_.scenario.model.drs_interval_s, horizon);
    health.erase(
        std::remove_if(health.begin(), health.end(), [&](const HealthChange& h) { return h.t_s < link.joined_s; }),
        health.end());
    return health;
  };
  // Two passes over the links, each link's health computed in both (it is cheap): the first
  // only counts, so the records are reserved once; holding every link's health between the
  // passes instead was 50 MB in a 10-year run of the largest hierarchy.
  std::size_t health_changes = 0, db_changes_at_most = 0;
  for (const Replicating& link : replicating) {
    const std::size_t n = health_of(link).size();
    health_changes += n;
    db_changes_at_most += n + steps_of(link.link->parent).size() + steps_of(link.link->child).size();
  }
  r.replication.changes.reserve(r.replication.changes.size() + health_changes);
  r.db_links.changes.reserve(r.db_links.changes.size() + db_changes_at_most);
  for (const Replicating& link : replicating) {
    const Link& l = *link.link;
    const std::vector<HealthChange> health = health_of(link);
    report_health(l, health);
    const auto index = static_cast<std::uint32_t>(r.db_links.names.size());
    bool named = false;
    for (DbLinkChange& c : db_link_states(index, health, steps_of(l.parent), steps_of(l.child), horizon)) {
      if (c.t_s < link.joined_s) continue;
      if (!named) r.db_links.names.push_back(l.name());
      named = true;
      r.db_links.changes.push_back(c);
    }
  }
  // The run is over: nothing asks when a row is delivered any more (a 10-year run's outage
  // windows are tens of megabytes, better freed before the records are sorted).
  outages_.clear();
  sort_by_time(r.db_links.changes);
  ReplicationMonitorRecord& monitor = r.replication;
  sort_by_time(monitor.changes);
  if (!monitor.changes.empty())
    monitor.thread = world_.rec.thread_of(monitor.links.front().child, component::kReplicationMonitor);
}

}  // namespace cmsim
