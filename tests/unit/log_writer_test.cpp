// The simulated ConfigMgr logs (docs/modelling.md §7.3-7.4, docs/modelling.md §12.1): every emitted line must
// parse with the documented grammar of its framing, message text must never break the
// framing, times are the right UTC instants, and rotation keeps what the product keeps.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
// GCC 12 reports a false -Wmaybe-uninitialized inside <regex> when optimising with the
// sanitizers on (CMSIM_SANITIZE); the warning is in the library, not in this test.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/units.hpp"
#include "models/statmsg.hpp"
#include "reports/log_folder.hpp"
#include "scratch_dir.hpp"

namespace cmsim::reports {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kStart = 1767571200;  // 2026-01-05T00:00:00Z

// Site-server framing (docs/modelling.md §7.4 a); the text part is captured.
const std::regex kSiteServerLine(
    R"(^(.*)  \$\$<[A-Z_]+><\d\d-\d\d-\d{4} \d\d:\d\d:\d\d\.\d{3}[+-]\d{3}><thread=\d+ \(0x[0-9A-F]{4,}\)>$)");
// CMTrace framing (docs/modelling.md §7.4 b), transcribed from CMTrace's scanf pattern with its
// field limits (component and file at most 100 characters, type 1-3).
const std::regex kCmtraceLine(
    R"(^<!\[LOG\[(.*)\]LOG\]!><time="\d\d:\d\d:\d\d\.\d{3}[+-]\d{3}" date="\d\d-\d\d-\d{4}" component="[^"]{1,100}" context="" type="[123]" thread="\d+" file="[^"]{0,100}">$)");

LogRecord record(double t_s, std::string text, LogFraming framing = LogFraming::site_server,
                 std::string file = "hman.log", std::string site = "CAS") {
  LogRecord r;
  r.t_s = t_s;
  r.site = std::move(site);
  r.file = std::move(file);
  r.component = framing == LogFraming::cmtrace ? "SMS_SERVICE_CONNECTOR" : "SMS_HIERARCHY_MANAGER";
  r.thread = 7568;
  r.framing = framing;
  r.text = std::move(text);
  return r;
}

std::string line_of(const LogRecord& r, int bias = 0) {
  std::string out;
  append_log_line(out, view_of(r), kStart, bias);
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::size_t count_of(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

// A line is well formed when it matches its framing's grammar and its frame markers
// occur exactly once (so a reader cannot split it anywhere else).
::testing::AssertionResult well_formed(const std::string& line) {
  std::smatch m;
  if (std::regex_match(line, m, kSiteServerLine)) {
    if (count_of(line, "$$<") != 1 || line.find("<![LOG[") != std::string::npos ||
        line.find("]LOG]!>") != std::string::npos)
      return ::testing::AssertionFailure() << "stray marker in: " << line;
    return ::testing::AssertionSuccess();
  }
  if (std::regex_match(line, m, kCmtraceLine)) {
    if (count_of(line, "<![LOG[") != 1 || count_of(line, "]LOG]!>") != 1 || line.find("$$<") != std::string::npos)
      return ::testing::AssertionFailure() << "stray marker in: " << line;
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "matches neither framing: " << line;
}

std::vector<LogLine> views(const std::vector<LogRecord>& records) {
  std::vector<LogLine> out;
  for (const LogRecord& r : records) out.push_back(view_of(r));
  return out;
}

TEST(LogWriter, SiteServerLineHasTheDocumentedShape) {
  const std::string line = line_of(record(90061.5, "Download manifest.cab~~"));
  EXPECT_EQ(line,
            "Download manifest.cab~~  $$<SMS_HIERARCHY_MANAGER><01-06-2026 01:01:01.500+000>"
            "<thread=7568 (0x1D90)>\n");
  EXPECT_TRUE(well_formed(line.substr(0, line.size() - 1)));
}

TEST(LogWriter, CmtraceLineHasTheDocumentedShape) {
  LogRecord r = record(90061.5, "Connectivity check failed", LogFraming::cmtrace);
  r.severity = Severity::error;
  const std::string line = line_of(r);
  EXPECT_EQ(line,
            "<![LOG[Connectivity check failed]LOG]!><time=\"01:01:01.500+000\" date=\"01-06-2026\" "
            "component=\"SMS_SERVICE_CONNECTOR\" context=\"\" type=\"3\" thread=\"7568\" file=\"\">\n");
  EXPECT_TRUE(well_formed(line.substr(0, line.size() - 1)));
  r.severity = Severity::warning;
  EXPECT_NE(line_of(r).find("type=\"2\""), std::string::npos);
  r.severity = Severity::info;
  EXPECT_NE(line_of(r).find("type=\"1\""), std::string::npos);
}

TEST(LogWriter, ThreadHexIsUpperCaseWithAtLeastFourDigits) {
  LogRecord r = record(0, "x");
  r.thread = 26;
  EXPECT_NE(line_of(r).find("<thread=26 (0x001A)>"), std::string::npos);
  r.thread = 0x12345;
  EXPECT_NE(line_of(r).find("<thread=74565 (0x12345)>"), std::string::npos);
}

TEST(LogWriter, TimesAreUtcOfStartPlusOffset) {
  // Midnight rollover and a year boundary, to catch an off-by-one in the calendar.
  EXPECT_NE(line_of(record(86400.0 * 361 - 0.001, "x")).find("<12-31-2026 23:59:59.999+000>"), std::string::npos);
  EXPECT_NE(line_of(record(86400.0 * 361, "x")).find("<01-01-2027 00:00:00.000+000>"), std::string::npos);
}

TEST(LogWriter, BiasFollowsTheWindowsSignConvention) {
  // UTC = local + bias: Redmond summer (UTC-7) writes 7 hours earlier with +420; CET
  // (UTC+1) writes one hour later with -060.
  EXPECT_NE(line_of(record(90061.5, "x"), 420).find("<01-05-2026 18:01:01.500+420>"), std::string::npos);
  const std::string cet = line_of(record(90061.5, "x", LogFraming::cmtrace), -60);
  EXPECT_NE(cet.find("time=\"02:01:01.500-060\" date=\"01-06-2026\""), std::string::npos) << cet;
  EXPECT_TRUE(well_formed(cet.substr(0, cet.size() - 1)));
}

TEST(LogWriter, MessageTextCannotBreakTheFraming) {
  const std::string nasty = "a]LOG]!>b\nc<![LOG[d$$<e\r\nf\rg $$<![LOG[ h";
  const std::string cm = line_of(record(0, nasty, LogFraming::cmtrace));
  const std::string ss = line_of(record(0, nasty));
  for (const std::string& line : {cm, ss}) {
    EXPECT_EQ(count_of(line, "\n"), 1u);
    EXPECT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_TRUE(well_formed(line.substr(0, line.size() - 1)));
  }
  EXPECT_EQ(ss.substr(0, ss.find("  $$<")), "a]LOG]! >b c<![LOG [d$$ <e f g $$ <![LOG [ h");
}

TEST(LogWriter, ComponentCannotBreakTheFraming) {
  LogRecord r = record(0, "x", LogFraming::cmtrace);
  r.component = std::string(150, 'A') + "\"<>";
  const std::string line = line_of(r);
  EXPECT_NE(line.find("component=\"" + std::string(100, 'A') + "\""), std::string::npos);
  EXPECT_TRUE(well_formed(line.substr(0, line.size() - 1)));
}

TEST(LogWriter, StatmsgEchoHasTheProductShape) {
  StatMsg m;
  m.id = 3306;
  m.component = "SMS_HIERARCHY_MANAGER";
  m.server = "cas.contoso.com";
  m.site = "CAS";
  m.pid = 2168;
  m.tid = 4888;
  m.gmt_unix_s = static_cast<double>(units::days_from_civil(2016, 12, 21) * 86400 + 16 * 3600 + 15 * 60 + 8) + 0.957;
  m.insertion_strings = {"C:\\inboxes\\hman.box\\CAS.SCU", "say \"x\""};
  EXPECT_EQ(statmsg_line(m),
            "STATMSG: ID=3306 SEV=I LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_HIERARCHY_MANAGER\" "
            "SYS=cas.contoso.com SITE=CAS PID=2168 TID=4888 GMTDATE=Wed Dec 21 16:15:08.957 2016 "
            "ISTR0=\"C:\\inboxes\\hman.box\\CAS.SCU\" ISTR1=\"say 'x'\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" "
            "ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" NUMATTRS=0");
  m.severity = Severity::error;
  m.attributes = {{404, "CAS"}};
  const std::string with_attr = statmsg_line(m);
  EXPECT_NE(with_attr.find("SEV=E "), std::string::npos);
  EXPECT_NE(with_attr.find("NUMATTRS=1 AID0=404 AVAL0=\"CAS\""), std::string::npos);
  // As a log line's text it keeps the line well formed.
  const std::string line = line_of(record(0, with_attr));
  EXPECT_TRUE(well_formed(line.substr(0, line.size() - 1)));
}

TEST(LogWriter, RenderWithoutLimitKeepsEverythingInOrder) {
  std::vector<LogRecord> records;
  for (int i = 0; i < 50; ++i) records.push_back(record(i, "line " + std::to_string(i)));
  const RenderedLog r = render_log(views(records), kStart, 0);
  EXPECT_TRUE(r.rotated.empty());
  const auto lines = split_lines(r.log);
  ASSERT_EQ(lines.size(), 50u);
  EXPECT_EQ(lines[7].rfind("line 7  $$<", 0), 0u);
}

TEST(LogWriter, RolloverKeepsBothFilesWithinTheLimitAndLosesNothing) {
  std::vector<LogRecord> records;
  for (int i = 0; i < 30; ++i) records.push_back(record(i, "message number " + std::to_string(100 + i)));
  const std::size_t line_bytes = line_of(records[0]).size();
  const std::size_t max_bytes = line_bytes * 20;  // rotates once: ~19 lines, then the rest
  const RenderedLog r = render_log(views(records), kStart, max_bytes);
  ASSERT_FALSE(r.rotated.empty());
  EXPECT_LE(r.rotated.size(), max_bytes);
  EXPECT_LT(r.log.size(), max_bytes);
  const std::string marker_line = std::string(kLogRolloverMarker) + "\n";
  ASSERT_GE(r.rotated.size(), marker_line.size());
  EXPECT_EQ(r.rotated.substr(r.rotated.size() - marker_line.size()), marker_line);

  auto old_lines = split_lines(r.rotated);
  old_lines.pop_back();  // the marker
  const auto new_lines = split_lines(r.log);
  EXPECT_EQ(old_lines.size() + new_lines.size(), records.size());
  std::vector<std::string> all = old_lines;
  all.insert(all.end(), new_lines.begin(), new_lines.end());
  EXPECT_EQ(all, split_lines(render_log(views(records), kStart, 0).log));
}

TEST(LogWriter, RepeatedRolloverKeepsOnlyTheLastRotation) {
  std::vector<LogRecord> records;
  for (int i = 0; i < 200; ++i) records.push_back(record(i, "message number " + std::to_string(1000 + i)));
  const std::size_t max_bytes = 2000;
  const RenderedLog r = render_log(views(records), kStart, max_bytes);
  EXPECT_LE(r.rotated.size(), max_bytes);
  EXPECT_LT(r.log.size(), max_bytes);
  EXPECT_EQ(count_of(r.rotated, std::string(kLogRolloverMarker)), 1u);
  // The newest record is last in .log, and .lo_ holds the records just before it.
  const auto new_lines = split_lines(r.log);
  EXPECT_EQ(new_lines.back().rfind("message number 1199", 0), 0u);
  auto old_lines = split_lines(r.rotated);
  old_lines.pop_back();
  const std::string first_new = new_lines.front().substr(15, 4);
  const std::string last_old = old_lines.back().substr(15, 4);
  EXPECT_EQ(std::stoi(first_new), std::stoi(last_old) + 1);
}

TEST(LogWriter, ALineLongerThanTheLimitIsStillWritten) {
  std::vector<LogRecord> records = {record(0, "short"), record(1, std::string(500, 'x')), record(2, "after")};
  const RenderedLog r = render_log(views(records), kStart, 200);
  const auto log_lines = split_lines(r.log);
  ASSERT_EQ(log_lines.size(), 1u);
  EXPECT_EQ(log_lines[0].rfind("after", 0), 0u);
  EXPECT_NE(r.rotated.find(std::string(500, 'x')), std::string::npos);
}

// A private scratch directory per test, removed afterwards.
class LogWriterFiles : public test::ScratchDirTest {
 protected:
  // Relative path -> content of every file under `root`.
  static std::vector<std::pair<std::string, std::string>> tree(const fs::path& root) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (e.is_regular_file()) files.emplace_back(fs::relative(e.path(), root).string(), read(e.path()));
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  // Interleaved records of two sites and three files in both framings, with hostile text.
  static std::vector<LogRecord> mixed_records(int n) {
    std::vector<LogRecord> records;
    for (int i = 0; i < n; ++i) {
      const std::string text = "step " + std::to_string(i) + (i % 7 == 0 ? " ]LOG]!> x\ny $$< z" : " ok~~");
      records.push_back(record(i * 37.25, text, LogFraming::site_server, "hman.log", i % 2 ? "CAS" : "P01"));
      records.push_back(record(i * 37.25, text, LogFraming::cmtrace, "EndpointConnectivityCheckWorker.log", "CAS"));
      records.push_back(record(i * 37.25 + 1, text, LogFraming::site_server, "dmpdownloader.log", "CAS"));
    }
    return records;
  }

  // One run's log folder, written and put in place.
  static void write_folder(const fs::path& logs, const std::vector<LogRecord>& records, std::size_t max_bytes) {
    LogFolder folder(logs, kStart, max_bytes);
    LogStore store;
    for (const LogRecord& r : records) store.push_back(r);
    folder.add(store);
    folder.commit();
  }
};

TEST_F(LogWriterFiles, EveryLineOfEveryFileMatchesItsGrammar) {
  const auto records = mixed_records(400);
  write_folder(dir_, records, 20000);
  std::size_t files = 0;
  std::size_t rotated = 0;
  for (const auto& [name, content] : tree(dir_)) {
    ++files;
    ASSERT_FALSE(content.empty()) << name;
    EXPECT_EQ(content.back(), '\n') << name;
    auto lines = split_lines(content);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".lo_") == 0) {
      ++rotated;
      EXPECT_LE(content.size(), 20000u) << name;
      ASSERT_EQ(lines.back(), kLogRolloverMarker) << name;
      lines.pop_back();
    } else {
      EXPECT_LT(content.size(), 20000u) << name;
    }
    for (const std::string& line : lines) EXPECT_TRUE(well_formed(line)) << name;
  }
  EXPECT_EQ(files, 4u + rotated);
  EXPECT_GE(rotated, 1u);
  EXPECT_TRUE(fs::exists(dir_ / "CAS" / "hman.log"));
  EXPECT_TRUE(fs::exists(dir_ / "P01" / "hman.log"));
  EXPECT_TRUE(fs::exists(dir_ / "CAS" / "EndpointConnectivityCheckWorker.log"));
  EXPECT_TRUE(fs::exists(dir_ / "CAS" / "EndpointConnectivityCheckWorker.lo_"));
}

TEST_F(LogWriterFiles, EachFileGetsItsOwnRecordsInOrder) {
  const auto records = mixed_records(20);
  write_folder(dir_, records, 0);
  const auto cas = split_lines(read(dir_ / "CAS" / "hman.log"));
  const auto p01 = split_lines(read(dir_ / "P01" / "hman.log"));
  ASSERT_EQ(cas.size(), 10u);
  ASSERT_EQ(p01.size(), 10u);
  EXPECT_EQ(cas[0].rfind("step 1 ", 0), 0u);
  EXPECT_EQ(p01[0].rfind("step 0 ", 0), 0u);
  EXPECT_EQ(cas[9].rfind("step 19 ", 0), 0u);
  EXPECT_EQ(split_lines(read(dir_ / "CAS" / "dmpdownloader.log")).size(), 20u);
}

TEST_F(LogWriterFiles, TwoFileCaseLosesNothing) {
  std::vector<LogRecord> records;
  for (int i = 0; i < 100; ++i) records.push_back(record(i, "message number " + std::to_string(100 + i)));
  const std::size_t max_bytes = line_of(records[0]).size() * 60;
  write_folder(dir_, records, max_bytes);
  const auto log_lines = split_lines(read(dir_ / "CAS" / "hman.log"));
  const auto old_lines = split_lines(read(dir_ / "CAS" / "hman.lo_"));
  EXPECT_EQ(old_lines.back(), kLogRolloverMarker);
  EXPECT_EQ(old_lines.size() - 1 + log_lines.size(), records.size());
}

TEST_F(LogWriterFiles, ANewRunReplacesTheWholeFolderOfTheLastOne) {
  std::vector<LogRecord> records;
  for (int i = 0; i < 100; ++i) records.push_back(record(i, "message number " + std::to_string(100 + i)));
  records.push_back(record(100, "only in the first run", LogFraming::site_server, "hman.log", "P01"));
  write_folder(dir_ / "logs", records, 3000);
  ASSERT_TRUE(fs::exists(dir_ / "logs" / "CAS" / "hman.lo_"));
  records.resize(3);
  write_folder(dir_ / "logs", records, 3000);
  EXPECT_FALSE(fs::exists(dir_ / "logs" / "CAS" / "hman.lo_"));
  EXPECT_FALSE(fs::exists(dir_ / "logs" / "P01"));
  EXPECT_EQ(split_lines(read(dir_ / "logs" / "CAS" / "hman.log")).size(), 3u);
  EXPECT_EQ(tree(dir_).size(), 1u) << "no temporary or old folder is left beside logs/";
}

TEST_F(LogWriterFiles, AFolderNeverCommittedLeavesTheLastRunsLogs) {
  const std::vector<LogRecord> first = {record(0, "first run")};
  write_folder(dir_ / "logs", first, 0);
  {
    LogFolder abandoned(dir_ / "logs", kStart, 0);
    abandoned.add(LogStore{record(0, "second run")});
  }  // an error between add() and commit() unwinds here
  EXPECT_EQ(split_lines(read(dir_ / "logs" / "CAS" / "hman.log")).size(), 1u);
  EXPECT_NE(read(dir_ / "logs" / "CAS" / "hman.log").find("first run"), std::string::npos);
  EXPECT_EQ(tree(dir_).size(), 1u) << "the temporary folder is removed";
}

TEST_F(LogWriterFiles, FilesOfOneSiteFromSeveralAddsShareItsFolder) {
  LogFolder folder(dir_ / "logs", kStart, 0);
  folder.add(LogStore{record(0, "hman", LogFraming::site_server, "hman.log", "P01")});
  folder.add(LogStore{record(1, "monitor", LogFraming::site_server, "rcmctrl.log", "P01")});
  folder.commit();
  EXPECT_TRUE(fs::exists(dir_ / "logs" / "P01" / "hman.log"));
  EXPECT_TRUE(fs::exists(dir_ / "logs" / "P01" / "rcmctrl.log"));
}

TEST_F(LogWriterFiles, NamesCannotEscapeTheLogsDirectory) {
  std::vector<LogRecord> records = {record(0, "x", LogFraming::site_server, "../evil.log", "..")};
  write_folder(dir_ / "logs", records, 0);
  EXPECT_FALSE(fs::exists(dir_ / "evil.log"));
  EXPECT_FALSE(fs::exists(dir_ / "logs" / "evil.log"));
  EXPECT_TRUE(fs::exists(dir_ / "logs" / "_.." / ".._evil.log"));
}

TEST_F(LogWriterFiles, SameInputGivesByteIdenticalFiles) {
  const auto records = mixed_records(300);
  write_folder(dir_ / "a", records, 15000);
  write_folder(dir_ / "b", records, 15000);
  const auto a = tree(dir_ / "a");
  EXPECT_EQ(a, tree(dir_ / "b"));
  EXPECT_GE(a.size(), 5u);
}

}  // namespace
}  // namespace cmsim::reports
