// Every status message and component status change of a run, as a reader sees
// them: what components raised during the run merged in time order with what the
// replication monitor's health changes raise (models/results.hpp keeps those once). The
// callbacks get a record that is valid only during the call, so a million records are
// read without a million allocations.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "models/results.hpp"

namespace cmsim {

// At equal times, what components raised comes before the replication monitor's records.
void for_each_status_message(const Results& results, const std::function<void(const StatusMessage&)>& visit);
void for_each_component_status(const Results& results, const std::function<void(const ComponentStatusChange&)>& visit);
std::size_t status_message_count(const Results& results);
std::size_t component_status_count(const Results& results);

// The replication monitor's rcmctrl.log lines: models/replication_logs.hpp.

// What one health change raises.
void replication_status_message(const ReplicationMonitorRecord& monitor, const ReplicationHealthChange& change,
                                StatusMessage& out);
void replication_component_status(const ReplicationMonitorRecord& monitor, const ReplicationHealthChange& change,
                                  ComponentStatusChange& out);
const char* to_string(ReplicationHealth health);

// Copies of the merged timelines, for small runs and tests.
std::vector<StatusMessage> all_status_messages(const Results& results);
std::vector<ComponentStatusChange> all_component_status(const Results& results);

}  // namespace cmsim
