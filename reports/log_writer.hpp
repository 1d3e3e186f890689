// Renders the simulator's LogRecords as ConfigMgr log files (domain §7.3-7.4, ecosystem
// §1), so planners can open them in CMTrace/OneTrace and grep them as they would real ones.
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
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "models/results.hpp"

namespace cmsim::reports {

inline constexpr std::size_t kDefaultMaxLogBytes = 250000;  // documented MaxFileSize default
// The unframed last line of a rotated .lo_ file (domain §7.3 [O]).
inline constexpr std::string_view kLogRolloverMarker = "<MAXIMUM LOG FILE SIZE REACHED - FILE RENAMED>";

// The rendered content of one log file after all its records: `log` is <name>.log, and
// `rotated` is <name>.lo_ (empty when the file never reached max_bytes). Only the last
// rotation survives, as with the product's default LogMaxHistory of 1.
struct RenderedLog {
  std::string log;
  std::string rotated;
};

// Renders the records of one file, in the given order. A line that would take the .log
// (plus the marker line) past max_bytes first rotates it: the current content plus the
// marker becomes the .lo_, and the line starts a fresh .log. So both files stay within
// max_bytes unless a single line alone is longer. max_bytes 0 means never rotate.
RenderedLog render_log(const std::vector<const LogRecord*>& records, std::int64_t start_unix_s,
                       std::size_t max_bytes = kDefaultMaxLogBytes, int bias_minutes = 0);

// Appends one framed line (with its LF) for `record` to `out`.
void append_log_line(std::string& out, const LogRecord& record, std::int64_t start_unix_s, int bias_minutes = 0);

// The log folder of one run, written whole and then put in place: files go into
// "<logs_dir>.tmp-<pid>" as plain writes (no per-file temporary, no stale .lo_ to look
// for: the folder is new), and commit() renames it over `logs_dir`, so a reader sees the
// old folder or the complete new one. Destroyed without commit(), the temporary folder is
// removed. Each (site, file) must come in one add().
class LogFolder {
 public:
  LogFolder(std::filesystem::path logs_dir, std::int64_t start_unix_s, std::size_t max_bytes = kDefaultMaxLogBytes,
            int bias_minutes = 0);
  ~LogFolder();
  LogFolder(const LogFolder&) = delete;
  LogFolder& operator=(const LogFolder&) = delete;

  void add(const std::vector<LogRecord>& records);
  void commit();

 private:
  std::filesystem::path logs_dir_;
  std::filesystem::path tmp_;
  std::int64_t start_unix_s_;
  std::size_t max_bytes_;
  int bias_minutes_;
  std::unordered_set<std::string> made_;  // site folders created so far
  RenderedLog rendered_;
  std::string line_;
  bool committed_ = false;
};

// The text of the STATMSG echo a site-server component writes when it raises a status
// message (domain §7.4, ecosystem §1.4), to be used as a LogRecord's text:
//   STATMSG: ID=<id> SEV=<I|W|E> LEV=M SOURCE="SMS Server" COMP="<COMPONENT>"
//   SYS=<server> SITE=<code> PID=<pid> TID=<tid> GMTDATE=<Www Mmm dd HH:MM:SS.mmm yyyy>
//   ISTR0="..." ... ISTR9="..." NUMATTRS=<n> [AID0=<id> AVAL0="<val>" ...]
// Always ten insertion strings (missing ones empty, extra ones dropped). The format has no
// escaping, so a '"' inside a value becomes '\'' to keep the fields parseable.
struct StatMsg {
  int id = 0;
  LogSeverity severity = LogSeverity::info;
  std::string component;  // "SMS_HIERARCHY_MANAGER"
  std::string server;     // SYS=, the site server's FQDN
  std::string site;       // SITE=, the site code
  std::uint32_t pid = 0;
  std::uint32_t tid = 0;
  double gmt_unix_s = 0;  // GMTDATE, absolute UTC seconds (start + t)
  std::vector<std::string> insertion_strings;
  std::vector<std::pair<std::uint32_t, std::string>> attributes;  // (AID, AVAL)
};
std::string statmsg_line(const StatMsg& message);

}  // namespace cmsim::reports
