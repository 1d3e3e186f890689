// Unit strings of the scenario contract (docs/scenario.md §2): what a planner may write for durations,
// sizes, rates, timestamps, times of day and day sets, what each means in seconds, bytes and
// bytes per second, and that everything else is refused with a message the loader can print.
#include "models/units.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace cmsim::units {
namespace {

// A refusal must carry both halves of `FILE: /pointer: what is wrong (what was expected)`.
template <class T>
::testing::AssertionResult Rejected(const Parsed<T>& p, const std::string& input) {
  if (p.value.has_value()) return ::testing::AssertionFailure() << "'" << input << "' was accepted, expected a refusal";
  if (static_cast<bool>(p)) return ::testing::AssertionFailure() << "'" << input << "' converts to true";
  if (p.error.empty()) return ::testing::AssertionFailure() << "'" << input << "' refused without an error text";
  if (p.expected.empty())
    return ::testing::AssertionFailure() << "'" << input << "' refused without saying what was expected";
  return ::testing::AssertionSuccess();
}

template <class T>
::testing::AssertionResult Accepted(const Parsed<T>& p, const std::string& input) {
  if (!p.value.has_value())
    return ::testing::AssertionFailure() << "'" << input << "' refused: " << p.error << " (" << p.expected << ")";
  if (!static_cast<bool>(p)) return ::testing::AssertionFailure() << "'" << input << "' converts to false";
  return ::testing::AssertionSuccess();
}

#define EXPECT_REJECTED(parser, text) EXPECT_TRUE(Rejected(parser(text), text))

constexpr std::int64_t kMon2026_01_05 = 1767571200;  // 2026-01-05T00:00:00Z, a Monday

// ---------------------------------------------------------------- durations

TEST(UnitsDuration, SingleUnits) {
  struct Case {
    const char* text;
    double seconds;
  };
  const Case cases[] = {{"90d", 7776000.0}, {"36h", 129600.0}, {"30m", 1800.0}, {"45s", 45.0},
                        {"2w", 1209600.0},  {"0s", 0.0},       {"1m", 60.0},    {"1s", 1.0}};
  for (const auto& c : cases) {
    const auto p = parse_duration_s(c.text);
    ASSERT_TRUE(Accepted(p, c.text));
    EXPECT_DOUBLE_EQ(*p, c.seconds) << c.text;
    EXPECT_TRUE(p.error.empty()) << c.text;
  }
}

TEST(UnitsDuration, CompoundAndFractional) {
  struct Case {
    const char* text;
    double seconds;
  };
  const Case cases[] = {{"1d12h", 129600.0}, {"10d2h", 871200.0}, {"1h30m", 5400.0}, {"1.5h", 5400.0},
                        {"1m30s", 90.0},     {"2w1d", 1296000.0}, {"0.5d", 43200.0}, {"1d1h1m1s", 90061.0}};
  for (const auto& c : cases) {
    const auto p = parse_duration_s(c.text);
    ASSERT_TRUE(Accepted(p, c.text));
    EXPECT_DOUBLE_EQ(*p, c.seconds) << c.text;
  }
}

TEST(UnitsDuration, MillisecondsAreNotMinutes) {
  // "ms" must not be read as minutes followed by a stray "s".
  const auto ms = parse_duration_s("120ms");
  ASSERT_TRUE(Accepted(ms, "120ms"));
  EXPECT_DOUBLE_EQ(*ms, 0.12);
  const auto latency = parse_duration_s("30ms");
  ASSERT_TRUE(Accepted(latency, "30ms"));
  EXPECT_DOUBLE_EQ(*latency, 0.03);
  const auto mixed = parse_duration_s("1m500ms");
  ASSERT_TRUE(Accepted(mixed, "1m500ms"));
  EXPECT_DOUBLE_EQ(*mixed, 60.5);
}

TEST(UnitsDuration, RejectsMalformed) {
  for (const char* text : {"",    "-5m",    "5",  "5x", "3dd", "1d-2h", "abc",  "d",    "m5",   " 5m",  "5m ", "5 m",
                           "+5m", "1.2.3h", ".h", "5M", "5H",  "5D",    "1d12", "1e3s", "1,5h", "5min", "5sec"}) {
    EXPECT_REJECTED(parse_duration_s, text);
  }
}

TEST(UnitsDuration, RejectsNegativeWithAMessageSayingSo) {
  const auto p = parse_duration_s("-5m");
  ASSERT_TRUE(Rejected(p, "-5m"));
  EXPECT_NE(p.error.find("negative"), std::string::npos) << p.error;
  EXPECT_NE(p.error.find("-5m"), std::string::npos) << "the message should quote the input: " << p.error;
}

TEST(UnitsDuration, RejectsMissingUnitWithAMessageSayingSo) {
  const auto p = parse_duration_s("5");
  ASSERT_TRUE(Rejected(p, "5"));
  EXPECT_NE(p.error.find("no unit"), std::string::npos) << p.error;
}

TEST(UnitsDuration, RejectsValuesBeyondThePlanningHorizon) {
  EXPECT_REJECTED(parse_duration_s, "99999999999999999999d");
  EXPECT_REJECTED(parse_duration_s, "1001000000h");
  // The limit itself is accepted, just beyond it is not.
  const auto limit = parse_duration_s("365000d");
  ASSERT_TRUE(Accepted(limit, "365000d"));
  EXPECT_DOUBLE_EQ(*limit, kMaxDuration_s);
  EXPECT_REJECTED(parse_duration_s, "365001d");
}

TEST(UnitsDuration, AbsurdlyLargeNumberIsRefusedNotThrown) {
  // A number too large for a double must be a refusal the loader can print, never an
  // exception that takes the whole run down ("bad input never crashes").
  const std::string huge = std::string(400, '9') + "d";
  Parsed<double> p;
  ASSERT_NO_THROW(p = parse_duration_s(huge));
  EXPECT_TRUE(Rejected(p, "400 nines + d"));
}

TEST(UnitsDuration, AbsurdlySmallNumberIsNotThrown) {
  // 1e-401 s: either refused with a message or read as zero; never an exception.
  const std::string tiny = "0." + std::string(400, '0') + "1s";
  Parsed<double> p;
  ASSERT_NO_THROW(p = parse_duration_s(tiny));
  if (p.value.has_value()) {
    EXPECT_GE(*p, 0.0);
    EXPECT_LT(*p, 1e-300);
  } else {
    EXPECT_TRUE(Rejected(p, "0.<400 zeros>1s"));
  }
}

// ---------------------------------------------------------------- sizes

TEST(UnitsSize, DecimalBinaryAndPlainByteCounts) {
  struct Case {
    const char* text;
    std::uint64_t bytes;
  };
  const Case cases[] = {{"1.2GB", 1200000000ULL},
                        {"800MiB", 838860800ULL},
                        {"12345", 12345ULL},
                        {"3KB", 3000ULL},
                        {"3kB", 3000ULL},
                        {"1B", 1ULL},
                        {"0", 0ULL},
                        {"1KiB", 1024ULL},
                        {"1GiB", 1073741824ULL},
                        {"250MB", 250000000ULL},
                        {"1TB", 1000000000000ULL},
                        {"2TiB", 2199023255552ULL},
                        {"0.5KiB", 512ULL}};
  for (const auto& c : cases) {
    const auto p = parse_size_bytes(c.text);
    ASSERT_TRUE(Accepted(p, c.text));
    EXPECT_EQ(*p, c.bytes) << c.text;
  }
}

TEST(UnitsSize, DecimalAndBinaryPrefixesDiffer) {
  const auto mb = parse_size_bytes("800MB");
  const auto mib = parse_size_bytes("800MiB");
  ASSERT_TRUE(Accepted(mb, "800MB"));
  ASSERT_TRUE(Accepted(mib, "800MiB"));
  EXPECT_EQ(*mb, 800000000ULL);
  EXPECT_GT(*mib, *mb);
}

TEST(UnitsSize, RejectsMalformed) {
  for (const char* text : {"", "-1GB", "1.2XB", "GB", "1e30GB", "1 GB", "1gb", "1Gb", "1.2.3GB", "12,345", "0x10",
                           "1GBs", "KB", "1G", "+1GB"}) {
    EXPECT_REJECTED(parse_size_bytes, text);
  }
}

TEST(UnitsSize, RejectsSizesTooLargeToCount) {
  EXPECT_REJECTED(parse_size_bytes, "99999999999GB");
  EXPECT_REJECTED(parse_size_bytes, "10000000TB");
  EXPECT_REJECTED(parse_size_bytes, "99999999999999999999");
  const std::string huge = std::string(400, '9') + "GB";
  Parsed<std::uint64_t> p;
  ASSERT_NO_THROW(p = parse_size_bytes(huge));
  EXPECT_TRUE(Rejected(p, "400 nines + GB"));
}

// ---------------------------------------------------------------- rates

TEST(UnitsRate, BitsAndBytesPerSecond) {
  struct Case {
    const char* text;
    double Bps;
  };
  const Case cases[] = {{"100Mbps", 12.5e6}, {"1Gbps", 125e6},     {"12.5MBps", 12.5e6}, {"4Mbps", 500e3},
                        {"10Mbps", 1.25e6},  {"200Mbps", 25e6},    {"8bps", 1.0},        {"64kbps", 8000.0},
                        {"1Bps", 1.0},       {"1MiBps", 1048576.0}};
  for (const auto& c : cases) {
    const auto p = parse_rate_Bps(c.text);
    ASSERT_TRUE(Accepted(p, c.text));
    EXPECT_DOUBLE_EQ(*p, c.Bps) << c.text;
  }
}

TEST(UnitsRate, CaseOfBDistinguishesBitsFromBytes) {
  const auto bits = parse_rate_Bps("100Mbps");
  const auto bytes = parse_rate_Bps("100MBps");
  ASSERT_TRUE(Accepted(bits, "100Mbps"));
  ASSERT_TRUE(Accepted(bytes, "100MBps"));
  EXPECT_DOUBLE_EQ(*bytes, 8.0 * *bits);
}

TEST(UnitsRate, RejectsMalformed) {
  // "100mbps": a lowercase m is milli, not mega; no rate unit is spelled that way.
  for (const char* text : {"", "100", "100mbps", "-1Mbps", "fastbps", "Mbps", "100 Mbps", "100Mb", "100MB", "100mBps",
                           "1.2.3Mbps", "100Mbit/s", "100MBPS"}) {
    EXPECT_REJECTED(parse_rate_Bps, text);
  }
}

TEST(UnitsRate, RejectsMissingUnitAndAbsurdRates) {
  const auto p = parse_rate_Bps("100");
  ASSERT_TRUE(Rejected(p, "100"));
  EXPECT_NE(p.error.find("no unit"), std::string::npos) << p.error;
  EXPECT_REJECTED(parse_rate_Bps, "99999999999Tbps");
  const std::string huge = std::string(400, '9') + "Mbps";
  Parsed<double> h;
  ASSERT_NO_THROW(h = parse_rate_Bps(huge));
  EXPECT_TRUE(Rejected(h, "400 nines + Mbps"));
}

// ---------------------------------------------------------------- timestamps

TEST(UnitsTimestamp, ParsesUtcToUnixSeconds) {
  const auto p = parse_utc_timestamp("2026-01-05T00:00:00Z");
  ASSERT_TRUE(Accepted(p, "2026-01-05T00:00:00Z"));
  EXPECT_EQ(*p, kMon2026_01_05);

  const auto epoch = parse_utc_timestamp("1970-01-01T00:00:00Z");
  ASSERT_TRUE(Accepted(epoch, "1970-01-01T00:00:00Z"));
  EXPECT_EQ(*epoch, 0);

  const auto start = parse_utc_timestamp("2024-11-25T00:00:00Z");
  ASSERT_TRUE(Accepted(start, "2024-11-25T00:00:00Z"));
  EXPECT_EQ(*start, 1732492800);

  const auto t = parse_utc_timestamp("2026-01-05T13:45:30Z");
  ASSERT_TRUE(Accepted(t, "2026-01-05T13:45:30Z"));
  EXPECT_EQ(*t, kMon2026_01_05 + 13 * 3600 + 45 * 60 + 30);

  const auto eod = parse_utc_timestamp("2025-12-31T23:59:59Z");
  ASSERT_TRUE(Accepted(eod, "2025-12-31T23:59:59Z"));
  EXPECT_EQ(*eod, 1767225599);
}

TEST(UnitsTimestamp, LeapDays) {
  const auto leap = parse_utc_timestamp("2024-02-29T12:00:00Z");
  ASSERT_TRUE(Accepted(leap, "2024-02-29T12:00:00Z"));
  const auto next = parse_utc_timestamp("2024-03-01T12:00:00Z");
  ASSERT_TRUE(Accepted(next, "2024-03-01T12:00:00Z"));
  EXPECT_EQ(*next - *leap, 86400);
  ASSERT_TRUE(Accepted(parse_utc_timestamp("2000-02-29T00:00:00Z"), "2000-02-29"));  // divisible by 400
  EXPECT_REJECTED(parse_utc_timestamp, "2025-02-29T00:00:00Z");
  EXPECT_REJECTED(parse_utc_timestamp, "2100-02-29T00:00:00Z");  // divisible by 100, not 400
  EXPECT_REJECTED(parse_utc_timestamp, "2024-02-30T00:00:00Z");
}

TEST(UnitsTimestamp, RejectsMalformedAndImpossible) {
  for (const char* text : {"",
                           "2026-01-05 00:00:00",
                           "2026-01-05 00:00:00Z",
                           "2026-1-5T00:00:00Z",
                           "2026-01-05T00:00:00",
                           "2026-01-05T25:00:00Z",
                           "2026-01-05T24:00:00Z",
                           "2026-01-05T00:60:00Z",
                           "2026-01-05T00:00:60Z",
                           "2026-13-01T00:00:00Z",
                           "2026-00-10T00:00:00Z",
                           "2026-01-00T00:00:00Z",
                           "2026-04-31T00:00:00Z",
                           "2026-01-32T00:00:00Z",
                           "2026-01-05",
                           "2026-01-05T00:00Z",
                           "2026-01-05t00:00:00z",
                           "2026-01-05T00:00:00+01:00",
                           "2026-01-05T00:00:00.500Z",
                           "20260105T000000Z",
                           "abcd-ef-ghTij:kl:mnZ",
                           " 2026-01-05T00:00:00Z",
                           "10d2h"}) {
    EXPECT_REJECTED(parse_utc_timestamp, text);
  }
}

TEST(UnitsTimestamp, TellsTimestampsFromOffsets) {
  // Event times are either offsets from start ("10d2h") or absolute timestamps.
  EXPECT_TRUE(looks_like_timestamp("2026-01-05T00:00:00Z"));
  EXPECT_TRUE(looks_like_timestamp("2026-01-05T00:00:00"));  // so the timestamp parser explains what is wrong
  EXPECT_FALSE(looks_like_timestamp("10d2h"));
  EXPECT_FALSE(looks_like_timestamp("30d"));
  EXPECT_FALSE(looks_like_timestamp("1d12h30m45s"));
  EXPECT_FALSE(looks_like_timestamp(""));
}

// ---------------------------------------------------------------- times of day

TEST(UnitsClock, HoursAndMinutesSinceMidnight) {
  struct Case {
    const char* text;
    int minutes;
  };
  const Case cases[] = {{"22:00", 1320}, {"24:00", 1440}, {"00:00", 0},
                        {"02:00", 120},  {"08:30", 510},  {"23:59", 1439}};
  for (const auto& c : cases) {
    const auto p = parse_clock_minutes(c.text);
    ASSERT_TRUE(Accepted(p, c.text));
    EXPECT_EQ(*p, c.minutes) << c.text;
  }
}

TEST(UnitsClock, RejectsMalformedAndOutOfRange) {
  for (const char* text : {"", "24:30", "24:01", "25:00", "7:00", "12:60", "12:5", "1200", "12-00", "12:00:00", "ab:cd",
                           " 2:00", "-1:00", "12:0a"}) {
    EXPECT_REJECTED(parse_clock_minutes, text);
  }
}

// ---------------------------------------------------------------- days of week

TEST(UnitsDays, SingleDaysAndRanges) {
  struct Case {
    const char* text;
    unsigned mask;
  };
  const Case cases[] = {
      {"Sun", 0x01},
      {"Sat", 0x40},
      {"Mon-Fri", 0x3E},                       // bits 1..5
      {"Fri-Mon", 0x20 | 0x40 | 0x01 | 0x02},  // wraps over the weekend
      {"Sat-Sun", 0x41},
      {"Mon,Wed", 0x0A},
      {"Mon,Wed,Fri", 0x2A},
      {"Mon-Tue,Thu", 0x16},
      {"Sun-Sat", 0x7F},
      {"daily", 0x7F},
      {"Wed-Wed", 0x08},
  };
  for (const auto& c : cases) {
    const auto p = parse_days_mask(c.text);
    ASSERT_TRUE(Accepted(p, c.text));
    EXPECT_EQ(static_cast<unsigned>(*p), c.mask) << c.text;
  }
}

TEST(UnitsDays, RejectsUnknownDays) {
  for (const char* text : {"", "Funday", "Monday", "mon", "MON", "Mon,", ",Mon", "Mon-", "-Fri", "Mon-Tue-Wed",
                           "Mon, Wed", "Mon--Fri", "weekdays", "Daily", "Mon,,Wed"}) {
    EXPECT_REJECTED(parse_days_mask, text);
  }
}

TEST(UnitsDays, WeekdayBitsMatchTheCalendar) {
  // A service window on "Mon" must open on the days the calendar calls Monday.
  const char* names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  for (int offset = 0; offset < 7; ++offset) {
    const CivilTime t = civil_from_unix(static_cast<double>(kMon2026_01_05 + offset * 86400));
    const auto mask = parse_days_mask(names[(1 + offset) % 7]);
    ASSERT_TRUE(Accepted(mask, names[(1 + offset) % 7]));
    EXPECT_EQ(static_cast<unsigned>(*mask), 1u << t.weekday) << "day " << offset << " after 2026-01-05";
  }
}

// ---------------------------------------------------------------- calendar and formatting

TEST(UnitsCalendar, CivilFromUnix) {
  const CivilTime monday = civil_from_unix(static_cast<double>(kMon2026_01_05));
  EXPECT_EQ(monday.year, 2026);
  EXPECT_EQ(monday.month, 1u);
  EXPECT_EQ(monday.day, 5u);
  EXPECT_EQ(monday.weekday, 1u);  // Monday
  EXPECT_EQ(monday.hour, 0u);

  const CivilTime t = civil_from_unix(static_cast<double>(kMon2026_01_05) + 3661.5);
  EXPECT_EQ(t.hour, 1u);
  EXPECT_EQ(t.minute, 1u);
  EXPECT_EQ(t.second, 1u);
  EXPECT_EQ(t.millisecond, 500u);

  const CivilTime epoch = civil_from_unix(0.0);
  EXPECT_EQ(epoch.year, 1970);
  EXPECT_EQ(epoch.weekday, 4u);  // Thursday

  const CivilTime before = civil_from_unix(-1.0);
  EXPECT_EQ(before.year, 1969);
  EXPECT_EQ(before.month, 12u);
  EXPECT_EQ(before.day, 31u);
  EXPECT_EQ(before.hour, 23u);
  EXPECT_EQ(before.second, 59u);
  EXPECT_EQ(before.weekday, 3u);  // Wednesday

  const CivilTime leap = civil_from_unix(static_cast<double>(*parse_utc_timestamp("2024-02-29T00:00:00Z")));
  EXPECT_EQ(leap.month, 2u);
  EXPECT_EQ(leap.day, 29u);
  EXPECT_EQ(leap.weekday, 4u);  // Thursday
}

TEST(UnitsCalendar, DaysFromCivil) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2026, 1, 5) * 86400, kMon2026_01_05);
  EXPECT_EQ(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28), 2);
  EXPECT_EQ(days_from_civil(2025, 3, 1) - days_from_civil(2025, 2, 28), 1);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
}

