#include "reports/calibration_json.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "models/overlay.hpp"

namespace cmsim::reports {
namespace {

using OJson = nlohmann::ordered_json;

// Milliseconds and whole bytes per second are all a log's resolution supports; rounding
// keeps the file short and free of binary-fraction noise.
// Divided, not multiplied, by the power of ten: 923810 / 1e6 prints as 0.92381.
double rounded(double value, double step) {
  const double per_unit = std::round(1 / step);
  return std::round(value * per_unit) / per_unit;
}

OJson spread_json(const Spread& s, EstimateUnit unit) {
  const double step = unit == EstimateUnit::seconds ? 0.001 : 1.0;
  return OJson{{"samples", s.samples},        {"min", rounded(s.min, step)},   {"median", rounded(s.median, step)},
               {"max", rounded(s.max, step)}, {"mean", rounded(s.mean, step)}, {"sd", rounded(s.sd, step)}};
}

OJson estimate_json(const Estimate& e) {
  const bool link = e.unit == EstimateUnit::bytes_per_s;
  OJson j{{"key", e.key},
          {"value", e.value},
          {link ? "bytes_per_s" : "seconds", link ? rounded(e.number, 1.0) : rounded(e.number, 0.001)},
          {"method", e.method},
          {"from", e.from},
          {"sites", e.sites}};
  j["spread"] = spread_json(e.spread, e.unit);
  if (link) {
    j["bandwidth_bytes_per_s"] = rounded(e.bandwidth_Bps, 1.0);
    j["engine_share"] = rounded(e.engine_share, 1e-6);
    j["sendings"] = e.sendings;
    j["bytes"] = e.bytes;
    j["busy_s"] = rounded(e.busy_s, 0.001);
  }
  return j;
}

}  // namespace

std::string calibration_overlay_json(const Calibration& calibration, const SimulatedEngine& engine,
                                     const std::vector<CalibrationInput>& inputs) {
  OJson doc;
  doc["format"] = kOverlayFormat;
  doc["description"] = "Estimated by cmsim calibrate from site-server logs; apply with cmsim run --overlay";
  doc["engine"] = OJson{{"network_model", engine.network_model}, {"crosstraffic", engine.crosstraffic}};
  OJson set = OJson::object();
  for (const Estimate& e : calibration.estimates) set[e.key] = e.value;
  doc["set"] = set;
  OJson estimates = OJson::array();
  for (const Estimate& e : calibration.estimates) estimates.push_back(estimate_json(e));
  doc["estimates"] = estimates;
  doc["not_estimated"] = calibration.not_estimated;
  OJson skipped = OJson::array();
  for (const CalibrationSkip& s : calibration.skipped)
    skipped.push_back(OJson{{"what", s.what}, {"count", s.count}, {"why", s.why}});
  doc["skipped"] = skipped;
  OJson logs = OJson::array();
  std::size_t lines = 0, ignored = 0;
  for (const CalibrationInput& in : inputs) {
    logs.push_back(OJson{{"site", in.site},
                         {"log", in.log},
                         {"files", in.files},
                         {"lines", in.lines},
                         {"entries", in.entries},
                         {"ignored_lines", in.ignored}});
    lines += in.lines;
    ignored += in.ignored;
  }
  doc["logs"] = OJson{{"lines", lines}, {"ignored_lines", ignored}, {"read", logs}};
  return doc.dump(2) + "\n";
}

}  // namespace cmsim::reports
