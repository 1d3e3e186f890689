// The Backup Site Server maintenance task (docs/modelling.md §2.7): stops and restarts the
// site services, SMS_EXECUTIVE included, every day at its time.
#pragma once

#include "sim/running_hierarchy.hpp"

namespace cmsim {

class BackupTask {
 public:
  explicit BackupTask(RunningHierarchy& hierarchy) : hierarchy_(&hierarchy) {}
  void operator()();

 private:
  RunningHierarchy* hierarchy_;
};

}  // namespace cmsim
