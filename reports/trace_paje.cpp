#include "reports/trace_paje.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "models/record_views.hpp"
#include "models/units.hpp"
#include "reports/trace_timeline.hpp"

namespace cmsim::reports {
namespace {

using trace::Span;

// The event numbers of the header below.
enum PajeEvent : int {
  kDefineContainerType = 0,
  kDefineVariableType = 1,
  kDefineStateType = 2,
  kDefineEventType = 3,
  kDefineEntityValue = 4,
  kCreateContainer = 5,
  kDestroyContainer = 6,
  kSetVariable = 7,
  kSetState = 8,
  kPopState = 9,
  kNewEvent = 10,
};

constexpr const char* kHeader = R"(%EventDef PajeDefineContainerType 0
%       Alias string
%       Type string
%       Name string
%EndEventDef
%EventDef PajeDefineVariableType 1
%       Alias string
%       Type string
%       Name string
%       Color color
%EndEventDef
%EventDef PajeDefineStateType 2
%       Alias string
%       Type string
%       Name string
%EndEventDef
%EventDef PajeDefineEventType 3
%       Alias string
%       Type string
%       Name string
%EndEventDef
%EventDef PajeDefineEntityValue 4
%       Alias string
%       Type string
%       Name string
%       Color color
%EndEventDef
%EventDef PajeCreateContainer 5
%       Time date
%       Alias string
%       Type string
%       Container string
%       Name string
%EndEventDef
%EventDef PajeDestroyContainer 6
%       Time date
%       Type string
%       Name string
%EndEventDef
%EventDef PajeSetVariable 7
%       Time date
%       Type string
%       Container string
%       Value double
%EndEventDef
%EventDef PajeSetState 8
%       Time date
%       Type string
%       Container string
%       Value string
%EndEventDef
%EventDef PajePopState 9
%       Time date
%       Type string
%       Container string
%EndEventDef
%EventDef PajeNewEvent 10
%       Time date
%       Type string
%       Container string
%       Value string
%EndEventDef
)";

std::string number(double value) { return fmt::format(FMT_COMPILE("{}"), value); }

// The colours viewers draw states in, by what they mean: green done, blue under way, amber
// waiting or warned, red failed or down, grey idle.
constexpr const char* kGreen = "\"0.30 0.69 0.31\"";
constexpr const char* kBlue = "\"0.13 0.59 0.95\"";
constexpr const char* kAmber = "\"1.00 0.76 0.03\"";
constexpr const char* kRed = "\"0.96 0.26 0.21\"";
constexpr const char* kGrey = "\"0.62 0.62 0.62\"";
constexpr const char* kPurple = "\"0.61 0.15 0.69\"";

const char* colour(UpdateState s) {
  switch (s) {
    case UpdateState::installed:
    case UpdateState::prerequisite_check_passed:
    case UpdateState::ready_to_install:
      return kGreen;
    case UpdateState::downloading:
    case UpdateState::checking_prerequisites:
    case UpdateState::installing:
    case UpdateState::replicating_content:
    case UpdateState::upgrading:
      return kBlue;
    case UpdateState::prerequisite_warning:
    case UpdateState::waiting_for_parent:
    case UpdateState::waiting_for_service_window:
      return kAmber;
    case UpdateState::prerequisites_failed:
    case UpdateState::download_failed:
    case UpdateState::failed:
      return kRed;
    case UpdateState::available_to_download:
    case UpdateState::waiting:
    case UpdateState::not_upgraded:
      return kGrey;
  }
  return kGrey;
}

const std::vector<UpdateState>& all_update_states() {
  static const std::vector<UpdateState> kAll = {UpdateState::available_to_download,
                                                UpdateState::downloading,
                                                UpdateState::ready_to_install,
                                                UpdateState::checking_prerequisites,
                                                UpdateState::prerequisite_check_passed,
                                                UpdateState::prerequisite_warning,
                                                UpdateState::prerequisites_failed,
                                                UpdateState::installing,
                                                UpdateState::installed,
                                                UpdateState::download_failed,
                                                UpdateState::failed,
                                                UpdateState::waiting,
                                                UpdateState::replicating_content,
                                                UpdateState::waiting_for_parent,
                                                UpdateState::waiting_for_service_window,
                                                UpdateState::not_upgraded,
                                                UpdateState::upgrading};
  return kAll;
}

std::string state_alias(const std::string& type, UpdateState s) {
  return type + "_" + std::to_string(static_cast<int>(s));
}
std::string phase_alias(const std::string& type, ServicingPhase p) {
  return type + "_" + std::to_string(static_cast<int>(p));
}

class PajeTrace {
 public:
  PajeTrace(const Results& r) : r_(r) {}

