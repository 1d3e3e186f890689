#include "reports/trace_chrome.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>

#include "models/record_views.hpp"
#include "models/units.hpp"
#include "reports/json_stream.hpp"
#include "reports/trace_timeline.hpp"

namespace cmsim::reports {
namespace {

using trace::Span;

// Process ids: fixed ones for what is not a site, then the sites in the hierarchy's order.
constexpr int kHierarchyPid = 1;
constexpr int kScpPid = 2;
constexpr int kCloudPid = 3;
constexpr int kFirstSitePid = 10;

struct Event {
  double ts_us = 0;
  double dur_us = 0;
  bool instant = false;
  std::string name;
  std::string args;  // a JSON object, or empty
};

struct Thread {
  std::string name;
  std::vector<Event> events;
};

struct Process {
  int pid = 0;
  std::string name;
  std::vector<Thread> threads;
};

double us(double t_s) { return t_s * 1e6; }

Event slice(const Span& s, std::string name, std::string args) {
  const double start = us(s.start_t_s);
  return Event{start, us(s.end_t_s) - start, false, std::move(name), std::move(args)};
}

Event instant(double t_s, std::string name, std::string args) {
  return Event{us(t_s), 0, true, std::move(name), std::move(args)};
}

// Builds a JSON object of string and number arguments.
class Args {
 public:
  Args() : object_(text_) {}
  Args& text(std::string_view key, std::string_view value) {
    object_.field(key, value);
    return *this;
  }
  Args& number(std::string_view key, std::uint64_t value) {
    object_.field(key, value);
    return *this;
  }
  Args& integer(std::string_view key, int value) {
    object_.field(key, value);
    return *this;
  }
  Args& flag(std::string_view key, bool value) {
    object_.field(key, value);
    return *this;
  }
  std::string done() {
    object_.close();
    return std::move(text_);
  }

