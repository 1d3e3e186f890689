#include "reports/ecdf_panel.hpp"

#include <cmath>
#include <cstdio>

#include "reports/sweep_html.hpp"

namespace cmsim::reports {
namespace {

constexpr double kLeft = 40, kRight = 12, kTop = 34, kBottom = 30;
constexpr double kPlotW = kPanelWidth - kLeft - kRight, kPlotH = kPanelHeight - kTop - kBottom;

std::string num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

// Tick labels of a 1-2-5 axis: as few decimals as the step needs, so 0.2 not 0.2000001.
std::string tick_label(double value, double step) {
  int decimals = 0;
  while (decimals < 6 &&
         std::fabs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-9)
    ++decimals;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace

DisplayUnit display_unit(sweep::MetricUnit unit, double max_value) {
  switch (unit) {
    case sweep::MetricUnit::seconds:
      return max_value <= kHoursUpTo_h * 3600 ? DisplayUnit{3600, "h"} : DisplayUnit{86400, "d"};
    case sweep::MetricUnit::bytes:
      if (max_value >= 1e9) return {1e9, "GB"};
      if (max_value >= 1e6) return {1e6, "MB"};
      if (max_value >= 1e3) return {1e3, "kB"};
      return {1, "bytes"};
    case sweep::MetricUnit::ratio:
      return {0.01, "%"};
    case sweep::MetricUnit::count:
    case sweep::MetricUnit::number:
      break;
  }
  return {1, ""};
}

std::string display_number(double value) {
  char buffer[48];
  if (value == std::round(value) || std::fabs(value) >= 100)
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  else
    std::snprintf(buffer, sizeof buffer, "%.3g", value);
  return buffer;
}

std::string ecdf_panel_svg(const EcdfPanel& panel, const std::vector<double>& ticks, const DisplayUnit& unit) {
  const double hi = ticks.empty() || !(ticks.back() > 0) ? 1 : ticks.back();
  const auto x = [hi](double v) { return kLeft + std::min(v, hi) / hi * kPlotW; };
  const auto y = [](double f) { return kTop + (1 - f) * kPlotH; };
  std::string s = "<svg class=\"panel\" width=\"" + num(kPanelWidth) + "\" height=\"" + num(kPanelHeight) +
                  "\" viewBox=\"0 0 " + num(kPanelWidth) + " " + num(kPanelHeight) +
                  "\" role=\"img\" aria-label=\"ECDF of " + sweep_escape(panel.title) + " at " +
                  sweep_escape(panel.subtitle) + "\">";
  s += "<text class=\"title\" x=\"" + num(kLeft) + "\" y=\"13\">" + sweep_escape(panel.title) + "</text>";
  s += "<text class=\"sub\" x=\"" + num(kLeft) + "\" y=\"27\">" + sweep_escape(panel.subtitle) + "</text>";
  // The median's interval as a band, the median as a line: what a reader compares across panels.
  if (panel.median_ci)
    s += "<rect class=\"ci\" x=\"" + num(x(panel.median_ci->lo)) + "\" y=\"" + num(y(1)) + "\" width=\"" +
         num(std::max(1.0, x(panel.median_ci->hi) - x(panel.median_ci->lo))) + "\" height=\"" + num(kPlotH) + "\"/>";
  s += "<g class=\"axes\">";
  for (const double f : {0.0, 0.5, 1.0}) {
    s += "<line class=\"grid\" x1=\"" + num(kLeft) + "\" y1=\"" + num(y(f)) + "\" x2=\"" + num(kLeft + kPlotW) +
         "\" y2=\"" + num(y(f)) + "\"/>";
    s += "<text x=\"" + num(kLeft - 4) + "\" y=\"" + num(y(f) + 4) + "\" text-anchor=\"end\">" +
         (f == 0.5 ? std::string("0.5")
          : f == 0 ? std::string("0")
                   : std::string("1")) +
         "</text>";
  }
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
  for (const double t : ticks) {
    s += "<line x1=\"" + num(x(t)) + "\" y1=\"" + num(y(0)) + "\" x2=\"" + num(x(t)) + "\" y2=\"" + num(y(0) + 4) +
         "\"/>";
    s += "<text x=\"" + num(x(t)) + "\" y=\"" + num(y(0) + 15) + "\" text-anchor=\"middle\">" + tick_label(t, step) +
         "</text>";
  }
  if (!unit.label.empty())
    s += "<text x=\"" + num(kLeft + kPlotW) + "\" y=\"" + num(kPanelHeight - 2) + "\" text-anchor=\"end\">" +
         sweep_escape(unit.label) + "</text>";
  s += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(y(0)) + "\" x2=\"" + num(kLeft + kPlotW) + "\" y2=\"" + num(y(0)) +
       "\"/></g>";
  if (!panel.sorted.empty() && panel.runs > 0) {
    std::string d = "M" + num(x(panel.sorted[0])) + " " + num(y(0));
    for (std::size_t k = 0; k < panel.sorted.size(); ++k) {
      if (k > 0) d += " H" + num(x(panel.sorted[k]));
      d += " V" + num(y(static_cast<double>(k + 1) / static_cast<double>(panel.runs)));
    }
    d += " H" + num(x(hi));
    s += "<path d=\"" + d + "\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>";
  } else {
    s += "<text class=\"none\" x=\"" + num(kLeft + kPlotW / 2) + "\" y=\"" + num(y(0.5)) +
         "\" text-anchor=\"middle\">no run reached it</text>";
  }
  if (panel.median)
    s += "<line class=\"median\" x1=\"" + num(x(*panel.median)) + "\" y1=\"" + num(y(0)) + "\" x2=\"" +
         num(x(*panel.median)) + "\" y2=\"" + num(y(1)) + "\"/>";
  return s + "</svg>";
}

}  // namespace cmsim::reports
