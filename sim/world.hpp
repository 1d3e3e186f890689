// The state one run shares between its actors: what the hierarchy looks like now (site
// versions, SCP mode, internet conditions, update progress), plus the recorder. Built in
// simulate() after the engine exists; actors hold a reference, nothing is global.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/cloud_connectivity.hpp"
#include "models/hierarchy.hpp"
#include "models/scenario.hpp"
#include "models/scp_lifecycle.hpp"
#include "sim/platform.hpp"
#include "sim/recorder.hpp"
#include "sim/timers.hpp"
#include "sim/transfer.hpp"

namespace cmsim {

// One update pack's progress through the hierarchy; its report row is results.updates[row].
struct UpdateProgress {
  const Release* release = nullptr;
  std::size_t row = 0;
  bool downloaded = false;
};

struct World {
  World(const Scenario& s, const Hierarchy& h, const Platform& p, Recorder& r);

  const Scenario& scenario;
  const Platform& platform;
  // The hierarchy as it is now: add_site and expand_to_cas change it during the run.
  std::vector<Site> sites;
  Hierarchy hierarchy;
  std::map<std::string, double> added_t_s;
  Recorder& rec;
  Timers timers;

  std::string top_tier;
  std::map<std::string, std::string> site_version;
  std::map<std::string, std::vector<VersionChange>> version_history;
  std::vector<std::string> installed_hotfixes;
  // Set by RunningHierarchy: what happens when an update becomes Ready to install.
  std::function<void(UpdateProgress&)> on_ready_to_install;

  // The SCP role: read by every actor, written only through models/scp_lifecycle by the
  // role's own actor (ScpService and its SMS_DMP_DOWNLOADER thread).
  ScpRole scp;
  InternetConditions internet;

  std::vector<std::unique_ptr<UpdateProgress>> updates;
  // The Easy Setup Package's version by package ID: each update, and each
  // RetryContentReplication, stores a newer version at the site servers (docs/modelling.md §4.3 step 9).
  std::map<std::string, int> esp_version;
  // SMS_SCHEDULER's job and send request numbers per site, counting up through the run (sched.log).
  std::map<std::string, int> scheduler_jobs;
  // Set once the horizon is reached: actors are then stopped, and what they had in flight
  // is reported as incomplete, not as failed.
  bool ending = false;

  // Constant-time lookups: the scenario's own find_* scan, and hot paths ask per sending.
  const Link& link(const std::string& name) const { return *links_by_name_.at(name); }
  const Site& site(const std::string& code) const { return sites[sites_by_code_.at(code)]; }
  // set_prerequisites: the admin fixed (or broke) what the site's prerequisite check finds.
  // False when the site is not (yet) in the hierarchy.
  bool set_prerequisites(const std::string& code, PrereqOutcome outcome) {
    const auto it = sites_by_code_.find(code);
    if (it == sites_by_code_.end()) return false;
    sites[it->second].prerequisites = outcome;
    return true;
  }

  double now_s() const { return rec.now_s(); }
  std::int64_t now_unix_s() const;
  const std::string& top_version() const { return site_version.at(top_tier); }
  // The progress record of a release, creating its report row the first time it is seen.
  UpdateProgress& update_for(const Release& release);
  UpdateResult& row(const UpdateProgress& u) { return rec.results().updates[u.row]; }
  void set_update_state(UpdateProgress& u, UpdateState state);
  // Marks an update Ready to install and tells whoever installs it.
  void ready_to_install(UpdateProgress& u);
  // A site finished installing: its version (or, for a rollup, the hotfix list) changes.
  void install_release(const std::string& site, const Release& release);

  // Moves `row.bytes` from `from` to `to` and records the row with its outcome. `refused` is
  // an application-level failure decided before any byte moves (the proxy said 407, ...).
  // If the calling actor is killed on the way (its server went down, its thread restarted),
  // the row is closed as cancelled, or as incomplete at the end of the run.
  TransferOutcome transfer(TransferRecord row, simgrid::s4u::Host* from, simgrid::s4u::Host* to,
                           const std::optional<CloudFailure>& refused = std::nullopt);

  // A new site joins at `version` (add_site), or a new CAS goes above the stand-alone
  // primary (expand_to_cas); the hierarchy is rebuilt.
  void add_site(const Site& site, const Link& link, const std::string& version);
  void expand_to_cas(const std::string& cas, const Link& link);
  std::map<std::string, std::string> added_version;  // the version a site joined at
  // The host the SCP runs on now.
  simgrid::s4u::Host* scp_host() const;
  // Every route a transfer row can name, with what it can carry (for link utilization).
  std::vector<LinkCapacity> link_capacities() const;
  // The role runs on its own server ("CAS-SCP"), which the platform built.
  bool scp_remote() const {
    return scp.server == ScpServer::remote && platform.remote_scp_host(scp.computer) != nullptr;
  }
  // The server the role runs on, as its log folder: the remote server's name, else the
  // site's own server (docs/modelling.md §7.1: its logs are on the SCP computer).
  std::string scp_server() const;

 private:
  void rebuild_hierarchy();

  std::deque<Link> added_links_;  // stable addresses for links_by_name_
  std::unordered_map<std::string, const Link*> links_by_name_;
  std::unordered_map<std::string, std::size_t> sites_by_code_;
};

// Versions from which a behaviour exists (docs/modelling.md §2.6).
inline constexpr const char* kVersionRaises11488 = "2002";
inline constexpr const char* kVersionEndpointChecks = "2010";

}  // namespace cmsim
