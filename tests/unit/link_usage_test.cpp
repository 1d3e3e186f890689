// Link utilization as a planner reads it: bytes spread over each sending's interval into bins
// that fit the run, against the link's capacity, link states from its faults, and the
// links over the threshold.
#include <gtest/gtest.h>

#include "models/link_usage.hpp"
#include "record_rows.hpp"

namespace cmsim {
namespace {

using test::transfer_on;

Results run() {
  Results r;
  r.duration_s = 4 * 86400;  // four days: 15-minute bins
  r.links = {{"CAS-P01", 1000.0, {}}, {"CAS-P02", 1000.0, {}}};
  // 1.8 MB over [0, 1800): half in each of the first two bins, 90 % of a 15-minute bin.
  r.transfers = {transfer_on("CAS-P01", 1620000, 0, 1800), transfer_on("CAS-P02", 90000, 900, 1800),
                 transfer_on("CAS-P02", 5000000, 2000, 2100, TransferStatus::failed)};
  FaultRecord down;
  down.kind = FaultKind::link_down;
  down.target = "CAS-P02";
  down.t_s = 3600;
  down.end_t_s = 3700;
  r.faults = {down};
  return r;
}

TEST(LinkUsage, BinsFitTheRun) {
  EXPECT_EQ(usage_bin_s(3600), 60.0);
  EXPECT_EQ(usage_bin_s(86400), 300.0);
  EXPECT_EQ(usage_bin_s(4 * 86400), 900.0);
  EXPECT_EQ(usage_bin_s(365 * 86400.0), 86400.0);
  EXPECT_EQ(usage_bin_s(10 * 365 * 86400.0), 7 * 86400.0);
}

TEST(LinkUsage, SpreadsEachSendingOverItsIntervalAgainstTheCapacity) {
  const LinkUsage u = link_usage(run(), 0.8);
  ASSERT_EQ(u.links.size(), 2u);
  const LinkUsageRow& p01 = u.links[0];
  ASSERT_EQ(p01.bins.size(), 2u);
  EXPECT_DOUBLE_EQ(p01.bins[0].bytes, 810000);
  EXPECT_DOUBLE_EQ(p01.peak_utilization, 0.9);
  EXPECT_EQ(p01.bins_over_threshold, 2u);
  EXPECT_DOUBLE_EQ(p01.peak_transfer_utilization, 0.9);
  const LinkUsageRow& p02 = u.links[1];
  EXPECT_DOUBLE_EQ(p02.bytes, 90000);  // the failed sending's bytes do not count
  EXPECT_EQ(p02.bins_over_threshold, 0u);
  ASSERT_EQ(p02.bins.size(), 2u);  // its traffic, and the outage's bin
  EXPECT_EQ(p02.bins[1].bin, 4u);
  EXPECT_EQ(p02.bins[1].state, LinkState::down);
  EXPECT_STREQ(to_string(p02.bins[1].state), "down");
}

TEST(LinkUsage, ARouteThePlatformDoesNotListHasNoUtilization) {
  Results r = run();
  r.transfers.push_back(transfer_on("proxy+internet", 1000, 0, 10));
  const LinkUsage u = link_usage(r, 0.8);
  ASSERT_EQ(u.links.size(), 3u);
  EXPECT_FALSE(u.links[2].capacity_Bps);
  EXPECT_EQ(u.links[2].peak_utilization, 0.0);
}

// docs/modelling.md §5.4: the business traffic fills its hours, and utilization counts it with
// ConfigMgr's bytes, as a WAN monitor would see the link.
TEST(LinkUsage, BackgroundLoadFillsItsHoursAndCountsInTheUtilization) {
  Results r = run();
  r.start_unix_s = 1732492800;                   // Monday 2024-11-25 00:00 UTC
  r.links[1].background = {{0x7F, 0, 60, 0.5}};  // CAS-P02: half the link from 00:00 to 01:00 daily
  const LinkUsage u = link_usage(r, 0.8);
  const LinkUsageRow& p02 = u.links[1];
  EXPECT_DOUBLE_EQ(p02.background_bytes, 4 * 0.5 * 1000 * 3600);  // four days, an hour each
  ASSERT_FALSE(p02.bins.empty());
  EXPECT_DOUBLE_EQ(p02.bins[0].background_bytes, 0.5 * 1000 * 900);
  // 900..1800: 90 kB of ConfigMgr's (10 %) over the background's 50 %.
  EXPECT_DOUBLE_EQ(p02.peak_utilization, 0.6);
  EXPECT_EQ(p02.bins_over_threshold, 0u);
  EXPECT_DOUBLE_EQ(u.links[0].background_bytes, 0);  // CAS-P01 carries none
}

}  // namespace
}  // namespace cmsim
