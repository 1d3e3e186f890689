// The replication monitor's rcmctrl.log of each site, derived from its health changes as it
// is read. A 10-year run of the largest hierarchy has 2 million changes; built as records
// first, its largest site's file alone took 36 MB while it was written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/log_store.hpp"
#include "models/results.hpp"

namespace cmsim {

class ReplicationLogs {
 public:
  explicit ReplicationLogs(const ReplicationMonitorRecord& monitor);

  // One file per site with changes, sites in order of their first change. No component
  // writes rcmctrl.log during the run, so these are the whole files.
  std::size_t files() const { return first_line_.size() - 1; }
  std::size_t lines(std::size_t file) const { return first_line_.at(file + 1) - first_line_.at(file); }
  // Line i of a file, in time order. Its text is valid until the next call.
  LogLine line(std::size_t file, std::size_t i);

 private:
  const ReplicationMonitorRecord& monitor_;
  std::vector<std::uint32_t> order_;     // change indices, file after file
  std::vector<std::size_t> first_line_;  // file f is order_[first_line_[f], first_line_[f + 1])
  std::string text_;
};

}  // namespace cmsim
