#include "models/log_store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cmsim {
namespace {

LogRecord line(double t_s, std::string site, std::string file, std::string text) {
  LogRecord r;
  r.t_s = t_s;
  r.site = std::move(site);
  r.file = std::move(file);
  r.component = "SMS_REPLICATION_CONFIGURATION_MONITOR";
  r.thread = 4116;
  r.severity = Severity::warning;
  r.framing = LogFraming::cmtrace;
  r.text = std::move(text);
  return r;
}

std::string texts(const LogStore& logs) {
  std::string all;
  for (const LogLine l : logs) all += std::string(l.site) + "/" + std::string(l.file) + ":" + std::string(l.text) + ";";
  return all;
}

TEST(LogStore, ReadsBackEveryFieldAsGiven) {
  const LogStore logs = {line(1.5, "CAS", "hman.log", "first"), line(2, "P01", "sender.log", "")};
  ASSERT_EQ(logs.size(), 2u);
  const LogLine l = logs[0];
  EXPECT_EQ(l.t_s, 1.5);
  EXPECT_EQ(l.site, "CAS");
  EXPECT_EQ(l.file, "hman.log");
  EXPECT_EQ(l.component, "SMS_REPLICATION_CONFIGURATION_MONITOR");
  EXPECT_EQ(l.thread, 4116u);
  EXPECT_EQ(l.severity, Severity::warning);
  EXPECT_EQ(l.framing, LogFraming::cmtrace);
  EXPECT_EQ(texts(logs), "CAS/hman.log:first;P01/sender.log:;");
}

TEST(LogStore, TextsOfEverySizeSurviveTheStoreGrowing) {
  LogStore logs;
  std::vector<std::string> given;
  for (int i = 0; i < 30000; ++i) {
    // Mostly short texts, now and then one longer than a packed block takes.
    given.push_back(i % 5000 == 7 ? std::string(300000, static_cast<char>('a' + i % 26))
                                  : "line " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 90), 'x'));
    logs.push_back(line(i, "S" + std::to_string(i % 40), "x.log", given.back()));
  }
  ASSERT_EQ(logs.size(), given.size());
  for (std::size_t i = 0; i < given.size(); ++i) ASSERT_EQ(logs[i].text, given[i]) << i;
}

TEST(LogStore, ACopyOutlivesItsSourceAndAMoveKeepsItsTexts) {
  LogStore copy;
  {
    LogStore source = {line(1, "CAS", "hman.log", "kept")};
    copy = source;
    source.push_back(line(2, "CAS", "hman.log", "only in the source"));
    LogStore moved = std::move(source);
    EXPECT_EQ(texts(moved), "CAS/hman.log:kept;CAS/hman.log:only in the source;");
  }
  copy.push_back(line(3, "P01", "hman.log", "added to the copy"));
  EXPECT_EQ(texts(copy), "CAS/hman.log:kept;P01/hman.log:added to the copy;");
}

TEST(LogStore, ErasingAFileDropsOnlyThatSitesLinesOfIt) {
  LogStore logs = {line(1, "CAS", "ServiceConnectionTool.log", "old run"), line(2, "CAS", "hman.log", "stays"),
                   line(3, "P01", "ServiceConnectionTool.log", "other site")};
  logs.erase_file("CAS", "ServiceConnectionTool.log");
  logs.erase_file("CAS", "never-written.log");
  EXPECT_EQ(texts(logs), "CAS/hman.log:stays;P01/ServiceConnectionTool.log:other site;");
  logs.push_back(line(4, "CAS", "ServiceConnectionTool.log", "new run"));
  EXPECT_EQ(logs.size(), 3u);
  EXPECT_EQ(logs[2].text, "new run");
}

}  // namespace
}  // namespace cmsim
