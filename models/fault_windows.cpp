#include "models/fault_windows.hpp"

#include <algorithm>

namespace cmsim {

FaultWindows& FaultWindows::operator=(std::initializer_list<FaultRecord> list) {
  windows_.clear();
  texts_.clear();
  text_ids_.clear();
  for (const FaultRecord& f : list) push_back(f);
  return *this;
}

FaultWindows::FaultWindows(const FaultWindows& other) : windows_(other.windows_), texts_(other.texts_) {
  for (std::uint32_t i = 0; i < texts_.size(); ++i) text_ids_.emplace(texts_[i], i);
}

FaultWindows& FaultWindows::operator=(const FaultWindows& other) {
  if (this != &other) *this = FaultWindows(other);
  return *this;
}

std::uint32_t FaultWindows::text_index(const std::string& text) {
  if (const auto it = text_ids_.find(text); it != text_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(texts_.size());
  texts_.push_back(text);
  text_ids_.emplace(texts_.back(), id);
  return id;
}

void FaultWindows::push_back(const FaultRecord& f) {
  windows_.push_back(
      {f.t_s, f.end_t_s.value_or(0.0), text_index(f.target), text_index(f.detail), f.kind, f.end_t_s.has_value()});
}

FaultView FaultWindows::operator[](std::size_t i) const {
  const Window& w = windows_.at(i);
  return {w.t_s, w.has_end ? std::optional<double>(w.end_t_s) : std::nullopt, w.kind, texts_[w.target],
          texts_[w.detail]};
}

void FaultWindows::sort_by_start() {
  std::stable_sort(windows_.begin(), windows_.end(), [](const Window& a, const Window& b) { return a.t_s < b.t_s; });
}

void FaultWindows::end_open_link_downs(const std::string& link, double at_s) {
  const auto it = text_ids_.find(link);
  if (it == text_ids_.end()) return;
  for (Window& w : windows_)
    if (w.kind == FaultKind::link_down && w.target == it->second && !w.has_end && w.t_s <= at_s) {
      w.end_t_s = at_s;
      w.has_end = true;
    }
}

void FaultWindows::drop_starting_after(double horizon_s) {
  windows_.erase(std::find_if(windows_.begin(), windows_.end(), [&](const Window& w) { return w.t_s > horizon_s; }),
                 windows_.end());
}

}  // namespace cmsim
