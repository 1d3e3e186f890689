#include "sim/actors/drs_monitor.hpp"
#include "sim/spawn.hpp"

#include <simgrid/s4u/Actor.hpp>

#include "models/drs_link.hpp"
#include "models/status_ids.hpp"

namespace cmsim {

namespace sg4 = simgrid::s4u;

DrsMonitor::DrsMonitor(World& world) : world_(world) {
  for (const Link& l : world.scenario.links) {
    LinkState& s = links_[l.name()];
    s.link = &l;
    s.up = sg4::Semaphore::create(0);
  }
}

void DrsMonitor::link_down(const std::string& link) {
  auto it = links_.find(link);
  if (it != links_.end() && it->second.down++ == 0) went_down(it->second);
}

void DrsMonitor::link_up(const std::string& link) {
  auto it = links_.find(link);
  if (it != links_.end() && it->second.down > 0 && --it->second.down == 0) came_up(it->second);
}

void DrsMonitor::site_down(const std::string& site) {
  for (auto& [name, s] : links_)
    if (s.link->parent == site || s.link->child == site) link_down(name);
}

void DrsMonitor::site_up(const std::string& site) {
  for (auto& [name, s] : links_)
    if (s.link->parent == site || s.link->child == site) link_up(name);
}

bool DrsMonitor::replicating(const std::string& link) const {
  auto it = links_.find(link);
  return it == links_.end() || it->second.down == 0;
}

// Two timers per outage: each finds out on waking whether the outage it was set for is
// still the current one.
void DrsMonitor::went_down(LinkState& s) {
  const int outage = ++s.outage;
  const double interval = world_.scenario.model.drs_interval_s;
  const DrsThresholds t = drs_thresholds(world_.now_s(), s.link->degraded_after, s.link->failed_after, interval);
  spawn_actor("drs-timer", world_.platform.cloud_host(), [this, &s, outage, t] {
    sg4::this_actor::sleep_until(t.degraded_s);
    if (s.outage != outage || s.down == 0) return;
    set_health(s, "degraded");
    sg4::this_actor::sleep_until(t.failed_s);
    if (s.outage != outage || s.down == 0) return;
    set_health(s, "failed");
  });
}

void DrsMonitor::came_up(LinkState& s) {
  const int outage = s.outage;
  const double first_sync = first_sync_at_or_after(world_.now_s(), world_.scenario.model.drs_interval_s);
  spawn_actor("drs-recover", world_.platform.cloud_host(), [this, &s, outage, first_sync] {
    sg4::this_actor::sleep_until(first_sync);
    if (s.outage != outage || s.down > 0) return;
    set_health(s, "active");
    for (; s.waiters > 0; --s.waiters) s.up->release();
  });
}

void DrsMonitor::set_health(LinkState& s, const char* health) {
  if (s.health == health) return;
  s.health = health;
  const std::string h = health;
  const int id = h == "failed" ? status_id::kReplicationLinkFailed
                 : h == "degraded" ? status_id::kReplicationLinkDegraded : status_id::kReplicationLinkActive;
  world_.rec.status_message(s.link->child, "SMS_REPLICATION_CONFIGURATION_MONITOR", "rcmctrl.log", id,
                            h == "active" ? "info" : h == "degraded" ? "warning" : "error",
                            "Replication link " + s.link->name() + " is " + h);
  world_.rec.component_status(s.link->child, "SMS_REPLICATION_CONFIGURATION_MONITOR",
                              h == "active" ? "ok" : h == "degraded" ? "warning" : "critical");
  show(s);
}

// What the console shows: a connectivity problem first, else "being configured" while the
// child is not yet on its parent's version.
void DrsMonitor::show(LinkState& s) {
  std::string state = s.health;
  if (state == "active" && world_.site_version.at(s.link->parent) != world_.site_version.at(s.link->child))
    state = "being_configured";
  if (state == s.shown) return;
  if (!s.shown.empty() || state != "active") world_.rec.results().db_links.push_back({world_.now_s(), s.link->name(), state});
  s.shown = state;
}

void DrsMonitor::versions_changed() {
  for (auto& [name, s] : links_) show(s);
}

double DrsMonitor::delivered_after(const std::string& link, double t_s) {
  auto it = links_.find(link);
  if (it == links_.end()) return t_s;
  LinkState& s = it->second;
  while (s.down > 0 || s.health != "active") {
    ++s.waiters;
    s.up->acquire();
  }
  return first_sync_at_or_after(std::max(t_s, world_.now_s()), world_.scenario.model.drs_interval_s);
}

}  // namespace cmsim
