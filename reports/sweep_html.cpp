#include "reports/sweep_html.hpp"

#include "reports/cdf_svg.hpp"

#include <algorithm>
#include <cstdio>

namespace cmsim::reports {
namespace {

using sweep::MetricDef;
using sweep::Plan;
using sweep::RunRecord;

std::string stroke(std::size_t point) { return series_stroke(point); }

// Times are plotted in days: a sweep over months reads better than in millions of seconds.
double scaled(double value, const MetricDef& def) { return def.is_time ? value / 86400.0 : value; }

struct PointColumn {
  std::vector<double> sorted;  // present values, scaled
  std::size_t runs = 0;
  std::size_t missing = 0;
};

std::vector<PointColumn> columns_for(const Plan& plan, const std::vector<RunRecord>& records, std::size_t metric) {
  std::vector<PointColumn> columns(plan.point_count());
  const MetricDef& def = sweep::metric_defs()[metric];
  for (const RunRecord& rec : records) {
    PointColumn& c = columns.at(rec.point);
    ++c.runs;
    const auto& v = rec.metrics.values[metric];
    if (v)
      c.sorted.push_back(scaled(*v, def));
    else
      ++c.missing;
  }
  for (PointColumn& c : columns) std::sort(c.sorted.begin(), c.sorted.end());
  return columns;
}

std::string missing_note(const Plan& plan, const std::vector<PointColumn>& columns) {
  std::string note;
  for (std::size_t p = 0; p < columns.size(); ++p)
    if (columns[p].missing > 0)
      note += "<li>point " + std::to_string(p) + " (" + sweep_escape(sweep::point_label(plan, p)) +
              "): " + std::to_string(columns[p].missing) + " of " + std::to_string(columns[p].runs) +
              " runs never reached it</li>";
  return note.empty() ? "" : "<ul class=\"missing\">" + note + "</ul>";
}

std::string metric_section(const Plan& plan, const std::vector<RunRecord>& records, std::size_t metric) {
  const MetricDef& def = sweep::metric_defs()[metric];
  const auto columns = columns_for(plan, records, metric);
  std::vector<CdfSeries> series;
  for (const PointColumn& c : columns) series.push_back(CdfSeries{c.sorted, c.runs});
  std::string s = "<section><h2>" + std::string(def.name) + "</h2>\n";
  s += cdf_svg(series, def.is_time ? "days since start" : "count", std::string("CDF of ") + def.name);
  s += missing_note(plan, columns) + "</section>\n";
  return s;
}

std::string grid_table(const Plan& plan, const std::vector<RunRecord>& records) {
  std::string s = "<table><tr><th></th><th>point</th>";
  for (const sweep::Axis& a : plan.axes) s += "<th>" + sweep_escape(a.key) + "</th>";
  s += "<th>runs</th></tr>\n";
  for (std::size_t p = 0; p < plan.point_count(); ++p) {
    const auto runs = std::count_if(records.begin(), records.end(), [p](const RunRecord& r) { return r.point == p; });
    s += "<tr><td><svg width=\"28\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\" stroke-width=\"3\" " +
         stroke(p) + "/></svg></td><td>" + std::to_string(p) + "</td>";
    for (const std::string& v : sweep::point_values(plan, p)) s += "<td>" + sweep_escape(v) + "</td>";
    s += "<td>" + std::to_string(runs) + "</td></tr>\n";
  }
  return s + "</table>\n";
}

const char* const kStyle =
    "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
    ".axes line{stroke:#444}.axes line.grid{stroke:#e4e4e4}.axes text{font-size:11px;fill:#444}"
    ".missing{color:#a33}code{background:#f4f4f4}";

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
  std::string s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cmsim sweep: " + name +
                  "</title>\n<style>" + kStyle + "</style></head><body>\n";
  s += "<h1>Sweep of " + name + "</h1>\n<p>sweep id <code>" + sweep_escape(plan.sweep_id) + "</code>; " +
       std::to_string(plan.replicas) + " replicas per grid point (seeds " + std::to_string(plan.base_seed) + " to " +
       std::to_string(plan.base_seed + plan.replicas - 1) + "); " + std::to_string(plan.point_count()) +
       " grid points; " + std::to_string(records.size()) + " runs. Each chart is the empirical CDF of one metric, " +
       "one line per grid point; times are of the first update that reached Ready to install.</p>\n";
  s += grid_table(plan, records);
  for (std::size_t m = 0; m < sweep::metric_defs().size(); ++m) s += metric_section(plan, records, m);
  return s + "</body></html>\n";
}

}  // namespace cmsim::reports
