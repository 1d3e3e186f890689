#include "units.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace cmsim::units {
namespace {

constexpr const char* kDurationExpected = "a duration such as 45s, 30m, 36h, 90d or 1d12h";
constexpr const char* kSizeExpected = "a size such as 800MiB, 1.2GB or a byte count";
constexpr const char* kRateExpected = "a rate such as 100Mbps, 1Gbps or 12.5MBps";
constexpr const char* kTimestampExpected = "a UTC timestamp such as 2026-01-05T00:00:00Z";

template <class T>
Parsed<T> fail(std::string error, const char* expected) {
  Parsed<T> p;
  p.error = std::move(error);
  p.expected = expected;
  return p;
}

template <class T>
Parsed<T> ok(T value) {
  Parsed<T> p;
  p.value = value;
  return p;
}

// Reads an unsigned decimal number ("12", "1.25") at `pos`; no sign, no exponent.
std::optional<double> read_number(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  bool digits = false, dot = false;
  while (pos < text.size()) {
    const char c = text[pos];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
    ++pos;
  }
  if (!digits) return std::nullopt;
  // strtod, not stod: an absurd literal gives inf or 0 here instead of an exception.
  const std::string literal(text.substr(start, pos - start));
  return std::strtod(literal.c_str(), nullptr);
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

struct UnitFactor {
  std::string_view name;
  double factor;
};

}  // namespace

Parsed<double> parse_duration_s(std::string_view text) {
  if (text.empty()) return fail<double>("empty duration", kDurationExpected);
  if (text[0] == '-') return fail<double>("negative duration " + quoted(text), kDurationExpected);
  // Longer unit names first so "ms" is not read as "m" followed by garbage.
  static constexpr std::array<UnitFactor, 6> kUnits{
      {{"ms", 0.001}, {"w", 604800.0}, {"d", 86400.0}, {"h", 3600.0}, {"m", 60.0}, {"s", 1.0}}};
  double total = 0.0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto number = read_number(text, pos);
    if (!number) return fail<double>("malformed duration " + quoted(text), kDurationExpected);
    const UnitFactor* unit = nullptr;
    for (const auto& u : kUnits) {
      if (text.substr(pos, u.name.size()) == u.name) {
        unit = &u;
        break;
      }
    }
    if (!unit) {
      if (pos == text.size()) return fail<double>("duration " + quoted(text) + " has no unit", kDurationExpected);
      return fail<double>("unknown unit in duration " + quoted(text), kDurationExpected);
    }
    pos += unit->name.size();
    total += *number * unit->factor;
    if (!std::isfinite(total) || total > kMaxDuration_s)
      return fail<double>("duration " + quoted(text) + " is too large", kDurationExpected);
  }
  return ok(total);
}

Parsed<std::uint64_t> parse_size_bytes(std::string_view text) {
  if (text.empty()) return fail<std::uint64_t>("empty size", kSizeExpected);
  if (text[0] == '-') return fail<std::uint64_t>("negative size " + quoted(text), kSizeExpected);
  static constexpr std::array<UnitFactor, 10> kUnits{{{"KiB", 1024.0},
                                                      {"MiB", 1048576.0},
                                                      {"GiB", 1073741824.0},
                                                      {"TiB", 1099511627776.0},
                                                      {"kB", 1e3},
                                                      {"KB", 1e3},
                                                      {"MB", 1e6},
                                                      {"GB", 1e9},
                                                      {"TB", 1e12},
                                                      {"B", 1.0}}};
  std::size_t pos = 0;
  auto number = read_number(text, pos);
  if (!number) return fail<std::uint64_t>("malformed size " + quoted(text), kSizeExpected);
  double factor = 1.0;
  if (pos < text.size()) {
    const auto rest = text.substr(pos);
    bool found = false;
    for (const auto& u : kUnits) {
      if (rest == u.name) {
        factor = u.factor;
        found = true;
        break;
      }
    }
    if (!found) return fail<std::uint64_t>("unknown unit in size " + quoted(text), kSizeExpected);
  }
  const double bytes = std::round(*number * factor);
  if (!std::isfinite(bytes) || bytes >= static_cast<double>(kMaxSize_bytes))
    return fail<std::uint64_t>("size " + quoted(text) + " is too large", kSizeExpected);
  return ok(static_cast<std::uint64_t>(bytes));
}

