#include "reports/csv_tables.hpp"

#include "models/link_usage.hpp"

#include <cmath>
#include <iterator>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "models/record_views.hpp"
#include "models/units.hpp"
#include "reports/atomic_file.hpp"

namespace cmsim::reports {
namespace {

// Builds a table row by row; fields are separated by ',' and rows end with LF
// (docs/modelling.md §12.3.1), so the separator logic lives in one place.
class CsvBuilder {
 public:
  CsvBuilder(std::int64_t start_unix_s, const TextDrain& drain) : start_unix_s_(start_unix_s), sink_(drain) {}

  CsvBuilder& text(std::string_view s) {
    separate();
    append_field(s);
    return *this;
  }
  CsvBuilder& number(double v) {
    separate();
    append_number(v);
    return *this;
  }
  CsvBuilder& integer(std::int64_t v) {
    separate();
    fmt::format_to(std::back_inserter(sink_.text()), "{}", v);
    return *this;
  }
  CsvBuilder& unsigned_integer(std::uint64_t v) {
    separate();
    fmt::format_to(std::back_inserter(sink_.text()), "{}", v);
    return *this;
  }
  CsvBuilder& empty() {
    separate();
    return *this;
  }
  // The pair `<x>_t_s,<x>_utc`; both empty for a time that never came.
  CsvBuilder& time(const SimTime& t) {
    if (!t || !std::isfinite(*t)) return empty().empty();
    number(*t);
    separate();  // an ISO time never needs quoting
    units::append_utc_iso_ms(sink_.text(), static_cast<double>(start_unix_s_) + *t);
    return *this;
  }
  void header(std::initializer_list<std::string_view> names) {
    for (std::string_view n : names) text(n);
    end_row();
  }
  void end_row() {
    sink_.text().push_back('\n');
    first_ = true;
    sink_.record_done();
  }
  void finish() { sink_.finish(); }

  static void append_field_to(std::string& out, std::string_view s) {
    const bool needs_quotes = s.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!needs_quotes) {
      out.append(s);
      return;
    }
    out.push_back('"');
    for (char c : s) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  static void append_number_to(std::string& out, double v) {
    // fmt's "{}" is the shortest round-trip form, so a value reads back bit-identical
    // and the same double always prints the same way. NaN/inf have no tidy meaning.
    if (std::isfinite(v)) fmt::format_to(std::back_inserter(out), "{}", v);
  }

 private:
  void separate() {
    if (!first_) sink_.text().push_back(',');
    first_ = false;
  }
  void append_field(std::string_view s) { append_field_to(sink_.text(), s); }
  void append_number(double v) { append_number_to(sink_.text(), v); }

