// Step CDFs on one axis as an inline SVG, shared by sweep.html (one line per grid point) and
// compare.html (run A against run B). Values start at 0 (times since start, counts), the
// ticks fall on round numbers, and the output is a pure function of the input.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace cmsim::reports {

struct CdfSeries {
  std::vector<double> sorted;  // the values present, ascending
  std::size_t total = 0;       // the denominator: values present plus those never reached
};

// "stroke=..." of series i: ten colours that stay apart, dashed beyond ten.
std::string series_stroke(std::size_t i);

// Round tick values from 0 to at least `hi`: a step of 1, 2 or 5 times a power of ten, at
// most `max_ticks` + 1 of them.
std::vector<double> round_ticks(double hi, int max_ticks = 5);

std::string cdf_svg(const std::vector<CdfSeries>& series, const std::string& x_label, const std::string& aria_label);

}  // namespace cmsim::reports
