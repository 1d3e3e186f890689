#include "reports/sweep_html.hpp"

#include "reports/cdf_svg.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "reports/ecdf_panel.hpp"
#include "reports/sweep_metrics.hpp"

namespace cmsim::reports {
namespace {

using sweep::Plan;
using sweep::RunRecord;

// Small multiples and tables are capped so a per-site sweep of thousands of sites stays a
// page a browser opens; the rest is in summary.json and runs.csv. Both assumed.
constexpr std::size_t kMaxPanelsPerGroup = 60;
constexpr std::size_t kMaxTableRowsPerGroup = 400;

struct Column {
  std::string name;
  sweep::MetricInfo info;
  std::vector<std::vector<std::optional<double>>> by_point;  // the runs' values, per grid point
  std::vector<sweep::MetricStatistics> stats;                // per grid point
};

// One table and one set of panels: the metrics of a family that share a unit (and so an axis).
struct Group {
  std::string title;
  sweep::MetricUnit unit = sweep::MetricUnit::number;
  std::vector<std::size_t> columns;
};

std::vector<Column> columns_of(const Plan& plan, const std::vector<RunRecord>& records) {
  std::vector<Column> columns;
  for (const std::string& name : sweep::metric_columns(records))
    columns.push_back(Column{name,
                             sweep::describe_metric(name, plan.metrics),
                             std::vector<std::vector<std::optional<double>>>(plan.point_count()),
                             {}});
  for (const RunRecord& r : records)
    for (Column& c : columns) {
      std::optional<double> v;
      for (const sweep::SweepValue& m : r.metrics)
        if (m.name == c.name) v = m.value;
      c.by_point.at(r.point).push_back(v);
    }
  for (Column& c : columns)
    for (const auto& values : c.by_point) c.stats.push_back(sweep::statistics(values));
  return columns;
}

std::vector<Group> groups_of(const std::vector<Column>& columns) {
  std::vector<Group> groups;
  std::map<std::string, std::set<sweep::MetricUnit>> units;  // family -> its units
  for (const Column& c : columns) units[c.info.family].insert(c.info.unit);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    std::string title = c.info.family;
    if (units[c.info.family].size() > 1) title += std::string(": ") + sweep::to_string(c.info.unit);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.title == title; });
    if (it == groups.end()) it = groups.insert(groups.end(), Group{title, c.info.unit, {}});
    it->columns.push_back(i);
  }
  return groups;
}

double group_max(const Group& g, const std::vector<Column>& columns) {
  double hi = 0;
  for (std::size_t i : g.columns)
    for (const auto& s : columns[i].stats)
      if (s.max) hi = std::max(hi, *s.max);
  return hi;
}

std::string cell(const std::optional<double>& v, const DisplayUnit& u) {
  return "<td>" + (v ? display_number(*v / u.divisor) : std::string("&ndash;")) + "</td>";
}

std::string interval_cell(const std::optional<sweep::Interval>& i, const DisplayUnit& u, bool show_coverage) {
  if (!i) return "<td>&ndash;</td>";
  std::string text = display_number(i->lo / u.divisor) + " &ndash; " + display_number(i->hi / u.divisor);
  if (show_coverage) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, " (%.1f %%)", i->coverage * 100);
    text += buffer;
  }
  return "<td>" + text + "</td>";
}

