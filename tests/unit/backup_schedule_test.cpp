#include "models/backup_schedule.hpp"

#include <gtest/gtest.h>

namespace cmsim {
namespace {

constexpr std::int64_t kMidnight = 1767571200;  // 2026-01-05T00:00:00Z

TEST(BackupSchedule, AScenarioStartingAtMidnightFirstBacksUpAtTheTaskTime) {
  EXPECT_DOUBLE_EQ(first_backup_s(kMidnight, 2 * 60), 2 * 3600.0);
}

TEST(BackupSchedule, AScenarioStartingAfterTheTaskTimeWaitsForTheNextDay) {
  // Starting at 06:00, a 02:00 task first runs 20 hours later.
  EXPECT_DOUBLE_EQ(first_backup_s(kMidnight + 6 * 3600, 2 * 60), 20 * 3600.0);
}

TEST(BackupSchedule, AScenarioStartingExactlyAtTheTaskTimeBacksUpAtOnce) {
  EXPECT_DOUBLE_EQ(first_backup_s(kMidnight + 2 * 3600, 2 * 60), 0.0);
}

}  // namespace
}  // namespace cmsim
