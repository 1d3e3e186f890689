#include "models/record_views.hpp"

#include "models/components.hpp"
#include "models/status_ids.hpp"

namespace cmsim {
namespace {

// Walks `raised` and the monitor's changes together by time, raised first on ties, which
// is the order a stable merge of the two timelines gives.
template <class Record, class Derive>
void merge_by_time(const std::vector<Record>& raised, const ReplicationMonitorRecord& monitor, Derive derive,
                   const std::function<void(const Record&)>& visit) {
  Record derived;
  auto next = raised.begin();
  for (const ReplicationHealthChange& change : monitor.changes) {
    for (; next != raised.end() && next->t_s <= change.t_s; ++next) visit(*next);
    derive(monitor, change, derived);
    visit(derived);
  }
  for (; next != raised.end(); ++next) visit(*next);
}

}  // namespace

const char* to_string(ReplicationHealth health) {
  switch (health) {
    case ReplicationHealth::degraded:
      return "degraded";
    case ReplicationHealth::failed:
      return "failed";
    case ReplicationHealth::active:
      break;
  }
  return "active";
}

// Assigns into `out`'s existing strings, so reusing one record allocates nothing per change.
void replication_status_message(const ReplicationMonitorRecord& monitor, const ReplicationHealthChange& change,
                                StatusMessage& out) {
  const ReplicationLinkEnds& link = monitor.links.at(change.link);
  out.t_s = change.t_s;
  out.site = link.child;
  out.component = component::kReplicationMonitor;
  switch (change.health) {
    case ReplicationHealth::failed:
      out.message_id = status_id::kReplicationLinkFailed;
      out.severity = Severity::error;
      break;
    case ReplicationHealth::degraded:
      out.message_id = status_id::kReplicationLinkDegraded;
      out.severity = Severity::warning;
      break;
    case ReplicationHealth::active:
      out.message_id = status_id::kReplicationLinkActive;
      out.severity = Severity::info;
      break;
  }
  out.text = "Replication link ";
  out.text += link.name;
  out.text += " is ";
  out.text += to_string(change.health);
}

void replication_component_status(const ReplicationMonitorRecord& monitor, const ReplicationHealthChange& change,
                                  ComponentStatusChange& out) {
  out.t_s = change.t_s;
  out.site = monitor.links.at(change.link).child;
  out.component = component::kReplicationMonitor;
  out.status = change.health == ReplicationHealth::active     ? ComponentStatus::ok
               : change.health == ReplicationHealth::degraded ? ComponentStatus::warning
                                                              : ComponentStatus::critical;
}

struct RecordViewsAccess {
  static const std::vector<StatusMessage>& status_messages(const Results& r) { return r.raised.status_messages_; }
  static const std::vector<ComponentStatusChange>& component_status(const Results& r) {
    return r.raised.component_status_;
  }
};

void for_each_status_message(const Results& results, const std::function<void(const StatusMessage&)>& visit) {
  merge_by_time(RecordViewsAccess::status_messages(results), results.replication, replication_status_message, visit);
}

void for_each_component_status(const Results& results, const std::function<void(const ComponentStatusChange&)>& visit) {
  merge_by_time(RecordViewsAccess::component_status(results), results.replication, replication_component_status, visit);
}

std::size_t status_message_count(const Results& results) {
  return RecordViewsAccess::status_messages(results).size() + results.replication.changes.size();
}

std::size_t component_status_count(const Results& results) {
  return RecordViewsAccess::component_status(results).size() + results.replication.changes.size();
}

std::vector<StatusMessage> all_status_messages(const Results& results) {
  std::vector<StatusMessage> all;
  all.reserve(status_message_count(results));
  for_each_status_message(results, [&all](const StatusMessage& m) { all.push_back(m); });
  return all;
}

std::vector<ComponentStatusChange> all_component_status(const Results& results) {
  std::vector<ComponentStatusChange> all;
  all.reserve(component_status_count(results));
  for_each_component_status(results, [&all](const ComponentStatusChange& c) { all.push_back(c); });
  return all;
}

}  // namespace cmsim
