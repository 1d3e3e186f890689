#include "reports/log_lines.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "models/units.hpp"

namespace cmsim::reports {
namespace {

// The strings that delimit a record in one framing or the other. If a message contained
// one, readers would split the line in the wrong place (docs/modelling.md §12.1.1: no escaping
// exists), so none may ever appear inside message text, whatever the framing.
constexpr std::array<std::string_view, 3> kFrameMarkers = {"]LOG]!>", "<![LOG[", "$$<"};

// True when `out`, from `begin` on, ends with a frame marker.
bool ends_with_marker(const std::string& out, std::size_t begin) {
  const std::string_view tail(out.data() + begin, out.size() - begin);
  for (std::string_view m : kFrameMarkers) {
    if (tail.size() >= m.size() && tail.substr(tail.size() - m.size()) == m) return true;
  }
  return false;
}

// Appends `text` as single-line, marker-free message text. CR, LF and CRLF become one
// space (CMTrace is line based). A marker is broken by a space before its last character
// ("$$<" -> "$$ <"). Checking the output after each marker-ending character, rather than
// searching the input, also catches markers that only form across an earlier repair
// (e.g. "$$<![LOG[").
void append_repaired_text(std::string& out, std::string_view text) {
  const std::size_t begin = out.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out.push_back(' ');
      continue;
    }
    out.push_back(c);
    if ((c == '>' || c == '[' || c == '<') && ends_with_marker(out, begin)) out.insert(out.size() - 1, 1, ' ');
  }
}

// Almost every message is already clean, and then it is copied in one piece: the
// character-by-character repair is the slow path of a function called once per line.
// One pass over the text with cheap branches (find_first_of would memchr per character).
bool needs_repair(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') return true;
    if (c == ']' || c == '<' || c == '$') {
      const std::string_view rest = text.substr(i);
      for (std::string_view m : kFrameMarkers) {
        if (rest.substr(0, m.size()) == m) return true;
      }
    }
  }
  return false;
}

void append_message_text(std::string& out, std::string_view text) {
  if (!needs_repair(text)) {
    out.append(text);
  } else {
    append_repaired_text(out, text);
  }
}

// Component names end the `$$<...>` field at '>' and the component="..." field at '"'
// (CMTrace reads at most 100 characters there), so those characters are replaced.
void append_component(std::string& out, std::string_view component) {
  constexpr std::size_t kMaxComponent = 100;
  const std::size_t n = std::min(component.size(), kMaxComponent);
  const auto bad_char = [](char c) { return c == '"' || c == '<' || c == '>' || c == '\r' || c == '\n'; };
  if (std::none_of(component.begin(), component.begin() + static_cast<std::ptrdiff_t>(n), bad_char)) {
    out.append(component.data(), n);  // every name the simulator uses: one copy, not a push per character
    return;
  }
  for (std::size_t i = 0; i < n; ++i) out.push_back(bad_char(component[i]) ? '_' : component[i]);
}

// Local time as the log shows it: UTC = local + bias, so local = UTC - bias.
units::CivilTime local_time(const LogLine& r, std::int64_t start_unix_s, int bias_minutes) {
  return units::civil_from_unix(static_cast<double>(start_unix_s) + r.t_s - 60.0 * bias_minutes);
}

int cmtrace_type(Severity s) {
  switch (s) {
    case Severity::warning:
      return 2;
    case Severity::error:
      return 3;
    case Severity::info:
      break;
  }
  return 1;
}

// Fixed-width decimal fields written by hand: these run once per log line, and fmt's
// general parser would dominate the cost of rendering a year of logs for thousands of sites.
char* put_digits(char* at, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return at + width;
}

// "HH:MM:SS.mmm+BBB"
char* put_time(char* at, const units::CivilTime& t, int bias) {
  at = put_digits(at, t.hour, 2);
  *at++ = ':';
  at = put_digits(at, t.minute, 2);
  *at++ = ':';
  at = put_digits(at, t.second, 2);
  *at++ = '.';
  at = put_digits(at, t.millisecond, 3);
  *at++ = bias < 0 ? '-' : '+';
  return put_digits(at, static_cast<unsigned>(std::abs(bias)), 3);
}

