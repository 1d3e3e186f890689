// Plays the scenario's events at their times: the admin's actions (mode switches, restarts,
// Check for Updates, the service connection tool) and the scheduled faults.
#pragma once

#include "sim/running_hierarchy.hpp"

namespace cmsim {

class EventDriver {
 public:
  explicit EventDriver(RunningHierarchy& services) : services_(&services) {}
  void operator()();

 private:
  void dispatch(const Event& event);
  void dispatch_fault(const Event& event);
  void run_aside(const char* name, std::function<void()> work);

  RunningHierarchy* services_;
};

}  // namespace cmsim
