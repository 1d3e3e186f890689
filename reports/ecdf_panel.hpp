// One small ECDF panel of sweep.html's small multiples (one metric at one grid point), with
// the median and its 95 % interval marked, on an x axis shared by the metric's family, and
// the display units that make the axis read well (hours or days for times, MB or GB for
// bytes, % for utilization). A pure function of its input, like cdf_svg.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "reports/sweep_metrics.hpp"
#include "reports/sweep_statistics.hpp"

namespace cmsim::reports {

// Times up to this many hours are shown in hours, longer ones in days (assumed: a day and a
// half reads better as 36 h, a week better as 7 d).
inline constexpr double kHoursUpTo_h = 48;

// A unit to show values of one family in: value / divisor, labelled.
struct DisplayUnit {
  double divisor = 1;
  std::string label;  // "d", "h", "MB", "%", ""
};

// The unit for values up to `max_value` (in the metric's own unit: s, bytes, ratio, count).
DisplayUnit display_unit(sweep::MetricUnit unit, double max_value);

// A value for the tables: three significant digits, whole numbers without a decimal point.
std::string display_number(double value);

struct EcdfPanel {
  std::string title;           // "all_sites_t_s"
  std::string subtitle;        // the grid point
  std::vector<double> sorted;  // present values, ascending, already in the display unit
  std::size_t runs = 0;        // the denominator: a point whose runs did not all reach plateaus
  std::optional<double> median;
  std::optional<sweep::Interval> median_ci;  // in the display unit
};

// Panel geometry, in SVG user units.
inline constexpr double kPanelWidth = 280, kPanelHeight = 170;

// `ticks`: the family's shared x ticks (round_ticks in the display unit), from 0 to the edge.
std::string ecdf_panel_svg(const EcdfPanel& panel, const std::vector<double>& ticks, const DisplayUnit& unit);

}  // namespace cmsim::reports