// "MM-DD-YYYY"; years outside 0..9999 cannot come from a validated scenario.
char* put_date(char* at, const units::CivilTime& t) {
  at = put_digits(at, t.month, 2);
  *at++ = '-';
  at = put_digits(at, t.day, 2);
  *at++ = '-';
  return put_digits(at, static_cast<unsigned>(t.year), 4);
}

// Upper-case hex with at least four digits, as the product writes thread ids (0x1D90).
void append_hex(std::string& out, std::uint32_t value) {
  char buf[8];
  int n = 0;
  do {
    buf[n++] = "0123456789ABCDEF"[value & 0xF];
    value >>= 4;
  } while (value != 0);
  for (; n < 4; ++n) buf[n] = '0';
  while (n > 0) out.push_back(buf[--n]);
}

void append_site_server_line(std::string& out, const LogLine& r, const units::CivilTime& t, int bias) {
  append_message_text(out, r.text);
  out.append("  $$<");
  append_component(out, r.component);
  char buf[32];
  char* at = buf;
  *at++ = '>';
  *at++ = '<';
  at = put_date(at, t);
  *at++ = ' ';
  at = put_time(at, t, bias);
  out.append(buf, at);
  out.append("><thread=");
  const fmt::format_int thread(r.thread);
  out.append(thread.data(), thread.size());
  out.append(" (0x");
  append_hex(out, r.thread);
  out.append(")>\n");
}

void append_cmtrace_line(std::string& out, const LogLine& r, const units::CivilTime& t, int bias) {
  out.append("<![LOG[");
  append_message_text(out, r.text);
  char buf[32];
  out.append("]LOG]!><time=\"");
  out.append(buf, put_time(buf, t, bias));
  out.append("\" date=\"");
  out.append(buf, put_date(buf, t));
  out.append("\" component=\"");
  append_component(out, r.component);
  out.append("\" context=\"\" type=\"");
  out.push_back(static_cast<char>('0' + cmtrace_type(r.severity)));
  out.append("\" thread=\"");
  const fmt::format_int thread(r.thread);
  out.append(thread.data(), thread.size());
  out.append("\" file=\"\">\n");
}

// The .log content moves to .lo_ with the marker line appended; buffers are swapped,
// not copied, so a file that rotates many times costs no new allocations.
void rotate(RenderedLog& rendered) {
  std::swap(rendered.log, rendered.rotated);
  rendered.rotated.append(kLogRolloverMarker);
  rendered.rotated.push_back('\n');
  rendered.log.clear();
}

}  // namespace

void append_log_line(std::string& out, const LogLine& record, std::int64_t start_unix_s, int bias_minutes) {
  const units::CivilTime t = local_time(record, start_unix_s, bias_minutes);
  if (record.framing == LogFraming::cmtrace) {
    append_cmtrace_line(out, record, t, bias_minutes);
  } else {
    append_site_server_line(out, record, t, bias_minutes);
  }
}

RenderedLog render_log(const std::vector<LogLine>& lines, std::int64_t start_unix_s, std::size_t max_bytes,
                       int bias_minutes) {
  RenderedLog rendered;
  std::string line;
  render_log_into(
      rendered, line, lines.size(), [&lines](std::size_t i) { return lines[i]; }, start_unix_s, max_bytes,
      bias_minutes);
  return rendered;
}

void render_log_into(RenderedLog& rendered, std::string& line, std::size_t count, const LineAt& line_at,
                     std::int64_t start_unix_s, std::size_t max_bytes, int bias_minutes) {
  rendered.log.clear();
  rendered.rotated.clear();
  const std::size_t marker_bytes = kLogRolloverMarker.size() + 1;
  // Each line is written in place at the end of the log; only a line that makes the log
  // rotate is copied out and back (rotation is rare, a copy per line was not).
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t before = rendered.log.size();
    append_log_line(rendered.log, line_at(i), start_unix_s, bias_minutes);
    const bool too_big = rendered.log.size() + marker_bytes > max_bytes;
    if (max_bytes > 0 && before > 0 && too_big) {
      line.assign(rendered.log, before, std::string::npos);
      rendered.log.resize(before);
      rotate(rendered);
      rendered.log.append(line);
    }
  }
}

}  // namespace cmsim::reports
