// The estimates of `cmsim calibrate` (docs/modelling.md §13) on short excerpts in the
// formats of Microsoft's published log examples: a sending's size from its write lines and
// its time from Sending Started to Sending completed, step durations from their opening and
// closing lines, each with the spread and the number of samples behind it.
#include "models/calibration.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace cmsim {
namespace {

// One site-server line at `time` (local, bias +000 unless the time says otherwise).
std::string line(const std::string& text, const std::string& component, const std::string& when,
                 unsigned thread = 4432) {
  return text + "  $$<" + component + "><" + when + "><thread=" + std::to_string(thread) + " (0x0)>\n";
}

SiteLogs site(const std::string& code, const std::map<std::string, std::string>& logs) {
  SiteLogs s;
  s.site = code;
  for (const auto& [name, text] : logs) read_log_text(text, s.logs[name]);
  return s;
}

// The engine that delivers a link's whole bandwidth, so a link's value is what the logs showed.
Calibration exact(const std::vector<SiteLogs>& sites) { return *calibrate(sites, SimulatedEngine{"CM02", false}); }

const Estimate* find(const Calibration& c, const std::string& key) {
  for (const Estimate& e : c.estimates)
    if (e.key == key) return &e;
  return nullptr;
}

std::size_t skipped(const Calibration& c, const std::string& what) {
  for (const CalibrationSkip& s : c.skipped)
    if (s.what == what) return s.count;
  return 0;
}

// The sending of the content-distribution article: writes up to position 209398784 plus
// 380731 bytes, 20 s after Sending Started; the instruction file after it has no size.
TEST(Calibration, ALinksThroughputIsTheSendingsSizeOverItsTime) {
  const std::string c = "SMS_LAN_SENDER";
  const std::string sender =
      line("~Package file = E:\\SMSPKG\\CS100012.PCK.1", c, "05-16-2016 12:00:00.000+240") +
      line("~Sending Started [E:\\SMSPKG\\CS100012.PCK.1]", c, "05-16-2016 12:00:00.000+240") +
      line("~Attempt to write 1024 bytes to \\\\PS1SITE.CONTOSO.COM\\SMS_SITE\\202SQCS1.PCK at position 0", c,
           "05-16-2016 12:00:00.010+240") +
      line("~Wrote 1024 bytes to \\\\PS1SITE.CONTOSO.COM\\SMS_SITE\\202SQCS1.PCK at position 0", c,
           "05-16-2016 12:00:00.020+240") +
      line("~Attempt to write 380731 bytes to \\\\PS1SITE.CONTOSO.COM\\SMS_SITE\\202SQCS1.PCK at position 209398784", c,
           "05-16-2016 12:00:19.900+240") +
      line("~Wrote 380731 bytes to \\\\PS1SITE.CONTOSO.COM\\SMS_SITE\\202SQCS1.PCK at position 209398784", c,
           "05-16-2016 12:00:20.000+240") +
      line("~Sending completed [E:\\SMSPKG\\CS100012.PCK.1]", c, "05-16-2016 12:00:20.000+240") +
      line("~Finished sending SWD package CS100012 version 1 to site PS1", c, "05-16-2016 12:00:20.000+240") +
      line("~Sending Started [E:\\ConfigMgr\\inboxes\\schedule.box\\tosend\\00000E2A.Icl]", c,
           "05-16-2016 12:00:20.100+240") +
      line("~Sending completed [E:\\ConfigMgr\\inboxes\\schedule.box\\tosend\\00000E2A.Icl]", c,
           "05-16-2016 12:00:20.200+240") +
      line("~Finished sending SWD package CS100012 version 1 to site PS1", c, "05-16-2016 12:00:20.200+240") +
      line("~Sending completed successfully", c, "05-16-2016 12:00:20.300+240");
  const Calibration result = exact({site("CS1", {{"sender", sender}})});
  const Estimate* link = find(result, "links.CS1-PS1.bandwidth");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->bytes, 209398784u + 380731u);
  EXPECT_EQ(link->sendings, 1u);
  EXPECT_NEAR(link->number, (209398784.0 + 380731.0) / 20.0, 1.0);
  EXPECT_EQ(link->value, "83.91Mbps");
  EXPECT_EQ(link->spread.samples, 1u);
  EXPECT_EQ(skipped(result, "sendings without a size"), 1u);  // the .Icl
}

