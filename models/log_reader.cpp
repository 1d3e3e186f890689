#include "models/log_reader.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>

#include "models/units.hpp"

namespace cmsim {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCmtraceOpen = "<![LOG[";
constexpr std::string_view kCmtraceClose = "]LOG]!>";
constexpr std::string_view kSiteServerFrame = "$$<";
constexpr std::string_view kRolloverMarker = "<MAXIMUM LOG FILE SIZE REACHED - FILE RENAMED>";
// A CMTrace message left open is joined with at most this many following lines: a
// truncated file must not make the rest of the file one message.
constexpr std::size_t kMaxContinuationLines = 200;

// Reads 1 to `max_digits` decimal digits at `pos`.
std::optional<unsigned> read_digits(std::string_view s, std::size_t& pos, std::size_t max_digits) {
  const std::size_t start = pos;
  unsigned value = 0;
  while (pos < s.size() && pos - start < max_digits && std::isdigit(static_cast<unsigned char>(s[pos])))
    value = value * 10 + static_cast<unsigned>(s[pos++] - '0');
  if (pos == start) return std::nullopt;
  return value;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

// "MM-DD-YYYY" (readers accept unpadded month and day) -> days since 1970-01-01.
std::optional<std::int64_t> parse_date(std::string_view s) {
  std::size_t pos = 0;
  const auto month = read_digits(s, pos, 2);
  if (!month || !expect(s, pos, '-')) return std::nullopt;
  const auto day = read_digits(s, pos, 2);
  if (!day || !expect(s, pos, '-')) return std::nullopt;
  const auto year = read_digits(s, pos, 4);
  if (!year || pos != s.size() || *month < 1 || *month > 12 || *day < 1 || *day > 31 || *year < 1601)
    return std::nullopt;
  return units::days_from_civil(static_cast<int>(*year), *month, *day);
}

struct ClockTime {
  double seconds_of_day = 0;
  int bias_minutes = 0;
};

// "HH:MM:SS.fff+BIAS": 1 to 7 fractional digits (some writers emit 7), then a signed bias.
std::optional<ClockTime> parse_time(std::string_view s) {
  std::size_t pos = 0;
  const auto hour = read_digits(s, pos, 2);
  if (!hour || !expect(s, pos, ':')) return std::nullopt;
  const auto minute = read_digits(s, pos, 2);
  if (!minute || !expect(s, pos, ':')) return std::nullopt;
  const auto second = read_digits(s, pos, 2);
  if (!second || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  double fraction = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    double scale = 0.1;
    while (pos < s.size() && pos - start < 7 && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      fraction += scale * (s[pos++] - '0');
      scale /= 10;
    }
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return std::nullopt;
  const int sign = s[pos++] == '-' ? -1 : 1;
  const auto bias = read_digits(s, pos, 4);
  if (!bias || pos != s.size() || *bias > 1440) return std::nullopt;
  ClockTime t;
  t.seconds_of_day = *hour * 3600.0 + *minute * 60.0 + *second + fraction;
  t.bias_minutes = sign * static_cast<int>(*bias);
  return t;
}

// UTC = local + bias (docs/modelling.md §12.1.2). Milliseconds are kept as the log has them.
double utc_from(std::int64_t days, const ClockTime& t) {
  return static_cast<double>(days) * 86400.0 + t.seconds_of_day + 60.0 * t.bias_minutes;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::optional<std::uint32_t> parse_thread(std::string_view s) {
  std::size_t pos = 0;
  const auto value = read_digits(s, pos, 9);
  if (!value) return std::nullopt;
  return static_cast<std::uint32_t>(*value);
}

// text  $$<COMPONENT><MM-DD-YYYY HH:MM:SS.mmm+BIAS><thread=DEC (0xHEX)>
std::optional<LogEntry> parse_site_server(std::string_view line, std::size_t frame) {
  std::string_view rest = line.substr(frame + kSiteServerFrame.size());
  const auto close_component = rest.find('>');
  if (close_component == std::string_view::npos) return std::nullopt;
  LogEntry e;
  e.framing = LogLineFraming::site_server;
  e.component = std::string(rest.substr(0, close_component));
  rest.remove_prefix(close_component + 1);
  if (rest.empty() || rest.front() != '<') return std::nullopt;
  const auto close_time = rest.find('>');
  const auto space = rest.find(' ');
  if (close_time == std::string_view::npos || space == std::string_view::npos || space > close_time)
    return std::nullopt;
  const auto days = parse_date(rest.substr(1, space - 1));
  const auto time = parse_time(rest.substr(space + 1, close_time - space - 1));
  if (!days || !time) return std::nullopt;
  rest.remove_prefix(close_time + 1);
  constexpr std::string_view kThread = "<thread=";
  if (rest.substr(0, kThread.size()) != kThread) return std::nullopt;
  const auto thread = parse_thread(rest.substr(kThread.size()));
  if (!thread) return std::nullopt;
  e.utc_unix_s = utc_from(*days, *time);
  e.bias_minutes = time->bias_minutes;
  e.thread = *thread;
  e.text = std::string(trim_right(line.substr(0, frame)));
  return e;
}

// The value of `name="..."` in CMTrace's attribute list, or nullopt.
std::optional<std::string_view> attribute(std::string_view attrs, std::string_view name) {
  std::size_t from = 0;
  while (true) {
    const auto at = attrs.find(name, from);
    if (at == std::string_view::npos) return std::nullopt;
    const bool starts_word = at == 0 || attrs[at - 1] == ' ' || attrs[at - 1] == '<';
    const std::size_t eq = at + name.size();
    if (starts_word && attrs.substr(eq, 2) == "=\"") {
      const auto end = attrs.find('"', eq + 2);
      if (end == std::string_view::npos) return std::nullopt;
      return attrs.substr(eq + 2, end - eq - 2);
    }
    from = at + 1;
  }
}

// <![LOG[text]LOG]!><time="HH:MM:SS.mmm+BIAS" date="MM-DD-YYYY" component="X" context="" type="1" thread="N" file="">
std::optional<LogEntry> parse_cmtrace(std::string_view line) {
  const auto close = line.find(kCmtraceClose);
  if (close == std::string_view::npos) return std::nullopt;
  const std::string_view attrs = line.substr(close + kCmtraceClose.size());
  const auto time_text = attribute(attrs, "time");
  const auto date_text = attribute(attrs, "date");
  if (!time_text || !date_text) return std::nullopt;
  const auto days = parse_date(*date_text);
  const auto time = parse_time(*time_text);
  if (!days || !time) return std::nullopt;
  LogEntry e;
  e.framing = LogLineFraming::cmtrace;
  e.utc_unix_s = utc_from(*days, *time);
  e.bias_minutes = time->bias_minutes;
  e.component = std::string(attribute(attrs, "component").value_or(""));
  e.thread = parse_thread(attribute(attrs, "thread").value_or("")).value_or(0);
  e.text = std::string(line.substr(kCmtraceOpen.size(), close - kCmtraceOpen.size()));
  return e;
}

// Case-insensitive file lookup: the product's names vary in case between versions and docs.
std::optional<fs::path> find_file(const fs::path& folder, const std::string& file_name) {
  std::error_code ec;
  const fs::path exact = folder / file_name;
  if (fs::is_regular_file(exact, ec)) return exact;
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  const std::string wanted = lower(file_name);
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (lower(it->path().filename().string()) == wanted && it->is_regular_file(ec)) return it->path();
  }
  return std::nullopt;
}

bool read_whole_file(const fs::path& path, std::string& text) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxLogFile_bytes) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = std::move(buffer).str();
  return !in.bad();
}

}  // namespace