std::string percentile_table(const Plan& plan, const Group& g, const std::vector<Column>& columns,
                             const DisplayUnit& u) {
  const std::string unit = u.label.empty() ? "" : " (" + sweep_escape(u.label) + ")";
  std::string s = "<table class=\"stats\"><tr><th>metric" + unit +
                  "</th><th>point</th><th>runs</th><th>n</th><th>missing</th><th>mean</th><th>sd</th><th>min</th>"
                  "<th>p5</th><th>p25</th><th>p50</th><th>p75</th><th>p95</th><th>max</th><th>mean 95 % CI</th>"
                  "<th>median 95 % CI (coverage)</th></tr>\n";
  std::size_t rows = 0, hidden = 0;
  for (std::size_t i : g.columns)
    for (std::size_t p = 0; p < plan.point_count(); ++p) {
      if (rows++ >= kMaxTableRowsPerGroup) {
        ++hidden;
        continue;
      }
      const sweep::MetricStatistics& st = columns[i].stats[p];
      s += "<tr><td>" + sweep_escape(columns[i].name) + "</td><td>" + std::to_string(p) + "</td><td>" +
           std::to_string(st.runs) + "</td><td>" + std::to_string(st.n) + "</td><td" +
           (st.missing > 0 ? " class=\"missing\"" : "") + ">" + std::to_string(st.missing) + "</td>";
      s += cell(st.mean, u) + cell(st.sd, u) + cell(st.min, u) + cell(st.p5, u) + cell(st.p25, u) + cell(st.p50, u) +
           cell(st.p75, u) + cell(st.p95, u) + cell(st.max, u);
      s += interval_cell(st.mean_ci95, u, false) + interval_cell(st.median_ci95, u, true) + "</tr>\n";
    }
  s += "</table>\n";
  if (hidden > 0) s += "<p class=\"note\">" + std::to_string(hidden) + " more rows in summary.json.</p>\n";
  return s;
}

std::optional<double> scaled_opt(const std::optional<double>& v, const DisplayUnit& u) {
  return v ? std::optional<double>(*v / u.divisor) : std::nullopt;
}

std::string panels(const Plan& plan, const Group& g, const std::vector<Column>& columns, const DisplayUnit& u,
                   const std::vector<double>& ticks) {
  // One row per metric, one column per grid point (at most four: wider grids wrap); with a
  // single point the metrics themselves fill rows of four.
  const std::size_t across = plan.point_count() == 1 ? 4 : std::min<std::size_t>(plan.point_count(), 4);
  std::string s =
      "<div class=\"multiples\" style=\"grid-template-columns:repeat(" + std::to_string(across) + ",max-content)\">";
  std::size_t shown = 0, hidden = 0;
  for (std::size_t i : g.columns)
    for (std::size_t p = 0; p < plan.point_count(); ++p) {
      if (shown >= kMaxPanelsPerGroup) {
        ++hidden;
        continue;
      }
      ++shown;
      const Column& c = columns[i];
      EcdfPanel panel;
      panel.title = c.name;
      panel.subtitle = plan.axes.empty() ? std::string("all runs")
                                         : "point " + std::to_string(p) + ": " + sweep::point_label(plan, p);
      for (const auto& v : c.by_point[p])
        if (v) panel.sorted.push_back(*v / u.divisor);
      std::sort(panel.sorted.begin(), panel.sorted.end());
      panel.runs = c.by_point[p].size();
      panel.median = scaled_opt(c.stats[p].p50, u);
      if (c.stats[p].median_ci95)
        panel.median_ci = sweep::Interval{c.stats[p].median_ci95->lo / u.divisor,
                                          c.stats[p].median_ci95->hi / u.divisor, c.stats[p].median_ci95->coverage};
      s += ecdf_panel_svg(panel, ticks, u);
    }
  s += "</div>\n";
  if (hidden > 0)
    s += "<p class=\"note\">" + std::to_string(hidden) +
         " more panels not drawn; their statistics are in the table "
         "and summary.json.</p>\n";
  return s;
}

std::string missing_note(const Plan& plan, const Group& g, const std::vector<Column>& columns) {
  std::string note;
  std::size_t listed = 0;
  for (std::size_t i : g.columns)
    for (std::size_t p = 0; p < plan.point_count(); ++p) {
      const auto& st = columns[i].stats[p];
      if (st.missing == 0 || listed++ >= 20) continue;
      note += "<li>" + sweep_escape(columns[i].name) + ", point " + std::to_string(p) + " (" +
              sweep_escape(sweep::point_label(plan, p)) + "): " + std::to_string(st.missing) + " of " +
              std::to_string(st.runs) + " runs never reached it</li>";
    }
  return note.empty() ? "" : "<ul class=\"missing\">" + note + "</ul>";
}