// cmsim writes every sending of a site on one thread: two sendings at once, to two sites,
// are told apart by their remote files. A failed attempt is retried and only the attempt
// that got through is timed.
TEST(Calibration, InterleavedSendingsAndRetriesAreToldApart) {
  const std::string c = "SMS_SENDER", f = "c:\\SMSPKG\\CAS10001.PCK.1";
  auto at = [](const char* hms) { return std::string("12-03-2026 ") + hms + "+000"; };
  const std::string to1 = "\\\\P01.contoso.com\\SMS_SITE\\CAS00001.PCK",
                    to2 = "\\\\P02.contoso.com\\SMS_SITE\\CAS00002.PCK";
  const std::string sender =
      line("~Sending Started [" + f + "]", c, at("10:00:00.000"), 1) +
      line("~Attempt to write 100000000 bytes to " + to1 + " at position 0", c, at("10:00:00.000"), 1) +
      line("~Sending Started [" + f + "]", c, at("10:00:00.000"), 1) +
      line("~Attempt to write 50000000 bytes to " + to2 + " at position 0", c, at("10:00:00.000"), 1) +
      line("~Failed to send package CAS10001 to site P02 (network failure), will retry", c, at("10:00:03.000"), 1) +
      line("~Wrote 100000000 bytes to " + to1 + " at position 0", c, at("10:00:10.000"), 1) +
      line("~Sending completed [" + f + "]", c, at("10:00:10.000"), 1) +
      line("~Finished sending SWD package CAS10001 version 1 to site P01", c, at("10:00:10.000"), 1) +
      line("~Sending Started [" + f + "]", c, at("10:01:03.000"), 1) +
      line("~Attempt to write 50000000 bytes to " + to2 + " at position 0", c, at("10:01:03.000"), 1) +
      line("~Wrote 50000000 bytes to " + to2 + " at position 0", c, at("10:01:23.000"), 1) +
      line("~Sending completed [" + f + "]", c, at("10:01:23.000"), 1) +
      line("~Finished sending SWD package CAS10001 version 1 to site P02", c, at("10:01:23.000"), 1);
  const Calibration result = exact({site("CAS", {{"sender", sender}})});
  const Estimate* p01 = find(result, "links.CAS-P01.bandwidth");
  const Estimate* p02 = find(result, "links.CAS-P02.bandwidth");
  ASSERT_NE(p01, nullptr);
  ASSERT_NE(p02, nullptr);
  EXPECT_NEAR(p01->number, 100e6 / 10, 1e-3);
  EXPECT_NEAR(p02->number, 50e6 / 20, 1e-3);  // from the retry at 10:01:03, not the first try
  EXPECT_EQ(skipped(result, "sendings that never completed"), 1u);
}

// Sendings that overlap on one link share it: the throughput is the busy period's bytes over
// its length, not the mean of two half-speed sendings.
TEST(Calibration, OverlappingSendingsOnALinkFormOneBusyPeriod) {
  const std::string c = "SMS_SENDER";
  auto at = [](const char* hms) { return std::string("12-03-2026 ") + hms + "+000"; };
  auto sending = [&](const char* start, const char* end, const std::string& target, unsigned thread) {
    return line("~Sending Started [f]", c, at(start), thread) +
           line("~Attempt to write 10000000 bytes to " + target + " at position 0", c, at(start), thread) +
           line("~Wrote 10000000 bytes to " + target + " at position 0", c, at(end), thread) +
           line("~Sending completed [f]", c, at(end), thread) +
           line("~Finished sending SWD package X version 1 to site P01", c, at(end), thread);
  };
  // Two threads as the product has them, 10 MB each: 0-20 s and 0-20 s, then 100-110 s alone.
  const std::string sender = sending("10:00:00.000", "10:00:20.000", "a", 1) +
                             sending("10:00:00.000", "10:00:20.000", "b", 2) +
                             sending("10:01:40.000", "10:01:50.000", "c", 1);
  const Calibration result = exact({site("CAS", {{"sender", sender}})});
  const Estimate* link = find(result, "links.CAS-P01.bandwidth");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->sendings, 3u);
  EXPECT_EQ(link->spread.samples, 2u);  // two busy periods
  EXPECT_NEAR(link->spread.min, 1e6, 1e-6);
  EXPECT_NEAR(link->spread.max, 1e6, 1e-6);
  EXPECT_NEAR(link->number, 30e6 / 30, 1e-6);
  EXPECT_NEAR(link->busy_s, 30, 1e-9);
}

