#include "models/replication_logs.hpp"

#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "models/components.hpp"
#include "models/record_views.hpp"

namespace cmsim {

// A counting sort of the changes by site into one array of 4-byte indices.
ReplicationLogs::ReplicationLogs(const ReplicationMonitorRecord& monitor) : monitor_(monitor) {
  constexpr std::uint32_t kNoFile = ~0u;
  std::unordered_map<std::string_view, std::uint32_t> file_of_site;
  std::vector<std::uint32_t> file_of_link(monitor.links.size(), kNoFile);
  std::vector<std::size_t> count;
  for (const ReplicationHealthChange& change : monitor.changes) {
    std::uint32_t& file = file_of_link.at(change.link);
    if (file == kNoFile) {
      const auto [it, added] =
          file_of_site.try_emplace(monitor.links[change.link].child, static_cast<std::uint32_t>(count.size()));
      if (added) count.push_back(0);
      file = it->second;
    }
    ++count[file];
  }
  first_line_.assign(count.size() + 1, 0);
  for (std::size_t f = 0; f < count.size(); ++f) first_line_[f + 1] = first_line_[f] + count[f];
  std::vector<std::size_t> next(first_line_.begin(), first_line_.end() - 1);
  order_.resize(monitor.changes.size());
  for (std::size_t i = 0; i < monitor.changes.size(); ++i)
    order_[next[file_of_link[monitor.changes[i].link]]++] = static_cast<std::uint32_t>(i);
}

LogLine ReplicationLogs::line(std::size_t file, std::size_t i) {
  if (i >= lines(file)) throw std::out_of_range("ReplicationLogs::line");
  const ReplicationHealthChange& change = monitor_.changes[order_[first_line_[file] + i]];
  const ReplicationLinkEnds& link = monitor_.links.at(change.link);
  const bool active = change.health == ReplicationHealth::active;
  text_ = active ? "INFO: " : "WARNING: ";
  text_ += "Replication link ";
  text_ += link.name;
  text_ += " is ";
  text_ += to_string(change.health);
  return {change.t_s,
          link.child,
          "rcmctrl.log",
          component::kReplicationMonitor,
          monitor_.thread,
          active ? Severity::info : Severity::warning,
          LogFraming::site_server,
          text_};
}

}  // namespace cmsim
