// Small building blocks of report.html: HTML escaping, stable number formatting, an inline
// SVG writer, a time axis and shaded fault windows. Everything is a pure function of its
// input so the page is byte-identical for the same Results (goldens can diff it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/results.hpp"

namespace cmsim::reports::html {

// Text safe inside HTML elements, attribute values and SVG <text>/<title>: & < > " ' become
// entities, and C0 control characters (not allowed in XML, which inline SVG also is) become
// U+FFFD, so a status text can never open a tag or break the page's well-formedness.
std::string escape(std::string_view text);

// Coordinates with one decimal, "-0" and trailing ".0" removed: short and locale-free.
std::string num(double value);

// "9d 6h", "3h 5m", "12m 4s", "40s": the two leading units, for labels and tables.
std::string short_duration(double seconds);

// "+9d 6h" for a reached time, "—" for one that never came.
std::string sim_time(const SimTime& t);

// Maps simulated seconds [t0, t1] onto pixels [x0, x0 + width].
struct TimeScale {
  double t0 = 0;
  double t1 = 1;
  double x0 = 0;
  double width = 1;
  double x(double t) const;
  double x_end() const { return x0 + width; }
};

// Appends SVG elements to a string; classes come from the page's stylesheet, which keeps
// the markup small for big hierarchies.
class Svg {
 public:
  Svg(double width, double height, std::string_view label);
  void rect(double x, double y, double w, double h, std::string_view cls, std::string_view title = {});
  void line(double x1, double y1, double x2, double y2, std::string_view cls, std::string_view title = {});
  void text(double x, double y, std::string_view content, std::string_view cls = {});
  std::string finish();  // closes the <svg>; call once

 private:
  void open(std::string_view element, std::string_view cls);
  void close(std::string_view element, std::string_view title);
  std::string out_;
};

// Vertical grid lines and tick labels ("+9d") above y_top, at a round step that gives at
// most about ten ticks. With the run's start, each tick that begins a new UTC day also names
// it ("+9d · Dec 4"), so a planner reads dates, not only offsets.
void time_axis(Svg& svg, const TimeScale& scale, double y_top, double y_bottom,
               std::optional<std::int64_t> start_unix_s = std::nullopt);

// Fault windows as translucent bands from y to y + h, one colour per fault class. Windows
// that touch on screen are merged, so thousands of random faults stay a few hundred rects;
// a fault without an end lasts to `horizon_s`.
void fault_bands(Svg& svg, const TimeScale& scale, const std::vector<FaultView>& faults, double y, double h,
                 double horizon_s);

}  // namespace cmsim::reports::html
