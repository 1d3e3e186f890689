// The output folder of `cmsim run` is one unit: a reader sees the complete old set or the
// complete new one, never a mix, whatever happens to the run (a signal, kill -9, a write
// error, a second run into the same folder), and what a dead run left is removed by the next.
// The folders of `cmsim test --out` and `cmsim compare --out` are units the same way.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.hpp"
#include "sim/cli/child_process.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;

const std::string kExample = std::string(CMSIM_SOURCE_DIR) + "/scenarios/examples/cas-two-primaries.json";

// A mid-sized run (41 sites): its files outgrow a small file size limit.
const std::string kLarge = std::string(CMSIM_SOURCE_DIR) + "/scenarios/examples/planner-today.json";

// The largest example (6,276 sites, about a second): every command takes its folder before
// simulating, so a signal sent when the staging folder appears must land during a
// simulation that lasts even on a loaded machine.
const std::string kLargest = std::string(CMSIM_SOURCE_DIR) + "/scenarios/examples/largest-hierarchy.json";
const std::string kExpansion = std::string(CMSIM_SOURCE_DIR) + "/scenarios/examples/expand-standalone-to-cas.json";

// Every entry beside `out` in its parent other than `out` itself and its lock file.
std::vector<std::string> leftovers(const fs::path& out) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(out.parent_path())) {
    const std::string name = e.path().filename().string();
    if (name != out.filename().string() && name != "." + out.filename().string() + ".cmsim-lock" &&
        name.rfind(out.filename().string(), 0) == 0)
      names.push_back(name);
  }
  return names;
}

// Starts cmsim with `args` (stdout and stderr to /dev/null); returns its pid.
pid_t spawn_cmsim(const std::vector<std::string>& args) {
  std::vector<std::string> argv{CMSIM_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto child = start_program(argv, Stream::kDiscard, Stream::kDiscard);
  return child ? child->pid : -1;
}

// Waits, without sleeping, until the run has started writing its staging folder.
bool staging_appears(const fs::path& out, pid_t pid) {
  const fs::path staging = out.parent_path() / (out.filename().string() + ".tmp-" + std::to_string(pid));
  for (long i = 0; i < 50'000'000; ++i) {
    if (fs::exists(staging)) return true;
    if (poll_child(pid)) return false;  // finished before we looked
    std::this_thread::yield();
  }
  return false;
}

// How a cmsim that was sent a signal ended: "exit 143" when it handled SIGTERM itself.
std::string ending_of(pid_t pid) { return describe_status(wait_child(pid)); }

std::string exit_of(int signal) { return "exit " + std::to_string(128 + signal); }

class OutputFolder : public ::testing::Test {
 protected:
  TempDir dir_;
  fs::path out_ = dir_.path() / "out";

  std::string first_run() {
    const CliResult r = run_cmsim("run " + kExample + " --out " + out_.string());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return read_file(out_ / "report.json");
  }
};

TEST_F(OutputFolder, ASecondRunReplacesTheWholeSetAndLeavesNothingBeside) {
  first_run();
  fs::create_directories(out_ / "logs" / "ZZZ");  // a site of some older run
  std::ofstream(out_ / "logs" / "ZZZ" / "stale.log") << "old";
  const CliResult r = run_cmsim("run " + kExample + " --out " + out_.string() + " --seed 9");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(fs::exists(out_ / "logs" / "ZZZ")) << "a file of the old set survived into the new one";
  EXPECT_NE(read_file(out_ / "report.json").find("\"seed\": 9"), std::string::npos);
  EXPECT_TRUE(leftovers(out_).empty());
}

TEST_F(OutputFolder, AFolderOfTheUsersOwnFilesIsRefusedAndLeftAlone) {
  fs::create_directories(out_);
  std::ofstream(out_ / "thesis.tex") << "mine";
  const CliResult r = run_cmsim("run " + kExample + " --out " + out_.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("holds files that are not a cmsim run's outputs"), std::string::npos) << r.output;
  EXPECT_EQ(read_file(out_ / "thesis.tex"), "mine");
}

TEST_F(OutputFolder, ASecondRunIntoAFolderInUseIsRefusedNamingTheHolder) {
  first_run();
  const fs::path lock = dir_.path() / ".out.cmsim-lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  const std::string me = std::to_string(::getpid());
  ASSERT_EQ(::ftruncate(fd, 0), 0);
  ASSERT_EQ(::pwrite(fd, me.data(), me.size(), 0), static_cast<ssize_t>(me.size()));
  const std::string before = read_file(out_ / "report.json");
  const CliResult r = run_cmsim("run " + kExample + " --out " + out_.string() + " --seed 9");
  ::close(fd);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(out_.string() + " is in use by process " + me), std::string::npos) << r.output;
  EXPECT_EQ(read_file(out_ / "report.json"), before);
}

