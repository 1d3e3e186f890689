#include "sim/cli/scenario_filter.hpp"

#include <fnmatch.h>

#include <filesystem>

namespace cmsim {

std::optional<ScenarioFilter> ScenarioFilter::parse(const std::string& pattern, std::string& why) {
  ScenarioFilter filter;
  filter.pattern_ = pattern;
  if (pattern.empty()) {
    why = "--filter: expected a glob such as 'site-*' or a /regular expression/, got an empty pattern";
    return std::nullopt;
  }
  if (pattern.size() >= 2 && pattern.front() == '/' && pattern.back() == '/') {
    try {
      filter.regex_ = std::make_shared<const std::regex>(pattern.substr(1, pattern.size() - 2), std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      why = "--filter: '" + pattern + "' is not a valid regular expression (" + e.what() + ")";
      return std::nullopt;
    }
  }
  return filter;
}

bool ScenarioFilter::matches(const std::string& name, const std::string& file) const {
  if (regex_) return std::regex_search(name, *regex_) || std::regex_search(file, *regex_);
  // No FNM_PATHNAME: `*` also spans folders, so '*regression*' finds scenarios/regression/x.json.
  const auto glob = [&](const std::string& text) { return fnmatch(pattern_.c_str(), text.c_str(), 0) == 0; };
  return glob(name) || glob(file) || glob(std::filesystem::path(file).filename().string());
}

}  // namespace cmsim
