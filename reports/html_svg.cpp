#include "reports/html_svg.hpp"

#include "models/units.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace cmsim::reports::html {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
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
      case '\'':
        out += "&#39;";
        break;
      case '\t':
      case '\n':
      case '\r':
        out += c;
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += "\xEF\xBF\xBD";  // U+FFFD
        else
          out += c;
    }
  }
  return out;
}

std::string num(double value) {
  // to_chars ignores the C locale, so a host with a decimal comma cannot break the SVG.
  std::array<char, 64> buffer{};
  const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), std::isfinite(value) ? value : 0.0,
                                 std::chars_format::fixed, 1)
                       .ptr;
  std::string s(buffer.data(), end);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

std::string short_duration(double seconds) {
  if (seconds < 10 && std::abs(seconds - std::round(seconds)) > 0.05) return num(std::max(seconds, 0.0)) + "s";
  const long long s = std::max(0LL, std::llround(seconds));
  // Two leading units are enough to read a timeline; the exact seconds are in report.json.
  const auto pair = [](long long major, const char* major_unit, long long minor, const char* minor_unit) {
    std::string out = std::to_string(major) + major_unit;
    if (minor > 0) out += " " + std::to_string(minor) + minor_unit;
    return out;
  };
  if (s >= 86400) return pair(s / 86400, "d", s % 86400 / 3600, "h");
  if (s >= 3600) return pair(s / 3600, "h", s % 3600 / 60, "m");
  if (s >= 60) return pair(s / 60, "m", s % 60, "s");
  return std::to_string(s) + "s";
}

std::string sim_time(const SimTime& t) { return t ? "+" + short_duration(*t) : "\xE2\x80\x94"; }

double TimeScale::x(double t) const {
  const double span = t1 > t0 ? t1 - t0 : 1.0;
  return x0 + (t - t0) / span * width;
}

Svg::Svg(double width, double height, std::string_view label) {
  out_ = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" width=\"" +
         num(width) + "\" height=\"" + num(height) + "\" role=\"img\" aria-label=\"" + escape(label) + "\">\n";
}

void Svg::open(std::string_view element, std::string_view cls) {
  out_ += "<";
  out_ += element;
  if (!cls.empty()) out_ += " class=\"" + escape(cls) + "\"";  // classes may carry data words
}

void Svg::close(std::string_view element, std::string_view title) {
  if (title.empty()) {
    out_ += "/>\n";
    return;
  }
  // A <title> child is the SVG tooltip: exact times on hover without any script.
  out_ += "><title>" + escape(title) + "</title></" + std::string(element) + ">\n";
}

void Svg::rect(double x, double y, double w, double h, std::string_view cls, std::string_view title) {
  open("rect", cls);
  out_ += " x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(w, 0.0)) + "\" height=\"" +
          num(std::max(h, 0.0)) + "\"";
  close("rect", title);
}

void Svg::line(double x1, double y1, double x2, double y2, std::string_view cls, std::string_view title) {
  open("line", cls);
  out_ += " x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\"";
  close("line", title);
}

void Svg::text(double x, double y, std::string_view content, std::string_view cls) {
  open("text", cls);
  out_ += " x=\"" + num(x) + "\" y=\"" + num(y) + "\">" + escape(content) + "</text>\n";
}

std::string Svg::finish() { return std::move(out_) + "</svg>\n"; }

