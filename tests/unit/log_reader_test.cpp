// Reading ConfigMgr logs as `cmsim calibrate` does (docs/modelling.md §13): both framings
// in the formats of Microsoft's published excerpts, the time-zone bias, a rollover pair, and
// lines that are in neither framing counted, not fatal.
#include "models/log_reader.hpp"

#include <gtest/gtest.h>

#include "models/units.hpp"
#include "scratch_dir.hpp"

namespace cmsim {
namespace {

double utc(const char* iso) { return static_cast<double>(*units::parse_utc_timestamp(iso)); }

// The site-server line of the docs' HMAN excerpt: local 09:12:45.332 with bias +240 is
// 13:12:45.332 UTC (UTC = local + bias).
TEST(LogReader, ReadsTheSiteServerFramingWithItsBias) {
  const auto e = parse_log_line(
      "Sending status message (MessageID = 500). $$<SMS_HIERARCHY_MANAGER><07-15-2023 09:12:45.332+240><thread=4116 "
      "(0x1014)>");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->framing, LogLineFraming::site_server);
  EXPECT_EQ(e->text, "Sending status message (MessageID = 500).");
  EXPECT_EQ(e->component, "SMS_HIERARCHY_MANAGER");
  EXPECT_EQ(e->thread, 4116u);
  EXPECT_EQ(e->bias_minutes, 240);
  EXPECT_NEAR(e->utc_unix_s, utc("2023-07-15T13:12:45Z") + 0.332, 1e-6);
}

// CMTrace's framing with a negative bias (CEST writes -120): 16:31:58.194 local is 14:31:58.194 UTC.
TEST(LogReader, ReadsTheCmtraceFramingWithANegativeBias) {
  const auto e = parse_log_line(
      R"(<![LOG[Successfully Dropped the state message 4~~]LOG]!><time="16:31:58.194-120" date="03-12-2026" )"
      R"(component="SMS_DMP_DOWNLOADER" context="" type="1" thread="3472" file="dmpdownloader.cpp:120">)");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->framing, LogLineFraming::cmtrace);
  EXPECT_EQ(e->text, "Successfully Dropped the state message 4~~");
  EXPECT_EQ(e->component, "SMS_DMP_DOWNLOADER");
  EXPECT_EQ(e->thread, 3472u);
  EXPECT_EQ(e->bias_minutes, -120);
  EXPECT_NEAR(e->utc_unix_s, utc("2026-03-12T14:31:58Z") + 0.194, 1e-6);
}

// Readers accept what other writers emit: an unpadded date, seven fractional digits, CRLF.
TEST(LogReader, AcceptsUnpaddedDatesLongFractionsAndCrlf) {
  const auto e = parse_log_line(
      "<![LOG[x]LOG]!><time=\"11:16:37.3093207+000\" date=\"3-2-2026\" component=\"IME\" context=\"\" type=\"1\" "
      "thread=\"5\" file=\"\">\r");
  ASSERT_TRUE(e);
  EXPECT_NEAR(e->utc_unix_s, utc("2026-03-02T11:16:37Z") + 0.3093207, 1e-6);
}

TEST(LogReader, RefusesLinesInNeitherFramingOrWithImpossibleTimes) {
  EXPECT_FALSE(parse_log_line("Sending completed [c:\\SMSPKG\\CAS10001.PCK.1]"));                  // no frame
  EXPECT_FALSE(parse_log_line("x  $$<SMS_SENDER><13-45-2026 10:00:00.000+000><thread=1 (0x1)>"));  // month 13
  EXPECT_FALSE(parse_log_line("x  $$<SMS_SENDER><03-12-2026 25:00:00.000+000><thread=1 (0x1)>"));  // hour 25
  EXPECT_FALSE(parse_log_line("x  $$<SMS_SENDER><03-12-2026 10:00:00.000><thread=1 (0x1)>"));      // no bias
  EXPECT_FALSE(parse_log_line("<![LOG[half a line"));
}

// A message over several lines is one entry; a garbled line in the middle is counted as
// ignored and the lines around it are still read.
TEST(LogReader, JoinsMultiLineMessagesAndCountsIgnoredLines) {
  LogRead read;
  read_log_text(
      "<![LOG[first line\nsecond line]LOG]!><time=\"10:00:00.000+000\" date=\"12-03-2026\" component=\"C\" "
      "context=\"\" type=\"1\" thread=\"1\" file=\"\">\n"
      "garbage that a truncated copy left\n"
      "\n"
      "Hasn't synced recently.  $$<SMS_DMP_DOWNLOADER><12-03-2026 10:00:01.000+000><thread=2 (0x2)>\n",
      read);
  ASSERT_EQ(read.entries.size(), 2u);
  EXPECT_EQ(read.entries[0].text, "first line\nsecond line");
  EXPECT_EQ(read.entries[1].text, "Hasn't synced recently.");
  EXPECT_EQ(read.ignored, 1u);
  EXPECT_EQ(read.lines, 4u);  // the empty line is not counted
}

class LogFiles : public test::ScratchDirTest {
 protected:
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
};

// The rotated .lo_ holds the older lines and ends with the marker line; it is read first.
TEST_F(LogFiles, ReadsTheRolloverBeforeTheCurrentLog) {
  write("sender.lo_",
        "~Sending Started [c:\\SMSPKG\\CAS10001.PCK.1]  $$<SMS_SENDER><12-03-2026 10:00:00.000+000><thread=7 (0x7)>\n"
        "<MAXIMUM LOG FILE SIZE REACHED - FILE RENAMED>\n");
  write("sender.log",
        "~Sending completed [c:\\SMSPKG\\CAS10001.PCK.1]  $$<SMS_SENDER><12-03-2026 10:05:00.000+000><thread=7 "
        "(0x7)>\n");
  const auto read = read_log_files(dir_, "sender");
  ASSERT_TRUE(read);
  ASSERT_EQ(read->entries.size(), 2u);
  EXPECT_EQ(read->entries[0].text, "~Sending Started [c:\\SMSPKG\\CAS10001.PCK.1]");
  EXPECT_EQ(read->entries[1].text, "~Sending completed [c:\\SMSPKG\\CAS10001.PCK.1]");
  EXPECT_EQ(read->ignored, 0u);  // the marker is known, not garbage
  ASSERT_EQ(read->files.size(), 2u);
  EXPECT_NE(read->files[0].find("sender.lo_"), std::string::npos);
}

TEST_F(LogFiles, FindsAFileWhateverTheCaseOfItsNameAndNothingWhenAbsent) {
  write("cmupdate.log", "x  $$<CONFIGURATION_MANAGER_UPDATE><12-03-2026 10:00:00.000+000><thread=1 (0x1)>\n");
  const auto read = read_log_files(dir_, "CMUpdate");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->entries.size(), 1u);
  EXPECT_FALSE(read_log_files(dir_, "despool"));
}

}  // namespace
}  // namespace cmsim
