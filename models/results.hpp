// The results record: everything a finished run produced, as plain data. The simulator
// fills it; reports/ turns it into files. Times are simulated seconds since the scenario
// start; a time that never came is std::nullopt (null in JSON).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/background_load.hpp"
#include "models/fault_windows.hpp"
#include "models/log_store.hpp"
#include "models/outcomes.hpp"
#include "models/servicing_status.hpp"
#include "models/update_state.hpp"

namespace cmsim {

using SimTime = std::optional<double>;

struct VersionChange {
  std::string version;
  double installed_t_s = 0;
};

struct SiteResult {
  std::string code;
  std::string type;    // cas | primary | secondary
  std::string parent;  // empty for the top tier
  std::string initial_version;
  std::string final_version;
  std::vector<VersionChange> versions;  // every version installed during the run
  SimTime added_t_s = std::nullopt;     // when an add_site or expand_to_cas event brought it in
};

// One console state of an update and when it began; a timeline holds them in time order,
// each lasting until the next.
struct StateChange {
  double t_s = 0;
  UpdateState state = UpdateState::waiting;
};
using StateTimeline = std::vector<StateChange>;

// The state at `t_s`, or nullopt before the first one.
std::optional<UpdateState> state_at(const StateTimeline& timeline, double t_s);
// Whether the timeline was in `state` at some time at or before `t_s`.
bool reached_by(const StateTimeline& timeline, UpdateState state, double t_s);
// Appends unless it is the state already current (a repeat is not a change).
void record_state(StateTimeline& timeline, double t_s, UpdateState state);

struct UpdateSiteResult {
  std::string site;
  SimTime content_replicated_t_s;
  SimTime prereq_done_t_s;
  SimTime install_started_t_s;
  SimTime installed_t_s;
  UpdateState state = UpdateState::waiting;  // at the end of the run
  StateTimeline states;                      // Show Status: this site's state over the run
  ServicingStatus phases;                    // Show Status: Replication .. Post Installation
};

struct UpdateResult {
  std::string version;
  std::string name;
  std::string package_guid;
  SimTime available_t_s;
  SimTime ready_to_install_t_s;
  SimTime install_started_t_s;
  SimTime all_primaries_t_s;
  SimTime all_sites_t_s;
  UpdateState state = UpdateState::available_to_download;  // at the top tier at the end of the run
  std::vector<UpdateSiteResult> sites;
  StateTimeline states;  // Updates and Servicing: the update's state over the run
  // Show Status's Download phase, at the top tier that downloaded the update (empty: none yet).
  std::optional<PhaseRecord> download;
  std::string downloaded_at;
};

struct ModeChange {
  double t_s = 0;
  std::string configured;  // online | offline
  std::string effective;
  std::string cause;  // what made it change: "start", "set_scp_mode", "SMS_DMP_DOWNLOADER restart", ...
};

struct ScpCheck {
  double t_s = 0;
  std::string effective_mode;
  CheckOutcome outcome = CheckOutcome::ok;
  std::string reason;
  std::string offered;  // the update taken, if any
};

// Where the role was from t_s on: a site, or "" from an uninstall until the next install
// (the time an expansion runs without an SCP).
struct ScpPlacement {
  double t_s = 0;
  std::string site;
  std::string server;  // the computer it runs on: the site server, or "<SITE>-SCP"; "" when uninstalled
};

// From a move of the role until the admin renews the Microsoft Entra app's secret key:
// tenant attach cannot authenticate (docs/modelling.md §2.8).
struct TenantSecretGap {
  double from_t_s = 0;
  std::optional<double> renewed_t_s;  // nullopt: never renewed in the run
};

struct ScpResult {
  std::string site;  // empty: the hierarchy has no SCP
  std::vector<ModeChange> modes;
  std::vector<ScpCheck> checks;
  std::vector<ScpPlacement> placements;  // in time order; empty when the hierarchy never had an SCP
  std::vector<TenantSecretGap> tenant_secret_gaps;
};

struct TransferRecord {
  std::string what;  // "payload 2409", "redists 2409", "easy setup package 2409", ...
  std::string from;
  std::string to;
  std::string link;  // link or route name(s), e.g. "internet" or "CAS-P01"
  std::uint64_t bytes = 0;
  double start_t_s = 0;
  double end_t_s = 0;
  int attempts = 1;
  TransferStatus outcome = TransferStatus::ok;
  std::string reason;
};

struct StatusMessage {
  double t_s = 0;
  std::string site;
  std::string component;
  int message_id = 0;
  Severity severity = Severity::info;
  std::string text;
};

struct ComponentStatusChange {
  double t_s = 0;
  std::string site;
  std::string component;
  ComponentStatus status = ComponentStatus::ok;
};

// A route transfers name (a WAN link, "internet", "proxy+internet", an SCP's LAN hop) and what
// it can carry: the slowest of its links, as the platform was built or extended.
struct LinkCapacity {
  std::string link;
  double bandwidth_Bps = 0;
  std::vector<BackgroundLoad> background;  // the business traffic it also carries
};

// One console state change of a database replication link. `link` indexes
// DbLinkRecord::names: a 10-year run of the largest hierarchy has two million changes, at
// 16 bytes each rather than 48 with the name in every one.
struct DbLinkChange {
  double t_s = 0;
  std::uint32_t link = 0;
  ReplicationLinkState state = ReplicationLinkState::active;
};

// A change with its link's name, for building a record by hand (tests, small runs).
struct NamedDbLinkChange {
  double t_s = 0;
  std::string link;
  ReplicationLinkState state = ReplicationLinkState::active;
};

// Every database replication link's state changes, in time order.
struct DbLinkRecord {
  std::vector<std::string> names;
  std::vector<DbLinkChange> changes;