 private:
  std::string text_;
  JsonObject object_;
};

// Adds one row, or several when the spans overlap: "<name>", "<name> (2)", ...
void add_lanes(Process& p, const std::string& name, const std::vector<Span>& spans,
               const std::function<Event(std::size_t)>& event_of) {
  if (spans.empty()) return;
  std::size_t lanes = 0;
  const std::vector<std::size_t> lane = trace::assign_lanes(spans, lanes);
  const std::size_t first = p.threads.size();
  for (std::size_t l = 0; l < lanes; ++l)
    p.threads.push_back({l == 0 ? name : name + " (" + std::to_string(l + 1) + ")", {}});
  for (std::size_t i = 0; i < spans.size(); ++i) p.threads[first + lane[i]].events.push_back(event_of(i));
}

std::string phase_args(PhaseStatus status, bool open_at_end) {
  return Args().text("status", to_string(status)).flag("open_at_end", open_at_end).done();
}

// A site's Show Status of one update: phases on one set of rows, their steps on another.
void add_show_status(Process& p, const UpdateResult& u, const ServicingStatus& phases, const PhaseRecord* download,
                     double duration_s) {
  std::vector<const PhaseRecord*> records;
  if (download) records.push_back(download);
  for (const PhaseRecord& ph : phases) records.push_back(&ph);
  std::vector<Span> phase_spans;
  std::vector<Span> step_spans;
  std::vector<std::pair<const PhaseRecord*, const ServicingStep*>> steps;
  for (const PhaseRecord* ph : records) {
    phase_spans.push_back(trace::span_of(ph->start_t_s, ph->end_t_s, duration_s));
    for (const ServicingStep& st : ph->steps) {
      step_spans.push_back(trace::span_of(st.start_t_s, st.end_t_s, duration_s));
      steps.emplace_back(ph, &st);
    }
  }
  const std::string& v = trace::update_label(u);
  add_lanes(p, v + " Show Status", phase_spans, [&](std::size_t i) {
    return slice(phase_spans[i], to_string(records[i]->phase),
                 phase_args(records[i]->status, phase_spans[i].open_at_end));
  });
  add_lanes(p, v + " steps", step_spans, [&](std::size_t i) {
    const auto& [ph, st] = steps[i];
    return slice(step_spans[i], st->name,
                 Args()
                     .text("phase", to_string(ph->phase))
                     .text("status", to_string(st->status))
                     .flag("open_at_end", step_spans[i].open_at_end)
                     .done());
  });
}

void add_states(Process& p, const std::string& name, const StateTimeline& timeline, double duration_s) {
  const std::vector<trace::StateSpan> states = trace::state_spans(timeline, duration_s);
  std::vector<Span> spans;
  for (const trace::StateSpan& s : states) spans.push_back(s.span);
  add_lanes(p, name, spans, [&](std::size_t i) { return slice(spans[i], to_string(states[i].state), ""); });
}

// The transfers over a route, its fault windows and its database replication link's states
// other than active.
void add_route(Process& p, const Results& r, const std::string& link,
               const std::vector<const TransferRecord*>& transfers, const std::vector<FaultView>& faults,
               const std::vector<const DbLinkChange*>& db) {
  std::vector<Span> spans;
  for (const TransferRecord* t : transfers) spans.push_back(trace::span_of(t->start_t_s, t->end_t_s, r.duration_s));
  add_lanes(p, link, spans, [&](std::size_t i) {
    const TransferRecord& t = *transfers[i];
    return slice(spans[i], t.what,
                 Args()
                     .text("from", t.from)
                     .text("to", t.to)
                     .number("bytes", t.bytes)
                     .integer("attempts", t.attempts)
                     .text("outcome", to_string(t.outcome))
                     .text("reason", t.reason)
                     .done());
  });
  std::vector<Span> fault_spans;
  for (const FaultView& f : faults) fault_spans.push_back(trace::span_of(f.t_s, f.end_t_s, r.duration_s));
  add_lanes(p, link + " faults", fault_spans, [&](std::size_t i) {
    return slice(fault_spans[i], to_string(faults[i].kind), Args().text("detail", faults[i].detail).done());
  });
  std::vector<Span> db_spans;
  std::vector<ReplicationLinkState> db_states;
  for (std::size_t i = 0; i < db.size(); ++i) {
    if (db[i]->state == ReplicationLinkState::active) continue;
    const std::optional<double> next = i + 1 < db.size() ? std::optional<double>(db[i + 1]->t_s) : std::nullopt;
    db_spans.push_back(trace::span_of(db[i]->t_s, next, r.duration_s));
    db_states.push_back(db[i]->state);
  }
  add_lanes(p, link + " database replication", db_spans,
            [&](std::size_t i) { return slice(db_spans[i], to_string(db_states[i]), ""); });
}

std::vector<Process> build(const Results& r) {
  const double end = r.duration_s;
  std::vector<Process> out;

  Process hierarchy{kHierarchyPid, "hierarchy", {}};
  for (const UpdateResult& u : r.updates)
    add_states(hierarchy, trace::update_label(u) + " Updates and Servicing", u.states, end);
  Thread expansions{"expansions", {}};
  for (const ExpansionResult& e : r.expansions)
    for (const ExpansionStep& s : e.steps)
      if (s.t_s)
        expansions.events.push_back(instant(
            *s.t_s, s.step,
            Args().text("new_cas", e.new_cas).text("primary", e.primary).text("status", to_string(e.status)).done()));
  if (!expansions.events.empty()) hierarchy.threads.push_back(std::move(expansions));
  out.push_back(std::move(hierarchy));

  if (!r.scp.modes.empty() || !r.scp.checks.empty() || !r.scp.placements.empty()) {
    Process scp{kScpPid, "service connection point" + (r.scp.site.empty() ? "" : " (" + r.scp.site + ")"), {}};
    std::vector<Span> modes;
    for (std::size_t i = 0; i < r.scp.modes.size(); ++i) {
      const auto next = i + 1 < r.scp.modes.size() ? std::optional<double>(r.scp.modes[i + 1].t_s) : std::nullopt;
      modes.push_back(trace::span_of(r.scp.modes[i].t_s, next, end));
    }
    add_lanes(scp, "effective mode", modes, [&](std::size_t i) {
      const ModeChange& m = r.scp.modes[i];
      return slice(modes[i], m.effective, Args().text("configured", m.configured).text("cause", m.cause).done());
    });
    std::vector<Span> placements;
    for (std::size_t i = 0; i < r.scp.placements.size(); ++i) {
      const auto next =
          i + 1 < r.scp.placements.size() ? std::optional<double>(r.scp.placements[i + 1].t_s) : std::nullopt;
      placements.push_back(trace::span_of(r.scp.placements[i].t_s, next, end));
    }
    add_lanes(scp, "placement", placements, [&](std::size_t i) {
      const std::string& site = r.scp.placements[i].site;
      return slice(placements[i], site.empty() ? "no SCP" : site, "");
    });
    Thread checks{"checks", {}};
    for (const ScpCheck& c : r.scp.checks)
      checks.events.push_back(instant(
          c.t_s, std::string("check ") + to_string(c.outcome),
          Args().text("effective_mode", c.effective_mode).text("reason", c.reason).text("offered", c.offered).done()));
    if (!checks.events.empty()) scp.threads.push_back(std::move(checks));
    out.push_back(std::move(scp));
  }

  std::vector<Span> internet;
  std::vector<FaultView> internet_faults;
  for (const FaultView f : r.faults)
    if (f.kind == FaultKind::internet_fault) {
      internet.push_back(trace::span_of(f.t_s, f.end_t_s, end));
      internet_faults.push_back(f);
    }
  if (!internet.empty()) {
    Process cloud{kCloudPid, "cloud", {}};
    add_lanes(cloud, "internet faults", internet, [&](std::size_t i) {
      return slice(internet[i], std::string(internet_faults[i].target),
                   Args().text("detail", internet_faults[i].detail).done());
    });
    out.push_back(std::move(cloud));
  }

  // The sites, each with what belongs to it.
  std::map<std::string, std::size_t> site_index;
  for (std::size_t i = 0; i < r.sites.size(); ++i) site_index.emplace(r.sites[i].code, i);
  const std::size_t first_site = out.size();
  for (std::size_t i = 0; i < r.sites.size(); ++i) {
    const SiteResult& s = r.sites[i];
    out.push_back({kFirstSitePid + static_cast<int>(i), s.code + " (" + s.type + ")", {}});
  }
  const auto site_process = [&](const std::string& code) -> Process* {
    const auto it = site_index.find(code);
    return it == site_index.end() ? nullptr : &out[first_site + it->second];
  };

  std::map<std::string, std::vector<Span>> downs;
  std::map<std::string, std::vector<FaultView>> down_faults;
  std::map<std::string, std::vector<FaultView>> link_faults;
  for (const FaultView f : r.faults) {
    if (f.kind == FaultKind::site_down) {
      downs[std::string(f.target)].push_back(trace::span_of(f.t_s, f.end_t_s, end));
      down_faults[std::string(f.target)].push_back(f);
    } else if (f.kind == FaultKind::link_down || f.kind == FaultKind::link_degrade) {
      link_faults[std::string(f.target)].push_back(f);
    }
  }
  for (const auto& [code, spans] : downs)
    if (Process* p = site_process(code)) {
      const auto& faults = down_faults[code];
      add_lanes(*p, "site server", spans,
                [&](std::size_t i) { return slice(spans[i], "down", Args().text("detail", faults[i].detail).done()); });
    }

  for (const UpdateResult& u : r.updates) {
    for (const UpdateSiteResult& us : u.sites) {
      Process* p = site_process(us.site);
      if (!p) continue;
      add_states(*p, trace::update_label(u) + " state", us.states, end);
      const PhaseRecord* download = u.download && u.downloaded_at == us.site ? &*u.download : nullptr;
      add_show_status(*p, u, us.phases, download, end);
    }
    // The top tier that downloaded it but is not in the rollout's list still shows the download.
    const bool listed = std::any_of(u.sites.begin(), u.sites.end(),
                                    [&](const UpdateSiteResult& us) { return us.site == u.downloaded_at; });
    if (u.download && !listed)
      if (Process* p = site_process(u.downloaded_at)) add_show_status(*p, u, {}, &*u.download, end);
  }

  std::map<std::string, std::vector<const TransferRecord*>> transfers;
  for (const TransferRecord& t : r.transfers) transfers[t.link].push_back(&t);
  std::map<std::string, std::vector<const DbLinkChange*>> db;
  for (const DbLinkChange& c : r.db_links) db[r.db_links.name(c)].push_back(&c);
  for (const std::string& link : trace::route_names(r))
    if (Process* p = site_process(trace::route_owner(r, link)))
      add_route(*p, r, link, transfers[link], link_faults[link], db[link]);

  std::vector<Thread> messages(r.sites.size(), Thread{"warnings and errors", {}});
  for_each_status_message(r, [&](const StatusMessage& m) {
    if (!trace::shown_in_trace(m)) return;
    const auto it = site_index.find(m.site);
    if (it == site_index.end()) return;
    messages[it->second].events.push_back(instant(m.t_s, std::to_string(m.message_id) + " " + m.component,
                                                  Args()
                                                      .text("severity", to_string(m.severity))
                                                      .text("component", m.component)
                                                      .integer("message_id", m.message_id)
                                                      .text("text", m.text)
                                                      .done()));
  });
  for (std::size_t i = 0; i < messages.size(); ++i)
    if (!messages[i].events.empty()) out[first_site + i].threads.push_back(std::move(messages[i]));
  return out;
}

void metadata(std::string& out, const char* name, int pid, int tid, std::string_view key, std::string_view text,
              long sort_index) {
  JsonObject e(out);
  e.field("ph", "M").field("name", name).field("pid", pid);
  if (tid) e.field("tid", tid);
  JsonObject args(e.raw("args"));
  if (!text.empty())
    args.field(key, text);
  else
    args.field(key, static_cast<std::int64_t>(sort_index));
  args.close();
  e.close();
}

}  // namespace

void write_trace_chrome(const Results& r, const TextDrain& drain) {
  std::vector<Process> processes = build(r);
  ChunkedText chunks(drain);
  std::string& out = chunks.text();
  out += "{\"displayTimeUnit\": \"ms\", \"otherData\": ";
  {
    JsonObject other(out);
    other.field("format", "cmsim-trace/1")
        .field("scenario", r.scenario)
        .field("seed", r.seed)
        .field("start", units::format_utc_iso(r.start_unix_s))
        .field("duration_s", r.duration_s)
        .field("time", "microseconds of simulated time since start");
    other.close();
  }
  out += ",\n\"traceEvents\": [\n";
  bool first = true;
  const auto next = [&] {
    if (!first) out += ",\n";
    first = false;
  };
  // Names first, then each row's events in time order (the longer first at one instant, so
  // what contains comes before what it contains).
  int tid = 0;
  std::vector<std::vector<int>> tids(processes.size());
  for (std::size_t pi = 0; pi < processes.size(); ++pi) {
    const Process& p = processes[pi];
    next();
    metadata(out, "process_name", p.pid, 0, "name", p.name, 0);
    next();
    metadata(out, "process_sort_index", p.pid, 0, "sort_index", "", p.pid);
    for (std::size_t ti = 0; ti < p.threads.size(); ++ti) {
      tids[pi].push_back(++tid);
      next();
      metadata(out, "thread_name", p.pid, tid, "name", p.threads[ti].name, 0);
      next();
      metadata(out, "thread_sort_index", p.pid, tid, "sort_index", "", static_cast<long>(ti));
    }
    chunks.record_done();
  }
  for (std::size_t pi = 0; pi < processes.size(); ++pi) {
    for (std::size_t ti = 0; ti < processes[pi].threads.size(); ++ti) {
      std::vector<Event>& events = processes[pi].threads[ti].events;
      std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        if (a.ts_us != b.ts_us) return a.ts_us < b.ts_us;
        return a.dur_us > b.dur_us;
      });
      for (const Event& ev : events) {
        next();
        JsonObject e(out);
        e.field("name", ev.name).field("ph", ev.instant ? "i" : "X").field("ts", ev.ts_us);
        if (ev.instant)
          e.field("s", "t");
        else
          e.field("dur", ev.dur_us);
        e.field("pid", processes[pi].pid).field("tid", tids[pi][ti]);
        if (!ev.args.empty()) e.raw("args") += ev.args;
        e.close();
        chunks.record_done();
      }
    }
  }
  out += "\n]}\n";
  chunks.finish();
}

std::string trace_chrome_text(const Results& results) {
  std::string text;
  write_trace_chrome(results, [&](std::string_view chunk) { text.append(chunk); });
  return text;
}

}  // namespace cmsim::reports