namespace {

// The smallest round step that keeps the axis to about ten labels.
double tick_step(double span) {
  static constexpr std::array<double, 15> kSteps = {60,        300,        900,        1800,       3600,
                                                    3 * 3600,  6 * 3600,   12 * 3600,  86400,      2 * 86400,
                                                    7 * 86400, 14 * 86400, 30 * 86400, 90 * 86400, 365 * 86400};
  for (const double step : kSteps)
    if (span / step <= 10) return step;
  return std::ceil(span / 10 / 86400) * 86400;
}

// "+57d 21h 10m": every unit down to the step's own, so neighbouring ticks never read the
// same (short_duration's two units would make +57d 21h of both 21:05 and 21:10).
std::string axis_label(double t, double step) {
  if (t <= 0) return "0";
  const long long s = std::llround(t);
  const long long smallest = step >= 86400 ? 86400 : step >= 3600 ? 3600 : 60;
  std::string out = "+";
  const std::pair<long long, const char*> units[] = {{86400, "d"}, {3600, "h"}, {60, "m"}};
  long long rest = s;
  for (const auto& [size, name] : units) {
    if (size < smallest) break;
    if (rest >= size) out += (out.size() > 1 ? " " : "") + std::to_string(rest / size) + name;
    rest %= size;
  }
  return out.size() > 1 ? out : "+" + short_duration(t);
}

const char* fault_class(FaultKind kind) {
  switch (kind) {
    case FaultKind::link_down:
    case FaultKind::link_degrade:
      return "f-link";
    case FaultKind::site_down:
      return "f-site";
    case FaultKind::internet_fault:
      return "f-net";
  }
  return "f-other";
}

std::string fault_title(const FaultView& f) {
  std::string title = std::string(to_string(f.kind)) + " ";
  title += f.target;
  if (!f.detail.empty()) title.append(" (").append(f.detail).append(")");
  return title + ": " + sim_time(f.t_s) + " to " + (f.end_t_s ? sim_time(f.end_t_s) : "the end of the run");
}

// One shaded band on screen, possibly several fault windows merged.
struct Band {
  double xa = 0;
  double xb = 0;
  std::size_t first = 0;  // index of the first fault in it, for the tooltip
  int count = 0;
};

std::vector<Band> bands_of_class(const TimeScale& scale, const std::vector<FaultView>& faults, const char* cls,
                                 double horizon_s) {
  std::vector<Band> raw;
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const FaultView& f = faults[i];
    if (std::string_view(fault_class(f.kind)) != cls) continue;
    const double end = f.end_t_s.value_or(horizon_s);
    if (end < scale.t0 || f.t_s > scale.t1) continue;
    const double xa = scale.x(std::max(f.t_s, scale.t0));
    const double xb = std::max(scale.x(std::min(end, scale.t1)), xa + 2);  // always visible
    raw.push_back({xa, xb, i, 1});
  }
  std::stable_sort(raw.begin(), raw.end(), [](const Band& a, const Band& b) { return a.xa < b.xa; });
  std::vector<Band> merged;
  for (const Band& b : raw) {
    if (!merged.empty() && b.xa <= merged.back().xb + 0.5) {
      merged.back().xb = std::max(merged.back().xb, b.xb);
      merged.back().count += 1;
    } else {
      merged.push_back(b);
    }
  }
  return merged;
}

}  // namespace

void time_axis(Svg& svg, const TimeScale& scale, double y_top, double y_bottom,
               std::optional<std::int64_t> start_unix_s) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const double step = tick_step(scale.t1 - scale.t0);
  const double first = std::ceil(scale.t0 / step) * step;
  long long last_day = -1;
  for (int i = 0; i < 40; ++i) {
    const double t = first + i * step;
    if (t > scale.t1) break;
    const double x = scale.x(t);
    svg.line(x, y_top, x, y_bottom, "grid");
    std::string label = axis_label(t, step);
    if (start_unix_s) {
      const double unix_s = static_cast<double>(*start_unix_s) + t;
      const auto day = static_cast<long long>(std::floor(unix_s / 86400));
      if (day != last_day) {
        const units::CivilTime c = units::civil_from_unix(unix_s);
        label += " \xC2\xB7 " + std::string(kMonths[(c.month + 11) % 12]) + " " + std::to_string(c.day);
        last_day = day;
      }
    }
    svg.text(x, y_top - 4, label, "tick");
  }
}

void fault_bands(Svg& svg, const TimeScale& scale, const std::vector<FaultView>& faults, double y, double h,
                 double horizon_s) {
  for (const char* cls : {"f-link", "f-site", "f-net", "f-other"}) {
    for (const Band& b : bands_of_class(scale, faults, cls, horizon_s)) {
      const FaultView& f = faults[b.first];
      std::string title = fault_title(f);
      if (b.count > 1) title = std::to_string(b.count) + " fault windows here; the first: " + title;
      svg.rect(b.xa, y, b.xb - b.xa, h, std::string("fault ") + cls, title);
    }
  }
}

}  // namespace cmsim::reports::html
