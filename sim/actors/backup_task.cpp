#include "sim/actors/backup_task.hpp"

#include <simgrid/s4u/Actor.hpp>

#include "models/backup_schedule.hpp"
#include "models/components.hpp"

namespace cmsim {

void BackupTask::operator()() {
  World& world = hierarchy_->world;
  const Backup& backup = *world.scenario.backup;
  double next = first_backup_s(world.scenario.start_unix_s, backup.daily_at_minute);
  while (true) {
    simgrid::s4u::this_actor::sleep_until(next);
    world.rec.log(backup.site, "smsbkup.log", component::kSiteBackup, Severity::info,
                  "Stopping site services (SMS_EXECUTIVE, SMS_SITE_COMPONENT_MANAGER) for backup");
    hierarchy_->executive_restarted(backup.site, RestartCause::backup_task);
    world.rec.log(backup.site, "smsbkup.log", component::kSiteBackup, Severity::info,
                  "Backup completed; site services restarted");
    next += kSecondsPerDay;
  }
}

}  // namespace cmsim