  std::int64_t start_unix_s_;
  ChunkedText sink_;
  bool first_ = true;
};

// Depth of every site below the top tier; std::nullopt when the parent chain is broken
// (unknown parent or a cycle), which a validated scenario never has, but the table must
// not loop or lie if it does.
std::unordered_map<std::string, std::optional<int>> site_tiers(const std::vector<SiteResult>& sites) {
  std::unordered_map<std::string, const SiteResult*> by_code;
  for (const SiteResult& s : sites) by_code.emplace(s.code, &s);
  std::unordered_map<std::string, std::optional<int>> tiers;
  for (const SiteResult& s : sites) {
    std::optional<int> tier;
    const SiteResult* at = &s;
    for (int depth = 0; depth <= static_cast<int>(sites.size()); ++depth) {
      if (at->parent.empty()) {
        tier = depth;
        break;
      }
      const auto parent = by_code.find(at->parent);
      if (parent == by_code.end()) break;
      at = parent->second;
    }
    tiers.emplace(s.code, tier);
  }
  return tiers;
}

void site_columns(CsvBuilder& csv, const Results& r, const SiteResult& s, const std::optional<int>& tier) {
  csv.text(r.scenario).unsigned_integer(r.seed).text(s.code).text(s.type).text(s.parent);
  if (tier) {
    csv.integer(*tier);
  } else {
    csv.empty();
  }
  csv.text(s.initial_version).text(s.final_version);
}

// Per update, its site records by site code: a hierarchy of thousands of sites would make
// a linear search per (site, update) cell quadratic.
using UpdateSiteIndex = std::unordered_map<std::string_view, const UpdateSiteResult*>;

std::vector<UpdateSiteIndex> index_update_sites(const std::vector<UpdateResult>& updates) {
  std::vector<UpdateSiteIndex> index(updates.size());
  for (std::size_t i = 0; i < updates.size(); ++i) {
    for (const UpdateSiteResult& us : updates[i].sites) index[i].emplace(us.site, &us);
  }
  return index;
}

const UpdateSiteResult* find_update_site(const UpdateSiteIndex& index, const std::string& code) {
  const auto it = index.find(code);
  return it == index.end() ? nullptr : it->second;
}

}  // namespace

std::string csv_field(std::string_view text) {
  std::string out;
  CsvBuilder::append_field_to(out, text);
  return out;
}

std::string csv_number(double value) {
  std::string out;
  CsvBuilder::append_number_to(out, value);
  return out;
}

void write_sites_csv(const Results& r, std::int64_t start_unix_s, const TextDrain& drain) {
  CsvBuilder csv(start_unix_s, drain);
  csv.header({"scenario", "seed", "site", "site_type", "parent", "tier", "initial_version", "final_version",
              "update_version", "content_replicated_t_s", "content_replicated_utc", "prereq_done_t_s",
              "prereq_done_utc", "install_started_t_s", "install_started_utc", "installed_t_s", "installed_utc",
              "state"});
  const auto tiers = site_tiers(r.sites);
  const auto update_sites = index_update_sites(r.updates);
  constexpr int kUpdateColumns = 10;
  for (const SiteResult& s : r.sites) {
    const std::optional<int>& tier = tiers.at(s.code);
    if (r.updates.empty()) {
      site_columns(csv, r, s, tier);
      for (int i = 0; i < kUpdateColumns; ++i) csv.empty();
      csv.end_row();
      continue;
    }
    for (std::size_t i = 0; i < r.updates.size(); ++i) {
      site_columns(csv, r, s, tier);
      csv.text(r.updates[i].version);
      if (const UpdateSiteResult* us = find_update_site(update_sites[i], s.code)) {
        csv.time(us->content_replicated_t_s)
            .time(us->prereq_done_t_s)
            .time(us->install_started_t_s)
            .time(us->installed_t_s)
            .text(to_string(us->state));
      } else {
        for (int i = 1; i < kUpdateColumns; ++i) csv.empty();
      }
      csv.end_row();
    }
  }
  csv.finish();
}

void write_transfers_csv(const Results& r, std::int64_t start_unix_s, const TextDrain& drain) {
  CsvBuilder csv(start_unix_s, drain);
  csv.header({"scenario", "seed", "what", "from", "to", "link", "bytes", "start_t_s", "start_utc", "end_t_s", "end_utc",
              "duration_s", "attempts", "outcome", "reason"});
  for (const TransferRecord& t : r.transfers) {
    csv.text(r.scenario).unsigned_integer(r.seed).text(t.what).text(t.from).text(t.to).text(t.link);
    csv.unsigned_integer(t.bytes).time(t.start_t_s).time(t.end_t_s).number(t.end_t_s - t.start_t_s);
    csv.integer(t.attempts).text(to_string(t.outcome)).text(t.reason);
    csv.end_row();
  }
  csv.finish();
}

void write_update_states_csv(const Results& r, std::int64_t start_unix_s, const TextDrain& drain) {
  CsvBuilder csv(start_unix_s, drain);
  csv.header({"scenario", "seed", "update_version", "site", "t_s", "t_utc", "state"});
  const auto rows = [&](const UpdateResult& u, const std::string& site, const StateTimeline& states) {
    for (const StateChange& c : states) {
      csv.text(r.scenario).unsigned_integer(r.seed).text(u.version).text(site).time(c.t_s).text(to_string(c.state));
      csv.end_row();
    }
  };
  for (const UpdateResult& u : r.updates) {
    rows(u, "", u.states);
    for (const UpdateSiteResult& s : u.sites) rows(u, s.site, s.states);
  }
  csv.finish();
}

// docs/modelling.md §5.3: one row per route and bin with traffic or a fault.
void write_links_csv(const Results& r, std::int64_t start_unix_s, const TextDrain& drain, const LinkUsage* given) {
  CsvBuilder csv(start_unix_s, drain);
  csv.header({"scenario", "seed", "link", "bin_start_t_s", "bin_start_utc", "bin_s", "bytes", "utilization", "state",
              "background_bytes"});
  std::optional<LinkUsage> own;
  const LinkUsage& usage = given ? *given : own.emplace(link_usage(r));
  for (const LinkUsageRow& l : usage.links)
    for (const LinkBin& b : l.bins) {
      csv.text(r.scenario).unsigned_integer(r.seed).text(l.link).time(static_cast<double>(b.bin) * usage.bin_s);
      csv.number(usage.bin_s).number(b.bytes);
      if (l.capacity_Bps && *l.capacity_Bps > 0)
        csv.number((b.bytes + b.background_bytes) / (*l.capacity_Bps * usage.bin_s));
      else
        csv.empty();
      csv.text(to_string(b.state)).number(b.background_bytes);
      csv.end_row();
    }
  csv.finish();
}

void write_servicing_status_csv(const Results& r, std::int64_t start_unix_s, const TextDrain& drain) {
  CsvBuilder csv(start_unix_s, drain);
  csv.header({"scenario", "seed", "update_version", "site", "phase", "step", "start_t_s", "start_utc", "end_t_s",
              "end_utc", "status"});
  const auto rows = [&](const UpdateResult& u, const std::string& site, const PhaseRecord& p) {
    csv.text(r.scenario).unsigned_integer(r.seed).text(u.version).text(site).text(to_string(p.phase)).empty();
    csv.time(p.start_t_s).time(p.end_t_s).text(to_string(p.status));
    csv.end_row();
    for (const ServicingStep& step : p.steps) {
      csv.text(r.scenario).unsigned_integer(r.seed).text(u.version).text(site).text(to_string(p.phase));
      csv.text(step.name).time(step.start_t_s).time(step.end_t_s).text(to_string(step.status));
      csv.end_row();
    }
  };
  for (const UpdateResult& u : r.updates) {
    if (u.download) rows(u, u.downloaded_at, *u.download);
    for (const UpdateSiteResult& s : u.sites)
      for (const PhaseRecord& p : s.phases) rows(u, s.site, p);
  }
  csv.finish();
}

void write_status_messages_csv(const Results& r, std::int64_t start_unix_s, const TextDrain& drain) {
  CsvBuilder csv(start_unix_s, drain);
  csv.header({"scenario", "seed", "t_s", "t_utc", "site", "component", "message_id", "severity", "text"});
  for_each_status_message(r, [&](const StatusMessage& m) {
    csv.text(r.scenario).unsigned_integer(r.seed).time(m.t_s).text(m.site).text(m.component);
    csv.integer(m.message_id).text(to_string(m.severity)).text(m.text);
    csv.end_row();
  });
  csv.finish();
}

}  // namespace cmsim::reports

namespace cmsim::reports {
namespace {

template <class Write>
std::string collected(const Results& r, std::int64_t start_unix_s, Write write) {
  std::string out;
  write(r, start_unix_s, [&out](std::string_view chunk) { out += chunk; });
  return out;
}

}  // namespace

std::string sites_csv(const Results& r, std::int64_t start_unix_s) {
  return collected(r, start_unix_s, write_sites_csv);
}
std::string transfers_csv(const Results& r, std::int64_t start_unix_s) {
  return collected(r, start_unix_s, write_transfers_csv);
}
std::string update_states_csv(const Results& r, std::int64_t start_unix_s) {
  return collected(r, start_unix_s, write_update_states_csv);
}
std::string servicing_status_csv(const Results& r, std::int64_t start_unix_s) {
  return collected(r, start_unix_s, write_servicing_status_csv);
}
std::string status_messages_csv(const Results& r, std::int64_t start_unix_s) {
  return collected(r, start_unix_s, write_status_messages_csv);
}

}  // namespace cmsim::reports