  void write(const TextDrain& drain) {
    define_types();
    create_containers();
    add_updates();
    add_servers();
    add_scp();
    add_routes();
    add_messages();
    ChunkedText chunks(drain);
    chunks.text() += "# cmsim trace.paje (docs/scenario.md section 4.10): scenario " + paje_string(r_.scenario) +
                     ", seed " + std::to_string(r_.seed) + ", start " + units::format_utc_iso(r_.start_unix_s) +
                     "; times are simulated seconds since start\n";
    chunks.text() += kHeader;
    for (const std::string& line : definitions_) {
      chunks.text() += line;
      chunks.record_done();
    }
    std::stable_sort(events_.begin(), events_.end(), [](const Timed& a, const Timed& b) { return a.t_s < b.t_s; });
    for (const Timed& e : events_) {
      chunks.text() += e.line;
      chunks.record_done();
    }
    for (auto it = containers_.rbegin(); it != containers_.rend(); ++it) {
      chunks.text() +=
          fmt::format("{} {} {} {}\n", int{kDestroyContainer}, number(r_.duration_s), it->first, it->second);
      chunks.record_done();
    }
    chunks.finish();
  }

 private:
  struct Timed {
    double t_s;
    std::string line;
  };

  void define(std::string line) { definitions_.push_back(std::move(line)); }
  void at(double t_s, std::string line) {
    events_.push_back({std::min(std::max(t_s, 0.0), r_.duration_s), std::move(line)});
  }

  void container_type(const char* alias, const char* parent, const char* name) {
    define(fmt::format("{} {} {} {}\n", int{kDefineContainerType}, alias, parent, paje_string(name)));
  }
  void state_type(const std::string& alias, const char* container, const std::string& name) {
    define(fmt::format("{} {} {} {}\n", int{kDefineStateType}, alias, container, paje_string(name)));
  }
  void value(const std::string& alias, const std::string& type, const std::string& name, const char* rgb) {
    define(fmt::format("{} {} {} {} {}\n", int{kDefineEntityValue}, alias, type, paje_string(name), rgb));
  }
  void create(const std::string& alias, const char* type, const std::string& parent, const std::string& name) {
    define(fmt::format("{} 0 {} {} {} {}\n", int{kCreateContainer}, alias, type, parent, paje_string(name)));
    containers_.emplace_back(type, alias);
  }
  void set_state(double t_s, const std::string& type, const std::string& container, const std::string& value) {
    at(t_s, fmt::format("{} {} {} {} {}\n", int{kSetState}, number(t_s), type, container, value));
  }
  void pop_state(double t_s, const std::string& type, const std::string& container) {
    at(t_s, fmt::format("{} {} {} {}\n", int{kPopState}, number(t_s), type, container));
  }
  void set_variable(double t_s, const char* type, const std::string& container, double v) {
    at(t_s, fmt::format("{} {} {} {} {}\n", int{kSetVariable}, number(t_s), type, container, number(v)));
  }

  // Overlapping spans shown one at a time: the one that started last.
  void flattened(const std::vector<Span>& spans, const std::vector<std::string>& values, const std::string& type,
                 const std::string& container) {
    bool shown = false;
    for (const trace::Shown& s : trace::flatten(spans)) {
      if (s.index >= 0)
        set_state(s.t_s, type, container, values[static_cast<std::size_t>(s.index)]);
      else if (shown)
        pop_state(s.t_s, type, container);
      shown = s.index >= 0;
    }
  }

