// Database replication link states (docs/modelling.md §5.2): syncs every minute; degraded after 12
// consecutive failed syncs, failed after 24 (defaults).
#include "models/drs_link.hpp"

#include <gtest/gtest.h>

#include "models/defaults.hpp"

namespace cmsim {
namespace {

constexpr double kMin = 60.0;

TEST(DrsLinkSync, TickAtOrAfter) {
  EXPECT_DOUBLE_EQ(first_sync_at_or_after(0, 60), 0);
  EXPECT_DOUBLE_EQ(first_sync_at_or_after(120, 60), 120);  // exactly on a tick: that tick
  EXPECT_DOUBLE_EQ(first_sync_at_or_after(90, 60), 120);   // between ticks: the next one
  EXPECT_DOUBLE_EQ(first_sync_at_or_after(61, 60), 120);
  EXPECT_DOUBLE_EQ(first_sync_at_or_after(119.5, 60), 120);
  EXPECT_DOUBLE_EQ(first_sync_at_or_after(121, 60), 180);
  EXPECT_DOUBLE_EQ(first_sync_at_or_after(95, 30), 120);  // another interval
  // A time that is a tick up to rounding noise is that tick, not the next one.
  EXPECT_DOUBLE_EQ(first_sync_at_or_after(0.1 * 3 * 2000, 60), 600);
}

TEST(DrsThresholds, OutageFromATickUsesTheDefaults) {
  ASSERT_EQ(defaults::kDrsDegradedAfter, 12);
  ASSERT_EQ(defaults::kDrsFailedAfter, 24);
  ASSERT_EQ(defaults::kDrsSyncInterval_s, 60);
  const double t0 = 10 * kMin;
  const DrsThresholds th =
      drs_thresholds(t0, defaults::kDrsDegradedAfter, defaults::kDrsFailedAfter, defaults::kDrsSyncInterval_s);
  EXPECT_DOUBLE_EQ(th.degraded_s, t0 + 11 * kMin);  // the 12th failed sync
  EXPECT_DOUBLE_EQ(th.failed_s, t0 + 23 * kMin);    // the 24th
}

TEST(DrsThresholds, OutageBetweenTicksCountsFromTheNextTick) {
  const double t0 = 10 * kMin + 30;  // 10:30 in; the first failed sync is at 11:00
  const DrsThresholds th = drs_thresholds(t0, 12, 24, 60);
  EXPECT_DOUBLE_EQ(th.degraded_s, 11 * kMin + 11 * kMin);
  EXPECT_DOUBLE_EQ(th.failed_s, 11 * kMin + 23 * kMin);
  EXPECT_GT(th.degraded_s - t0, 11 * kMin);
  EXPECT_LT(th.degraded_s - t0, 12 * kMin);
}

TEST(DrsThresholds, CustomCountsAndInterval) {
  // Degraded at the first failed sync, failed at the third, syncs every 5 minutes.
  const DrsThresholds th = drs_thresholds(7 * kMin, 1, 3, 5 * kMin);
  EXPECT_DOUBLE_EQ(th.degraded_s, 10 * kMin);
  EXPECT_DOUBLE_EQ(th.failed_s, 20 * kMin);
}

}  // namespace
}  // namespace cmsim
