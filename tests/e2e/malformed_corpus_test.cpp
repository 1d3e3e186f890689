// The malformed corpus (tests/fixtures/malformed/, written by scripts/make_malformed_corpus.py):
// every file is one mistake in an otherwise valid scenario, and expected.json names the
// pointer it must be refused at. Each file alone is exit 2 with its pointer, from validate
// and from run (which must leave no output folder).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(CMSIM_SOURCE_DIR) / "tests" / "fixtures" / "malformed";

nlohmann::json expected_pointers() {
  std::ifstream in(kCorpus / "expected.json");
  return nlohmann::json::parse(in);
}

TEST(MalformedCorpus, HoldsAtLeast150Files) {
  EXPECT_GE(expected_pointers().size(), 150u);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(kCorpus)) files += e.path().filename() != "expected.json";
  EXPECT_EQ(files, expected_pointers().size()) << "run scripts/make_malformed_corpus.py";
}

TEST(MalformedCorpus, EveryFileIsRefusedAtItsPointer) {
  const nlohmann::json expected = expected_pointers();
  for (const auto& [name, pointer] : expected.items()) {
    const fs::path file = kCorpus / name;
    const CliResult r = run_cmsim("validate " + file.string());
    EXPECT_EQ(r.exit_code, 2) << name << "\n" << r.output;
    const std::string at = file.string() + ": " + pointer.get<std::string>();
    EXPECT_NE(r.output.find(at), std::string::npos) << "expected " << at << " in:\n" << r.output;
    EXPECT_NE(r.output.find("(expected"), std::string::npos) << name << "\n" << r.output;
  }
}

TEST(MalformedCorpus, RunWritesNothingForAnyOfThem) {
  TempDir dir;
  std::size_t n = 0;
  const nlohmann::json expected = expected_pointers();
  for (const auto& [name, pointer] : expected.items()) {
    if (n++ % 5 != 0) continue;  // a fifth of them: run and validate share the loader
    const fs::path out = dir.path() / name;
    const CliResult r = run_cmsim("run " + (kCorpus / name).string() + " --out " + out.string());
    EXPECT_EQ(r.exit_code, 2) << name << "\n" << r.output;
    EXPECT_FALSE(fs::exists(out)) << name;
  }
}

}  // namespace
}  // namespace cmsim::test