TEST(UnitsFormat, UtcIsoRoundTrips) {
  EXPECT_EQ(format_utc_iso(kMon2026_01_05), "2026-01-05T00:00:00Z");
  EXPECT_EQ(format_utc_iso(0), "1970-01-01T00:00:00Z");
  for (const char* text : {"2026-01-05T00:00:00Z", "2024-02-29T12:34:56Z", "2024-11-25T00:00:00Z",
                           "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z", "2100-03-01T06:07:08Z"}) {
    const auto p = parse_utc_timestamp(text);
    ASSERT_TRUE(Accepted(p, text));
    EXPECT_EQ(format_utc_iso(*p), text);
  }
}

TEST(UnitsFormat, UtcIsoWithMilliseconds) {
  EXPECT_EQ(format_utc_iso_ms(static_cast<double>(kMon2026_01_05)), "2026-01-05T00:00:00.000Z");
  EXPECT_EQ(format_utc_iso_ms(static_cast<double>(kMon2026_01_05) + 0.25), "2026-01-05T00:00:00.250Z");
  EXPECT_EQ(format_utc_iso_ms(static_cast<double>(kMon2026_01_05) + 86399.5), "2026-01-05T23:59:59.500Z");
  // Rounding to the millisecond carries into the next second, the next day and the next year.
  EXPECT_EQ(format_utc_iso_ms(static_cast<double>(kMon2026_01_05) + 1.9996), "2026-01-05T00:00:02.000Z");
  EXPECT_EQ(format_utc_iso_ms(1767225599.9999), "2026-01-01T00:00:00.000Z");
}

