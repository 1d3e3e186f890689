#include "reports/report_json.hpp"

#include "models/critical_path.hpp"
#include "models/link_usage.hpp"

#include <optional>
#include <fmt/format.h>

#include "models/record_views.hpp"
#include "models/units.hpp"
#include "reports/atomic_file.hpp"
#include "reports/json_stream.hpp"

namespace cmsim::reports {
namespace {

// Nested lists are written into their record's text; top-level sections hand each whole
// record to the drain, so memory stays at one chunk however long the report is.
std::string& text_of(std::string& out) { return out; }
std::string& text_of(ChunkedText& out) { return out.text(); }
void record_done(std::string&) {}
void record_done(ChunkedText& out) { out.record_done(); }

// "[\n<indent>{...},\n<indent>{...}\n<outer>]": one record per line.
template <class Out, class Items, class Fn>
void append_records(Out& sink, const Items& items, const char* indent, Fn write) {
  std::string& out = text_of(sink);
  if (items.empty()) {
    out += "[]";
    return;
  }
  out += "[\n";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += indent;
    write(out, items[i]);
    out += i + 1 < items.size() ? ",\n" : "\n";
    record_done(sink);
  }
  out.append(indent, std::char_traits<char>::length(indent) - 2);
  out += ']';
}

// append_records for a timeline read through a models/record_views.hpp view.
template <class T>
void append_view(ChunkedText& sink, std::size_t count,
                 void (*for_each)(const Results&, const std::function<void(const T&)>&), const Results& r,
                 void (*write)(std::string&, const T&)) {
  std::string& out = sink.text();
  if (count == 0) {
    out += "[]";
    return;
  }
  out += "[\n";
  bool first = true;
  for_each(r, [&](const T& item) {
    out += first ? "    " : ",\n    ";
    first = false;
    write(out, item);
    sink.record_done();
  });
  out += "\n  ]";
}

// "[{...}, {...}]" on the current line, for short lists inside a record.
template <class T, class Fn>
void append_inline(std::string& out, const std::vector<T>& items, Fn write) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    write(out, items[i]);
  }
  out += ']';
}

void engine(std::string& out, const EngineInfo& e) {
  JsonObject(out)
      .field("name", e.name)
      .field("version", e.version)
      .field("network_model", e.network_model)
      .field("crosstraffic", e.crosstraffic)
      .close();
}

void site(std::string& out, const SiteResult& s) {
  JsonObject o(out);
  o.field("code", s.code).field("type", s.type).field_or_null("parent", s.parent);
  o.field("initial_version", s.initial_version).field("final_version", s.final_version);
  append_inline(o.raw("versions"), s.versions, [](std::string& out, const VersionChange& v) {
    JsonObject(out).field("version", v.version).field("installed_t_s", v.installed_t_s).close();
  });
  o.field("added_t_s", s.added_t_s);
  o.close();
}

void state_timeline(std::string& out, const StateTimeline& states) {
  append_inline(out, states, [](std::string& o, const StateChange& c) {
    JsonObject(o).field("t_s", c.t_s).field("state", to_string(c.state)).close();
  });
}

// Show Status: a phase with its steps; a phase or step still going has a null end.
void phase_record(std::string& out, const PhaseRecord& p) {
  JsonObject o(out);
  o.field("phase", to_string(p.phase))
      .field("start_t_s", p.start_t_s)
      .field("end_t_s", p.end_t_s)
      .field("status", to_string(p.status));
  append_inline(o.raw("steps"), p.steps, [](std::string& out, const ServicingStep& step) {
    JsonObject(out)
        .field("name", step.name)
        .field("start_t_s", step.start_t_s)
        .field("end_t_s", step.end_t_s)
        .field("status", to_string(step.status))
        .close();
  });
  o.close();
}

void update_site(std::string& out, const UpdateSiteResult& s) {
  JsonObject o(out);
  o.field("site", s.site)
      .field("content_replicated_t_s", s.content_replicated_t_s)
      .field("prereq_done_t_s", s.prereq_done_t_s)
      .field("install_started_t_s", s.install_started_t_s)
      .field("installed_t_s", s.installed_t_s)
      .field("state", to_string(s.state));
  state_timeline(o.raw("states"), s.states);
  append_inline(o.raw("phases"), s.phases, phase_record);
  o.close();
}

