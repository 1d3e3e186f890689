#include "models/log_store.hpp"

#include <algorithm>
#include <cstring>

namespace cmsim {
namespace {

// Texts are a few dozen to a few hundred bytes; a megabyte block holds thousands, and a text
// longer than a quarter block gets a block of its own so little of a block is left unused.
constexpr std::size_t kTextBlockBytes = std::size_t{1} << 20;

}  // namespace

LogLine view_of(const LogRecord& r) {
  return {r.t_s, r.site, r.file, r.component, r.thread, r.severity, r.framing, r.text};
}

LogStore::LogStore(std::initializer_list<LogRecord> list) {
  for (const LogRecord& r : list) push_back(r);
}

LogStore::LogStore(const LogStore& other) {
  entries_.reserve(other.size());
  for (const LogLine line : other) push_back(line);
}

LogStore& LogStore::operator=(const LogStore& other) {
  if (this != &other) *this = LogStore(other);
  return *this;
}

std::uint32_t LogStore::name_index(std::string_view name) {
  if (const auto it = name_ids_.find(name); it != name_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(name);
  name_ids_.emplace(names_.back(), id);
  return id;
}

const char* LogStore::keep_text(std::string_view text) {
  if (text.empty()) return nullptr;
  char* at = nullptr;
  // new char[], not make_unique's zeroed array: a block's pages are touched only as it fills.
  if (text.size() > kTextBlockBytes / 4) {
    large_texts_.emplace_back(new char[text.size()]);
    at = large_texts_.back().get();
    text_bytes_reserved_ += text.size();
  } else {
    if (blocks_.empty() || block_used_ + text.size() > kTextBlockBytes) {
      blocks_.emplace_back(new char[kTextBlockBytes]);
      block_used_ = 0;
      text_bytes_reserved_ += kTextBlockBytes;
    }
    at = blocks_.back().get() + block_used_;
    block_used_ += text.size();
  }
  std::memcpy(at, text.data(), text.size());
  return at;
}

void LogStore::push_back(const LogLine& line) {
  const char* text = keep_text(line.text);
  entries_.push_back({line.t_s, text, static_cast<std::uint32_t>(line.text.size()), name_index(line.site),
                      name_index(line.file), name_index(line.component), line.thread,
                      static_cast<std::uint8_t>(line.severity), line.framing});
}

void LogStore::erase_file(std::string_view site, std::string_view file) {
  const auto s = name_ids_.find(site);
  const auto f = name_ids_.find(file);
  if (s == name_ids_.end() || f == name_ids_.end()) return;
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                [&](const Entry& e) { return e.site == s->second && e.file == f->second; }),
                 entries_.end());
}

LogLine LogStore::operator[](std::size_t i) const {
  const Entry& e = entries_.at(i);
  return {e.t_s,          names_[e.site],
          names_[e.file], names_[e.component],
          e.thread,       static_cast<Severity>(e.severity),
          e.framing,      std::string_view(e.text, e.text_bytes)};
}

std::size_t LogStore::memory_bytes() const {
  std::size_t bytes = entries_.capacity() * sizeof(Entry);
  for (const std::string& n : names_) bytes += sizeof(std::string) + n.capacity();
  bytes += name_ids_.size() * (sizeof(std::string_view) + sizeof(std::uint32_t) + sizeof(void*));
  return bytes + text_bytes_reserved_;
}

}  // namespace cmsim