  void define_types() {
    container_type("HIERARCHY", "0", "Hierarchy");
    container_type("SITE", "HIERARCHY", "Site");
    container_type("SERVER", "SITE", "Site server");
    container_type("ROUTE", "SITE", "Route");
    container_type("CLOUD", "HIERARCHY", "Cloud");
    for (std::size_t i = 0; i < r_.updates.size(); ++i) {
      const std::string& v = trace::update_label(r_.updates[i]);
      const std::string n = std::to_string(i);
      state_type("U" + n, "HIERARCHY", v + " Updates and Servicing");
      state_type("S" + n, "SITE", v + " state");
      state_type("P" + n, "SITE", v + " Show Status phase");
      for (const UpdateState s : all_update_states()) {
        value(state_alias("U" + n, s), "U" + n, to_string(s), colour(s));
        value(state_alias("S" + n, s), "S" + n, to_string(s), colour(s));
      }
      const char* phase_colours[] = {kPurple, kBlue, kAmber, kGreen, kGrey};
      for (const ServicingPhase p : servicing_phases())
        value(phase_alias("P" + n, p), "P" + n, to_string(p), phase_colours[static_cast<int>(p) % 5]);
    }
    state_type("SERVER_STATE", "SERVER", "server");
    value("down", "SERVER_STATE", "down", kRed);
    state_type("SCP_MODE", "SERVER", "service connection point mode");
    value("online", "SCP_MODE", "online", kGreen);
    value("offline", "SCP_MODE", "offline", kAmber);
    state_type("ROUTE_FAULT", "ROUTE", "fault");
    value("link_down", "ROUTE_FAULT", to_string(FaultKind::link_down), kRed);
    value("link_degrade", "ROUTE_FAULT", to_string(FaultKind::link_degrade), kAmber);
    state_type("DB_REPLICATION", "ROUTE", "database replication");
    for (const ReplicationLinkState s :
         {ReplicationLinkState::degraded, ReplicationLinkState::failed, ReplicationLinkState::being_configured})
      value(db_alias(s), "DB_REPLICATION", to_string(s), s == ReplicationLinkState::failed ? kRed : kAmber);
    define(fmt::format("{} BYTES_IN_FLIGHT ROUTE \"bytes in flight\" {}\n", int{kDefineVariableType}, kBlue));
    define(fmt::format("{} TRANSFERS ROUTE \"transfers in flight\" {}\n", int{kDefineVariableType}, kPurple));
    define(fmt::format("{} UTILIZATION ROUTE \"utilization\" {}\n", int{kDefineVariableType}, kAmber));
    define(fmt::format("{} MESSAGE SERVER \"warnings and errors\"\n", int{kDefineEventType}));
    state_type("INTERNET", "CLOUD", "internet fault");
  }

  static std::string db_alias(ReplicationLinkState s) { return std::string("db_") + to_string(s); }

  void create_containers() {
    create("h", "HIERARCHY", "0", r_.scenario);
    for (std::size_t i = 0; i < r_.sites.size(); ++i) {
      const std::string n = std::to_string(i);
      site_.emplace(r_.sites[i].code, n);
      create("s" + n, "SITE", "h", r_.sites[i].code);
      create("v" + n, "SERVER", "s" + n, r_.sites[i].code + " site server");
    }
    const std::vector<std::string> routes = trace::route_names(r_);
    for (std::size_t j = 0; j < routes.size(); ++j) {
      const auto owner = site_.find(trace::route_owner(r_, routes[j]));
      if (owner == site_.end()) continue;
      const std::string alias = "l" + std::to_string(j);
      route_.emplace(routes[j], alias);
      create(alias, "ROUTE", "s" + owner->second, routes[j]);
    }
    if (std::any_of(r_.faults.begin(), r_.faults.end(),
                    [](const FaultView& f) { return f.kind == FaultKind::internet_fault; }))
      create("c", "CLOUD", "h", "cloud");
  }

