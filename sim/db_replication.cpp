#include "sim/db_replication.hpp"

#include <algorithm>

#include "models/components.hpp"
#include "models/record_views.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_drs, cmsim, "database replication link states");

namespace cmsim {
namespace {

// A stable sort by time that moves each record once and in place: a 10-year run of the
// largest hierarchy has two million of them.
void sort_by_time(std::vector<DbLinkChange>& changes) {
  const std::size_t n = changes.size();
  std::vector<std::pair<double, std::size_t>> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = {changes[i].t_s, i};
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // Position `at` takes record order[at].second; follow each cycle of the permutation.
  std::vector<bool> placed(n, false);
  for (std::size_t start = 0; start < n; ++start) {
    if (placed[start]) continue;
    DbLinkChange held = std::move(changes[start]);
    for (std::size_t at = start;;) {
      const std::size_t from = order[at].second;
      placed[at] = true;
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
  struct LinkHealth {
    const Link* link;
    double joined_s;
    std::vector<HealthChange> health;
  };
  std::vector<LinkHealth> all;
  std::size_t health_changes = 0, db_changes_at_most = 0;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const Link& l = *links[i];
    const bool initial = i < world_.scenario.links.size();
    // A link that an event adds replicates only from when its new end joined; one whose
    // event never took effect (a refused expansion, a site after the horizon) never does.
    const std::optional<double> a = added_at(l.parent), b = added_at(l.child);
    if (!initial && !a && !b) continue;
    const double joined = std::max(a.value_or(0.0), b.value_or(0.0));
    auto health = drs_health(outages_.at(l.name()), l.degraded_after, l.failed_after,
                             world_.scenario.model.drs_interval_s, horizon);
    health.erase(std::remove_if(health.begin(), health.end(), [&](const HealthChange& h) { return h.t_s < joined; }),
                 health.end());
    health_changes += health.size();
    db_changes_at_most += health.size() + steps_of(l.parent).size() + steps_of(l.child).size();
    all.push_back({&l, joined, std::move(health)});
  }
  r.replication.changes.reserve(r.replication.changes.size() + health_changes);
  r.db_links.changes.reserve(r.db_links.changes.size() + db_changes_at_most);
  for (LinkHealth& lh : all) {
    const Link& l = *lh.link;
    report_health(l, lh.health);
    const auto index = static_cast<std::uint32_t>(r.db_links.names.size());
    bool named = false;
    for (DbLinkChange& c : db_link_states(index, lh.health, steps_of(l.parent), steps_of(l.child), horizon)) {
      if (c.t_s < lh.joined_s) continue;
      if (!named) r.db_links.names.push_back(l.name());
      named = true;
      r.db_links.changes.push_back(c);
    }
    lh.health = {};
  }
  sort_by_time(r.db_links.changes);
  ReplicationMonitorRecord& monitor = r.replication;
  std::stable_sort(monitor.changes.begin(), monitor.changes.end(),
                   [](const ReplicationHealthChange& a, const ReplicationHealthChange& b) { return a.t_s < b.t_s; });
  if (!monitor.changes.empty())
    monitor.thread = world_.rec.thread_of(monitor.links.front().child, component::kReplicationMonitor);
}

}  // namespace cmsim