Parsed<double> parse_rate_Bps(std::string_view text) {
  if (text.empty()) return fail<double>("empty rate", kRateExpected);
  if (text[0] == '-') return fail<double>("negative rate " + quoted(text), kRateExpected);
  // Case matters: "Mbps" is megabits, "MBps" megabytes.
  static constexpr std::array<UnitFactor, 15> kUnits{{{"bps", 0.125},
                                                      {"kbps", 125.0},
                                                      {"Kbps", 125.0},
                                                      {"Mbps", 125e3},
                                                      {"Gbps", 125e6},
                                                      {"Tbps", 125e9},
                                                      {"Bps", 1.0},
                                                      {"kBps", 1e3},
                                                      {"KBps", 1e3},
                                                      {"MBps", 1e6},
                                                      {"GBps", 1e9},
                                                      {"KiBps", 1024.0},
                                                      {"MiBps", 1048576.0},
                                                      {"GiBps", 1073741824.0},
                                                      {"TBps", 1e12}}};
  std::size_t pos = 0;
  auto number = read_number(text, pos);
  if (!number) return fail<double>("malformed rate " + quoted(text), kRateExpected);
  const auto rest = text.substr(pos);
  if (rest.empty()) return fail<double>("rate " + quoted(text) + " has no unit", kRateExpected);
  for (const auto& u : kUnits) {
    if (rest == u.name) {
      const double rate = *number * u.factor;
      if (!std::isfinite(rate) || rate > 1e15)
        return fail<double>("rate " + quoted(text) + " is too large", kRateExpected);
      return ok(rate);
    }
  }
  return fail<double>("unknown unit in rate " + quoted(text), kRateExpected);
}

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm: exact for the proleptic Gregorian calendar.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilTime civil_from_unix(double unix_s) {
  const double floor_s = std::floor(unix_s);
  auto ms = static_cast<unsigned>(std::llround((unix_s - floor_s) * 1000.0));
  auto secs = static_cast<std::int64_t>(floor_s);
  if (ms == 1000) {
    ms = 0;
    ++secs;
  }
  std::int64_t z = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const std::int64_t sod = secs - z * 86400;
  const auto weekday = static_cast<unsigned>(((z % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilTime t{};
  t.day = doy - (153 * mp + 2) / 5 + 1;
  t.month = mp < 10 ? mp + 3 : mp - 9;
  t.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (t.month <= 2));
  t.hour = static_cast<unsigned>(sod / 3600);
  t.minute = static_cast<unsigned>(sod % 3600 / 60);
  t.second = static_cast<unsigned>(sod % 60);
  t.millisecond = ms;
  t.weekday = weekday;
  return t;
}

bool looks_like_timestamp(std::string_view text) {
  return text.size() >= 10 && text[4] == '-' && text.find('T') != std::string_view::npos;
}

Parsed<std::int64_t> parse_utc_timestamp(std::string_view text) {
  auto digits = [&](std::size_t at, std::size_t n, unsigned& out) {
    if (at + n > text.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
      out = out * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return true;
  };
  unsigned y, mo, d, h, mi, s;
  const bool shape = text.size() == 20 && digits(0, 4, y) && text[4] == '-' && digits(5, 2, mo) && text[7] == '-' &&
                     digits(8, 2, d) && text[10] == 'T' && digits(11, 2, h) && text[13] == ':' && digits(14, 2, mi) &&
                     text[16] == ':' && digits(17, 2, s) && text[19] == 'Z';
  if (!shape) return fail<std::int64_t>("malformed timestamp " + quoted(text), kTimestampExpected);
  static constexpr std::array<unsigned, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap) || h > 23 ||
      mi > 59 || s > 59)
    return fail<std::int64_t>("timestamp " + quoted(text) + " is not a valid date and time", kTimestampExpected);
  return ok(days_from_civil(static_cast<int>(y), mo, d) * 86400 + h * 3600 + mi * 60 + s);
}

Parsed<int> parse_clock_minutes(std::string_view text) {
  constexpr const char* kExpected = "a time of day HH:MM such as 02:00";
  if (text.size() != 5 || text[2] != ':' || !std::isdigit(static_cast<unsigned char>(text[0])) ||
      !std::isdigit(static_cast<unsigned char>(text[1])) || !std::isdigit(static_cast<unsigned char>(text[3])) ||
      !std::isdigit(static_cast<unsigned char>(text[4])))
    return fail<int>("malformed time of day " + quoted(text), kExpected);
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 24 || m > 59 || (h == 24 && m != 0))
    return fail<int>("time of day " + quoted(text) + " out of range", kExpected);
  return ok(h * 60 + m);
}

