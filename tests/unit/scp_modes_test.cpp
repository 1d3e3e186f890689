// The SCP's configured and effective modes (docs/modelling.md §2.3, §9 F27): a mode change takes
// effect only when SMS_DMP_DOWNLOADER restarts.
#include "models/scp_modes.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cmsim {
namespace {

constexpr RestartCause kCauses[] = {RestartCause::dmp_downloader_restart, RestartCause::executive_restart,
                                    RestartCause::site_reboot, RestartCause::backup_task};

TEST(ScpModeState, ChangingTheModeWaitsForARestart) {
  ScpModeState s;
  EXPECT_FALSE(s.pending());
  s.configured = ScpMode::offline;
  EXPECT_TRUE(s.pending());
  EXPECT_EQ(s.effective, ScpMode::online);  // F27: still online after the change
}

TEST(ScpModeState, EveryRestartCauseAppliesTheConfiguredMode) {
  for (RestartCause cause : kCauses) {
    ScpModeState s;
    s.configured = ScpMode::offline;
    EXPECT_TRUE(s.apply_restart(cause)) << describe(cause);
    EXPECT_EQ(s.effective, ScpMode::offline) << describe(cause);
    EXPECT_FALSE(s.pending());
    // A second restart has nothing left to apply.
    EXPECT_FALSE(s.apply_restart(cause)) << describe(cause);
    EXPECT_EQ(s.effective, ScpMode::offline);

    // And back to online.
    s.configured = ScpMode::online;
    EXPECT_TRUE(s.apply_restart(cause));
    EXPECT_EQ(s.effective, ScpMode::online);
  }
}

TEST(ScpModeState, RestartWithoutAChangeReportsNoChange) {
  for (RestartCause cause : kCauses) {
    ScpModeState s;
    s.configured = s.effective = ScpMode::offline;
    EXPECT_FALSE(s.apply_restart(cause));
    EXPECT_EQ(s.effective, ScpMode::offline);
  }
}

TEST(ScpModeState, ChangeRevertedBeforeTheRestartChangesNothing) {
  ScpModeState s;
  s.configured = ScpMode::offline;
  s.configured = ScpMode::online;
  EXPECT_FALSE(s.apply_restart(RestartCause::executive_restart));
  EXPECT_EQ(s.effective, ScpMode::online);
}

TEST(ScpModeState, CausesHaveDistinctDescriptions) {
  std::set<std::string> names;
  for (RestartCause cause : kCauses) names.insert(describe(cause));
  EXPECT_EQ(names.size(), 4u);
  EXPECT_STREQ(describe(RestartCause::dmp_downloader_restart), "SMS_DMP_DOWNLOADER restart");
  EXPECT_STREQ(describe(RestartCause::executive_restart), "SMS_EXECUTIVE restart");
}

}  // namespace
}  // namespace cmsim