TEST_F(OutputFolder, WhatADeadRunLeftIsRemovedByTheNextRun) {
  first_run();
  fs::create_directories(dir_.path() / "out.tmp-999999" / "logs");
  fs::create_directories(dir_.path() / "out.old-999998");
  const CliResult r = run_cmsim("run " + kExample + " --out " + out_.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(leftovers(out_).empty());
}

// A file-size limit fails writes as a full disk does (EFBIG instead of ENOSPC, with SIGXFSZ
// ignored so the write returns an error), at a different file for each limit: a small log,
// report.json, report.html, the largest log. Each time the error names the file, the previous
// set stays whole and nothing is left beside it.
TEST_F(OutputFolder, AWriteErrorAtAnyFileLeavesThePreviousSetWhole) {
  const std::string before = first_run();
  std::set<std::string> failed_files;
  for (int limit_kib : {1, 8, 20, 40, 100}) {
    const CliResult r =
        run_command("trap '' XFSZ; ulimit -f " + std::to_string(limit_kib) + "; " + std::string(CMSIM_BIN) + " run " +
                    kLarge + " --out " + out_.string() + " --seed 9");
    const std::string at = std::to_string(limit_kib) + " KiB: " + r.output;
    EXPECT_EQ(r.exit_code, 3) << at;
    const std::size_t named = r.output.find("cannot write ");
    ASSERT_NE(named, std::string::npos) << at;
    failed_files.insert(r.output.substr(named, r.output.find(':', named) - named));
    EXPECT_NE(r.output.find("keeps its previous outputs"), std::string::npos) << at;
    EXPECT_EQ(read_file(out_ / "report.json"), before) << at;
    EXPECT_TRUE(fs::exists(out_ / "logs")) << at;
    EXPECT_TRUE(leftovers(out_).empty()) << at;
  }
  EXPECT_GE(failed_files.size(), 3u) << "the limits should fail the write at different files";
}

// SIGINT (Ctrl-C) and SIGTERM (Slurm) at the moment the run starts writing its set: the exit
// code is 128 + the signal, the old set is whole, and nothing is left beside it.
void interrupt_while_running(const fs::path& out, const std::string& before, int signal) {
  const pid_t pid = spawn_cmsim({"run", kLargest, "--out", out.string(), "--seed", "9"});
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(staging_appears(out, pid)) << "the run finished before it could be interrupted";
  ::kill(pid, signal);
  EXPECT_EQ(ending_of(pid), exit_of(signal));
  EXPECT_EQ(read_file(out / "report.json"), before);
  EXPECT_TRUE(leftovers(out).empty());
}

TEST_F(OutputFolder, SigintStopsCleanlyWithExit130) { interrupt_while_running(out_, first_run(), SIGINT); }
TEST_F(OutputFolder, SigtermStopsCleanlyWithExit143) { interrupt_while_running(out_, first_run(), SIGTERM); }

// kill -9 gives no chance to clean up: the folder itself must still be one whole set, and the
// next run removes what was left beside it.
TEST_F(OutputFolder, KillNineAtManyMomentsNeverMixesTwoRuns) {
  const std::string before = first_run();
  std::string after;
  for (int trial = 0; trial < 12; ++trial) {
    const pid_t pid = spawn_cmsim({"run", kExample, "--out", out_.string(), "--seed", "9"});
    // Kill at a growing number of scheduler turns after the start: early, mid-simulation,
    // mid-writing, after the swap.
    for (int turn = 0; turn < trial * 2000; ++turn) std::this_thread::yield();
    ::kill(pid, SIGKILL);
    wait_child(pid);
    const std::string now = read_file(out_ / "report.json");
    if (now != before) {
      if (after.empty()) after = now;
      EXPECT_EQ(now, after) << "trial " << trial << ": report.json is neither the old nor the new run's";
    }
    EXPECT_TRUE(fs::exists(out_ / "logs" / "CAS")) << "trial " << trial;
  }
  const CliResult r = run_cmsim("run " + kExample + " --out " + out_.string() + " --seed 9");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(leftovers(out_).empty());
}

// Waits, without sleeping, until `runs` holds at least `count` finished run files.
bool runs_appear(const fs::path& runs, std::size_t count, pid_t pid) {
  for (long i = 0; i < 50'000'000; ++i) {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(runs, ec))
      if (e.path().extension() == ".json") ++n;
    if (n >= count) return true;
    if (poll_child(pid)) return false;
    std::this_thread::yield();
  }
  return false;
}

