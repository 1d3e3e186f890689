#include "reports/baseline.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "models/units.hpp"

namespace cmsim::reports {
namespace {

using OJson = nlohmann::ordered_json;

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

enum class FigureKind { kTime, kBytes, kCount };

FigureKind kind_of(const std::string& figure) {
  if (ends_with(figure, "_t_s")) return FigureKind::kTime;
  if (ends_with(figure, "_bytes")) return FigureKind::kBytes;
  return FigureKind::kCount;
}

OJson time_or_null(const SimTime& t) { return t ? OJson(*t) : OJson(nullptr); }

// Whole numbers without a fraction (counts, bytes), others as JSON writes them.
std::string number_text(double v) {
  if (std::fabs(v) < 9e15 && v == std::floor(v)) return std::to_string(static_cast<std::int64_t>(v));
  return OJson(v).dump();
}

std::string value_text(const std::string& figure, const OJson& value) {
  if (!value.is_number()) return "never";
  const double v = value.get<double>();
  switch (kind_of(figure)) {
    case FigureKind::kTime:
      return "+" + units::format_duration(v);
    case FigureKind::kBytes:
    case FigureKind::kCount:
      break;
  }
  return number_text(v);
}

std::string percent_text(double fraction) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%+.1f%%", fraction * 100);
  return buffer;
}

std::string tolerance_text(double fraction) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%g%%", fraction * 100);
  return buffer;
}

std::optional<FigureMove> compare_one(const std::string& figure, const OJson* baseline, const OJson* current,
                                      const BaselineTolerance& tolerance) {
  FigureMove move{figure, baseline ? *baseline : OJson(nullptr), current ? *current : OJson(nullptr), std::nullopt, ""};
  if (!baseline) return move.why = "new figure, not in the baseline", move;
  if (!current) return move.why = "in the baseline, no longer produced", move;
  if (!baseline->is_number() || !current->is_number()) {
    if (baseline->is_number() == current->is_number()) return std::nullopt;  // both never reached
    move.why = baseline->is_number() ? "no longer reached" : "now reached";
    return move;
  }
  const double a = baseline->get<double>(), b = current->get<double>();
  if (a != 0) move.change_percent = (b - a) / std::fabs(a) * 100;
  if (kind_of(figure) == FigureKind::kCount) {
    if (std::fabs(b - a) <= static_cast<double>(tolerance.count)) return std::nullopt;
    move.why = (b > a ? "+" : "") + number_text(b - a) + ", tolerance " + std::to_string(tolerance.count);
    return move;
  }
  if (std::fabs(b - a) <= tolerance.relative * std::fabs(a)) return std::nullopt;
  move.why = (a == 0 ? std::string("from 0") : percent_text((b - a) / std::fabs(a))) + ", tolerance " +
             tolerance_text(tolerance.relative);
  return move;
}

}  // namespace

OJson key_figures(const Results& results) {
  std::map<std::string, OJson> figures;  // sorted by name
  for (const UpdateResult& u : results.updates) {
    const std::string prefix = "updates." + u.version + ".";
    figures[prefix + "ready_to_install_t_s"] = time_or_null(u.ready_to_install_t_s);
    figures[prefix + "all_primaries_t_s"] = time_or_null(u.all_primaries_t_s);
    figures[prefix + "all_sites_t_s"] = time_or_null(u.all_sites_t_s);
  }
  std::uint64_t sent_bytes = 0;
  std::int64_t failed = 0;
  for (const TransferRecord& t : results.transfers) {
    if (t.outcome == TransferStatus::ok) sent_bytes += t.bytes;
    if (t.outcome == TransferStatus::failed || t.outcome == TransferStatus::cancelled) ++failed;
  }
  figures["sent_bytes"] = sent_bytes;
  figures["failed_transfers"] = failed;
  std::map<std::string, std::int64_t> on_version;
  for (const SiteResult& s : results.sites) ++on_version[s.final_version];
  for (const auto& [version, sites] : on_version) figures["sites_on." + version] = sites;
  OJson out = OJson::object();
  for (auto& [name, value] : figures) out[name] = std::move(value);
  return out;
}

std::string baseline_text(const std::string& scenario, const std::string& file, std::uint64_t seed,
                          const OJson& figures) {
  const OJson doc{
      {"format", kBaselineFormat}, {"scenario", scenario}, {"file", file}, {"seed", seed}, {"figures", figures}};
  return doc.dump(2, ' ', false, OJson::error_handler_t::replace) + "\n";
}

std::optional<OJson> read_baseline_figures(const std::string& path, std::string& why) {
  std::ifstream in(path);
  if (!in) {
    why = "cannot be read";
    return std::nullopt;
  }
  const OJson doc = OJson::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    why = "is not JSON: expected a baseline written by cmsim test --write-baseline";
    return std::nullopt;
  }
  if (!doc.contains("format") || doc["format"] != kBaselineFormat) {
    why = std::string("/format: expected \"") + kBaselineFormat + "\"";
    return std::nullopt;
  }
  if (!doc.contains("figures") || !doc["figures"].is_object()) {
    why = "/figures: expected an object of figure name -> number or null";
    return std::nullopt;
  }
  for (const auto& item : doc["figures"].items())
    if (!item.value().is_number() && !item.value().is_null()) {
      why = "/figures/" + item.key() + ": expected a number or null";
      return std::nullopt;
    }
  return doc["figures"];
}

std::vector<FigureMove> compare_figures(const OJson& baseline, const OJson& current,
                                        const BaselineTolerance& tolerance) {
  std::set<std::string> names;
  for (const auto& item : baseline.items()) names.insert(item.key());
  for (const auto& item : current.items()) names.insert(item.key());
  std::vector<FigureMove> moves;
  for (const std::string& name : names) {
    const OJson* a = baseline.contains(name) ? &baseline[name] : nullptr;
    const OJson* b = current.contains(name) ? &current[name] : nullptr;
    if (auto move = compare_one(name, a, b, tolerance)) moves.push_back(std::move(*move));
  }
  return moves;
}

std::string describe(const FigureMove& move) {
  return move.figure + ": " + value_text(move.figure, move.baseline) + " -> " + value_text(move.figure, move.current) +
         " (" + move.why + ")";
}

OJson move_json(const FigureMove& move) {
  return OJson{{"figure", move.figure},
               {"baseline", move.baseline},
               {"current", move.current},
               {"change_percent", move.change_percent ? OJson(*move.change_percent) : OJson(nullptr)},
               {"why", move.why}};
}

std::optional<double> parse_percentage(const std::string& text) {
  if (text.size() < 2 || text.back() != '%') return std::nullopt;
  const std::string number = text.substr(0, text.size() - 1);
  if (number.find_first_not_of("0123456789.") != std::string::npos || number.front() == '.') return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !std::isfinite(value) || value > 1000) return std::nullopt;
  return value / 100;
}

}  // namespace cmsim::reports