TEST(UnitsFormat, UtcIsoAppendsAndHandlesYearsOutsideFourDigits) {
  std::string row = "t_utc=";
  append_utc_iso_ms(row, 0.0);
  EXPECT_EQ(row, "t_utc=1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_utc_iso_ms(253402300800.0), "10000-01-01T00:00:00.000Z");  // the first instant past 9999
  EXPECT_EQ(format_utc_iso_ms(253402300799.999), "9999-12-31T23:59:59.999Z");
}

TEST(UnitsFormat, Durations) {
  EXPECT_EQ(format_duration(129600), "1d12h");
  EXPECT_EQ(format_duration(45), "45s");
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(-5), "0s");
  EXPECT_EQ(format_duration(3661), "1h1m1s");
  EXPECT_EQ(format_duration(7776000), "90d");
  EXPECT_EQ(format_duration(90061), "1d1h1m1s");
  EXPECT_EQ(format_duration(86400 + 1), "1d1s");
}

TEST(UnitsFormat, DurationsReadBackToTheSameSeconds) {
  for (double s : {1.0, 59.0, 60.0, 3599.0, 3600.0, 86399.0, 86400.0, 129600.0, 871200.0, 7776000.0, 31536000.0}) {
    const std::string text = format_duration(s);
    const auto p = parse_duration_s(text);
    ASSERT_TRUE(Accepted(p, text));
    EXPECT_DOUBLE_EQ(*p, s) << text;
  }
}

}  // namespace
}  // namespace cmsim::units
