#include "sim/actors/drs_monitor.hpp"

#include <algorithm>

#include "models/status_ids.hpp"

namespace cmsim {
namespace {

// Appends at the end of the run, then restores time order with one merge.
template <class T>
void merge_tail(std::vector<T>& v, std::size_t from) {
  std::stable_sort(v.begin() + static_cast<std::ptrdiff_t>(from), v.end(),
                   [](const T& a, const T& b) { return a.t_s < b.t_s; });
  std::inplace_merge(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(from), v.end(),
                     [](const T& a, const T& b) { return a.t_s < b.t_s; });
}

}  // namespace

DrsMonitor::DrsMonitor(World& world, const FaultPlan& plan) : world_(world) {
  for (const Link* l : world.scenario.all_links()) outages_[l->name()] = drs_outages(plan, *l);
}

double DrsMonitor::delivered_after(const std::string& link, double t_s) const {
  auto it = outages_.find(link);
  static const std::vector<Interval> kNone;
  return drs_delivery_s(it == outages_.end() ? kNone : it->second, t_s, world_.scenario.model.drs_interval_s);
}

std::optional<double> DrsMonitor::added_at(const std::string& site) const {
  auto it = world_.added_t_s.find(site);
  if (it == world_.added_t_s.end()) return std::nullopt;
  return it->second;
}

VersionSteps DrsMonitor::steps_of(const std::string& site) const {
  auto joined = world_.added_version.find(site);
  VersionSteps steps{joined == world_.added_version.end() ? world_.scenario.version : joined->second, {}};
  if (auto it = world_.version_history.find(site); it != world_.version_history.end()) steps.changes = it->second;
  return steps;
}

void DrsMonitor::report_health(const Link& link, const std::vector<HealthChange>& health) {
  Results& r = world_.rec.results();
  for (const HealthChange& h : health) {
    const int id = h.health == "failed" ? status_id::kReplicationLinkFailed
                   : h.health == "degraded" ? status_id::kReplicationLinkDegraded : status_id::kReplicationLinkActive;
    const char* severity = h.health == "active" ? "info" : h.health == "degraded" ? "warning" : "error";
    const std::string text = "Replication link " + link.name() + " is " + h.health;
    r.status_messages.push_back({h.t_s, link.child, "SMS_REPLICATION_CONFIGURATION_MONITOR", id, severity, text});
    r.component_status.push_back({h.t_s, link.child, "SMS_REPLICATION_CONFIGURATION_MONITOR",
                                  h.health == "active" ? "ok" : h.health == "degraded" ? "warning" : "critical"});
    r.logs.push_back({h.t_s, link.child, "rcmctrl.log", "SMS_REPLICATION_CONFIGURATION_MONITOR",
                      world_.rec.thread_of(link.child, "SMS_REPLICATION_CONFIGURATION_MONITOR"),
                      h.health == "active" ? LogSeverity::info : LogSeverity::warning, LogFraming::site_server,
                      (h.health == "active" ? "INFO: " : "WARNING: ") + text});
  }
}

void DrsMonitor::finish() {
  Results& r = world_.rec.results();
  const std::size_t messages = r.status_messages.size(), statuses = r.component_status.size(), logs = r.logs.size();
  const double horizon = world_.scenario.duration_s;
  const std::vector<const Link*> links = world_.scenario.all_links();  // the initial ones first
  for (std::size_t i = 0; i < links.size(); ++i) {
    const Link& l = *links[i];
    const bool initial = i < world_.scenario.links.size();
    // A link that an event adds replicates only from when its new end joined; one whose
    // event never took effect (a refused expansion, a site after the horizon) never does.
    const std::optional<double> a = added_at(l.parent), b = added_at(l.child);
    if (!initial && !a && !b) continue;
    const double joined = std::max(a.value_or(0.0), b.value_or(0.0));
    auto health = drs_health(outages_.at(l.name()), l.degraded_after, l.failed_after, world_.scenario.model.drs_interval_s,
                             horizon);
    health.erase(std::remove_if(health.begin(), health.end(), [&](const HealthChange& h) { return h.t_s < joined; }),
                 health.end());
    report_health(l, health);
    for (DbLinkChange& c : db_link_states(l.name(), health, steps_of(l.parent), steps_of(l.child), horizon))
      if (c.t_s >= joined) r.db_links.push_back(std::move(c));
  }
  std::stable_sort(r.db_links.begin(), r.db_links.end(), [](const DbLinkChange& a, const DbLinkChange& b) { return a.t_s < b.t_s; });
  merge_tail(r.status_messages, messages);
  merge_tail(r.component_status, statuses);
  merge_tail(r.logs, logs);
}

}  // namespace cmsim
