// Files and command lines written to break the tool: numbers too large to read, keys given
// twice, nesting 100,000 deep, things that are not regular files, floods of problems. Each is
// exit 2 with the file, the JSON pointer and what was expected, in every command that reads a
// scenario, and never a crash, a hang or an output folder.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;

const char* kHead = R"({"format": "cmsim-scenario/1", "name": "hostile", "duration": "2d", "version": "2403",
  "sites": [{"code": "CAS", "type": "cas"}, {"code": "P01", "type": "primary", "parent": "CAS"}])";

struct HostileText {
  const char* name;
  std::string text;
  const char* pointer;  // "FILE: <pointer>:" must be in the message
  const char* words;    // and these words
};

std::vector<HostileText> hostile_texts() {
  const std::string head = kHead;
  return {
      {"float_too_large", head + R"(, "seed": 1e309})", "/seed", "too large to read"},
      {"integer_of_100000_digits", head + ", \"seed\": " + std::string(100000, '9') + "}", "/seed",
       "too large to read"},
      {"duplicate_key", head + R"(, "duration": "3d"})", "/duration", "given twice"},
      {"duplicate_key_deep_down", head + R"(, "scp": {"site": "CAS", "mode": "online", "mode": "offline"}})",
       "/scp/mode", "given twice"},
      {"array_100000_deep",
       head + ", \"links\": [{\"between\": " + std::string(100000, '[') + std::string(100000, ']') + "}]}",
       "/links/0/between/0/0", "nested more than 64 levels"},
  };
}

void PrintTo(const HostileText& c, std::ostream* os) { *os << c.name; }

class HostileFile : public ::testing::TestWithParam<HostileText> {
 protected:
  TempDir dir_;
  fs::path file_ = dir_.write("hostile.json", GetParam().text);

  void expect_refused(const CliResult& r) const {
    EXPECT_EQ(r.exit_code, 2) << r.output.substr(0, 2000);
    const std::string at = file_.string() + ": " + GetParam().pointer;
    EXPECT_NE(r.output.find(at), std::string::npos) << "expected " << at << " in:\n" << r.output.substr(0, 2000);
    EXPECT_NE(r.output.find(GetParam().words), std::string::npos) << r.output.substr(0, 2000);
    EXPECT_NE(r.output.find("(expected"), std::string::npos) << r.output.substr(0, 2000);
    // Messages quote bounded excerpts, never the whole value.
    EXPECT_LT(r.output.size(), 4000u);
  }
};

TEST_P(HostileFile, ValidateRefusesIt) { expect_refused(run_cmsim("validate " + file_.string())); }

TEST_P(HostileFile, RunRefusesItAndWritesNothing) {
  const fs::path out = dir_.path() / "out";
  expect_refused(run_cmsim("run " + file_.string() + " --out " + out.string()));
  EXPECT_FALSE(fs::exists(out));
}

TEST_P(HostileFile, SweepRefusesIt) {
  const fs::path out = dir_.path() / "sweep";
  expect_refused(run_cmsim("sweep " + file_.string() + " --replicas 2 --out " + out.string()));
  EXPECT_FALSE(fs::exists(out));
}

TEST_P(HostileFile, CompareRefusesIt) {
  const fs::path out = dir_.path() / "compare";
  expect_refused(run_cmsim("compare " + file_.string() + " " + file_.string() + " --out " + out.string()));
  EXPECT_FALSE(fs::exists(out));
}

INSTANTIATE_TEST_SUITE_P(Texts, HostileFile, ::testing::ValuesIn(hostile_texts()),
                         [](const ::testing::TestParamInfo<HostileText>& info) {
                           return std::string(info.param.name);
                         });

TEST(HostilePath, ADirectoryIsNotAScenario) {
  TempDir dir;
  fs::create_directories(dir.path() / "folder.json");
  const CliResult r = run_cmsim("validate " + (dir.path() / "folder.json").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("is a directory"), std::string::npos) << r.output;
}

TEST(HostilePath, AFifoWithNoWriterIsRefusedInsteadOfHangingForever) {
  TempDir dir;
  const fs::path fifo = dir.path() / "scenario.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const CliResult r = run_command("timeout 20 " + std::string(CMSIM_BIN) + " validate " + fifo.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("not a regular file"), std::string::npos) << r.output;
}

TEST(HostilePath, AnEndlessDeviceIsRefusedInsteadOfReadUntilMemoryRunsOut) {
  const CliResult r = run_command("timeout 20 " + std::string(CMSIM_BIN) + " run /dev/zero --out /tmp/cmsim-never");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("/dev/zero: /: not a regular file"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists("/tmp/cmsim-never"));
}

TEST(HostileProblems, AFloodOfProblemsListsTheFirstHundredAndCountsTheRest) {
  TempDir dir;
  std::string events;
  for (int i = 0; i < 5000; ++i) events += std::string(i ? "," : "") + R"({"at": "1d", "do": "frobnicate"})";
  const fs::path file = dir.write("flood.json", std::string(kHead) + ", \"events\": [" + events + "]}");
  const CliResult r = run_cmsim("validate " + file.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("/events/99/do"), std::string::npos) << r.output.substr(0, 500);
  EXPECT_EQ(r.output.find("/events/100/do"), std::string::npos);
  EXPECT_NE(r.output.find("... and 4900 more problems (the first 100 are listed)"), std::string::npos)
      << r.output.substr(r.output.size() > 500 ? r.output.size() - 500 : 0);
}

struct HostileArgs {
  const char* name;
  const char* args;   // after the scenario file
  const char* words;  // in the message
};

void PrintTo(const HostileArgs& c, std::ostream* os) { *os << c.name; }
class HostileCommandLine : public ::testing::TestWithParam<HostileArgs> {};

TEST_P(HostileCommandLine, IsRefusedWithExitTwoBeforeAnyRun) {
  TempDir dir;
  const fs::path file = dir.write("ok.json", std::string(kHead) + "}");
  const fs::path out = dir.path() / "out";
  const std::string command = GetParam().args;
  const std::string verb = command.substr(0, command.find(' '));
  const CliResult r = run_cmsim(verb + " " + file.string() + command.substr(verb.size()) + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(GetParam().words), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(out));
}

INSTANTIATE_TEST_SUITE_P(
    Args, HostileCommandLine,
    ::testing::Values(HostileArgs{"negative_replicas", "sweep --replicas -5", "'-5' is not a whole number"},
                      HostileArgs{"zero_replicas", "sweep --replicas 0", "out of range"},
                      HostileArgs{"negative_seed", "run --seed -1", "'-1' is not a whole number"},
                      HostileArgs{"seed_above_2_to_the_64", "run --seed 18446744073709551616", "out of range"},
                      HostileArgs{"zero_jobs", "sweep --replicas 2 --jobs 0", "out of range"},
                      HostileArgs{"log_without_level", "run --log cmsim_sender", "is not a log setting"},
                      HostileArgs{"log_unknown_level", "run --log cmsim.thres:loud", "is not a log setting"},
                      HostileArgs{"log_other_control", "run --log cmsim.app:file:/etc/passwd", "is not a log setting"}),
    [](const ::testing::TestParamInfo<HostileArgs>& info) { return std::string(info.param.name); });

TEST(HostileCommandLineWords, AnUnknownCommandIsNamed) {
  const CliResult r = run_cmsim("frobnicate");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("unknown command 'frobnicate'"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace cmsim::test