std::optional<LogEntry> parse_log_line(std::string_view line) {
  line = trim_right(line);
  if (line.substr(0, kCmtraceOpen.size()) == kCmtraceOpen) return parse_cmtrace(line);
  const auto frame = line.rfind(kSiteServerFrame);
  if (frame != std::string_view::npos) return parse_site_server(line, frame);
  return std::nullopt;
}

void read_log_text(std::string_view text, LogRead& into) {
  std::size_t pos = 0;
  std::string joined;
  while (pos < text.size()) {
    auto eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = trim_right(text.substr(pos, eol - pos));
    pos = eol + 1;
    if (line.empty()) continue;
    ++into.lines;
    if (line == kRolloverMarker) continue;
    if (line.substr(0, kCmtraceOpen.size()) == kCmtraceOpen && line.find(kCmtraceClose) == std::string_view::npos) {
      // A message over several lines: join until the closing marker, or give up.
      joined.assign(line);
      std::size_t next = pos;
      bool closed = false;
      for (std::size_t n = 0; n < kMaxContinuationLines && next < text.size(); ++n) {
        auto end = text.find('\n', next);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view more = trim_right(text.substr(next, end - next));
        next = end + 1;
        joined += '\n';
        joined.append(more);
        if (more.find(kCmtraceClose) != std::string_view::npos) {
          closed = true;
          break;
        }
      }
      if (closed) {
        if (auto entry = parse_cmtrace(joined)) {
          into.lines += static_cast<std::size_t>(std::count(joined.begin(), joined.end(), '\n'));
          into.entries.push_back(std::move(*entry));
          pos = next;
          continue;
        }
      }
      ++into.ignored;  // only this line; the ones after it are read on their own
      continue;
    }
    if (auto entry = parse_log_line(line)) {
      into.entries.push_back(std::move(*entry));
    } else {
      ++into.ignored;
    }
  }
}

std::optional<LogRead> read_log_files(const fs::path& folder, const std::string& name) {
  LogRead read;
  bool any = false;
  for (const char* extension : {".lo_", ".log"}) {
    const auto path = find_file(folder, name + extension);
    if (!path) continue;
    std::string text;
    if (!read_whole_file(*path, text)) continue;
    any = true;
    read.files.push_back(path->string());
    read_log_text(text, read);
  }
  if (!any) return std::nullopt;
  return read;
}

}  // namespace cmsim