// docs/modelling.md §4.9: derived from the record when written, not stored.
void critical_path_json(std::string& out, const Results& r, const UpdateResult& u) {
  const auto path = critical_path(r, u, r.duration_s);
  if (!path) {
    out += "null";
    return;
  }
  JsonObject o(out);
  o.field("last_site", path->last_site)
      .field("start_t_s", path->start_t_s)
      .field("end_t_s", path->end_t_s)
      .field("complete", path->complete);
  append_inline(o.raw("totals"), delay_totals(*path), [](std::string& t, const std::pair<DelayKind, double>& k) {
    JsonObject(t).field("kind", to_string(k.first)).field("seconds", k.second).close();
  });
  append_inline(o.raw("segments"), path->segments, [](std::string& t, const PathSegment& s) {
    JsonObject(t)
        .field("site", s.site)
        .field("kind", to_string(s.kind))
        .field("start_t_s", s.start_t_s)
        .field("end_t_s", s.end_t_s)
        .field("link", s.link)
        .close();
  });
  o.close();
}

void link_usage_json(std::string& out, const LinkUsage& usage) {
  JsonObject o(out);
  o.field("bin_s", usage.bin_s).field("threshold", usage.threshold);
  append_inline(o.raw("links"), usage.links, [](std::string& t, const LinkUsageRow& l) {
    JsonObject j(t);
    j.field("link", l.link);
    if (l.capacity_Bps)
      j.field("capacity_Bps", *l.capacity_Bps);
    else
      j.raw("capacity_Bps") += "null";
    j.field("bytes", l.bytes)
        .field("background_bytes", l.background_bytes)
        .field("peak_utilization", l.peak_utilization)
        .field("peak_bin_t_s", l.peak_bin_t_s)
        .field("bins_over_threshold", l.bins_over_threshold)
        .field("peak_transfer_utilization", l.peak_transfer_utilization);
    j.close();
  });
  o.close();
}

void update(std::string& out, const UpdateResult& u, const Results& r) {
  JsonObject o(out);
  o.field("version", u.version).field("name", u.name).field("package_guid", u.package_guid);
  o.field("available_t_s", u.available_t_s).field("ready_to_install_t_s", u.ready_to_install_t_s);
  o.field("install_started_t_s", u.install_started_t_s).field("all_primaries_t_s", u.all_primaries_t_s);
  o.field("all_sites_t_s", u.all_sites_t_s).field("state", to_string(u.state));
  append_records(o.raw("sites"), u.sites, "      ", update_site);
  state_timeline(o.raw("states"), u.states);
  std::string& download = o.raw("download_phase");
  if (u.download)
    phase_record(download, *u.download);
  else
    download += "null";
  o.field_or_null("downloaded_at", u.downloaded_at);
  critical_path_json(o.raw("critical_path"), r, u);
  o.close();
}

void mode(std::string& out, const ModeChange& m) {
  JsonObject(out)
      .field("t_s", m.t_s)
      .field("configured", m.configured)
      .field("effective", m.effective)
      .field("cause", m.cause)
      .close();
}

void check(std::string& out, const ScpCheck& c) {
  JsonObject(out)
      .field("t_s", c.t_s)
      .field("effective_mode", c.effective_mode)
      .field("outcome", to_string(c.outcome))
      .field("reason", c.reason)
      .field("offered", c.offered)
      .close();
}

void placement(std::string& out, const ScpPlacement& p) {
  JsonObject(out).field("t_s", p.t_s).field_or_null("site", p.site).field_or_null("server", p.server).close();
}

void secret_gap(std::string& out, const TenantSecretGap& g) {
  JsonObject(out).field("from_t_s", g.from_t_s).field("renewed_t_s", g.renewed_t_s).close();
}

void scp(std::string& out, const ScpResult& s) {
  JsonObject o(out);
  o.field_or_null("site", s.site);
  append_records(o.raw("modes"), s.modes, "    ", mode);
  append_records(o.raw("checks"), s.checks, "    ", check);
  append_records(o.raw("placements"), s.placements, "    ", placement);
  append_records(o.raw("tenant_secret_gaps"), s.tenant_secret_gaps, "    ", secret_gap);
  o.close();
}

void transfer(std::string& out, const TransferRecord& t) {
  JsonObject(out)
      .field("what", t.what)
      .field("from", t.from)
      .field("to", t.to)
      .field("link", t.link)
      .field("bytes", t.bytes)
      .field("start_t_s", t.start_t_s)
      .field("end_t_s", t.end_t_s)
      .field("attempts", t.attempts)
      .field("outcome", to_string(t.outcome))
      .field("reason", t.reason)
      .close();
}

