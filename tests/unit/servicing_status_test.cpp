// Show Status as the console builds it: phases in the console's order, steps that end with
// their phase, a retried phase in progress again.
#include <gtest/gtest.h>

#include <algorithm>

#include "models/servicing_status.hpp"

namespace cmsim {
namespace {

TEST(ServicingStatus, PhasesKeepTheConsolesOrderWhateverOrderTheyStartIn) {
  ServicingStatus s;
  open_phase(s, ServicingPhase::installation, 30);
  open_phase(s, ServicingPhase::replication, 10);
  open_phase(s, ServicingPhase::prerequisites_check, 20);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].phase, ServicingPhase::replication);
  EXPECT_EQ(s[1].phase, ServicingPhase::prerequisites_check);
  EXPECT_EQ(s[2].phase, ServicingPhase::installation);
  EXPECT_STREQ(to_string(s[1].phase), "Prerequisites Check");
}

TEST(ServicingStatus, ClosingAPhaseEndsItsOpenStepsWithItsOutcome) {
  ServicingStatus s;
  open_step(s, ServicingPhase::prerequisites_check, "Extract update package", 0);
  close_step(s, ServicingPhase::prerequisites_check, "Extract update package", 5, PhaseStatus::complete);
  open_step(s, ServicingPhase::prerequisites_check, "Run prerequisite checks", 5);
  close_phase(s, ServicingPhase::prerequisites_check, 25, PhaseStatus::completed_with_warning);
  const PhaseRecord* p = find_phase(s, ServicingPhase::prerequisites_check);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->end_t_s, 25.0);
  EXPECT_EQ(p->steps[0].status, PhaseStatus::complete);
  EXPECT_EQ(p->steps[1].status, PhaseStatus::completed_with_warning);
  EXPECT_EQ(p->steps[1].end_t_s, 25.0);
  EXPECT_STREQ(to_string(p->status), "Completed with warning");
}

TEST(ServicingStatus, ARetriedPhaseIsInProgressAgainAndAnInterruptedStepShowsTwice) {
  ServicingStatus s;
  open_step(s, ServicingPhase::installation, "Install files", 0);
  open_step(s, ServicingPhase::installation, "Install files", 50);  // the server went down; CMUpdate ran it again
  close_phase(s, ServicingPhase::installation, 60, PhaseStatus::failed);
  open_phase(s, ServicingPhase::installation, 100);
  const PhaseRecord* p = find_phase(s, ServicingPhase::installation);
  ASSERT_EQ(p->steps.size(), 2u);
  EXPECT_EQ(p->steps[0].status, PhaseStatus::failed);
  EXPECT_EQ(p->steps[0].end_t_s, 50.0);
  EXPECT_EQ(p->status, PhaseStatus::in_progress);
  EXPECT_FALSE(p->end_t_s);
  EXPECT_EQ(p->start_t_s, 0.0);
}

TEST(ServicingStatus, PostInstallationTasksFollowTheSiteKind) {
  auto names = [](const std::vector<PostInstallTask>& tasks) {
    std::vector<std::string> n;
    for (const auto& t : tasks) n.push_back(t.name);
    return n;
  };
  const auto cas = names(post_installation_tasks(true, true, true));
  const auto child = names(post_installation_tasks(false, false, true));
  const auto standalone = names(post_installation_tasks(true, false, false));
  auto has = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  EXPECT_FALSE(has(cas, "Installing SMS_POLICY_PROVIDER component"));  // primaries only
  EXPECT_TRUE(has(child, "Installing SMS_POLICY_PROVIDER component"));
  EXPECT_TRUE(has(cas, "Monitoring replication initialization"));
  EXPECT_FALSE(has(standalone, "Monitoring replication initialization"));  // no replication to monitor
  EXPECT_EQ(cas.back(), "Turning on Features");                            // top tier only, last
  EXPECT_FALSE(has(child, "Turning on Features"));
  int waiting = 0;
  for (const auto& t : post_installation_tasks(true, true, true)) waiting += t.waits_for_all_sites;
  EXPECT_EQ(waiting, 3);  // both client packages and the features
}

}  // namespace
}  // namespace cmsim
