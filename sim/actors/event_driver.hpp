// Plays the scenario's events at their times: the admin's actions (mode switches, restarts,
// Check for Updates, the service connection tool) and the scheduled faults.
#pragma once

#include "sim/services.hpp"

namespace cmsim {

class EventDriver {
 public:
  explicit EventDriver(Services& services) : services_(&services) {}
  void operator()();

 private:
  void dispatch(const Event& event);
  void dispatch_fault(const Event& event);
  void run_aside(const char* name, std::function<void()> work);

  Services* services_;
};

// The Backup Site Server maintenance task (§2.7): stops and restarts the site services,
// SMS_EXECUTIVE included, every day at its time.
class BackupTask {
 public:
  explicit BackupTask(Services& services) : services_(&services) {}
  void operator()();

 private:
  Services* services_;
};

}  // namespace cmsim
