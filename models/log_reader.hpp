// Reads ConfigMgr site-server logs, real ones or cmsim's (docs/modelling.md §7.4, §12.1, §13):
// both line framings, the time-zone bias, and a `.lo_` rollover read before its `.log`.
//
//   site server: <text>  $$<COMPONENT><MM-DD-YYYY HH:MM:SS.mmm+BIAS><thread=DEC (0xHEX)>
//   CMTrace:     <![LOG[text]LOG]!><time="HH:MM:SS.mmm+BIAS" date="MM-DD-YYYY" component="X" ...
//                thread="DEC" ...>
//
// Times are local with the Windows bias in minutes: UTC = local + bias. A line in neither
// framing (or with an impossible date) is counted as ignored, never an error: real logs
// hold truncated lines, and one bad line must not hide a year of good ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cmsim {

enum class LogLineFraming : std::uint8_t { site_server, cmtrace };

struct LogEntry {
  double utc_unix_s = 0;  // the instant: local time + bias
  int bias_minutes = 0;
  std::string component;
  std::uint32_t thread = 0;
  LogLineFraming framing = LogLineFraming::site_server;
  std::string text;  // the message, without its frame
};

// One physical line (without its line break); nullopt when it is in neither framing.
std::optional<LogEntry> parse_log_line(std::string_view line);

// What was read from one log (its .lo_ and .log together).
struct LogRead {
  std::vector<LogEntry> entries;   // in file order: the .lo_ first, then the .log
  std::vector<std::string> files;  // the paths read, in that order
  std::size_t lines = 0;           // non-empty physical lines, rollover markers included
  std::size_t ignored = 0;         // lines in neither framing
};

// Appends the entries of one file's text to `into`. A CMTrace message that spans several
// physical lines (the product writes some) is joined with '\n' up to its `]LOG]!>`; the
// rollover marker line `<MAXIMUM LOG FILE SIZE REACHED - FILE RENAMED>` is recognised and
// not counted as ignored. CRLF and LF line ends are both read.
void read_log_text(std::string_view text, LogRead& into);

// Reads `<folder>/<name>.lo_` (if present) and then `<folder>/<name>.log` (if present).
// nullopt when neither exists or neither can be read. `name` is without extension
// ("sender"); the file name's case is matched loosely, as Windows would ("CMUpdate.log"
// and "cmupdate.log" are the same file).
std::optional<LogRead> read_log_files(const std::filesystem::path& folder, const std::string& name);

// Larger log files are refused rather than read into memory (a real LogMaxSize is a few MB).
inline constexpr std::uintmax_t kMaxLogFile_bytes = 1ull << 30;

}  // namespace cmsim
