// `cmsim test --filter PATTERN` (docs/scenario.md §1.4): which scenarios run. PATTERN is a glob
// (`*`, `?`, `[...]`, as the shell's) that must match the whole scenario name, the whole file
// path as found, or the file's base name; or, written `/REGEX/`, an ECMAScript regular
// expression searched for anywhere in the name or the path.
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>

namespace cmsim {

class ScenarioFilter {
 public:
  // nullopt with `why` when PATTERN is empty or its regular expression does not compile.
  static std::optional<ScenarioFilter> parse(const std::string& pattern, std::string& why);

  bool matches(const std::string& name, const std::string& file) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  std::shared_ptr<const std::regex> regex_;  // null: a glob
};

}  // namespace cmsim
