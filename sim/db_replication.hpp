// Database replication between each parent and child site (docs/modelling.md §5.2), derived from the
// fault plan instead of ticked: when a change at the parent reaches the child, and, at the
// end of the run, every link state change the console would have shown, with its status
// message and the replication component's status.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/drs_timeline.hpp"
#include "sim/world.hpp"

namespace cmsim {

class DbReplication {
 public:
  DbReplication(World& world, const FaultPlan& plan);

  // When a change made at the parent end of `link` at t_s reaches the child through the
  // CMUpdates group.
  double delivered_after(const std::string& link, double t_s) const;
  // Fills db_links and the replication monitor's record (its health changes, from which
  // the status messages, component status and rcmctrl.log lines follow); call once the run
  // has ended.
  void finish();

 private:
  void report_health(const Link& link, const std::vector<HealthChange>& health);
  VersionSteps steps_of(const std::string& site) const;
  std::optional<double> added_at(const std::string& site) const;

  World& world_;
  std::map<std::string, std::vector<Interval>> outages_;  // by link name
};

}  // namespace cmsim