Parsed<std::uint8_t> parse_days_mask(std::string_view text) {
  constexpr const char* kExpected = "days such as Sat, Mon-Fri, Mon,Wed or daily";
  static constexpr std::array<std::string_view, 7> kNames{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  if (text == "daily" || text == "all") return ok<std::uint8_t>(0x7F);
  auto day_index = [&](std::string_view name) -> int {
    for (int i = 0; i < 7; ++i)
      if (kNames[static_cast<std::size_t>(i)] == name) return i;
    return -1;
  };
  std::uint8_t mask = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const auto item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    const std::size_t dash = item.find('-');
    const int a = day_index(item.substr(0, dash));
    const int b = dash == std::string_view::npos ? a : day_index(item.substr(dash + 1));
    if (a < 0 || b < 0) return fail<std::uint8_t>("unknown day in " + quoted(text), kExpected);
    // A range may wrap over the weekend, e.g. Fri-Mon.
    for (int i = a;; i = (i + 1) % 7) {
      mask = static_cast<std::uint8_t>(mask | (1u << i));
      if (i == b) break;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return ok(mask);
}

std::string format_utc_iso(std::int64_t unix_s) { return format_utc_iso_ms(static_cast<double>(unix_s)).erase(19, 4); }

namespace {

char* put_digits(char* at, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return at + width;
}

}  // namespace

// Digits by hand rather than snprintf: this runs for every row of every CSV table, and a
// year of the largest hierarchy has hundreds of thousands of status messages.
void append_utc_iso_ms(std::string& out, double unix_s) {
  const CivilTime t = civil_from_unix(unix_s);
  char buf[40];
  if (t.year < 0 || t.year > 9999) {  // outside ISO 8601's four digits: not worth a fast path
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ", t.year, t.month, t.day, t.hour,
                                t.minute, t.second, t.millisecond);
    out.append(buf, static_cast<std::size_t>(n));
    return;
  }
  char* at = put_digits(buf, static_cast<unsigned>(t.year), 4);
  *at++ = '-';
  at = put_digits(at, t.month, 2);
  *at++ = '-';
  at = put_digits(at, t.day, 2);
  *at++ = 'T';
  at = put_digits(at, t.hour, 2);
  *at++ = ':';
  at = put_digits(at, t.minute, 2);
  *at++ = ':';
  at = put_digits(at, t.second, 2);
  *at++ = '.';
  at = put_digits(at, t.millisecond, 3);
  *at++ = 'Z';
  out.append(buf, at);
}

std::string format_utc_iso_ms(double unix_s) {
  std::string out;
  append_utc_iso_ms(out, unix_s);
  return out;
}

std::string format_duration(double seconds) {
  if (seconds <= 0) return "0s";
  auto rest = static_cast<std::int64_t>(std::llround(seconds));
  std::string out;
  const std::pair<std::int64_t, const char*> parts[] = {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}};
  for (const auto& [size, name] : parts) {
    if (rest >= size) {
      out += std::to_string(rest / size) + name;
      rest %= size;
    }
  }
  return out.empty() ? "0s" : out;
}

std::string format_rate(double bytes_per_s) {
  const double bps = bytes_per_s * 8;
  const std::pair<double, const char*> scales[] = {{1e9, "Gbps"}, {1e6, "Mbps"}, {1e3, "kbps"}};
  for (const auto& [scale, name] : scales) {
    if (bps >= scale) {
      char buffer[48];
      std::snprintf(buffer, sizeof buffer, "%.4g%s", bps / scale, name);
      return buffer;
    }
  }
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.4gbps", bps);
  return buffer;
}

}  // namespace cmsim::units