TEST(Calibration, SmallSendingsAreLeftOutOfTheThroughput) {
  const std::string c = "SMS_SENDER";
  const std::string sender =
      line("~Sending Started [f]", c, "12-03-2026 10:00:00.000+000") +
      line("~Attempt to write 5000 bytes to t at position 0", c, "12-03-2026 10:00:00.000+000") +
      line("~Wrote 5000 bytes to t at position 0", c, "12-03-2026 10:00:01.000+000") +
      line("~Sending completed [f]", c, "12-03-2026 10:00:01.000+000") +
      line("~Finished sending SWD package X version 1 to site P01", c, "12-03-2026 10:00:01.000+000");
  const Calibration result = exact({site("CAS", {{"sender", sender}})});
  EXPECT_EQ(find(result, "links.CAS-P01.bandwidth"), nullptr);
  EXPECT_EQ(skipped(result, "sendings below 1 MB"), 1u);
}

// CMUpdate.log's steps at two sites, written with the flowchart's texts; a step opened twice
// (SMS_EXECUTIVE restarted during it) is timed from its last opening.
TEST(Calibration, StepDurationsComeFromTheirOpeningAndClosingLines) {
  const std::string c = "CONFIGURATION_MANAGER_UPDATE";
  auto cmupdate = [&](const std::string& day, int install_minutes) {
    const std::string end = day + " 1" + std::to_string(install_minutes / 60) + ":" +
                            (install_minutes % 60 < 10 ? "0" : "") + std::to_string(install_minutes % 60) +
                            ":00.000+000";
    return line("Checking if the CMU Staging folder already has the content extracted.", c, day + " 09:00:00.000+000") +
           line(
               "Extracting file C:\\SMS\\CMUStaging\\G\\SMSSetup\\update.map.cab to C:\\SMS\\CMUStaging\\G\\SMSSetup\\",
               c, day + " 09:05:00.000+000") +
           line("Extracted C:\\SMS\\CMUStaging\\G\\SMSSetup\\update.map", c, day + " 09:05:00.000+000") +
           line("Running prereq checking against Server [P01.contoso.com] ...~", c, day + " 09:05:00.000+000") +
           line("Prerequisite check passed.", c, day + " 09:20:00.000+000") +
           line("INFO: Waiting for CONFIGURATION_MANAGER_SERVICE to be ready to apply update: G", c,
                day + " 10:00:00.000+000") +
           line("INFO: Successfully notified HMan that update package is installed", c, end);
  };
  const std::string restarted = line("INFO: Waiting for CONFIGURATION_MANAGER_SERVICE to be ready to apply update: G",
                                     c, "12-05-2026 08:00:00.000+000") +
                                cmupdate("12-05-2026", 70);
  const Calibration result =
      exact({site("CAS", {{"CMUpdate", cmupdate("12-03-2026", 60)}}),
             site("P01", {{"CMUpdate", cmupdate("12-04-2026", 50)}}), site("P02", {{"CMUpdate", restarted}})});
  const Estimate* install = find(result, "model.install");
  ASSERT_NE(install, nullptr);
  EXPECT_EQ(install->spread.samples, 3u);
  EXPECT_DOUBLE_EQ(install->spread.min, 50 * 60);
  EXPECT_DOUBLE_EQ(install->spread.max, 70 * 60);
  EXPECT_DOUBLE_EQ(install->number, 60 * 60);  // the median
  EXPECT_EQ(install->value, "3600s");
  EXPECT_EQ(skipped(result, "steps opened and never closed"), 1u);
  const Estimate* extraction = find(result, "model.payload_extraction");
  ASSERT_NE(extraction, nullptr);
  EXPECT_DOUBLE_EQ(extraction->number, 300);
  const Estimate* prereq = find(result, "model.prereq_check");
  ASSERT_NE(prereq, nullptr);
  EXPECT_DOUBLE_EQ(prereq->number, 900);
  EXPECT_EQ(prereq->sites, (std::vector<std::string>{"CAS", "P01", "P02"}));
  // Nothing in these logs times a despool: the key is named as not estimated, not guessed.
  EXPECT_NE(std::find(result.not_estimated.begin(), result.not_estimated.end(), "model.despool"),
            result.not_estimated.end());
}