  const std::string& name(const DbLinkChange& c) const { return names.at(c.link); }
  // The index of `link` in `names`, added when new. A linear search: the simulator names
  // each link once and appends its changes by index.
  std::uint32_t index_of(const std::string& link) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == link) return static_cast<std::uint32_t>(i);
    names.push_back(link);
    return static_cast<std::uint32_t>(names.size() - 1);
  }
  void push_back(const NamedDbLinkChange& c) { changes.push_back({c.t_s, index_of(c.link), c.state}); }
  DbLinkRecord& operator=(std::initializer_list<NamedDbLinkChange> list) {
    names.clear();
    changes.clear();
    for (const NamedDbLinkChange& c : list) push_back(c);
    return *this;
  }
  std::size_t size() const { return changes.size(); }
  bool empty() const { return changes.empty(); }
  void clear() {
    names.clear();
    changes.clear();
  }
  DbLinkChange& operator[](std::size_t i) { return changes[i]; }
  const DbLinkChange& operator[](std::size_t i) const { return changes[i]; }
  std::vector<DbLinkChange>::const_iterator begin() const { return changes.begin(); }
  std::vector<DbLinkChange>::const_iterator end() const { return changes.end(); }
};

// What the Replication Configuration Monitor saw: each database replication link's health
// changes, kept once. A year of WAN outages on thousands of links is hundreds of thousands
// of changes, and each raises a status message, a component status change and an
// rcmctrl.log line; those are derived from this record when read (models/record_views.hpp)
// instead of being stored three more times.
enum class ReplicationHealth : std::uint8_t { active, degraded, failed };

struct ReplicationHealthChange {
  double t_s = 0;
  std::uint32_t link = 0;  // index into ReplicationMonitorRecord::links
  ReplicationHealth health = ReplicationHealth::active;
};

struct ReplicationLinkEnds {
  std::string name;   // "CAS-P01"
  std::string child;  // the site whose monitor reports it
};

struct ReplicationMonitorRecord {
  std::vector<ReplicationLinkEnds> links;
  std::vector<ReplicationHealthChange> changes;  // in time order
  std::uint32_t thread = 0;                      // the monitor's thread in rcmctrl.log
};

// The status messages and component status changes components raised during the run,
// without the replication monitor's share (in ReplicationMonitorRecord). Write-only here:
// every reader goes through models/record_views.hpp, which merges both in time order.
class RaisedRecords {
 public:
  void raise(StatusMessage message) { status_messages_.push_back(std::move(message)); }
  void raise(ComponentStatusChange change) { component_status_.push_back(std::move(change)); }

 private:
  friend struct RecordViewsAccess;  // models/record_views.cpp
  std::vector<StatusMessage> status_messages_;
  std::vector<ComponentStatusChange> component_status_;
};

// expand_to_cas (docs/modelling.md §1.4): the steps in the product's order, when each happened.
struct ExpansionStep {
  std::string step;
  SimTime t_s;
};

struct ExpansionResult {
  double requested_t_s = 0;
  std::string new_cas;
  std::string primary;
  ExpansionStatus status = ExpansionStatus::waiting_for_scp;
  std::string reason;  // why it was refused
  std::vector<ExpansionStep> steps;
  SimTime without_scp_s;                // from uninstalling the SCP to reinstalling it at the CAS
  std::string first_update_everywhere;  // the first update to reach every site afterwards
  SimTime first_update_all_sites_t_s;
};

struct ExpectationResult {
  std::string id;
  std::string kind;
  bool passed = false;
  std::string detail;  // what was expected and what happened
};

struct EngineInfo {
  std::string name = "SimGrid";
  std::string version;
  std::string network_model;
  bool crosstraffic = true;
};

struct Results {
  std::string scenario;
  std::uint64_t seed = 0;
  std::int64_t start_unix_s = 0;
  double duration_s = 0;
  EngineInfo engine;
  std::vector<SiteResult> sites;
  std::vector<UpdateResult> updates;
  ScpResult scp;
  std::vector<TransferRecord> transfers;
  RaisedRecords raised;
  DbLinkRecord db_links;
  std::vector<LinkCapacity> links;       // every route a transfer can name, in platform order
  int link_busy_threshold_percent = 80;  // the scenario's model.link_busy_threshold_percent
  FaultWindows faults;
  std::vector<ExpansionResult> expansions;
  std::vector<ExpectationResult> expectations;
  LogStore logs;  // what components wrote, in time order per file; rcmctrl.log is in `replication`
  ReplicationMonitorRecord replication;
};

// Wall-clock and engine figures of one run; kept apart so report.json stays byte-identical.
struct RunStats {
  double wall_s = 0;
  std::uint64_t events = 0;
  std::uint64_t peak_rss_bytes = 0;
};

}  // namespace cmsim
