// The geometry the time charts of report.html share, so that the update timelines and the
// service connection point's lanes line up on the page.
#pragma once

namespace cmsim::reports::html {

inline constexpr double kWidth = 1168;  // the page's content width: no scaling at 1200 px
inline constexpr double kChartX = 176;
inline constexpr double kChartW = 830;
inline constexpr double kRowH = 20;
inline constexpr double kBarH = 12;
inline constexpr double kTop = 42;  // room for the end-of-run note and the tick labels

}  // namespace cmsim::reports::html
