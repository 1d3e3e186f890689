// Renders the simulator's log lines as ConfigMgr log files (docs/modelling.md §7.3-7.4,
// §12.1), so planners can open them in CMTrace/OneTrace and grep them as they would real ones.
//
// Two framings, chosen per record (the writer decides, not the file name):
//   site_server: <text>  $$<COMPONENT><MM-DD-YYYY HH:MM:SS.mmm+BIAS><thread=DEC (0xHEX)>
//   cmtrace:     <![LOG[text]LOG]!><time="HH:MM:SS.mmm+BIAS" date="MM-DD-YYYY"
//                component="X" context="" type="1|2|3" thread="DEC" file="">
// BIAS is the Windows time-zone bias in minutes, UTC = local + bias, so its sign is the
// opposite of an ISO offset (UTC-7 is +420, UTC+1 is -060). The default 0 writes UTC as
// "+000", which every reader interprets the same way; the authoritative instants are in
// report.json and the CSVs anyway.
// The site-server framing has no severity field: viewers infer it from the words "error"
// and "warn" in the text, so the simulator must word error and warning texts accordingly
// (the product prefixes "ERROR:", "WARNING:"). Lines end with LF.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/results.hpp"

namespace cmsim::reports {

inline constexpr std::size_t kDefaultMaxLogBytes = 250000;  // documented MaxFileSize default
// The unframed last line of a rotated .lo_ file (docs/modelling.md §7.3 [O]).
inline constexpr std::string_view kLogRolloverMarker = "<MAXIMUM LOG FILE SIZE REACHED - FILE RENAMED>";

// The rendered content of one log file after all its lines: `log` is <name>.log, and
// `rotated` is <name>.lo_ (empty when the file never reached max_bytes). Only the last
// rotation survives, as with the product's default LogMaxHistory of 1.
struct RenderedLog {
  std::string log;
  std::string rotated;
};

// Renders the lines of one file, in the given order. A line that would take the .log
// (plus the marker line) past max_bytes first rotates it: the current content plus the
// marker becomes the .lo_, and the line starts a fresh .log. So both files stay within
// max_bytes unless a single line alone is longer. max_bytes 0 means never rotate.
RenderedLog render_log(const std::vector<LogLine>& lines, std::int64_t start_unix_s,
                       std::size_t max_bytes = kDefaultMaxLogBytes, int bias_minutes = 0);

// Appends one framed line (with its LF) for `record` to `out`.
void append_log_line(std::string& out, const LogLine& record, std::int64_t start_unix_s, int bias_minutes = 0);

// The lines a file is rendered from, asked for in order: `line_at(i)` is used before
// `line_at(i + 1)` is asked for, so a caller may build each line in one scratch buffer.
using LineAt = std::function<LogLine(std::size_t)>;

// render_log of `count` lines into caller-owned buffers (`line` is scratch), so a writer of
// many files reuses two strings for all of them.
void render_log_into(RenderedLog& rendered, std::string& line, std::size_t count, const LineAt& line_at,
                     std::int64_t start_unix_s, std::size_t max_bytes, int bias_minutes);

}  // namespace cmsim::reports
