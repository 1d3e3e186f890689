// What a WAN link leaves ConfigMgr over the week (docs/modelling.md §5.4): business hours
// take their share, weekends are free, a degraded_link fault and the background compound.
#include <gtest/gtest.h>

#include "models/link_bandwidth.hpp"

namespace cmsim {
namespace {

constexpr std::int64_t kMonday = 1732492800;  // 2024-11-25T00:00:00Z
constexpr double kHour = 3600, kDay = 86400;

BackgroundLoad office_hours(double share) { return {0x3E, 8 * 60, 18 * 60, share}; }  // Mon-Fri 08:00-18:00

TEST(LinkBandwidth, BusinessHoursTakeTheirShareOnWeekdaysOnly) {
  const auto steps = available_bandwidth(1e6, {}, {office_hours(0.6)}, kMonday, 7 * kDay);
  ASSERT_EQ(steps.size(), 10u);  // five mornings down, five evenings back
  EXPECT_DOUBLE_EQ(steps[0].t_s, 8 * kHour);
  EXPECT_DOUBLE_EQ(steps[0].bandwidth_Bps, 0.4e6);
  EXPECT_DOUBLE_EQ(steps[1].t_s, 18 * kHour);
  EXPECT_DOUBLE_EQ(steps[1].bandwidth_Bps, 1e6);
  EXPECT_DOUBLE_EQ(steps[9].t_s, 4 * kDay + 18 * kHour);  // Friday evening; nothing on the weekend
}

TEST(LinkBandwidth, OverlappingEntriesTakeTheLargestShare) {
  const std::vector<BackgroundLoad> loads{office_hours(0.3), {0x7F, 12 * 60, 13 * 60, 0.8}};
  EXPECT_DOUBLE_EQ(background_share(loads, 9 * kHour, kMonday), 0.3);
  EXPECT_DOUBLE_EQ(background_share(loads, 12.5 * kHour, kMonday), 0.8);
  EXPECT_DOUBLE_EQ(background_share(loads, 5 * kDay + 12.5 * kHour, kMonday), 0.8);  // Saturday lunch
  EXPECT_DOUBLE_EQ(background_share(loads, 5 * kDay + 9 * kHour, kMonday), 0);
}

TEST(LinkBandwidth, ADegradedFaultAndTheBackgroundCompound) {
  const std::vector<BandwidthWindow> degraded{{7 * kHour, 9 * kHour, 0.5e6}};
  const auto steps = available_bandwidth(1e6, degraded, {office_hours(0.6)}, kMonday, kDay);
  ASSERT_GE(steps.size(), 3u);
  EXPECT_DOUBLE_EQ(steps[0].t_s, 7 * kHour);
  EXPECT_DOUBLE_EQ(steps[0].bandwidth_Bps, 0.5e6);
  EXPECT_DOUBLE_EQ(steps[1].t_s, 8 * kHour);
  EXPECT_DOUBLE_EQ(steps[1].bandwidth_Bps, 0.5e6 * 0.4);
  EXPECT_DOUBLE_EQ(steps[2].t_s, 9 * kHour);
  EXPECT_DOUBLE_EQ(steps[2].bandwidth_Bps, 0.4e6);
}

TEST(LinkBandwidth, NothingToChangeGivesNoProfile) {
  EXPECT_TRUE(available_bandwidth(1e6, {}, {}, kMonday, 365 * kDay).empty());
  EXPECT_TRUE(available_bandwidth(1e6, {}, {office_hours(0)}, kMonday, 365 * kDay).empty());
}

}  // namespace
}  // namespace cmsim
