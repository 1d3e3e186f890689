// The Monitoring workspace's views of a run in report.html: Component Status, Database
// Replication and the status messages.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "models/record_views.hpp"
#include "models/units.hpp"
#include "reports/html_table.hpp"
#include "reports/report_html.hpp"
#include "reports/report_html_sections.hpp"
#include "reports/text_pair_key.hpp"

namespace cmsim::reports::html {
namespace {

// A 6,000-site hierarchy has thousands of components and links; past this many rows a table
// stops being read, and report.json has them all.
constexpr std::size_t kComponentRowsShown = 200;
constexpr std::size_t kDbLinkRowsShown = 200;
constexpr std::size_t kStatusGroupsShown = 200;
constexpr std::size_t kMessagesPerGroupShown = 20;

std::string utc(const Results& r, double t_s) {
  return units::format_utc_iso(r.start_unix_s + static_cast<std::int64_t>(std::floor(t_s)));
}

// "+3d 2h" with the wall-clock time under it, as the console shows both.
std::string time_cell(const Results& r, double t_s) {
  return sim_time(t_s) + "<br><small class=\"utc\">" + escape(utc(r, t_s)) + "</small>";
}

std::string duration_cell(double seconds) { return seconds > 0 ? escape(short_duration(seconds)) : "\xE2\x80\x94"; }

std::string count_text(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string more_note(std::size_t shown, std::size_t total, const char* what, const char* where) {
  if (shown >= total) return {};
  return "<p class=\"note\">Showing " + std::to_string(shown) + " of " + std::to_string(total) + " " + what + "; " +
         std::to_string(total - shown) + " more are not shown here; all are in " + where + ".</p>\n";
}

// How long something spent in each of N states: a state holds from one change to the next,
// and the last one to the end of the run. Everything starts in the enum's first state (a
// component starts OK, a link active) because the simulator records changes only.
template <class State, std::size_t N>
struct StateClock {
  State state{};
  double since_s = 0;
  std::array<double, N> seconds{};
  std::size_t changes = 0;
  double last_change_s = 0;

  void change(State next, double t_s) {
    if (next == state) return;
    seconds[static_cast<std::size_t>(state)] += std::max(0.0, t_s - since_s);
    state = next;
    since_s = t_s;
    last_change_s = t_s;
    ++changes;
  }
  void finish(double end_s) {
    seconds[static_cast<std::size_t>(state)] += std::max(0.0, end_s - since_s);
    since_s = std::max(since_s, end_s);
  }
  double in(State s) const { return seconds[static_cast<std::size_t>(s)]; }
};

// ---- Component Status ------------------------------------------------------------------

using ComponentClock = StateClock<ComponentStatus, 3>;
using ComponentKey = std::pair<std::string, std::string>;  // site, component

struct ComponentRow {
  const ComponentKey* key;
  const ComponentClock* clock;
  double not_ok_s() const { return clock->in(ComponentStatus::warning) + clock->in(ComponentStatus::critical); }
};

const char* console_name(ComponentStatus s) {
  switch (s) {
    case ComponentStatus::ok:
      return "OK";
    case ComponentStatus::warning:
      return "Warning";
    case ComponentStatus::critical:
      return "Critical";
  }
  return "?";
}

const char* row_class(ComponentStatus s) {
  return s == ComponentStatus::critical ? "error" : s == ComponentStatus::warning ? "warning" : "";
}

std::map<ComponentKey, ComponentClock> component_clocks(const Results& r) {
  // Each change finds its clock by hash on views of (site, component), without building a key:
  // the replication monitor alone raises one per link state change. Map nodes stay put, so
  // views into their keys hold.
  std::map<ComponentKey, ComponentClock> clocks;
  std::unordered_map<TextPairKey, ComponentClock*, TextPairKeyHash> found;
  for_each_component_status(r, [&](const ComponentStatusChange& c) {
    auto it = found.find(TextPairKey{c.site, c.component});
    if (it == found.end()) {
      const auto node = clocks.try_emplace(ComponentKey{c.site, c.component}).first;
      it = found.emplace(TextPairKey{node->first.first, node->first.second}, &node->second).first;
    }
    it->second->change(c.status, c.t_s);
  });
  for (auto& [key, clock] : clocks) clock.finish(r.duration_s);
  return clocks;
}

// Red, then yellow, then the ones that changed at all, longest out of OK first; the rest
// by site and component so the same run gives the same page.
std::vector<ComponentRow> ordered_components(const std::map<ComponentKey, ComponentClock>& clocks) {
  std::vector<ComponentRow> rows;
  for (const auto& [key, clock] : clocks) rows.push_back({&key, &clock});
  std::stable_sort(rows.begin(), rows.end(), [](const ComponentRow& a, const ComponentRow& b) {
    const auto rank = [](const ComponentRow& x) {
      return std::make_tuple(-static_cast<int>(x.clock->state), x.clock->changes == 0, -x.not_ok_s(),
                             -static_cast<double>(x.clock->changes));
    };
    return rank(a) < rank(b);  // ties keep the map's site, component order
  });
  return rows;
}

std::string component_summary(const std::map<ComponentKey, ComponentClock>& clocks) {
  std::array<std::size_t, 3> by_status{};
  std::set<std::string> sites;
  for (const auto& [key, clock] : clocks) {
    ++by_status[static_cast<std::size_t>(clock.state)];
    sites.insert(key.first);
  }
  return "<p>" + count_text(clocks.size(), "component", "components") + " on " +
         count_text(sites.size(), "site", "sites") + " at the end of the run: " + std::to_string(by_status[2]) +
         " critical, " + std::to_string(by_status[1]) + " warning, " + std::to_string(by_status[0]) + " OK.</p>\n";
}

std::string component_row(const Results& r, const ComponentRow& c) {
  const ComponentClock& k = *c.clock;
  return table_row(
      {escape(console_name(k.state)), escape(c.key->first), escape(c.key->second), std::to_string(k.changes),
       duration_cell(k.in(ComponentStatus::warning)), duration_cell(k.in(ComponentStatus::critical)),
       k.changes ? time_cell(r, k.last_change_s) : "\xE2\x80\x94"},
      row_class(k.state));
}

// ---- Database Replication ------------------------------------------------------------

using LinkClock = StateClock<ReplicationLinkState, 4>;

struct LinkRow {
  std::string name;
  LinkClock clock;
  std::optional<double> first_trouble_s;  // first time it went degraded or failed
  double trouble_s() const { return clock.in(ReplicationLinkState::degraded) + clock.in(ReplicationLinkState::failed); }
};

// The Link State column's words (docs/modelling.md §5.2), not report.json's spelling.
const char* console_name(ReplicationLinkState s) {
  switch (s) {
    case ReplicationLinkState::active:
      return "Link is active";
    case ReplicationLinkState::degraded:
      return "Link is degraded";
    case ReplicationLinkState::failed:
      return "Link has failed";
    case ReplicationLinkState::being_configured:
      return "Link is being configured";
  }
  return "?";
}

// Failed, degraded, being configured, active: how urgently the admin should look.
int trouble_rank(ReplicationLinkState s) {
  switch (s) {
    case ReplicationLinkState::failed:
      return 3;
    case ReplicationLinkState::degraded:
      return 2;
    case ReplicationLinkState::being_configured:
      return 1;
    case ReplicationLinkState::active:
      return 0;
  }
  return 0;
}

// Every parent-child link of the hierarchy, also the ones that never changed (they were
// active throughout), and any link the records name beyond those.
std::map<std::string, LinkRow> link_rows(const Results& r) {
  std::map<std::string, LinkRow> links;
  for (const SiteResult& s : r.sites)
    if (!s.parent.empty()) links[s.parent + "-" + s.code].name = s.parent + "-" + s.code;
  // Each name looked up once, not once per change: a year of WAN outages is ~200,000 changes.
  std::vector<LinkRow*> by_index(r.db_links.names.size(), nullptr);
  for (const DbLinkChange& c : r.db_links) {  // in time order
    LinkRow*& row = by_index.at(c.link);
    if (row == nullptr) {
      row = &links[r.db_links.names[c.link]];
      row->name = r.db_links.names[c.link];
    }
    LinkRow& l = *row;
    l.clock.change(c.state, c.t_s);
    if (!l.first_trouble_s && (c.state == ReplicationLinkState::degraded || c.state == ReplicationLinkState::failed))
      l.first_trouble_s = c.t_s;
  }
  for (auto& [name, l] : links) l.clock.finish(r.duration_s);
  return links;
}

std::vector<const LinkRow*> ordered_links(const std::map<std::string, LinkRow>& links) {
  std::vector<const LinkRow*> rows;
  for (const auto& [name, l] : links) rows.push_back(&l);
  std::stable_sort(rows.begin(), rows.end(), [](const LinkRow* a, const LinkRow* b) {
    const auto rank = [](const LinkRow* x) {
      return std::make_tuple(-trouble_rank(x->clock.state), !x->first_trouble_s, -x->trouble_s(),
                             -static_cast<double>(x->clock.changes));
    };
    return rank(a) < rank(b);  // ties keep the map's name order
  });
  return rows;
}

std::string link_summary(const std::map<std::string, LinkRow>& links) {
  std::array<std::size_t, 4> by_state{};
  std::size_t troubled = 0;
  for (const auto& [name, l] : links) {
    ++by_state[static_cast<std::size_t>(l.clock.state)];
    troubled += l.first_trouble_s ? 1 : 0;
  }
  std::string out = "<p>" + count_text(links.size(), "link", "links") + " at the end of the run: ";
  bool first = true;
  for (const ReplicationLinkState s : {ReplicationLinkState::failed, ReplicationLinkState::degraded,
                                       ReplicationLinkState::being_configured, ReplicationLinkState::active}) {
    const std::size_t n = by_state[static_cast<std::size_t>(s)];
    if (n == 0) continue;  // "0 Link has failed" reads as noise in a healthy run
    out += std::string(first ? "" : ", ") + std::to_string(n) + " <i>" + escape(console_name(s)) + "</i>";
    first = false;
  }
  return out + ". " + (troubled ? std::to_string(troubled) : std::string("None")) +
         " went degraded or failed during the run.</p>\n";
}

std::string link_row(const Results& r, const LinkRow& l) {
  const ReplicationLinkState end = l.clock.state;
  const char* cls = end == ReplicationLinkState::failed     ? "error"
                    : end == ReplicationLinkState::degraded ? "warning"
                                                            : "";
  return table_row({escape(l.name), escape(console_name(end)), std::to_string(l.clock.changes),
                    duration_cell(l.clock.in(ReplicationLinkState::degraded)),
                    duration_cell(l.clock.in(ReplicationLinkState::failed)),
                    duration_cell(l.clock.in(ReplicationLinkState::being_configured)),
                    l.first_trouble_s ? time_cell(r, *l.first_trouble_s) : "\xE2\x80\x94"},
                   cls);
}

// ---- status messages -------------------------------------------------------------------

// The messages of one ID, as the console's status message queries group them.
struct MessageGroup {
  int id = 0;
  std::set<std::string> components;
  std::unordered_set<std::string> sites;     // only counted
  std::array<std::size_t, 3> by_severity{};  // info, warning, error
  std::size_t count = 0;
  double first_s = 0;
  double last_s = 0;
  std::vector<StatusMessage> first;  // the first kMessagesPerGroupShown, in time order
  StatusMessage last;                // the latest, when past those: how it stands at the end

  Severity worst() const {
    return by_severity[2] ? Severity::error : by_severity[1] ? Severity::warning : Severity::info;
  }
};

struct MessageDigest {
  std::size_t total = 0;
  std::array<std::size_t, 3> by_severity{};
  std::map<int, MessageGroup> groups;
};

MessageDigest digest_messages(const Results& r) {
  MessageDigest d;
  for_each_status_message(r, [&](const StatusMessage& m) {
    ++d.total;
    ++d.by_severity[static_cast<std::size_t>(m.severity)];
    MessageGroup& g = d.groups[m.message_id];
    if (g.count++ == 0) g.first_s = m.t_s;
    g.id = m.message_id;
    g.last_s = m.t_s;
    g.components.insert(m.component);
    g.sites.insert(m.site);
    ++g.by_severity[static_cast<std::size_t>(m.severity)];
    if (g.first.size() < kMessagesPerGroupShown)
      g.first.push_back(m);
    else
      g.last = m;
  });
  return d;
}

// Errors first, then warnings, then the busiest IDs; equal ones by ID.
std::vector<const MessageGroup*> ordered_groups(const MessageDigest& d) {
  std::vector<const MessageGroup*> groups;
  for (const auto& [id, g] : d.groups) groups.push_back(&g);
  std::stable_sort(groups.begin(), groups.end(), [](const MessageGroup* a, const MessageGroup* b) {
    return std::make_tuple(-static_cast<int>(a->worst()), -static_cast<double>(a->count)) <
           std::make_tuple(-static_cast<int>(b->worst()), -static_cast<double>(b->count));
  });
  return groups;
}

// The overall line ("1234 (247 error, 493 info, 494 warning) messages."), in the summary's
// alphabetical order so the two read the same.
std::string counts_line(const MessageDigest& d) {
  std::map<std::string, std::size_t> by_name;
  for (std::size_t s = 0; s < d.by_severity.size(); ++s)
    if (d.by_severity[s]) by_name[to_string(static_cast<Severity>(s))] = d.by_severity[s];
  std::string counts;
  for (const auto& [k, n] : by_name) counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + k;
  return "<p>" + std::to_string(d.total) + " (" + escape(counts) + ") messages. " +
         count_text(d.groups.size(), "message ID", "message IDs") + ".</p>\n";
}

// The CSS-only filter: the radios come before the table so `:checked ~ table` can hide the
// rows of other severities (the page's CSP allows no script).
std::string severity_filter(const MessageDigest& d) {
  std::string out = "<input type=\"radio\" name=\"sev\" id=\"sev-all\" checked><label for=\"sev-all\">all</label>\n";
  for (const Severity s : {Severity::error, Severity::warning, Severity::info}) {
    const std::string name = to_string(s);
    out += "<input type=\"radio\" name=\"sev\" id=\"sev-" + name + "\"><label for=\"sev-" + name + "\">" + name + " (" +
           std::to_string(d.by_severity[static_cast<std::size_t>(s)]) + ")</label>\n";
  }
  return out;
}

std::string severity_cell(const MessageGroup& g) {
  std::string out;
  for (const Severity s : {Severity::error, Severity::warning, Severity::info}) {
    const std::size_t n = g.by_severity[static_cast<std::size_t>(s)];
    if (n == 0) continue;
    out += std::string(out.empty() ? "" : ", ") + to_string(s);
    if (n != g.count) out += " (" + std::to_string(n) + ")";  // an ID raised at more than one severity
  }
  return out;
}

// "g has-error has-info": which filters show the group.
std::string group_class(const MessageGroup& g) {
  std::string out = "g";
  for (const Severity s : {Severity::error, Severity::warning, Severity::info})
    if (g.by_severity[static_cast<std::size_t>(s)]) out += std::string(" has-") + to_string(s);
  return out;
}

std::string joined(const std::set<std::string>& names, std::size_t at_most) {
  std::string out;
  std::size_t n = 0;
  for (const std::string& name : names) {
    if (n++ == at_most) return out + " and " + std::to_string(names.size() - at_most) + " more";
    out += (out.empty() ? "" : ", ") + escape(name);
  }
  return out;
}

// No severity column: the row's tint says it, and it keeps the nested table narrow enough
// to sit beside the group's columns.
std::string message_row(const Results& r, const StatusMessage& m) {
  return table_row({sim_time(m.t_s), escape(utc(r, m.t_s)), escape(m.site), escape(m.text)},
                   std::string(to_string(m.severity)) + " m");
}

// The first message's text is the example; it opens onto the group's first messages and,
// past those, its latest.
std::string messages_cell(const Results& r, const MessageGroup& g) {
  std::string out = "<details><summary>" + escape(g.first.front().text) + "</summary>\n<table>\n" +
                    table_head({"time", "UTC", "site", "text"}) + "<tbody>\n";
  for (const StatusMessage& m : g.first) out += message_row(r, m);
  const std::size_t skipped = g.count - g.first.size();
  if (skipped > 1)
    out += "<tr><td colspan=\"4\"><small>" + std::to_string(skipped - 1) + " more messages</small></td></tr>\n";
  if (skipped > 0) out += message_row(r, g.last);
  out += "</tbody></table>\n";
  if (skipped > 0)
    out += "<p class=\"note\">The first " + std::to_string(g.first.size()) + " and the latest of " +
           std::to_string(g.count) + " messages.</p>\n";
  return out + "</details>";
}

// One <tbody> per group so the filter hides the counts and the opened messages together;
// the messages get the table's whole width on their own row.
std::string group_rows(const Results& r, const MessageGroup& g) {
  const std::string tint = g.worst() == Severity::info ? "" : to_string(g.worst());  // like the flat table did
  return "<tbody class=\"" + group_class(g) + "\">\n" +
         table_row({std::to_string(g.id), joined(g.components, 3), severity_cell(g), std::to_string(g.count),
                    std::to_string(g.sites.size()), time_cell(r, g.first_s), time_cell(r, g.last_s)},
                   tint) +
         (tint.empty() ? "<tr>" : "<tr class=\"" + tint + "\">") + "<td colspan=\"7\">" + messages_cell(r, g) +
         "</td></tr>\n</tbody>\n";
}

}  // namespace

// .sev-filter holds the radios; the :checked rules hide the groups (tbody.g) and the
// opened messages (tr.m) of the other severities.
const char* status_css() {
  return R"css(
.sev-filter label{margin:0 12px 0 3px;font-size:13px}.sev-filter input{margin:0;vertical-align:middle}
#sev-error:checked~table tbody.g:not(.has-error),#sev-warning:checked~table tbody.g:not(.has-warning),#sev-info:checked~table tbody.g:not(.has-info){display:none}
#sev-error:checked~table tr.m:not(.error),#sev-warning:checked~table tr.m:not(.warning),#sev-info:checked~table tr.m:not(.info){display:none}
small.utc{white-space:nowrap}table.groups{width:100%}table.groups details summary{cursor:pointer}
table.groups details table{margin:4px 0}table.groups details td{white-space:nowrap}table.groups details td:last-child{white-space:normal}
)css";
}

std::string component_status_section(const Results& r) {
  std::string out = "<section id=\"components\">\n<h2>Component Status</h2>\n";
  const std::map<ComponentKey, ComponentClock> clocks = component_clocks(r);
  if (clocks.empty()) return out + "<p>No component changed status during the run.</p>\n</section>\n";
  const std::vector<ComponentRow> rows = ordered_components(clocks);
  const std::size_t shown = std::min(rows.size(), kComponentRowsShown);
  out += component_summary(clocks) +
         "<p class=\"note\">Components start OK; the ones not OK at the end and the ones that changed come "
         "first. Time in warning and critical is summed over the run.</p>\n" +
         more_note(shown, rows.size(), "components", "report.json (component_status)");
  out += "<table>\n" +
         table_head({"status", "site", "component", "changes", "time in warning", "time in critical", "last change"}) +
         "<tbody>\n";
  for (std::size_t i = 0; i < shown; ++i) out += component_row(r, rows[i]);
  return out + "</tbody></table>\n</section>\n";
}

std::string db_replication_section(const Results& r) {
  std::string out = "<section id=\"db-replication\">\n<h2>Database Replication</h2>\n";
  const std::map<std::string, LinkRow> links = link_rows(r);
  if (links.empty()) return out + "<p>No database replication links.</p>\n</section>\n";
  const std::vector<const LinkRow*> rows = ordered_links(links);
  const std::size_t shown = std::min(rows.size(), kDbLinkRowsShown);
  out += link_summary(links) +
         "<p class=\"note\">Links start active; the ones in trouble at the end and the ones that went degraded or "
         "failed come first.</p>\n" +
         more_note(shown, rows.size(), "links", "report.json (db_links)");
  out += "<table>\n" +
         table_head({"link", "link state", "changes", "time degraded", "time failed", "time being configured",
                     "first degraded or failed"}) +
         "<tbody>\n";
  for (std::size_t i = 0; i < shown; ++i) out += link_row(r, *rows[i]);
  return out + "</tbody></table>\n</section>\n";
}

std::string status_messages_section(const Results& r) {
  std::string out = "<section id=\"status\">\n<h2>Status messages</h2>\n";
  const MessageDigest d = digest_messages(r);
  if (d.total == 0) return out + "<p>No status messages.</p>\n</section>\n";
  const std::vector<const MessageGroup*> groups = ordered_groups(d);
  const std::size_t shown = std::min(groups.size(), kStatusGroupsShown);
  out += counts_line(d) + "<p class=\"note\">One group per message ID; open its example text for its first " +
         std::to_string(kMessagesPerGroupShown) + " messages. All are in status_messages.csv and report.json.</p>\n" +
         more_note(shown, groups.size(), "message IDs", "status_messages.csv and report.json");
  out += "<div class=\"sev-filter\">\n" + severity_filter(d) + "<table class=\"groups\">\n" +
         table_head({"id", "component", "severity", "messages", "sites", "first", "last"});
  for (std::size_t i = 0; i < shown; ++i) out += group_rows(r, *groups[i]);
  return out + "</table>\n</div>\n</section>\n";
}

}  // namespace cmsim::reports::html