void status_message(std::string& out, const StatusMessage& m) {
  JsonObject(out)
      .field("t_s", m.t_s)
      .field("site", m.site)
      .field("component", m.component)
      .field("message_id", m.message_id)
      .field("severity", to_string(m.severity))
      .field("text", m.text)
      .close();
}

void component_status(std::string& out, const ComponentStatusChange& c) {
  JsonObject(out)
      .field("t_s", c.t_s)
      .field("site", c.site)
      .field("component", c.component)
      .field("status", to_string(c.status))
      .close();
}

void db_link(std::string& out, const DbLinkChange& d, const DbLinkRecord& record) {
  JsonObject(out).field("t_s", d.t_s).field("link", record.name(d)).field("state", to_string(d.state)).close();
}

void fault(std::string& out, const FaultView& f) {
  JsonObject(out)
      .field("t_s", f.t_s)
      .field("end_t_s", f.end_t_s)
      .field("kind", to_string(f.kind))
      .field("target", f.target)
      .field("detail", f.detail)
      .close();
}

void expansion(std::string& out, const ExpansionResult& x) {
  JsonObject o(out);
  o.field("requested_t_s", x.requested_t_s).field("new_cas", x.new_cas).field("primary", x.primary);
  o.field("status", to_string(x.status)).field("reason", x.reason);
  append_inline(o.raw("steps"), x.steps, [](std::string& out, const ExpansionStep& step) {
    JsonObject(out).field("step", step.step).field("t_s", step.t_s).close();
  });
  o.field("without_scp_s", x.without_scp_s);
  o.field_or_null("first_update_everywhere", x.first_update_everywhere);
  o.field("first_update_all_sites_t_s", x.first_update_all_sites_t_s);
  o.close();
}

void expectation(std::string& out, const ExpectationResult& e) {
  JsonObject(out).field("id", e.id).field("kind", e.kind).field("passed", e.passed).field("detail", e.detail).close();
}

}  // namespace

void write_report_json(const Results& r, const TextDrain& drain, const LinkUsage* given) {
  ChunkedText sink(drain);
  std::string& out = sink.text();
  out += '{';
  // Top-level keys each start a line (the layout of docs/modelling.md §4.1), with one record per line below.
  bool first = true;
  auto section = [&](const char* key) -> ChunkedText& {
    out += first ? "\n  " : ",\n  ";
    first = false;
    append_json_string(out, key);
    out += ": ";
    return sink;
  };
  append_json_string(section("format").text(), "cmsim-report/1");
  append_json_string(section("scenario").text(), r.scenario);
  fmt::format_to(std::back_inserter(section("seed").text()), "{}", r.seed);
  append_json_string(section("start").text(), units::format_utc_iso(r.start_unix_s));
  append_json_number(section("duration_s").text(), r.duration_s);
  engine(section("engine").text(), r.engine);
  append_records(section("sites"), r.sites, "    ", site);
  append_records(section("updates"), r.updates, "    ",
                 [&r](std::string& out, const UpdateResult& u) { update(out, u, r); });
  scp(section("scp").text(), r.scp);
  append_records(section("transfers"), r.transfers, "    ", transfer);
  append_view(section("status_messages"), status_message_count(r), for_each_status_message, r, status_message);
  append_view(section("component_status"), component_status_count(r), for_each_component_status, r, component_status);
  append_records(section("db_links"), r.db_links.changes, "    ",
                 [&r](std::string& out, const DbLinkChange& d) { db_link(out, d, r.db_links); });
  append_records(section("faults"), r.faults, "    ", fault);
  append_records(section("expansions"), r.expansions, "    ", expansion);
  append_records(section("expectations"), r.expectations, "    ", expectation);
  std::optional<LinkUsage> own;
  link_usage_json(section("link_usage").text(), given ? *given : own.emplace(link_usage(r)));
  out += "\n}\n";
  sink.finish();
}

std::string report_json_text(const Results& r) {
  std::string out;
  write_report_json(r, [&out](std::string_view chunk) { out += chunk; });
  return out;
}

// The document form, for readers that want one; the text above is the single source.
nlohmann::ordered_json report_to_json(const Results& results) {
  return nlohmann::ordered_json::parse(report_json_text(results));
}

}  // namespace cmsim::reports
