// Database replication link states over a whole run (docs/modelling.md §5.2, §4.2), derived from the
// fault plan and the sites' version histories: the CMUpdates group syncs every minute; a
// link whose WAN link or either site server is down fails its syncs and is degraded after
// `degraded_after` and failed after `failed_after` consecutive failures, active again at the
// first good sync; while parent and child run different versions it shows being configured.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drs_link.hpp"
#include "fault_plan.hpp"
#include "results.hpp"

namespace cmsim {

struct HealthChange {
  double t_s = 0;
  ReplicationHealth health = ReplicationHealth::active;
};

// The replication outages of one parent-child link: its WAN link's and both servers'.
std::vector<Interval> drs_outages(const FaultPlan& plan, const Link& link);

std::vector<HealthChange> drs_health(const std::vector<Interval>& outages, int degraded_after, int failed_after,
                                     double interval_s, double horizon_s);

// When a change made at the parent at t_s reaches the child: the first sync at or after it
// that falls outside every outage.
double drs_delivery_s(const std::vector<Interval>& outages, double t_s, double interval_s);

// A site's version at each moment: its initial version, then each change. Views into the
// caller's data, which must outlive it.
struct VersionSteps {
  std::string_view initial;
  const std::vector<VersionChange>* changes = nullptr;  // in time order; hotfix entries are ignored
  std::string_view at(double t_s) const;
  std::size_t size() const { return changes == nullptr ? 0 : changes->size(); }
};

// The states the console shows for the link, every change in time order.
std::vector<DbLinkChange> db_link_states(std::uint32_t link, const std::vector<HealthChange>& health,
                                         const VersionSteps& parent, const VersionSteps& child, double horizon_s);

}  // namespace cmsim
