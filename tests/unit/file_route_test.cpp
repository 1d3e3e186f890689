// File replication routes (docs/modelling.md §5.1): schedules by day and hour with availability levels,
// the three rate-limit modes, and how many sendings a route carries at once.
#include "models/file_route.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace cmsim {
namespace {

constexpr std::int64_t kMon = 1767571200;  // 2026-01-05T00:00:00Z, a Monday
constexpr double kHour = 3600.0, kDay = 86400.0;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint8_t kSat = 1u << 6, kMonToFri = 0x3E;

ScheduleSlot slot(std::uint8_t days, int from_hour, int to_hour, SchedulePriority priority) {
  ScheduleSlot s;
  s.days_mask = days;
  s.from_minute = from_hour * 60;
  s.to_minute = to_hour * 60;
  s.priority = priority;
  return s;
}

Link hourly_link(double bandwidth_Bps) {
  Link link;
  link.bandwidth_Bps = bandwidth_Bps;
  link.rate_limit.mode = RateLimitMode::hourly;
  link.rate_limit.percent.fill(100);
  return link;
}

TEST(FileRouteRate, UnlimitedIsOpenUncappedForever) {
  Link link;
  const RouteWindow w = route_window(link, 5 * kHour, kMon);
  EXPECT_TRUE(w.open);
  EXPECT_EQ(w.rate_cap_Bps, 0);
  EXPECT_EQ(w.until_s, kInf);
}

TEST(FileRouteRate, PulseSendsABlockThenWaits) {
  // 3 KB every 5 s over a 10 Mbps link: 3000 / (3000 / 1.25e6 + 5).
  EXPECT_NEAR(pulse_rate_Bps(3000, 5, 1.25e6), 599.71, 0.005);
  // Slower link, bigger block: the transfer time of the block counts too.
  EXPECT_NEAR(pulse_rate_Bps(256000, 1, 128000), 256000.0 / 3.0, 1e-6);

  Link link;
  link.bandwidth_Bps = 1.25e6;
  link.rate_limit.mode = RateLimitMode::pulse;
  link.rate_limit.block_bytes = 3000;
  link.rate_limit.delay_s = 5;
  const RouteWindow w = route_window(link, 7 * kHour, kMon);
  EXPECT_TRUE(w.open);
  EXPECT_NEAR(w.rate_cap_Bps, 599.71, 0.005);
  EXPECT_EQ(w.until_s, kInf);
}

TEST(FileRouteRate, HourlyCapsAtThePercentOfTheCurrentUtcHour) {
  Link link = hourly_link(1e6);
  for (int h = 8; h < 18; ++h) link.rate_limit.percent[h] = 50;  // business hours at 50 %
  // 09:30: half the link, until 18:00 (the equal hours 10-17 do not cut the transfer).
  RouteWindow w = route_window(link, 9.5 * kHour, kMon);
  EXPECT_TRUE(w.open);
  EXPECT_DOUBLE_EQ(w.rate_cap_Bps, 500000);
  EXPECT_DOUBLE_EQ(w.until_s, 18 * kHour);
  // 20:00: the whole link, until 08:00 tomorrow, across midnight.
  w = route_window(link, 20 * kHour, kMon);
  EXPECT_TRUE(w.open);
  EXPECT_DOUBLE_EQ(w.rate_cap_Bps, 1e6);
  EXPECT_DOUBLE_EQ(w.until_s, kDay + 8 * kHour);
  // 07:59:59 still 100 %; 08:00 sharp is 50 %.
  EXPECT_DOUBLE_EQ(route_window(link, 8 * kHour - 1, kMon).rate_cap_Bps, 1e6);
  EXPECT_DOUBLE_EQ(route_window(link, 8 * kHour, kMon).rate_cap_Bps, 500000);
}

TEST(FileRouteRate, HourlyZeroPercentHourIsClosed) {
  Link link = hourly_link(1e6);
  link.rate_limit.percent[12] = 0;
  link.rate_limit.percent[13] = 0;
  RouteWindow w = route_window(link, 12.5 * kHour, kMon);
  EXPECT_FALSE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, 14 * kHour);
  w = route_window(link, 11 * kHour, kMon);
  EXPECT_TRUE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, 12 * kHour);
}

TEST(FileRouteRate, HourlyThatNeverChangesDoesNotCutTheTransferEveryHour) {
  Link link = hourly_link(1e6);
  link.rate_limit.percent.fill(25);
  const RouteWindow w = route_window(link, 3 * kHour, kMon);
  EXPECT_TRUE(w.open);
  EXPECT_DOUBLE_EQ(w.rate_cap_Bps, 250000);
  EXPECT_GE(w.until_s, 3 * kHour + 7 * kDay);
}

TEST(FileRouteRate, HourlyFollowsUtcWhenTheScenarioStartsOffMidnight) {
  Link link = hourly_link(1e6);
  link.rate_limit.percent[3] = 10;
  const std::int64_t start = kMon + 2 * 3600 + 30 * 60;  // 02:30 UTC
  RouteWindow w = route_window(link, 0, start);
  EXPECT_DOUBLE_EQ(w.rate_cap_Bps, 1e6);
  EXPECT_DOUBLE_EQ(w.until_s, 30 * 60);    // 03:00 UTC
  w = route_window(link, 45 * 60, start);  // 03:15 UTC
  EXPECT_DOUBLE_EQ(w.rate_cap_Bps, 100000);
  EXPECT_DOUBLE_EQ(w.until_s, 90 * 60);  // 04:00 UTC
}

