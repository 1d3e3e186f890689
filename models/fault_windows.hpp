// The fault windows of a run as injected (scheduled or random), for timelines and analysis.
// Kept compactly, each target and detail text once: a 10-year run of the largest hierarchy
// has 765,000 windows, and as records with two strings each they took 96 bytes apiece.
#pragma once

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/index_iterator.hpp"
#include "models/outcomes.hpp"

namespace cmsim {

// A window as it is given (by the fault plan, the fault injector, a test).
struct FaultRecord {
  double t_s = 0;
  std::optional<double> end_t_s;  // null while it lasts past the horizon or has no set end
  FaultKind kind = FaultKind::link_down;
  std::string target;  // link name, site code, or "internet"
  std::string detail;  // "proxy_status 407", "4Mbps", "random"
};

// A window as it is read back: the texts are views into the FaultWindows that holds it.
struct FaultView {
  double t_s = 0;
  std::optional<double> end_t_s;
  FaultKind kind = FaultKind::link_down;
  std::string_view target;
  std::string_view detail;

  FaultView() = default;
  FaultView(double t, std::optional<double> end, FaultKind k, std::string_view tgt, std::string_view det)
      : t_s(t), end_t_s(end), kind(k), target(tgt), detail(det) {}
};

class FaultWindows {
 public:
  using const_iterator = IndexIterator<FaultWindows, FaultView>;

  FaultWindows() = default;
  FaultWindows(std::initializer_list<FaultRecord> list) { *this = list; }
  FaultWindows& operator=(std::initializer_list<FaultRecord> list);
  // A copy indexes its own texts (the index holds views into them). A move keeps the deque's
  // elements where they are, so the index stays valid.
  FaultWindows(const FaultWindows& other);
  FaultWindows& operator=(const FaultWindows& other);
  FaultWindows(FaultWindows&&) = default;
  FaultWindows& operator=(FaultWindows&&) = default;
  ~FaultWindows() = default;

  void push_back(const FaultRecord& f);
  void clear() { *this = {}; }
  FaultView operator[](std::size_t i) const;
  std::size_t size() const { return windows_.size(); }
  bool empty() const { return windows_.empty(); }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }

  // For the fault plan, while it is built: in start order, ties as given.
  void sort_by_start();
  // link_up: the link's open link_down windows that started by `at_s` end then.
  void end_open_link_downs(const std::string& link, double at_s);
  // Sorted by start: the windows starting after the horizon go.
  void drop_starting_after(double horizon_s);

 private:
  struct Window {
    double t_s;
    double end_t_s;  // meaningful when has_end
    std::uint32_t target;
    std::uint32_t detail;
    FaultKind kind;
    bool has_end;
  };
  std::uint32_t text_index(const std::string& text);

  std::vector<Window> windows_;
  std::deque<std::string> texts_;  // a deque: views into it stay valid as it grows
  std::unordered_map<std::string_view, std::uint32_t> text_ids_;
};

}  // namespace cmsim
