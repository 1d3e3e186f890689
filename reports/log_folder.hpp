// The log folder of one run (logs/<SITE>/<name>.log), rendered by log_lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include "models/results.hpp"
#include "reports/log_lines.hpp"

namespace cmsim::reports {

// The log folder of one run, written whole and then put in place: files go into
// "<logs_dir>.tmp-<pid>" as plain writes (no per-file temporary, no stale .lo_ to look
// for: the folder is new), and commit() renames it over `logs_dir`, so a reader sees the
// old folder or the complete new one. Destroyed without commit(), the temporary folder is
// removed. Each (site, file) must come in one add() or add_file().
class LogFolder {
 public:
  LogFolder(std::filesystem::path logs_dir, std::int64_t start_unix_s, std::size_t max_bytes = kDefaultMaxLogBytes,
            int bias_minutes = 0);
  ~LogFolder();
  LogFolder(const LogFolder&) = delete;
  LogFolder& operator=(const LogFolder&) = delete;

  // Every file the lines make, grouped by (site, file), each in the store's order.
  void add(const LogStore& lines);
  // One file of `count` lines (its site and name are the first line's).
  void add_file(std::size_t count, const LineAt& line_at);
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

}  // namespace cmsim::reports
