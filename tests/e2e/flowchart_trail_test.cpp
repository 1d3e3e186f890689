// The key log entries of Microsoft's "Download updates" and "Update replication" flowcharts
// (docs/modelling.md §7.5): a simulated upgrade writes each of them, in its file, at its kind
// of site, with the documented text, in the documented order, so an admin who has watched a
// real upgrade recognises the trail.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>

#include "cli_runner.hpp"

namespace cmsim::test {
namespace {

namespace fs = std::filesystem;

enum class Where { top_tier, child_primary, site_server };

struct Entry {
  const char* id;
  Where where;
  const char* file;
  const char* text;  // ECMAScript, searched in the line's text
};

const char* const kGuid = "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}";

std::string pattern(const char* text) {
  return std::regex_replace(std::regex_replace(text, std::regex("\\{GUID\\}"), kGuid), std::regex("\\{PKG\\}"),
                            "[A-Z0-9]{3}10001");
}

// docs/modelling.md §7.5, the flowcharts' table, in the documented order.
const std::vector<Entry>& entries() {
  static const std::vector<Entry> all{
      {"D1", Where::top_tier, "dmpdownloader.log", R"(Manifest\.cab was successfully moved to the connector outbox)"},
      {"D2", Where::top_tier, "hman.log", R"(Configuration Manager Update \(PackageGuid={GUID}\) is applicable)"},
      {"D3", Where::top_tier, "dmpdownloader.log", R"(Found a new available update)"},
      {"D4", Where::top_tier, "dmpdownloader.log", R"(Download content for payload {GUID})"},
      {"D5", Where::top_tier, "ConfigMgrSetup.log", R"(INFO: setupdl\.exe: Finish)"},
      {"D6", Where::top_tier, "hman.log",
       R"(Validate CMU file .+\\hman\.box\\CFD\\{GUID}\.CMU with no intune subscription\.)"},
      {"R1", Where::top_tier, "hman.log", R"(INFO: 2\.ESC file was found\. Easy setup package needs to be updated\.)"},
      {"R2", Where::top_tier, "hman.log", R"(Creating easy setup package\.\.\.)"},
      {"R3", Where::top_tier, "hman.log",
       R"(Info: Created package {PKG} and SMS_DISTRIBUTION_MANAGER will replicate the content to all the site servers )"
       R"(except the secondary sites\. .+ Check distmgr\.log for replication status\.)"},
      {"R4", Where::top_tier, "distmgr.log", R"(Start adding package {PKG})"},
      {"R5", Where::top_tier, "distmgr.log",
       R"(Taking package snapshot for package {PKG} from source \\\\[^\\]+\\EasySetupPayLoad\\{GUID})"},
      {"R6", Where::top_tier, "distmgr.log", R"(Setting CMiniJob transfer root to c:\\SMSPKG\\{PKG}\.PCK\.1)"},
      {"R7", Where::top_tier, "distmgr.log",
       R"(Created minijob to send compressed copy of package {PKG} to site [A-Z0-9]{3}\. Transfer root = )"
       R"(c:\\SMSPKG\\{PKG}\.PCK\.1)"},
      {"R8", Where::top_tier, "sched.log",
       R"(<Updating JOB [0-9A-F]{8}> Software Distribution for Configuration Manager Easy Setup Package, )"
       R"(Package ID = {PKG})"},
      {"R9", Where::top_tier, "sched.log", R"(Created new send request ID:\w+)"},
      {"R10", Where::top_tier, "sched.log", R"(Scheduling send request \w+)"},
      {"R11", Where::top_tier, "sender.log", R"(Package file = c:\\SMSPKG\\{PKG}\.PCK\.1)"},
      {"R12", Where::top_tier, "sender.log", R"(Sending Started \[c:\\SMSPKG\\{PKG}\.PCK\.1\])"},
      {"R13", Where::top_tier, "sender.log", R"(Sending completed \[c:\\SMSPKG\\{PKG}\.PCK\.1\])"},
      {"R14", Where::child_primary, "despool.log", R"(Stored Package {PKG}\. Stored Package Version = 1)"},
      {"R15", Where::child_primary, "distmgr.log",
       R"(Found package properties updated notification for package '{PKG}')"},
      {"R16", Where::child_primary, "distmgr.log", R"(Adding package '{PKG}' to package processing queue\.)"},
      {"R17", Where::child_primary, "distmgr.log",
       R"(Started package processing thread for package '{PKG}', thread ID = 0x[0-9A-F]+ \(\d+\))"},
      {"R18", Where::child_primary, "distmgr.log", R"(Start adding package {PKG}\.\.\.)"},
      {"R19", Where::child_primary, "distmgr.log", R"(Successfully created/updated the package {PKG})"},
      {"R20", Where::site_server, "CMUpdate.log",
       R"(Checking if the CMU Staging folder already has the content extracted\.)"},
      {"R21", Where::site_server, "CMUpdate.log",
       R"(Extracting file (.+)\\CMUStaging\\({GUID})\\SMSSetup\\update\.map\.cab to \1\\CMUStaging\\\2\\SMSSetup\\$)"},
      {"R22", Where::site_server, "CMUpdate.log", R"(Extracted .+\\CMUStaging\\{GUID}\\SMSSetup\\update\.map$)"},
      {"R23", Where::site_server, "CMUpdate.log", R"(Preparing prereq check for site server \S+\.\.\.)"},
      {"R24", Where::site_server, "CMUpdate.log", R"(Running prereq checking against Server \[\S+\] \.\.\.)"},
      {"R25", Where::site_server, "CMUpdate.log",
       R"(Update package will not install as it is marked for prereq check only\.)"},
      {"R26", Where::site_server, "CMUpdate.log",
       R"(Continue configuration manager update as it is configured to ignore prereq warnings\.)"},
      {"R27", Where::site_server, "CMUpdate.log",
       R"(There are site server reporting WARNING in prereq check\. Setup will not continue)"},
      {"R28", Where::site_server, "ConfigMgrPrereq.log", R"(\*+ Prerequisite checking is completed\. \*+)"},
      {"R29", Where::site_server, "CMUpdate.log",
       R"(File (.+)\\CMUStaging\\{GUID}\\splash\.hta is newer than \(\1\\cd\.latest\\splash\.hta\)\. Copied\.)"},
      {"R30", Where::site_server, "CMUpdate.log",
       R"(INFO: Successfully notified HMan that update package is installed)"},
  };
  return all;
}

const Entry& entry(const std::string& id) {
  for (const Entry& e : entries())
    if (id == e.id) return e;
  throw std::runtime_error("no entry " + id);
}

// A log line's text and a sortable local timestamp, in either framing.
struct Line {
  std::string text;
  std::string when;  // YYYYMMDDhhmmss.mmm
};

std::vector<Line> read_log(const fs::path& file) {
  static const std::regex site_server(R"(^(.*)  \$\$<[^>]*><(\d\d)-(\d\d)-(\d{4}) (\d\d):(\d\d):(\d\d\.\d{3}))");
  static const std::regex cmtrace(
      R"re(^<!\[LOG\[(.*)\]LOG\]!><time="(\d\d):(\d\d):(\d\d\.\d{3})[^"]*" date="(\d\d)-(\d\d)-(\d{4})")re");
  std::vector<Line> lines;
  std::istringstream in(read_file(file));
  std::smatch m;
  for (std::string raw; std::getline(in, raw);) {
    if (std::regex_search(raw, m, site_server))
      lines.push_back({m[1], m.str(4) + m.str(2) + m.str(3) + m.str(5) + m.str(6) + m.str(7)});
    else if (std::regex_search(raw, m, cmtrace))
      lines.push_back({m[1], m.str(7) + m.str(5) + m.str(6) + m.str(2) + m.str(3) + m.str(4)});
  }
  return lines;
}

// Where one entry first appears at one site.
struct Found {
  std::string when;
  std::size_t line = 0;
};

class FlowchartTrail : public ::testing::Test {
 protected:
  void run(const std::string& scenario) {
    out_ = dir_.path() / "o";
    const CliResult r = run_cmsim("run " + std::string(CMSIM_SOURCE_DIR) + "/" + scenario + " --out " + out_.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }

  // The first line of the entry at or after `after` (same time or later; a later line in the same file).
  std::optional<Found> find(const std::string& site, const Entry& e, const std::optional<Found>& after = {},
                            bool same_file = false) {
    auto key = site + "/" + e.file;
    if (!logs_.count(key)) logs_[key] = read_log(out_ / "logs" / site / e.file);
    const std::regex re(pattern(e.text));
    const auto& lines = logs_[key];
    for (std::size_t i = after && same_file ? after->line + 1 : 0; i < lines.size(); ++i)
      if ((!after || lines[i].when >= after->when) && std::regex_search(lines[i].text, re))
        return Found{lines[i].when, i};
    return std::nullopt;
  }

  // Every entry of `ids` is in its file at `site`, and they came in that order.
  void expect_trail(const std::string& site, const std::vector<std::string>& ids) {
    std::optional<Found> before;
    std::string before_id, before_file;
    for (const std::string& id : ids) {
      const Entry& e = entry(id);
      const auto found = find(site, e, before, before_file == e.file);
      EXPECT_TRUE(found) << id << " missing from " << site << "/" << e.file
                         << (before ? " after " + before_id : std::string()) << ": " << e.text;
      if (!found) continue;
      before = found;
      before_id = id;
      before_file = e.file;
    }
  }

  void expect_absent(const std::string& site, const std::string& id) {
    EXPECT_FALSE(find(site, entry(id))) << id << " should not be written at " << site;
  }

  TempDir dir_;
  fs::path out_;
  std::map<std::string, std::vector<Line>> logs_;
};

std::vector<std::string> ids(const std::string& from, const std::string& to) {
  std::vector<std::string> out;
  bool on = false;
  for (const Entry& e : entries()) {
    on = on || from == e.id;
    if (on) out.push_back(e.id);
    if (to == e.id) break;
  }
  return out;
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<std::string> kPrepareAndInstall = ids("R20", "R24") + std::vector<std::string>{"R28", "R29", "R30"};

TEST_F(FlowchartTrail, AnInstallWritesEveryEntryInOrderAtTheTopTierAndTheChildPrimaries) {
  run("scenarios/examples/cas-two-primaries.json");
  // Each flowchart's trail in its order (the download one ends before the replication one starts
  // for the update it is about; a hotfix rollup without redists runs no setupdl.exe).
  expect_trail("CAS", ids("D1", "D6"));
  expect_trail("CAS", ids("R1", "R13") + kPrepareAndInstall);
  for (const char* child : {"P01", "P02"}) {
    expect_trail(child, ids("R14", "R19") + kPrepareAndInstall);
    for (const char* alternative : {"R25", "R26", "R27"}) expect_absent(child, alternative);
  }
  // Secondaries get no Easy Setup Package and run no CMUpdate (docs/modelling.md §4.2).
  EXPECT_FALSE(fs::exists(out_ / "logs" / "S11" / "CMUpdate.log"));
  EXPECT_FALSE(fs::exists(out_ / "logs" / "S11" / "despool.log"));
}

TEST_F(FlowchartTrail, AWarningStopsTheInstallUntilTheAdminIgnoresIt) {
  run("scenarios/regression/prereq-warning-ignored-later.json");
  expect_trail("P01", ids("R20", "R24") + std::vector<std::string>{"R28", "R27", "R26", "R29", "R30"});
  expect_absent("P02", "R27");
}

TEST_F(FlowchartTrail, APrerequisiteOnlyRunSaysItWillNotInstall) {
  run("scenarios/regression/prereq-check-only-then-install.json");
  for (const char* site : {"CAS", "P01"})
    expect_trail(site, ids("R20", "R24") + std::vector<std::string>{"R28", "R25"});
  expect_trail("CAS", ids("R25", "R25") + std::vector<std::string>{"R29", "R30"});  // the later install
}

// docs/modelling.md §4.3 step 9: the second update is a newer version of the same package, and
// each package goes to each child primary as one sending.
TEST_F(FlowchartTrail, ASecondUpdateIsANewerVersionOfTheEasySetupPackageSentOnce) {
  run("scenarios/examples/cas-two-primaries.json");
  const std::string despool = read_file(out_ / "logs" / "P01" / "despool.log");
  EXPECT_NE(despool.find("save the newer version (version 2)."), std::string::npos);
  EXPECT_NE(despool.find("Stored Package CAS10001. Stored Package Version = 2"), std::string::npos);
  const auto sender = read_log(out_ / "logs" / "CAS" / "sender.log");
  const auto finished = std::count_if(sender.begin(), sender.end(), [](const Line& l) {
    return l.text.rfind("~Finished sending SWD package CAS10001 version", 0) == 0;
  });
  EXPECT_EQ(finished, 4);  // two updates, two child primaries
}

// The prerequisite check takes its modelled time between its start and completion lines.
TEST_F(FlowchartTrail, ConfigMgrPrereqLogBracketsTheCheck) {
  run("scenarios/examples/cas-two-primaries.json");
  const auto lines = read_log(out_ / "logs" / "P01" / "ConfigMgrPrereq.log");
  ASSERT_GE(lines.size(), 3u);
  ASSERT_NE(lines.front().text.find("Start Prerequisite checking"), std::string::npos);
  const auto done = std::find_if(lines.begin(), lines.end(), [](const Line& l) {
    return l.text.find("checking is completed") != std::string::npos;
  });
  ASSERT_NE(done, lines.end());
  EXPECT_LT(lines.front().when, done->when);
}

}  // namespace
}  // namespace cmsim::test
