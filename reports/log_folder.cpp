#include "reports/log_folder.hpp"

#include <unistd.h>

#include <functional>
#include <system_error>
#include <unordered_map>

#include "reports/atomic_file.hpp"
#include "reports/text_pair_key.hpp"

namespace cmsim::reports {
namespace {

namespace fs = std::filesystem;

// A site code or file name becomes one path component: separators and the names "." and
// ".." could otherwise write outside logs/<site>/.
std::string path_component(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '/' || c == '\\' || c == '\0') c = '_';
  }
  if (out.empty() || out == "." || out == "..") out.insert(0, 1, '_');
  return out;
}

// Line indices grouped by (site, file) in order of first appearance, each group in store
// order. Keys are views into the store, so grouping allocates nothing per line.
std::vector<std::vector<std::uint32_t>> group_by_file(const LogStore& lines) {
  std::unordered_map<TextPairKey, std::size_t, TextPairKeyHash> index;
  std::vector<std::vector<std::uint32_t>> groups;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const LogLine line = lines[i];
    const auto [it, added] = index.try_emplace(TextPairKey{line.site, line.file}, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(static_cast<std::uint32_t>(i));
  }
  return groups;
}

}  // namespace

LogFolder::LogFolder(fs::path logs_dir, std::int64_t start_unix_s, std::size_t max_bytes, int bias_minutes)
    : logs_dir_(std::move(logs_dir)), start_unix_s_(start_unix_s), max_bytes_(max_bytes), bias_minutes_(bias_minutes) {
  tmp_ = logs_dir_;
  tmp_ += ".tmp-" + std::to_string(::getpid());
  fs::remove_all(tmp_);
  fs::create_directories(tmp_);
  if (max_bytes_ > 0) rendered_.log.reserve(max_bytes_);
}

LogFolder::~LogFolder() {
  if (committed_) return;
  std::error_code ignored;
  fs::remove_all(tmp_, ignored);
}

void LogFolder::add(const LogStore& lines) {
  for (const auto& group : group_by_file(lines)) add_file(group.size(), [&](std::size_t i) { return lines[group[i]]; });
}

void LogFolder::add_file(std::size_t count, const LineAt& line_at) {
  if (count == 0) return;
  const LogLine first = line_at(0);
  const std::string site = path_component(first.site);
  const fs::path log_path = tmp_ / site / path_component(first.file);
  if (made_.insert(site).second) fs::create_directory(tmp_ / site);
  render_log_into(rendered_, line_, count, line_at, start_unix_s_, max_bytes_, bias_minutes_);
  write_file_in_place(log_path, rendered_.log);
  if (!rendered_.rotated.empty()) {
    fs::path rotated_path = log_path;
    write_file_in_place(rotated_path.replace_extension(".lo_"), rendered_.rotated);
  }
}

// The old folder moves aside first: rename() cannot replace a directory that has files.
void LogFolder::commit() {
  fs::path old = logs_dir_;
  old += ".old-" + std::to_string(::getpid());
  const bool had_old = fs::exists(logs_dir_);
  if (had_old) fs::rename(logs_dir_, old);
  fs::rename(tmp_, logs_dir_);
  committed_ = true;
  if (had_old) fs::remove_all(old);
}

}  // namespace cmsim::reports
