#include "sim/actors/backup_task.hpp"

#include <simgrid/s4u/Actor.hpp>

#include "models/backup_schedule.hpp"
#include "models/components.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_backup, cmsim, "the Backup Site Server maintenance task");

namespace cmsim {

void BackupTask::operator()() {
  World& world = hierarchy_->world;
  const Backup& backup = *world.scenario.backup;
  double next = first_backup_s(world.scenario.start_unix_s, backup.daily_at_minute);
  while (true) {
    simgrid::s4u::this_actor::sleep_until(next);
    XBT_VERB("Backup Site Server task at %s stops and restarts SMS_EXECUTIVE", backup.site.c_str());
    world.rec.log(backup.site, "smsbkup.log", component::kSiteBackup, Severity::info,
                  "Stopping site services (SMS_EXECUTIVE, SMS_SITE_COMPONENT_MANAGER) for backup");
    hierarchy_->executive_restarted(backup.site, RestartCause::backup_task);
    world.rec.log(backup.site, "smsbkup.log", component::kSiteBackup, Severity::info,
                  "Backup completed; site services restarted");
    next += kSecondsPerDay;
  }
}

}  // namespace cmsim
