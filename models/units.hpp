// Parsing and formatting of the unit strings of the scenario contract (docs/scenario.md §2):
// durations ("1d12h", "30ms"), sizes ("1.2GB", "800MiB", byte counts), rates ("100Mbps",
// "12.5MBps"), absolute UTC timestamps, wall-clock times ("22:00") and day sets ("Mon-Fri").
// Everything returns seconds, bytes or bytes per second, never a unit-less guess.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cmsim::units {

// A parse either yields a value or says what was wrong and what was expected, so the
// loader can report `FILE: /pointer: message (expected ...)`.
template <class T>
struct Parsed {
  std::optional<T> value;
  std::string error;     // what is wrong, e.g. "unknown unit 'x' in '5x'"
  std::string expected;  // e.g. "a duration such as 30m, 36h or 1d12h"
  explicit operator bool() const { return value.has_value(); }
  const T& operator*() const { return *value; }
};

inline constexpr std::uint64_t kMaxSize_bytes = 9200000000000000000ull;  // below 2^63, whatever the form
inline constexpr double kMaxDuration_s = 1000.0 * 365.0 * 86400.0;       // beyond any planning horizon

Parsed<double> parse_duration_s(std::string_view text);           // "90d", "1d12h", "30ms"; >= 0
Parsed<std::uint64_t> parse_size_bytes(std::string_view text);    // "1.2GB", "800MiB", "12345"
Parsed<double> parse_rate_Bps(std::string_view text);             // "100Mbps" -> 12.5e6 bytes/s
Parsed<std::int64_t> parse_utc_timestamp(std::string_view text);  // "2026-01-05T00:00:00Z" -> Unix s
Parsed<int> parse_clock_minutes(std::string_view text);           // "22:00" -> 1320
// Days of week as a bitmask, bit 0 = Sunday ... bit 6 = Saturday. "Sat", "Mon-Fri",
// "Mon,Wed,Fri", "daily".
Parsed<std::uint8_t> parse_days_mask(std::string_view text);

// True when the text looks like an absolute timestamp rather than an offset from start.
bool looks_like_timestamp(std::string_view text);

std::string format_utc_iso(std::int64_t unix_s);  // "2026-01-05T00:00:00Z"
std::string format_utc_iso_ms(double unix_s);     // "2026-01-05T00:00:00.250Z"
// The same, appended to `out` without a temporary string.
void append_utc_iso_ms(std::string& out, double unix_s);
std::string format_duration(double seconds);  // "1d12h", "45s", "0s"
// Bits per second to four significant digits, as a planner reads them: "50Mbps", "23.44Mbps".
std::string format_rate(double bytes_per_s);

// Civil calendar helpers (proleptic Gregorian, UTC).
std::int64_t days_from_civil(int year, unsigned month, unsigned day);
struct CivilTime {
  int year;
  unsigned month, day, hour, minute, second, millisecond, weekday;
};
CivilTime civil_from_unix(double unix_s);

}  // namespace cmsim::units