  void add_updates() {
    for (std::size_t i = 0; i < r_.updates.size(); ++i) {
      const UpdateResult& u = r_.updates[i];
      const std::string n = std::to_string(i);
      for (const trace::StateSpan& s : trace::state_spans(u.states, r_.duration_s))
        set_state(s.span.start_t_s, "U" + n, "h", state_alias("U" + n, s.state));
      for (const UpdateSiteResult& us : u.sites) {
        const auto site = site_.find(us.site);
        if (site == site_.end()) continue;
        const std::string container = "s" + site->second;
        for (const trace::StateSpan& s : trace::state_spans(us.states, r_.duration_s))
          set_state(s.span.start_t_s, "S" + n, container, state_alias("S" + n, s.state));
        std::vector<Span> spans;
        std::vector<std::string> values;
        if (u.download && u.downloaded_at == us.site) {
          spans.push_back(trace::span_of(u.download->start_t_s, u.download->end_t_s, r_.duration_s));
          values.push_back(phase_alias("P" + n, ServicingPhase::download));
        }
        for (const PhaseRecord& p : us.phases) {
          spans.push_back(trace::span_of(p.start_t_s, p.end_t_s, r_.duration_s));
          values.push_back(phase_alias("P" + n, p.phase));
        }
        flattened(spans, values, "P" + n, container);
      }
    }
  }

  void add_servers() {
    std::map<std::string, std::vector<Span>> downs;
    std::vector<Span> internet;
    std::vector<std::string> internet_values;
    for (const FaultView f : r_.faults) {
      if (f.kind == FaultKind::site_down)
        downs[std::string(f.target)].push_back(trace::span_of(f.t_s, f.end_t_s, r_.duration_s));
      if (f.kind == FaultKind::internet_fault) {
        internet.push_back(trace::span_of(f.t_s, f.end_t_s, r_.duration_s));
        internet_values.push_back(
            paje_string(f.detail.empty() ? std::string("internet fault") : std::string(f.detail)));
      }
    }
    for (const auto& [code, spans] : downs)
      if (const auto site = site_.find(code); site != site_.end())
        flattened(spans, std::vector<std::string>(spans.size(), "down"), "SERVER_STATE", "v" + site->second);
    flattened(internet, internet_values, "INTERNET", "c");
  }

  // The mode shows on the server the role is on: each mode change and each move of the role
  // is a change point.
  void add_scp() {
    std::vector<ScpPlacement> placements = r_.scp.placements;
    if (placements.empty() && !r_.scp.site.empty()) placements.push_back({0.0, r_.scp.site, r_.scp.site});
    if (placements.empty() || r_.scp.modes.empty()) return;
    std::vector<double> points;
    for (const ScpPlacement& p : placements) points.push_back(p.t_s);
    for (const ModeChange& m : r_.scp.modes) points.push_back(m.t_s);
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    std::string shown_on;  // the server alias showing a mode now
    std::string shown_mode;
    for (const double t : points) {
      std::string site;
      for (const ScpPlacement& p : placements)
        if (p.t_s <= t) site = p.site;
      std::string mode;
      for (const ModeChange& m : r_.scp.modes)
        if (m.t_s <= t) mode = m.effective;
      const auto it = site_.find(site);
      const std::string server = it == site_.end() || mode.empty() ? "" : "v" + it->second;
      if (server != shown_on && !shown_on.empty()) pop_state(t, "SCP_MODE", shown_on);
      if (!server.empty() && (server != shown_on || mode != shown_mode))
        set_state(t, "SCP_MODE", server, mode == "online" || mode == "offline" ? mode : paje_string(mode));
      shown_on = server;
      shown_mode = mode;
    }
  }

  void add_routes() {
    std::map<std::string, std::vector<const TransferRecord*>> transfers;
    for (const TransferRecord& t : r_.transfers) transfers[t.link].push_back(&t);
    std::map<std::string, std::vector<Span>> faults;
    std::map<std::string, std::vector<std::string>> fault_values;
    for (const FaultView f : r_.faults)
      if (f.kind == FaultKind::link_down || f.kind == FaultKind::link_degrade) {
        faults[std::string(f.target)].push_back(trace::span_of(f.t_s, f.end_t_s, r_.duration_s));
        fault_values[std::string(f.target)].push_back(f.kind == FaultKind::link_down ? "link_down" : "link_degrade");
      }
    std::map<std::string, std::vector<const DbLinkChange*>> db;
    for (const DbLinkChange& c : r_.db_links) db[r_.db_links.name(c)].push_back(&c);
    std::map<std::string, double> capacity;
    for (const LinkCapacity& l : r_.links) capacity.emplace(l.link, l.bandwidth_Bps);

    for (const auto& [link, alias] : route_) {
      flattened(faults[link], fault_values[link], "ROUTE_FAULT", alias);
      bool degraded = false;
      for (const DbLinkChange* c : db[link]) {
        if (c->state == ReplicationLinkState::active) {
          if (degraded) pop_state(c->t_s, "DB_REPLICATION", alias);
          degraded = false;
        } else {
          set_state(c->t_s, "DB_REPLICATION", alias, db_alias(c->state));
          degraded = true;
        }
      }
      add_link_variables(alias, transfers[link], capacity.count(link) ? capacity[link] : 0.0);
    }
  }

