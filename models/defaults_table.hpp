// The table of every number the model uses when a scenario does not give it: where it is set
// in a scenario, its value and its source. It is built from models/defaults.hpp, so the
// README's table (between its defaults-table markers, written by
// scripts/update-defaults-table.sh from `cmsim defaults`) cannot drift: a unit test compares
// the two.
#pragma once

#include <string>
#include <vector>

namespace cmsim {

struct DefaultRow {
  std::string what;
  std::string key;     // where a scenario sets it (a JSON pointer-like path)
  std::string value;   // in the scenario's own units
  std::string source;  // docs/modelling.md section, or "assumed"
};

const std::vector<DefaultRow>& default_rows();
// The rows as a Markdown table (header, separator, one line per row, each ending in LF).
std::string defaults_markdown_table();

}  // namespace cmsim