TEST(FileRouteSchedule, ClosedSlotClosesTheRouteUntilTheSlotEnds) {
  Link link;
  link.schedule = {slot(kMonToFri, 8, 18, SchedulePriority::closed)};
  RouteWindow w = route_window(link, 10 * kHour, kMon);  // Monday 10:00
  EXPECT_FALSE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, 18 * kHour);
  w = route_window(link, 7 * kHour, kMon);  // Monday 07:00: open until the slot starts
  EXPECT_TRUE(w.open);
  EXPECT_EQ(w.rate_cap_Bps, 0);
  EXPECT_DOUBLE_EQ(w.until_s, 8 * kHour);
  // Friday 19:00: open through the weekend until Monday 08:00.
  w = route_window(link, 4 * kDay + 19 * kHour, kMon);
  EXPECT_TRUE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, 7 * kDay + 8 * kHour);
  // Saturday 10:00 is not in the slot's days.
  EXPECT_TRUE(route_window(link, 5 * kDay + 10 * kHour, kMon).open);
}

TEST(FileRouteSchedule, WholeDayClosedSlotOnlyOnItsDay) {
  Link link;
  link.schedule = {slot(kSat, 0, 24, SchedulePriority::closed)};
  RouteWindow w = route_window(link, 4 * kDay + 12 * kHour, kMon);  // Friday noon
  EXPECT_TRUE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, 5 * kDay);
  w = route_window(link, 5 * kDay + 12 * kHour, kMon);  // Saturday noon
  EXPECT_FALSE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, 6 * kDay);  // Sunday 00:00
}

TEST(FileRouteSchedule, HighOnlySlotBlocksTheEasySetupPackage) {
  ASSERT_EQ(kPackagePriority, PackagePriority::medium);
  Link link;
  link.schedule = {slot(0x7F, 8, 18, SchedulePriority::high)};
  RouteWindow w = route_window(link, 9 * kHour, kMon);
  EXPECT_FALSE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, 18 * kHour);

  link.schedule = {slot(0x7F, 8, 18, SchedulePriority::medium_high)};
  w = route_window(link, 9 * kHour, kMon);
  EXPECT_TRUE(w.open);
  EXPECT_GE(w.until_s, 9 * kHour + 7 * kDay);  // medium_high and the default "all" both let it through: no cut at 18:00

  link.schedule = {slot(0x7F, 8, 18, SchedulePriority::all)};
  EXPECT_TRUE(route_window(link, 9 * kHour, kMon).open);
}

TEST(FileRouteSchedule, RouteClosedAllWeekIsClosedForGood) {
  // High only, every day, all day: the medium-priority Easy Setup Package never passes. The
  // rules repeat weekly, so the route says it never opens (the sender then holds the sending
  // past the horizon instead of waking at every midnight).
  Link link;
  link.schedule = {slot(0x7F, 0, 24, SchedulePriority::high)};
  const RouteWindow w = route_window(link, 10 * kHour, kMon);
  EXPECT_FALSE(w.open);
  EXPECT_TRUE(std::isinf(w.until_s));
  EXPECT_FALSE(route_window(link, 10 * kHour + 6 * kDay, kMon).open);
}

TEST(FileRouteSchedule, LaterSlotsOverrideEarlierOnes) {
  Link link;
  link.schedule = {slot(0x7F, 0, 24, SchedulePriority::closed), slot(0x7F, 12, 14, SchedulePriority::all)};
  RouteWindow w = route_window(link, 13 * kHour, kMon);
  EXPECT_TRUE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, 14 * kHour);
  w = route_window(link, 10 * kHour, kMon);
  EXPECT_FALSE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, 12 * kHour);
  w = route_window(link, 15 * kHour, kMon);
  EXPECT_FALSE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, kDay + 12 * kHour);  // closed across midnight (no cut at 24:00)

  // The same two slots the other way round: the whole-day closed slot wins.
  link.schedule = {slot(0x7F, 12, 14, SchedulePriority::all), slot(0x7F, 0, 24, SchedulePriority::closed)};
  EXPECT_FALSE(route_window(link, 13 * kHour, kMon).open);
}

TEST(FileRouteSchedule, ScheduleAndHourlyLimitCombine) {
  Link link = hourly_link(1e6);
  link.rate_limit.percent[20] = 40;
  link.schedule = {slot(0x7F, 1, 3, SchedulePriority::closed)};
  RouteWindow w = route_window(link, 2 * kHour, kMon);
  EXPECT_FALSE(w.open);
  EXPECT_DOUBLE_EQ(w.until_s, 3 * kHour);
  w = route_window(link, 3 * kHour, kMon);
  EXPECT_TRUE(w.open);
  EXPECT_DOUBLE_EQ(w.rate_cap_Bps, 1e6);
  EXPECT_DOUBLE_EQ(w.until_s, 20 * kHour);
  w = route_window(link, 20 * kHour, kMon);
  EXPECT_DOUBLE_EQ(w.rate_cap_Bps, 400000);
  EXPECT_DOUBLE_EQ(w.until_s, 21 * kHour);
}

TEST(FileRouteSendings, AnyRateLimitAllowsOneSendingAtATime) {
  Link link;
  EXPECT_EQ(sendings_per_destination(link), 3);  // default: 3 per destination
  link.sender.per_site = 2;
  EXPECT_EQ(sendings_per_destination(link), 2);
  link.rate_limit.mode = RateLimitMode::pulse;
  EXPECT_EQ(sendings_per_destination(link), 1);
  link = hourly_link(1e6);  // even at 100 % every hour
  link.sender.per_site = 3;
  EXPECT_EQ(sendings_per_destination(link), 1);
}

}  // namespace
}  // namespace cmsim
