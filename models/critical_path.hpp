// The chain that decided when the last site got an update (docs/modelling.md §4.9): from the
// moment the update was Ready to install to the last site's install, which site was doing
// what on the way. A site waiting for its parent hands the interval to the parent, so the
// segments add up to the whole time and each names who held the rollout up: the admin, a
// sending queued or on a link, prerequisites, a service window, an install.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/results.hpp"

namespace cmsim {

enum class DelayKind {
  install_not_started,  // Ready to install, the admin had not pressed Install
  package_creation,     // HMAN and DistMgr at the top tier (snapshot of the Easy Setup Package)
  queued_for_sender,    // a sending waiting for a sender slot or a retry
  transfer,             // bytes on the link, its schedule and rate limit included
  content_processing,   // despooler and DistMgr at the receiving site
  prerequisites,        // extraction and the prerequisite check
  stopped_by_prerequisites,
  parent_notification,  // the parent's install reaching the child (CMUpdates sync, CMUpdate poll)
  service_window,
  install,
  upgrade_not_requested,  // a secondary whose parent runs the update, not yet upgraded by the admin
};

const char* to_string(DelayKind kind);

struct PathSegment {
  std::string site;
  DelayKind kind = DelayKind::install;
  double start_t_s = 0;
  double end_t_s = 0;
  std::string link;  // queued_for_sender, transfer: the route
};

struct CriticalPath {
  std::string last_site;
  double start_t_s = 0;               // Ready to install
  double end_t_s = 0;                 // the last site's install, or the end of the run
  bool complete = false;              // every site of the rollout installed it
  std::vector<PathSegment> segments;  // in time order, adjacent and covering [start, end]
};

// nullopt when the update never became Ready to install or never started rolling out. An
// unfinished rollout ends at `horizon_s` at the first site (top down) still without it.
std::optional<CriticalPath> critical_path(const Results& results, const UpdateResult& update, double horizon_s);

// Seconds per kind, longest first; equal ones in the enum's order.
std::vector<std::pair<DelayKind, double>> delay_totals(const CriticalPath& path);

}  // namespace cmsim
