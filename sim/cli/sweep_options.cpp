#include "sim/cli/sweep_options.hpp"

#include <stdexcept>
#include <set>

namespace cmsim::sweep {
namespace {

// Splits on commas that are not nested in brackets, braces or a quoted string.
std::vector<std::string> split_top_level(const std::string& text) {
  std::vector<std::string> parts(1);
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted && c == '\\' && i + 1 < text.size()) {
      parts.back() += c;
      parts.back() += text[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '[' || c == '{')) ++depth;
    if (!quoted && (c == ']' || c == '}')) --depth;
    if (c == ',' && depth == 0 && !quoted) {
      parts.emplace_back();
      continue;
    }
    parts.back() += c;
  }
  return parts;
}

std::optional<Axis> vary_failure(std::string& error, std::string why) {
  error = std::move(why);
  return std::nullopt;
}

}  // namespace

std::optional<Axis> parse_vary(const std::string& text, std::string& error) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) return vary_failure(error, "'" + text + "' has no '=' (expected KEY=V1,V2,...)");
  Axis axis{text.substr(0, eq), split_top_level(text.substr(eq + 1))};
  if (axis.key.empty()) return vary_failure(error, "'" + text + "' has an empty key (expected KEY=V1,V2,...)");
  std::set<std::string> seen;
  for (const std::string& v : axis.values) {
    if (v.empty()) return vary_failure(error, "'" + text + "' has an empty value (expected KEY=V1,V2,...)");
    if (!seen.insert(v).second) return vary_failure(error, "'" + text + "' lists the value '" + v + "' twice");
  }
  return axis;
}

std::vector<Axis> parse_vary_list(const std::vector<std::string>& texts, std::vector<std::string>& errors) {
  std::vector<Axis> axes;
  std::set<std::string> keys;
  for (const std::string& text : texts) {
    std::string error;
    auto axis = parse_vary(text, error);
    if (!axis) {
      errors.push_back("--vary " + error);
    } else if (axis->key == "seed") {
      errors.push_back("--vary seed: seeds come from --replicas (scenario seed + replica), not from --vary");
    } else if (!keys.insert(axis->key).second) {
      errors.push_back("--vary " + axis->key + ": the key is varied twice (give all its values in one --vary)");
    } else {
      axes.push_back(std::move(*axis));
    }
  }
  return axes;
}

std::optional<Shard> parse_shard(const std::string& text, std::string& error) {
  if (text.empty()) return Shard{};
  unsigned long long index = 0, count = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%llu/%llu%c", &index, &count, &extra) != 2 || text[0] == '-' ||
      text.find("/-") != std::string::npos || index < 1 || count < 1 || index > count) {
    error = "--shard '" + text + "' (expected I/N with 1 <= I <= N, e.g. 1/4)";
    return std::nullopt;
  }
  return Shard{static_cast<std::size_t>(index), static_cast<std::size_t>(count)};
}

}  // namespace cmsim::sweep
