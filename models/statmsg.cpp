#include "models/statmsg.hpp"

#include <array>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "models/units.hpp"

namespace cmsim {
namespace {

// STATMSG values have no escaping: a '"' would end the quoted field early, a line break
// would split the log line.
std::string quoted_value(std::string_view v) {
  std::string out(v);
  for (char& c : out) {
    if (c == '"') c = '\'';
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

// SYS= and SITE= are unquoted, so they must not hold blanks either.
std::string bare_value(std::string_view v) {
  std::string out(v);
  for (char& c : out) {
    if (c == '"' || c == ' ' || c == '\t' || c == '\r' || c == '\n') c = '_';
  }
  return out;
}

char statmsg_severity(Severity s) {
  switch (s) {
    case Severity::warning:
      return 'W';
    case Severity::error:
      return 'E';
    case Severity::info:
      break;
  }
  return 'I';
}

// "Wed Dec 21 16:15:08.957 2016", as in the product's GMTDATE field.
void append_gmtdate(std::string& out, double unix_s) {
  static constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const units::CivilTime t = units::civil_from_unix(unix_s);
  fmt::format_to(std::back_inserter(out), "{} {} {:02} {:02}:{:02}:{:02}.{:03} {}", kDays[t.weekday % 7],
                 kMonths[(t.month + 11) % 12], t.day, t.hour, t.minute, t.second, t.millisecond, t.year);
}

}  // namespace

std::string statmsg_line(const StatMsg& m) {
  constexpr std::size_t kInsertionStrings = 10;
  std::string out;
  out.reserve(256);
  auto it = std::back_inserter(out);
  fmt::format_to(
      it, "STATMSG: ID={} SEV={} LEV=M SOURCE=\"SMS Server\" COMP=\"{}\" SYS={} SITE={} PID={} TID={} GMTDATE=", m.id,
      statmsg_severity(m.severity), quoted_value(m.component), bare_value(m.server), bare_value(m.site), m.pid, m.tid);
  append_gmtdate(out, m.gmt_unix_s);
  for (std::size_t i = 0; i < kInsertionStrings; ++i) {
    const std::string_view value = i < m.insertion_strings.size() ? m.insertion_strings[i] : std::string_view();
    fmt::format_to(it, " ISTR{}=\"{}\"", i, quoted_value(value));
  }
  fmt::format_to(it, " NUMATTRS={}", m.attributes.size());
  for (std::size_t i = 0; i < m.attributes.size(); ++i) {
    fmt::format_to(it, " AID{}={} AVAL{}=\"{}\"", i, m.attributes[i].first, i, quoted_value(m.attributes[i].second));
  }
  return out;
}

}  // namespace cmsim