std::string group_section(const Plan& plan, const Group& g, const std::vector<Column>& columns) {
  const DisplayUnit u = display_unit(g.unit, group_max(g, columns));
  const double hi = group_max(g, columns) / u.divisor;
  const std::vector<double> ticks = round_ticks(hi > 0 ? hi * 1.02 : 1, 4);
  std::string s = "<section><h2>" + sweep_escape(g.title) + "</h2>\n";
  s += percentile_table(plan, g, columns, u);
  s += panels(plan, g, columns, u, ticks);
  s += missing_note(plan, g, columns) + "</section>\n";
  return s;
}

std::string grid_table(const Plan& plan, const std::vector<RunRecord>& records) {
  std::string s = "<table><tr><th>point</th>";
  for (const sweep::Axis& a : plan.axes) s += "<th>" + sweep_escape(a.key) + "</th>";
  s += "<th>runs</th></tr>\n";
  for (std::size_t p = 0; p < plan.point_count(); ++p) {
    const auto runs = std::count_if(records.begin(), records.end(), [p](const RunRecord& r) { return r.point == p; });
    s += "<tr><td>" + std::to_string(p) + "</td>";
    for (const std::string& v : sweep::point_values(plan, p)) s += "<td>" + sweep_escape(v) + "</td>";
    s += "<td>" + std::to_string(runs) + "</td></tr>\n";
  }
  return s + "</table>\n";
}

const char* const kStyle =
    "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
    ".axes line{stroke:#444}.axes line.grid{stroke:#e4e4e4}.axes text{font-size:11px;fill:#444}"
    ".missing{color:#a33}code{background:#f4f4f4}.note{color:#555}"
    "table.stats td{text-align:right;font-variant-numeric:tabular-nums}table.stats td:first-child{text-align:left}"
    ".multiples{display:grid;gap:6px;margin:8px 0}table.stats{font-size:13px}table.stats "
    "td{white-space:nowrap;padding:1px 5px}.panel{border:1px solid #eee}"
    ".panel .title{font-size:12px;font-weight:bold;fill:#222}.panel .sub{font-size:11px;fill:#666}"
    ".panel .ci{fill:#1f77b4;opacity:.15}.panel .median{stroke:#d62728;stroke-dasharray:3 2}"
    ".panel .none{font-size:11px;fill:#a33}";

}  // namespace

std::string sweep_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string sweep_html(const Plan& plan, const std::vector<RunRecord>& records) {
  const std::string name = sweep_escape(plan.scenario);
  const auto sorted = sweep::sorted_records(records);
  const auto columns = columns_of(plan, sorted);
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cmsim sweep: " + name +
                  "</title>\n<style>" + kStyle + "</style></head><body>\n";
  s += "<h1>Sweep of " + name + "</h1>\n<p>sweep id <code>" + sweep_escape(plan.sweep_id) + "</code>; " +
       std::to_string(plan.replicas) + " replicas per grid point (seeds " + std::to_string(plan.base_seed) + " to " +
       std::to_string(plan.base_seed + plan.replicas - 1) + "); " + std::to_string(plan.point_count()) +
       (plan.point_count() == 1 ? " grid point; " : " grid points; ") + std::to_string(records.size()) +
       " runs; times are of " +
       (plan.metrics.update.empty()    ? std::string("the first update that reached Ready to install")
        : plan.metrics.update == "all" ? std::string("each update, named in brackets")
                                       : "update " + sweep_escape(plan.metrics.update)) +
       ".</p>\n<p class=\"note\">Each table gives a metric's statistics per grid point over the runs that reached "
       "it (n; missing counts those that did not): percentiles by nearest rank (always an observed value), the "
       "mean's 95 % interval by Student t, the median's by order statistics (distribution-free, its exact coverage "
       "in brackets). Each panel is one metric's empirical CDF at one grid point, over all its runs (a curve below "
       "1 at the right edge: some runs never reached it); the dashed line is the median, the band its 95 % "
       "interval; panels of one section share their x axis.</p>\n";
  s += grid_table(plan, sorted);
  for (const Group& g : groups_of(columns)) s += group_section(plan, g, columns);
  return s + "</body></html>\n";
}

}  // namespace cmsim::reports
