// The README's table of defaults is the one generated from models/defaults.hpp, so a changed
// default cannot leave the documentation behind (scripts/update-defaults-table.sh rewrites it).
#include "models/defaults_table.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "models/defaults.hpp"
#include "models/units.hpp"

namespace cmsim {
namespace {

std::string readme_table() {
  std::ifstream in(std::string(CMSIM_SOURCE_DIR) + "/README.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  const std::string begin = "<!-- defaults-table:begin -->\n";
  const auto i = s.find(begin);
  const auto j = s.find("<!-- defaults-table:end -->");
  if (i == std::string::npos || j == std::string::npos || j < i) return "(no defaults-table markers in README.md)";
  return s.substr(i + begin.size(), j - i - begin.size());
}

TEST(DefaultsTable, TheReadmeTableIsTheGeneratedOne) {
  EXPECT_EQ(readme_table(), defaults_markdown_table()) << "run scripts/update-defaults-table.sh";
}

TEST(DefaultsTable, ValuesAreWrittenInTheScenariosUnits) {
  const std::string table = defaults_markdown_table();
  EXPECT_NE(table.find("| WAN link bandwidth | `/link_defaults/bandwidth` | 100Mbps | assumed |"), std::string::npos);
  EXPECT_NE(table.find("| WAN link latency | `/link_defaults/latency` | 30ms |"), std::string::npos);
  EXPECT_NE(table.find("| SCP check interval | `/scp/check_interval` | 1d |"), std::string::npos);
  EXPECT_NE(table.find("| size of one sending | `(unset) /model/sender_object_size` | the whole package |"),
            std::string::npos);
}

// A user copies a value from the table into a scenario: it must read back as the default.
TEST(DefaultsTable, EveryModelValueReadsBackInAScenario) {
  for (const DefaultRow& row : default_rows()) {
    if (row.key.rfind("/model/", 0) != 0) continue;
    const bool is_duration = static_cast<bool>(units::parse_duration_s(row.value));
    const bool is_size = static_cast<bool>(units::parse_size_bytes(row.value));
    EXPECT_TRUE(is_duration || is_size) << row.key << " = " << row.value;
  }
}

}  // namespace
}  // namespace cmsim