// HMAN's manifest processing starts when the SCP (here on its own server) hands the manifest
// over and ends at HMAN's processing line, in another folder; the checks' interval leaves out
// a check the console asked for.
TEST(Calibration, ManifestProcessingAcrossFoldersAndTheCheckInterval) {
  const std::string d = "SMS_DMP_DOWNLOADER";
  auto check = [&](const std::string& when, bool console) {
    return (console ? line("INFO: Check for updates was requested from the console~~", d, when) : std::string()) +
           line("Hasn't synced recently.", d, when) +
           line("Manifest.cab was successfully moved to the connector outbox~~", d, when);
  };
  const std::string downloader =
      check("12-01-2026 00:05:00.000+000", false) + check("12-02-2026 00:05:00.000+000", false) +
      check("12-02-2026 07:00:00.000+000", true) + check("12-03-2026 00:05:00.000+000", false);
  const std::string h = "SMS_HIERARCHY_MANAGER";
  const std::string hman = line("Processing Configuration Manager Update manifest file C:\\x\\manifest.xml", h,
                                "12-01-2026 00:07:00.000+000") +
                           line("Processing Configuration Manager Update manifest file C:\\x\\manifest.xml", h,
                                "12-02-2026 00:07:00.000+000") +
                           line("Processing Configuration Manager Update manifest file C:\\x\\manifest.xml", h,
                                "12-02-2026 07:02:00.000+000") +
                           line("Processing Configuration Manager Update manifest file C:\\x\\manifest.xml", h,
                                "12-03-2026 00:07:00.000+000");
  const Calibration result = exact({site("CAS", {{"hman", hman}}), site("CAS-SCP", {{"dmpdownloader", downloader}})});
  const Estimate* manifest = find(result, "model.manifest_processing");
  ASSERT_NE(manifest, nullptr);
  EXPECT_EQ(manifest->spread.samples, 4u);
  EXPECT_DOUBLE_EQ(manifest->number, 120);
  const Estimate* interval = find(result, "scp.check_interval");
  ASSERT_NE(interval, nullptr);
  // 24 h, 24 h - 6h55m (the console's check is left out as an end, not as a start)
  EXPECT_EQ(interval->spread.samples, 2u);
  EXPECT_DOUBLE_EQ(interval->spread.max, 86400);
  EXPECT_DOUBLE_EQ(interval->spread.min, 86400 - 6 * 3600 - 55 * 60);
}

// Under the default engine a sending gets 0.97 / 1.05 of a link's bandwidth (modelling
// §12.4.4), so the bandwidth that reproduces a measured throughput is that much larger.
TEST(Calibration, TheBandwidthSetIsTheOneThatGivesTheMeasuredThroughputInTheEngine) {
  const std::string c = "SMS_SENDER";
  const std::string sender =
      line("~Sending Started [f]", c, "12-03-2026 10:00:00.000+000") +
      line("~Attempt to write 97000000 bytes to t at position 0", c, "12-03-2026 10:00:00.000+000") +
      line("~Wrote 97000000 bytes to t at position 0", c, "12-03-2026 10:01:40.000+000") +
      line("~Sending completed [f]", c, "12-03-2026 10:01:40.000+000") +
      line("~Finished sending SWD package X version 1 to site P01", c, "12-03-2026 10:01:40.000+000");
  const auto lv08 = calibrate({site("CAS", {{"sender", sender}})});
  ASSERT_TRUE(lv08);
  const Estimate* link = find(*lv08, "links.CAS-P01.bandwidth");
  ASSERT_NE(link, nullptr);
  EXPECT_NEAR(link->number, 970000, 1e-6);  // what the sendings got
  EXPECT_NEAR(link->bandwidth_Bps, 970000 * 1.05 / 0.97, 1e-6);
  EXPECT_EQ(link->value, "8.4Mbps");
  EXPECT_NEAR(*simulated_share_of_bandwidth(SimulatedEngine{"LV08", false}), 0.97, 1e-12);
  EXPECT_NEAR(*simulated_share_of_bandwidth(SimulatedEngine{"CM02", true}), 1 / 1.05, 1e-12);
  EXPECT_FALSE(calibrate({site("CAS", {{"sender", sender}})}, SimulatedEngine{"SMPI", true}));
}

TEST(Calibration, SpreadOfSamples) {
  const Spread s = spread_of({10, 1, 3, 2});
  EXPECT_EQ(s.samples, 4u);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(s.max, 10);
  EXPECT_DOUBLE_EQ(s.mean, 4);
  EXPECT_NEAR(s.sd, std::sqrt((9 + 1 + 4 + 36) / 4.0), 1e-12);
  EXPECT_EQ(format_seconds(312.5), "312.5s");
  EXPECT_EQ(format_seconds(0), "0s");
}

}  // namespace
}  // namespace cmsim
