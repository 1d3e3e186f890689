#include "reports/sweep_html.hpp"

#include <algorithm>
#include <cstdio>

namespace cmsim::reports {
namespace {

using sweep::MetricDef;
using sweep::Plan;
using sweep::RunRecord;

// Plot geometry, in SVG user units.
constexpr double kWidth = 720, kHeight = 260;
constexpr double kLeft = 64, kRight = 20, kTop = 14, kBottom = 42;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;

// Ten colours that stay apart on screen and in print; points beyond ten reuse them dashed.
const char* const kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr std::size_t kColourCount = sizeof kColours / sizeof kColours[0];

std::string num(double v, const char* format = "%.2f") {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

std::string stroke(std::size_t point) {
  std::string s = std::string("stroke=\"") + kColours[point % kColourCount] + "\"";
  if (point >= kColourCount) s += " stroke-dasharray=\"6 3\"";
  return s;
}

// Times are plotted in days: a sweep over months reads better than in millions of seconds.
double scaled(double value, const MetricDef& def) { return def.is_time ? value / 86400.0 : value; }

struct Range {
  double lo = 0, hi = 1;
  double x(double v) const { return kLeft + (v - lo) / (hi - lo) * kPlotW; }
  static double y(double fraction) { return kTop + (1.0 - fraction) * kPlotH; }
};

// Every metric is a time since start or a count, so the axis starts at 0: points read
// against the origin, and a single repeated value needs no special window.
Range range_of(const std::vector<std::vector<double>>& columns) {
  Range r{0, 0};
  for (const auto& c : columns)
    for (double v : c) r.hi = std::max(r.hi, v);
  r.hi = r.hi > 0 ? r.hi * 1.05 : 1;  // the last step stays off the frame
  return r;
}

std::string axes_svg(const Range& r, const MetricDef& def) {
  std::string s = "<g class=\"axes\">";
  s += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(Range::y(0)) + "\" x2=\"" + num(kLeft + kPlotW) + "\" y2=\"" +
       num(Range::y(0)) + "\"/>";
  s += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(Range::y(0)) + "\" x2=\"" + num(kLeft) + "\" y2=\"" +
       num(Range::y(1)) + "\"/>";
  for (int i = 0; i <= 4; ++i) {
    const double f = i / 4.0, xv = r.lo + f * (r.hi - r.lo);
    s += "<text x=\"" + num(r.x(xv)) + "\" y=\"" + num(Range::y(0) + 16) + "\" text-anchor=\"middle\">" +
         num(xv, "%.4g") + "</text>";
    s += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(Range::y(f) + 4) + "\" text-anchor=\"end\">" + num(f, "%.2f") +
         "</text>";
    s += "<line class=\"grid\" x1=\"" + num(kLeft) + "\" y1=\"" + num(Range::y(f)) + "\" x2=\"" + num(kLeft + kPlotW) +
         "\" y2=\"" + num(Range::y(f)) + "\"/>";
  }
  s += "<text x=\"" + num(kLeft + kPlotW / 2) + "\" y=\"" + num(kHeight - 6) + "\" text-anchor=\"middle\">" +
       (def.is_time ? "days since start" : "count") + "</text>";
  return s + "</g>";
}

// A step CDF: up at each value, flat in between, out to the right edge.
std::string cdf_path(const std::vector<double>& sorted, std::size_t runs, const Range& r, std::size_t point) {
  if (sorted.empty()) return "";
  std::string d = "M" + num(r.x(sorted[0])) + " " + num(Range::y(0));
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) d += " H" + num(r.x(sorted[i]));
    d += " V" + num(Range::y(static_cast<double>(i + 1) / static_cast<double>(runs)));
  }
  d += " H" + num(r.x(r.hi));
  return "<path d=\"" + d + "\" fill=\"none\" stroke-width=\"2\" " + stroke(point) + "/>";
}

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
  std::vector<std::vector<double>> values;
  for (const PointColumn& c : columns) values.push_back(c.sorted);
  const Range r = range_of(values);
  std::string s = "<section><h2>" + std::string(def.name) + "</h2>\n";
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth, "%.0f") + "\" height=\"" +
       num(kHeight, "%.0f") + "\" viewBox=\"0 0 " + num(kWidth, "%.0f") + " " + num(kHeight, "%.0f") +
       "\" role=\"img\" aria-label=\"CDF of " + def.name + "\">";
  s += axes_svg(r, def);
  for (std::size_t p = 0; p < columns.size(); ++p) s += cdf_path(columns[p].sorted, columns[p].runs, r, p);
  s += "</svg>\n" + missing_note(plan, columns) + "</section>\n";
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
