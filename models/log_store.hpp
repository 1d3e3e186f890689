// The log lines components wrote during a run (docs/modelling.md §7.4), kept compactly:
// a 10-year run of the largest hierarchy writes over half a million of them, and as records
// of four strings each they took 144 bytes apiece plus a heap block for every component name
// longer than 15 characters. Here each line is a 40-byte entry; site, file and component
// names are held once, and texts are packed into large blocks.
#pragma once

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/index_iterator.hpp"
#include "models/outcomes.hpp"

namespace cmsim {

// One line of a simulated ConfigMgr log. The simulator records what the component said and
// when; reports/ renders it in the file's framing.
enum class LogFraming : std::uint8_t { site_server, cmtrace };

// A line as it is given (by a test, or derived when read: the replication monitor's lines).
struct LogRecord {
  double t_s = 0;
  std::string site;       // folder: logs/<site>/
  std::string file;       // "dmpdownloader.log"
  std::string component;  // "SMS_DMP_DOWNLOADER"
  std::uint32_t thread = 0;
  Severity severity = Severity::info;
  LogFraming framing = LogFraming::site_server;
  std::string text;
};

// A line as it is read back: the texts are views into whatever holds the line.
struct LogLine {
  double t_s = 0;
  std::string_view site;
  std::string_view file;
  std::string_view component;
  std::uint32_t thread = 0;
  Severity severity = Severity::info;
  LogFraming framing = LogFraming::site_server;
  std::string_view text;
};

LogLine view_of(const LogRecord& r);

class LogStore {
 public:
  using const_iterator = IndexIterator<LogStore, LogLine>;

  LogStore() = default;
  LogStore(std::initializer_list<LogRecord> list);
  // A copy holds its own names and texts (the entries point into them); a move keeps them
  // where they are.
  LogStore(const LogStore& other);
  LogStore& operator=(const LogStore& other);
  LogStore(LogStore&&) = default;
  LogStore& operator=(LogStore&&) = default;
  ~LogStore() = default;

  void push_back(const LogLine& line);
  void push_back(const LogRecord& record) { push_back(view_of(record)); }
  // The lines of one (site, file) go: a tool that writes its log anew on each run. Their
  // texts stay in the blocks (this is rare, and the blocks are never compacted).
  void erase_file(std::string_view site, std::string_view file);

  LogLine operator[](std::size_t i) const;
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }
  // What the store takes in memory (entries, names, text blocks), for the benchmarks.
  std::size_t memory_bytes() const;

 private:
  struct Entry {
    double t_s;
    const char* text;
    std::uint32_t text_bytes;
    std::uint32_t site;
    std::uint32_t file;
    std::uint32_t component;
    std::uint32_t thread;
    std::uint8_t severity;
    LogFraming framing;
  };
  static_assert(sizeof(Entry) == 40, "the 40 bytes a line costs, as the comment above says");
  std::uint32_t name_index(std::string_view name);
  const char* keep_text(std::string_view text);

  std::vector<Entry> entries_;
  std::deque<std::string> names_;  // a deque: views into it stay valid as it grows
  std::unordered_map<std::string_view, std::uint32_t> name_ids_;
  std::vector<std::unique_ptr<char[]>> blocks_;       // texts packed, kTextBlockBytes each
  std::vector<std::unique_ptr<char[]>> large_texts_;  // a text too long to pack, alone
  std::size_t block_used_ = 0;                        // bytes taken in blocks_.back()
  std::size_t text_bytes_reserved_ = 0;               // all blocks and large texts
};

}  // namespace cmsim
