#include "reports/cdf_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cmsim::reports {
namespace {

// Plot geometry, in SVG user units.
constexpr double kWidth = 720, kHeight = 260;
constexpr double kLeft = 64, kRight = 20, kTop = 14, kBottom = 42;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;

const char* const kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr std::size_t kColourCount = sizeof kColours / sizeof kColours[0];

std::string num(double v, const char* format = "%.2f") {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, v);
  return buffer;
}

struct Range {
  double hi = 1;
  double x(double v) const { return kLeft + v / hi * kPlotW; }
  static double y(double fraction) { return kTop + (1.0 - fraction) * kPlotH; }
};

std::string axes_svg(const Range& r, const std::vector<double>& ticks, const std::string& x_label) {
  std::string s = "<g class=\"axes\">";
  s += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(Range::y(0)) + "\" x2=\"" + num(kLeft + kPlotW) + "\" y2=\"" +
       num(Range::y(0)) + "\"/>";
  s += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(Range::y(0)) + "\" x2=\"" + num(kLeft) + "\" y2=\"" +
       num(Range::y(1)) + "\"/>";
  for (double t : ticks)
    s += "<text x=\"" + num(r.x(t)) + "\" y=\"" + num(Range::y(0) + 16) + "\" text-anchor=\"middle\">" + num(t, "%g") +
         "</text>";
  for (int i = 0; i <= 4; ++i) {
    const double f = i / 4.0;
    s += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(Range::y(f) + 4) + "\" text-anchor=\"end\">" + num(f, "%.2f") +
         "</text>";
    s += "<line class=\"grid\" x1=\"" + num(kLeft) + "\" y1=\"" + num(Range::y(f)) + "\" x2=\"" + num(kLeft + kPlotW) +
         "\" y2=\"" + num(Range::y(f)) + "\"/>";
  }
  s += "<text x=\"" + num(kLeft + kPlotW / 2) + "\" y=\"" + num(kHeight - 6) + "\" text-anchor=\"middle\">" + x_label +
       "</text>";
  return s + "</g>";
}

// Up at each value, flat in between, out to the right edge.
std::string cdf_path(const CdfSeries& c, const Range& r, std::size_t i) {
  if (c.sorted.empty() || c.total == 0) return "";
  std::string d = "M" + num(r.x(c.sorted[0])) + " " + num(Range::y(0));
  for (std::size_t k = 0; k < c.sorted.size(); ++k) {
    if (k > 0) d += " H" + num(r.x(c.sorted[k]));
    d += " V" + num(Range::y(static_cast<double>(k + 1) / static_cast<double>(c.total)));
  }
  d += " H" + num(r.x(r.hi));
  return "<path d=\"" + d + "\" fill=\"none\" stroke-width=\"2\" " + series_stroke(i) + "/>";
}

}  // namespace

std::string series_stroke(std::size_t i) {
  std::string s = std::string("stroke=\"") + kColours[i % kColourCount] + "\"";
  if (i >= kColourCount) s += " stroke-dasharray=\"6 3\"";
  return s;
}

std::vector<double> round_ticks(double hi, int max_ticks) {
  if (!(hi > 0)) return {0};
  const double raw = hi / max_ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double multiple = 10;
  for (double m : {1.0, 2.0, 5.0})
    if (m * power >= raw) {
      multiple = m;
      break;
    }
  // k * multiple is a whole number; dividing by a whole 1/power keeps 0.6 from being 0.6000000000000001.
  const double inverse = power < 1 ? std::round(1 / power) : 0;
  auto tick = [&](int k) { return inverse > 0 ? k * multiple / inverse : k * multiple * power; };
  std::vector<double> ticks;
  int k = 0;
  for (; tick(k) < hi; ++k) ticks.push_back(tick(k));
  ticks.push_back(tick(k));  // the first at or past hi closes the axis
  return ticks;
}

std::string cdf_svg(const std::vector<CdfSeries>& series, const std::string& x_label, const std::string& aria_label) {
  double hi = 0;
  for (const CdfSeries& c : series)
    if (!c.sorted.empty()) hi = std::max(hi, c.sorted.back());
  const std::vector<double> ticks = round_ticks(hi > 0 ? hi * 1.05 : 1);  // the last step stays off the frame
  const Range r{ticks.back()};
  std::string s = "<svg width=\"" + num(kWidth, "%.0f") + "\" height=\"" + num(kHeight, "%.0f") + "\" viewBox=\"0 0 " +
                  num(kWidth, "%.0f") + " " + num(kHeight, "%.0f") + "\" role=\"img\" aria-label=\"" + aria_label +
                  "\">";
  s += axes_svg(r, ticks, x_label);
  for (std::size_t i = 0; i < series.size(); ++i) s += cdf_path(series[i], r, i);
  return s + "</svg>\n";
}

}  // namespace cmsim::reports