  // Bytes of the transfers under way, how many, and their average rates against what the
  // route carries; exactly zero whenever none is under way.
  void add_link_variables(const std::string& alias, const std::vector<const TransferRecord*>& transfers,
                          double capacity_Bps) {
    set_variable(0, "BYTES_IN_FLIGHT", alias, 0);
    set_variable(0, "TRANSFERS", alias, 0);
    if (capacity_Bps > 0) set_variable(0, "UTILIZATION", alias, 0);
    struct Change {
      double t_s;
      int sign;  // -1 ends, +1 starts; ends first at one instant
      const TransferRecord* t;
    };
    std::vector<Change> changes;
    for (const TransferRecord* t : transfers) {
      const Span s = trace::span_of(t->start_t_s, t->end_t_s, r_.duration_s);
      if (s.end_t_s <= s.start_t_s) continue;
      changes.push_back({s.start_t_s, +1, t});
      changes.push_back({s.end_t_s, -1, t});
    }
    std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
      if (a.t_s != b.t_s) return a.t_s < b.t_s;
      return a.sign < b.sign;
    });
    std::uint64_t bytes = 0;
    long count = 0;
    double rate = 0;
    for (std::size_t k = 0; k < changes.size();) {
      const double t = changes[k].t_s;
      for (; k < changes.size() && changes[k].t_s == t; ++k) {
        const Change& c = changes[k];
        const Span s = trace::span_of(c.t->start_t_s, c.t->end_t_s, r_.duration_s);
        const double avg = static_cast<double>(c.t->bytes) / (s.end_t_s - s.start_t_s);
        if (c.sign > 0) {
          bytes += c.t->bytes, ++count, rate += avg;
        } else {
          bytes -= c.t->bytes, --count, rate -= avg;
        }
      }
      if (count == 0) rate = 0;
      set_variable(t, "BYTES_IN_FLIGHT", alias, static_cast<double>(bytes));
      set_variable(t, "TRANSFERS", alias, static_cast<double>(count));
      if (capacity_Bps > 0) set_variable(t, "UTILIZATION", alias, rate / capacity_Bps);
    }
  }

  void add_messages() {
    for_each_status_message(r_, [&](const StatusMessage& m) {
      if (!trace::shown_in_trace(m)) return;
      const auto site = site_.find(m.site);
      if (site == site_.end()) return;
      at(m.t_s, fmt::format("{} {} MESSAGE v{} {}\n", int{kNewEvent}, number(m.t_s), site->second,
                            paje_string(std::string(to_string(m.severity)) + " " + std::to_string(m.message_id) + " " +
                                        m.component + ": " + m.text)));
    });
  }

  const Results& r_;
  std::map<std::string, std::string> site_;                      // code -> index
  std::map<std::string, std::string> route_;                     // route name -> container alias
  std::vector<std::pair<std::string, std::string>> containers_;  // (type, alias) in creation order
  std::vector<std::string> definitions_;
  std::vector<Timed> events_;
};

}  // namespace

std::string paje_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? '\'' : (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  out += '"';
  return out;
}

void write_trace_paje(const Results& results, const TextDrain& drain) { PajeTrace(results).write(drain); }

std::string trace_paje_text(const Results& results) {
  std::string text;
  write_trace_paje(results, [&](std::string_view chunk) { text.append(chunk); });
  return text;
}

}  // namespace cmsim::reports
