// Service windows (docs/modelling.md §4.2): a child primary starts installing only inside one of its
// windows; several windows are a union; no window means always open. Times are UTC.
#include "models/service_window.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace cmsim {
namespace {

constexpr std::int64_t kMon = 1767571200;  // 2026-01-05T00:00:00Z, a Monday
constexpr double kHour = 3600.0, kDay = 86400.0;
constexpr std::uint8_t kSun = 1u << 0, kMonBit = 1u << 1, kWed = 1u << 3, kFri = 1u << 5, kSat = 1u << 6;
constexpr std::uint8_t kMonToFri = 0x3E;

ServiceWindow window(std::uint8_t days, int from_minute, double hours) {
  ServiceWindow w;
  w.days_mask = days;
  w.from_minute = from_minute;
  w.duration_s = hours * kHour;
  return w;
}

TEST(ServiceWindowDays, WeekdayAndDayStartAreUtc) {
  EXPECT_EQ(weekday_at(0, 0), 4);  // 1970-01-01 was a Thursday
  EXPECT_EQ(weekday_at(0, kMon), 1);
  EXPECT_EQ(weekday_at(5 * kDay + 12 * kHour, kMon), 6);  // Saturday noon
  EXPECT_EQ(weekday_at(6 * kDay, kMon), 0);               // Sunday
  EXPECT_EQ(weekday_at(-1, kMon), 0);                     // one second before the start: Sunday 23:59:59
  EXPECT_DOUBLE_EQ(day_start_s(13 * kHour, kMon), 0);
  EXPECT_DOUBLE_EQ(day_start_s(-1, kMon), -kDay);
  EXPECT_DOUBLE_EQ(day_start_s(kDay, kMon), kDay);
}

TEST(ServiceWindowDays, ScenarioStartingMidDayCountsDaysFromUtcMidnight) {
  const std::int64_t start = kMon + 22 * 3600;  // Monday 22:00 UTC
  EXPECT_DOUBLE_EQ(day_start_s(0, start), -22 * kHour);
  EXPECT_EQ(weekday_at(0, start), 1);
  EXPECT_EQ(weekday_at(1 * kHour + 59 * 60, start), 1);  // 23:59 Monday
  EXPECT_EQ(weekday_at(2 * kHour, start), 2);            // midnight: Tuesday
  EXPECT_DOUBLE_EQ(day_start_s(2 * kHour, start), 2 * kHour);
}

TEST(ServiceWindowOpen, NoWindowsIsAlwaysOpen) {
  const std::vector<ServiceWindow> none;
  for (double t : {0.0, 3 * kHour + 17, 5 * kDay + 23 * kHour}) {
    EXPECT_DOUBLE_EQ(next_window_open(none, t, kMon), t);
    EXPECT_TRUE(window_open(none, t, kMon));
  }
}

TEST(ServiceWindowOpen, InsideAWindowReturnsNow) {
  const std::vector<ServiceWindow> daily{window(0x7F, 2 * 60, 4)};  // 02:00-06:00 every day
  EXPECT_DOUBLE_EQ(next_window_open(daily, 2 * kHour, kMon), 2 * kHour);
  EXPECT_DOUBLE_EQ(next_window_open(daily, 3 * kHour + 123, kMon), 3 * kHour + 123);
  EXPECT_TRUE(window_open(daily, 5 * kHour + 3599, kMon));
}

TEST(ServiceWindowOpen, OutsideAWindowWaitsForTheNextOpening) {
  const std::vector<ServiceWindow> daily{window(0x7F, 2 * 60, 4)};
  EXPECT_FALSE(window_open(daily, 1 * kHour, kMon));
  EXPECT_DOUBLE_EQ(next_window_open(daily, 1 * kHour, kMon), 2 * kHour);
  // The window closes at 06:00 sharp: from then on the next opening is tomorrow 02:00.
  EXPECT_FALSE(window_open(daily, 6 * kHour, kMon));
  EXPECT_DOUBLE_EQ(next_window_open(daily, 6 * kHour, kMon), kDay + 2 * kHour);
  EXPECT_DOUBLE_EQ(next_window_open(daily, 23 * kHour, kMon), kDay + 2 * kHour);
}

TEST(ServiceWindowOpen, WindowSpanningMidnightStaysOpenIntoTheNextDay) {
  const std::vector<ServiceWindow> sat{window(kSat, 22 * 60, 6)};  // Saturday 22:00 for 6 h
  const double sat_22 = 5 * kDay + 22 * kHour;
  EXPECT_FALSE(window_open(sat, sat_22 - 60, kMon));
  EXPECT_DOUBLE_EQ(next_window_open(sat, sat_22 - 60, kMon), sat_22);
  EXPECT_TRUE(window_open(sat, sat_22, kMon));
  EXPECT_TRUE(window_open(sat, 6 * kDay + 3 * kHour, kMon));  // Sunday 03:00
  EXPECT_TRUE(window_open(sat, 6 * kDay + 3 * kHour + 59 * 60, kMon));
  EXPECT_FALSE(window_open(sat, 6 * kDay + 4 * kHour, kMon));  // Sunday 04:00
  EXPECT_DOUBLE_EQ(next_window_open(sat, 6 * kDay + 4 * kHour, kMon), sat_22 + 7 * kDay);
}

TEST(ServiceWindowOpen, WindowLongerThanADayIsOpenThroughout) {
  // Friday 18:00 for 60 h: a weekend window that ends Monday 06:00 (the loader accepts up to 168 h).
  const std::vector<ServiceWindow> weekend{window(kFri, 18 * 60, 60)};
  const double fri_18 = 4 * kDay + 18 * kHour;
  EXPECT_TRUE(window_open(weekend, fri_18 + 1 * kHour, kMon));
  EXPECT_TRUE(window_open(weekend, 5 * kDay + 12 * kHour, kMon));  // Saturday noon
  EXPECT_TRUE(window_open(weekend, 6 * kDay + 12 * kHour, kMon));  // Sunday noon
  EXPECT_TRUE(window_open(weekend, 7 * kDay + 5 * kHour, kMon));   // Monday 05:00
  EXPECT_FALSE(window_open(weekend, 7 * kDay + 6 * kHour, kMon));  // Monday 06:00
  EXPECT_DOUBLE_EQ(next_window_open(weekend, 7 * kDay + 6 * kHour, kMon), fri_18 + 7 * kDay);

  // A full week from Monday 23:00: open until the next Monday 23:00, six days and more later.
  const std::vector<ServiceWindow> week{window(kMonBit, 23 * 60, 168)};
  EXPECT_TRUE(window_open(week, 7 * kDay + 22 * kHour, kMon));
}

TEST(ServiceWindowOpen, SeveralWindowsAreAUnion) {
  const std::vector<ServiceWindow> two{window(kMonBit, 1 * 60, 1), window(kWed, 5 * 60, 2)};
  EXPECT_TRUE(window_open(two, 1 * kHour + 30 * 60, kMon));                        // Monday 01:30: the first
  EXPECT_TRUE(window_open(two, 2 * kDay + 6 * kHour, kMon));                       // Wednesday 06:00: the second
  EXPECT_DOUBLE_EQ(next_window_open(two, 3 * kHour, kMon), 2 * kDay + 5 * kHour);  // Monday 03:00 -> Wednesday 05:00
  EXPECT_DOUBLE_EQ(next_window_open(two, 2 * kDay + 7 * kHour, kMon), 7 * kDay + 1 * kHour);  // -> next Monday 01:00

  // Overlapping windows join: 01:00-03:00 and 02:00-05:00 are open from 01:00 to 05:00.
  const std::vector<ServiceWindow> overlap{window(0x7F, 1 * 60, 2), window(0x7F, 2 * 60, 3)};
  EXPECT_TRUE(window_open(overlap, 4 * kHour, kMon));
  EXPECT_FALSE(window_open(overlap, 5 * kHour, kMon));
  // The order of the list does not matter.
  const std::vector<ServiceWindow> reversed{overlap[1], overlap[0]};
  EXPECT_DOUBLE_EQ(next_window_open(reversed, 30 * 60, kMon), 1 * kHour);
  EXPECT_DOUBLE_EQ(next_window_open(overlap, 30 * 60, kMon), 1 * kHour);
}

TEST(ServiceWindowOpen, DayMaskKeepsWeekendsClosed) {
  const std::vector<ServiceWindow> weekdays{window(kMonToFri, 20 * 60, 2)};  // Mon-Fri 20:00-22:00
  EXPECT_TRUE(window_open(weekdays, 4 * kDay + 21 * kHour, kMon));           // Friday 21:00
  EXPECT_FALSE(window_open(weekdays, 5 * kDay + 21 * kHour, kMon));          // Saturday 21:00
  EXPECT_FALSE(window_open(weekdays, 6 * kDay + 21 * kHour, kMon));          // Sunday 21:00
  EXPECT_DOUBLE_EQ(next_window_open(weekdays, 4 * kDay + 23 * kHour, kMon), 7 * kDay + 20 * kHour);
  EXPECT_DOUBLE_EQ(next_window_open(weekdays, 6 * kDay + 21 * kHour, kMon), 7 * kDay + 20 * kHour);

  // A Sunday-only window seen from Monday waits almost a week.
  const std::vector<ServiceWindow> sunday{window(kSun, 0, 1)};
  EXPECT_DOUBLE_EQ(next_window_open(sunday, 1 * kHour, kMon), 6 * kDay);
}

TEST(ServiceWindowOpen, WindowThatNeverOpensIsInfinitelyFar) {
  const std::vector<ServiceWindow> never{window(0, 2 * 60, 4)};
  EXPECT_FALSE(window_open(never, 3 * kHour, kMon));
  EXPECT_EQ(next_window_open(never, 3 * kHour, kMon), std::numeric_limits<double>::infinity());
}

TEST(ServiceWindowOpen, ScenarioStartingOffMidnightUsesUtcClockTimes) {
  const std::int64_t start = kMon + 90 * 60;                        // Monday 01:30 UTC
  const std::vector<ServiceWindow> daily{window(0x7F, 2 * 60, 1)};  // 02:00-03:00 UTC
  EXPECT_FALSE(window_open(daily, 0, start));
  EXPECT_DOUBLE_EQ(next_window_open(daily, 0, start), 30 * 60);  // 02:00 is 30 min in
  EXPECT_TRUE(window_open(daily, 45 * 60, start));               // 02:15
  EXPECT_FALSE(window_open(daily, 90 * 60, start));              // 03:00
  EXPECT_DOUBLE_EQ(next_window_open(daily, 2 * kHour, start), kDay + 30 * 60);

  // Saturday 22:00 for 6 h, with the scenario starting Monday 01:30: Sunday 03:00 is
  // 6 days 1.5 hours in, Sunday 04:00 an hour later.
  const std::vector<ServiceWindow> sat{window(kSat, 22 * 60, 6)};
  EXPECT_TRUE(window_open(sat, 6 * kDay + 1.5 * kHour, start));
  EXPECT_FALSE(window_open(sat, 6 * kDay + 2.5 * kHour, start));
  EXPECT_DOUBLE_EQ(next_window_open(sat, 0, start), 5 * kDay + 20.5 * kHour);
}

}  // namespace
}  // namespace cmsim
