// Every line of every log a real run writes follows its framing's grammar (docs/modelling.md §7.4,
// docs/modelling.md §12.1): what CMTrace and OneTrace users open must parse.
#include <gtest/gtest.h>

#include <regex>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;

// Site-server framing: text, two spaces, $$<COMPONENT><MM-DD-YYYY HH:MM:SS.mmm+BIAS><thread=D (0xH)>.
// Components are upper-case service names, or "Configuration Manager Setup" as setup writes it.
const std::regex kSiteServer(
    R"(^[^\r\n]*  \$\$<[A-Za-z0-9_ ]{1,100}><\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{3}><thread=\d+ \(0x[0-9A-F]{4,}\)>$)");
// CMTrace framing.
const std::regex kCmtrace(
    R"re(^<!\[LOG\[[^\r\n]*\]LOG\]!><time="\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{3}" date="\d{2}-\d{2}-\d{4}" component="[^"]{1,100}" context="" type="[123]" thread="\d+" file="[^"]{0,100}">$)re");
const char* kRolloverMarker = "<MAXIMUM LOG FILE SIZE REACHED - FILE RENAMED>";

void check_logs_of(const std::string& scenario, const std::vector<std::string>& extra_args = {}) {
  TempDir dir;
  std::string args = "run " + std::string(CMSIM_SOURCE_DIR) + "/" + scenario + " --out " + (dir.path() / "o").string();
  for (const std::string& a : extra_args) args += " " + a;
  const CliResult run = run_cmsim(args);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::size_t files = 0, lines = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "o" / "logs")) {
    if (!entry.is_regular_file()) continue;
    ++files;
    std::istringstream text(read_file(entry.path()));
    for (std::string line; std::getline(text, line);) {
      ++lines;
      if (line == kRolloverMarker && entry.path().extension() == ".lo_") continue;
      EXPECT_TRUE(std::regex_match(line, kSiteServer) || std::regex_match(line, kCmtrace))
          << entry.path() << ": " << line;
    }
  }
  EXPECT_GT(files, 5u);
  EXPECT_GT(lines, 100u);
}

TEST(LogGrammar, EveryLineOfEveryLogOfARunParses) { check_logs_of("scenarios/examples/cas-two-primaries.json"); }

TEST(LogGrammar, EndpointChecksSetupLogsAndRolloverParseToo) {
  // Tenant attach adds the CMTrace-framed endpoint log; a small maximum size forces .lo_ files.
  check_logs_of("scenarios/examples/expand-standalone-to-cas.json",
                {"--set scp.tenant_attach=true", "--set version=2409", "--set logs.max_file_size=10000"});
}

}  // namespace
}  // namespace cmsim::test