// Slurm stops a job step with SIGTERM, a user with Ctrl-C: the finished runs are kept, none
// is left half-written, and the same command resumes with the rest.
TEST(SweepInterruption, StopsCleanlyAndTheSameCommandResumes) {
  TempDir dir;
  const fs::path out = dir.path() / "sweep";
  const std::vector<std::string> args{"sweep", kExample, "--replicas", "300", "--jobs", "2", "--out", out.string()};
  const pid_t pid = spawn_cmsim(args);
  ASSERT_TRUE(runs_appear(out / "runs", 3, pid)) << "the sweep ended before it could be interrupted";
  ::kill(pid, SIGINT);
  EXPECT_EQ(ending_of(pid), exit_of(SIGINT));
  std::size_t kept = 0;
  for (const auto& e : fs::directory_iterator(out / "runs")) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
    ++kept;
  }
  ASSERT_GE(kept, 3u);
  ASSERT_LT(kept, 300u);
  std::string again = CMSIM_BIN;
  for (const std::string& a : args) again += " " + a;
  const CliResult resumed = run_command(again);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("skipped " + std::to_string(kept) + " finished runs"), std::string::npos)
      << resumed.output;
  EXPECT_TRUE(fs::exists(out / "summary.json"));
}

// ---- `cmsim test --out DIR` ---------------------------------------------------------------

class TestOutFolder : public ::testing::Test {
 protected:
  TempDir dir_;
  fs::path out_ = dir_.path() / "suite";

  // The set the later runs must not disturb: cas-two-primaries/ and nothing else.
  std::string first_test() {
    const CliResult r = run_cmsim("test " + kExample + " --out " + out_.string());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return read_file(out_ / "cas-two-primaries" / "report.json");
  }
  void expect_untouched(const std::string& before) {
    EXPECT_EQ(read_file(out_ / "cas-two-primaries" / "report.json"), before);
    EXPECT_FALSE(fs::exists(out_ / "largest-hierarchy"));
    EXPECT_TRUE(leftovers(out_).empty());
  }
};

TEST_F(TestOutFolder, ASecondTestIntoAFolderInUseIsRefusedNamingTheHolder) {
  const std::string before = first_test();
  const pid_t first = spawn_cmsim({"test", kLargest, "--out", out_.string()});
  ASSERT_TRUE(staging_appears(out_, first)) << "the first test finished before the second could start";
  ::kill(first, SIGSTOP);  // it holds the folder for as long as this test needs
  const CliResult second = run_cmsim("test " + kExample + " --out " + out_.string());
  ::kill(first, SIGTERM);
  ::kill(first, SIGCONT);
  EXPECT_EQ(second.exit_code, 2) << second.output;
  EXPECT_NE(second.output.find(out_.string() + " is in use by process " + std::to_string(first)), std::string::npos)
      << second.output;
  EXPECT_EQ(ending_of(first), exit_of(SIGTERM));
  expect_untouched(before);
}

