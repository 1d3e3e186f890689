#include "reports/compare_html.hpp"

#include <cmath>
#include <cstdio>
#include <set>

#include "models/sweep_plan.hpp"
#include "reports/sweep_statistics.hpp"
#include "reports/sweep_tables.hpp"
#include "models/units.hpp"
#include "reports/cdf_svg.hpp"
#include "reports/sweep_html.hpp"

namespace cmsim::reports {
namespace {

using OJson = nlohmann::ordered_json;

std::string esc(const std::string& text) { return sweep_escape(text); }

std::string text_of(const OJson& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string time_cell(const OJson& v) {
  if (v.is_null()) return "never";
  return units::format_duration(v.get<double>()) + " <small>(" + v.dump() + " s)</small>";
}

std::string delta_cell(const OJson& v, bool is_time) {
  if (v.is_null()) return "&ndash;";
  if (!is_time) return (v.get<std::int64_t>() > 0 ? "+" : "") + v.dump();
  const double d = v.get<double>();
  return std::string(d < 0 ? "&minus;" : "+") + units::format_duration(std::fabs(d));
}

std::string mbps(const OJson& bytes_per_s) {
  if (bytes_per_s.is_null()) return "&ndash;";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.3f Mbps", bytes_per_s.get<double>() * 8 / 1e6);
  return buffer;
}

std::string row(const std::vector<std::string>& cells, const char* tag = "td") {
  std::string s = "<tr>";
  for (const std::string& c : cells) s += std::string("<") + tag + ">" + c + "</" + tag + ">";
  return s + "</tr>\n";
}

std::string side_label(const OJson& side) { return esc(side["scenario"].get<std::string>()); }

std::string overview(const OJson& a, const OJson& b) {
  std::string s = "<h2>Scenarios</h2><table>\n" + row({"", "A", "B"}, "th");
  s += row({"name", side_label(a), side_label(b)});
  s += row({"file", esc(a["file"].get<std::string>()), esc(b["file"].get<std::string>())});
  s += row({"seed", a["seed"].dump(), b["seed"].dump()});
  for (const char* tier : {"cas", "primaries", "secondaries"})
    s += row({tier, a["sites"][tier].dump(), b["sites"][tier].dump()});
  s += row({"headline update", esc(text_of(a["update"])), esc(text_of(b["update"]))});
  return s + "</table>\n";
}

std::string metrics_table(const OJson& doc) {
  std::string s = "<h2>Times and counts</h2><table>\n" + row({"metric", "A", "B", "B &minus; A"}, "th");
  for (const auto& def : sweep::metric_defs()) {
    const OJson &va = doc["a"]["metrics"][def.name], &vb = doc["b"]["metrics"][def.name];
    s += row({def.name, def.is_time ? time_cell(va) : text_of(va), def.is_time ? time_cell(vb) : text_of(vb),
              delta_cell(doc["delta"][def.name], def.is_time)});
  }
  return s + "</table>\n";
}

std::string tiers_table(const OJson& a, const OJson& b) {
  std::string s = "<h2>Install time per tier</h2><table>\n" + row({"tier", "", "A", "B"}, "th");
  static const OJson kNever;  // the side never saw the headline update
  auto stat_of = [](const OJson& side, const char* tier, const char* stat) -> const OJson& {
    return side["tiers"].is_null() ? kNever : side["tiers"][tier][stat];
  };
  for (const char* tier : {"cas", "primaries", "secondaries"})
    for (const char* stat : {"n", "missing", "p50", "p90", "p95", "p99", "max"}) {
      const OJson &va = stat_of(a, tier, stat), &vb = stat_of(b, tier, stat);
      const bool count = std::string(stat) == "n" || std::string(stat) == "missing";
      s += row({tier, stat, count ? va.dump() : time_cell(va), count ? vb.dump() : time_cell(vb)});
    }
  return s + "</table>\n";
}

std::string brief_cell(const OJson& side, const char* key) {
  if (side.is_null()) return "not seen";
  return time_cell(side[key]);
}

std::string updates_table(const OJson& doc) {
  std::string s = "<h2>Every update</h2><table>\n" + row({"update", "", "A", "B", "B &minus; A"}, "th");
  for (const OJson& u : doc["updates"]) {
    const std::string name =
        esc(u["update"].get<std::string>()) + (u["update"] == doc["headline"]["update"] ? " <b>headline</b>" : "");
    for (const char* key : {"ready_to_install_t_s", "all_primaries_t_s", "all_sites_t_s"})
      s += row({name, key, brief_cell(u["a"], key), brief_cell(u["b"], key), delta_cell(u["delta"][key], true)});
  }
  return s + "</table>\n";
}

const OJson* headline_of(const OJson& side, const OJson& headline) {
  for (const OJson& u : side["updates"])
    if (u["update"] == headline["update"]) return &u;
  return nullptr;
}

// How fast each run brought its sites onto the headline update: the share of the sites in
// that run's rollout on it, over time.
std::string completion_chart(const OJson& doc) {
  std::vector<CdfSeries> series;
  std::string legend;
  std::size_t i = 0;
  for (const char* key : {"a", "b"}) {
    const OJson* u = headline_of(doc[key], doc["headline"]);
    CdfSeries c;
    if (u) {
      for (const OJson& t : (*u)["installed_t_s"]) c.sorted.push_back(t.get<double>() / 86400.0);
      c.total = (*u)["sites_in_rollout"].get<std::size_t>();
    }
    legend += "<span><svg width=\"28\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\" stroke-width=\"3\" " +
              series_stroke(i++) + "/></svg> " + (key[0] == 'a' ? "A " : "B ") + side_label(doc[key]) + ": " +
              (u ? std::to_string(c.sorted.size()) + " of " + std::to_string(c.total) + " sites" : "never saw it") +
              "</span> ";
    series.push_back(std::move(c));
  }
  return "<h2>Site completion</h2><p>Share of the sites in each run's rollout of the headline update that run it, "
         "over time.</p>\n" +
         cdf_svg(series, "days since start", "sites on the headline update over time") + "<p>" + legend + "</p>\n";
}

const OJson* find_link(const OJson& side, const std::string& name) {
  for (const OJson& l : side["links"])
    if (l["link"] == name) return &l;
  return nullptr;
}

std::vector<std::string> link_cells(const OJson& side, const std::string& name) {
  const OJson* l = find_link(side, name);
  if (!l) return {"&ndash;", "&ndash;", "&ndash;"};
  const bool bottleneck = !side["bottleneck"].is_null() && side["bottleneck"]["link"] == name;
  return {(*l)["bytes"].dump(), units::format_duration((*l)["busy_s"].get<double>()),
          mbps((*l)["throughput_Bps"]) + (bottleneck ? " <b>bottleneck</b>" : "")};
}

std::string links_table(const OJson& a, const OJson& b) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const OJson* side : {&a, &b})
    for (const OJson& l : (*side)["links"])
      if (seen.insert(l["link"].get<std::string>()).second) names.push_back(l["link"].get<std::string>());
  std::string s =
      "<h2>Links</h2><p>Bytes of completed transfers; busy = time any transfer was in flight; "
      "the bottleneck is the link busy longest (none when the busiest links tie).</p><table>\n" +
      row({"link", "A bytes", "A busy", "A throughput", "B bytes", "B busy", "B throughput"}, "th");
  for (const std::string& name : names) {
    std::vector<std::string> cells{esc(name)};
    for (const OJson* side : {&a, &b})
      for (std::string& c : link_cells(*side, name)) cells.push_back(std::move(c));
    s += row(cells);
  }
  return s + "</table>\n";
}

std::string limit_cell(const OJson& limit) {
  std::string s = limit["used"].dump() + " of " + limit["limit"].dump() + ", headroom " + limit["headroom"].dump();
  if (limit.contains("site") && limit["site"].is_string()) s += " (" + esc(limit["site"].get<std::string>()) + ")";
  return s;
}

std::string limits_table(const OJson& a, const OJson& b) {
  std::string s = "<h2>Limits headroom</h2><table>\n" + row({"limit", "A", "B"}, "th");
  s += row({"primaries under the CAS", limit_cell(a["limits"]["primaries_under_cas"]),
            limit_cell(b["limits"]["primaries_under_cas"])});
  s += row({"secondaries under one primary", limit_cell(a["limits"]["secondaries_under_primary"]),
            limit_cell(b["limits"]["secondaries_under_primary"])});
  return s + "</table>\n";
}

std::string warnings_list(const char* label, const OJson& side) {
  std::string s = std::string("<h3>") + label + ": " + side_label(side) + "</h3>";
  if (side["warnings"].empty()) return s + "<p>none</p>\n";
  s += "<ul>";
  for (const OJson& w : side["warnings"]) s += "<li>" + esc(w.get<std::string>()) + "</li>";
  return s + "</ul>\n";
}

const char* const kStyle =
    "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1em}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}small{color:#777}b{color:#a33}"
    ".axes line{stroke:#555}.axes .grid{stroke:#ddd}.axes text{font-size:11px;fill:#333}";

}  // namespace

std::string compare_html(const nlohmann::ordered_json& doc) {
  const OJson &a = doc["a"], &b = doc["b"];
  std::string s =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cmsim compare: " + side_label(a) +
      " vs " + side_label(b) + "</title>\n<style>" + kStyle + "</style></head><body>\n";
  s += "<h1>" + side_label(a) + " (A) vs " + side_label(b) + " (B)</h1>\n";
  const OJson& headline = doc["headline"];
  s += "<p>Times are simulated time since each scenario's start, for the headline update <b>" +
       esc(text_of(headline["update"])) + "</b>: " + esc(headline["why"].get<std::string>()) + ".</p>\n";
  s += overview(a, b) + metrics_table(doc) + completion_chart(doc) + tiers_table(a, b) + updates_table(doc) +
       links_table(a, b) + limits_table(a, b);
  s += "<h2>Validation warnings</h2>\n" + warnings_list("A", a) + warnings_list("B", b);
  return s + "</body></html>\n";
}

}  // namespace cmsim::reports