TEST_F(TestOutFolder, SigintMidSuiteLeavesThePreviousSetWhole) {
  const std::string before = first_test();
  const pid_t pid = spawn_cmsim({"test", kExample, kLargest, "--out", out_.string()});
  ASSERT_TRUE(staging_appears(out_, pid)) << "the test finished before it could be interrupted";
  ::kill(pid, SIGINT);
  EXPECT_EQ(ending_of(pid), exit_of(SIGINT));
  expect_untouched(before);
}

TEST_F(TestOutFolder, KillNineMidSuiteLeavesThePreviousSetAndTheNextTestCleansUp) {
  const std::string before = first_test();
  const pid_t pid = spawn_cmsim({"test", kLargest, "--out", out_.string()});
  ASSERT_TRUE(staging_appears(out_, pid)) << "the test finished before it could be killed";
  ::kill(pid, SIGKILL);
  EXPECT_EQ(ending_of(pid), "killed by signal 9");
  EXPECT_EQ(read_file(out_ / "cas-two-primaries" / "report.json"), before);
  EXPECT_FALSE(fs::exists(out_ / "largest-hierarchy"));
  EXPECT_EQ(first_test(), before);  // the same scenario and seed: the same report
  EXPECT_TRUE(leftovers(out_).empty());
}

// ---- `cmsim compare A B --out DIR` --------------------------------------------------------

class CompareOutFolder : public ::testing::Test {
 protected:
  TempDir dir_;
  fs::path out_ = dir_.path() / "cmp";

  std::string first_compare() {
    const CliResult r = run_cmsim("compare " + kLarge + " " + kExpansion + " --out " + out_.string());
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return read_file(out_ / "compare.json");
  }
  pid_t spawn_long_compare() { return spawn_cmsim({"compare", kLargest, kLargest, "--out", out_.string()}); }
};

TEST_F(CompareOutFolder, SigtermMidSimulationLeavesThePreviousPairWhole) {
  const std::string before = first_compare();
  const std::string page = read_file(out_ / "compare.html");
  const pid_t pid = spawn_long_compare();
  ASSERT_TRUE(staging_appears(out_, pid)) << "the compare finished before it could be interrupted";
  ::kill(pid, SIGTERM);
  EXPECT_EQ(ending_of(pid), exit_of(SIGTERM));
  EXPECT_EQ(read_file(out_ / "compare.json"), before);
  EXPECT_EQ(read_file(out_ / "compare.html"), page);
  EXPECT_TRUE(leftovers(out_).empty());
}

TEST_F(CompareOutFolder, KillNineLeavesThePreviousPairAndTheNextCompareCleansUp) {
  const std::string before = first_compare();
  const pid_t pid = spawn_long_compare();
  ASSERT_TRUE(staging_appears(out_, pid)) << "the compare finished before it could be killed";
  ::kill(pid, SIGKILL);
  EXPECT_EQ(ending_of(pid), "killed by signal 9");
  EXPECT_EQ(read_file(out_ / "compare.json"), before);
  EXPECT_FALSE(leftovers(out_).empty()) << "kill -9 leaves its staging folder for the next run";
  EXPECT_EQ(first_compare(), before);
  EXPECT_TRUE(leftovers(out_).empty());
}

TEST_F(CompareOutFolder, ASecondCompareIntoAFolderInUseIsRefusedNamingTheHolder) {
  const std::string before = first_compare();
  const pid_t first = spawn_long_compare();
  ASSERT_TRUE(staging_appears(out_, first)) << "the first compare finished before the second could start";
  ::kill(first, SIGSTOP);
  const CliResult second = run_cmsim("compare " + kLarge + " " + kExpansion + " --out " + out_.string());
  ::kill(first, SIGINT);
  ::kill(first, SIGCONT);
  EXPECT_EQ(second.exit_code, 2) << second.output;
  EXPECT_NE(second.output.find(out_.string() + " is in use by process " + std::to_string(first)), std::string::npos)
      << second.output;
  EXPECT_EQ(ending_of(first), exit_of(SIGINT));
  EXPECT_EQ(read_file(out_ / "compare.json"), before);
  EXPECT_TRUE(leftovers(out_).empty());
}

}  // namespace
}  // namespace cmsim::test
