// Product rules that the actors follow, as the admin would notice them: the sender's limits
// and retries, CMUpdate's prerequisite gate and poll, the DMP downloader's check times, the
// service connection tool's download choice, and the console's state words.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/check_schedule.hpp"
#include "models/cmupdate_rules.hpp"
#include "models/scp_role.hpp"
#include "models/sct_selection.hpp"
#include "models/sender_rules.hpp"
#include "models/update_state.hpp"

namespace cmsim {
namespace {

constexpr double kHour = 3600;
constexpr double kDay = 24 * kHour;

// ---------------------------------------------------------------- sender

TEST(SenderRules, ASendingWaitsForAFreeThreadAndForItsDestinationsLimit) {
  SenderPolicy policy;
  policy.max_concurrent = 5;
  EXPECT_TRUE(sender_may_start({4, 2}, policy, 3, 0, 10));
  EXPECT_FALSE(sender_may_start({5, 0}, policy, 3, 0, 10)) << "all five sending threads busy";
  EXPECT_FALSE(sender_may_start({1, 3}, policy, 3, 0, 10)) << "three sendings to that site already";
  EXPECT_FALSE(sender_may_start({1, 1}, policy, 1, 0, 10)) << "a rate-limited route takes one at a time";
}

TEST(SenderRules, AJobWhoseRetriesRanOutWaitsForItsRetryTime) {
  SenderPolicy policy;
  const double retry_at = sender_job_retry_at_s(100, 3600);
  EXPECT_DOUBLE_EQ(retry_at, 3700);
  EXPECT_FALSE(sender_may_start({0, 0}, policy, 3, retry_at, 3699));
  EXPECT_TRUE(sender_may_start({0, 0}, policy, 3, retry_at, 3700));
}

TEST(SenderRules, RetriesComeAfterTheFirstAttemptEachAfterTheRetryDelay) {
  SenderPolicy policy;
  policy.retries = 2;
  policy.retry_delay_s = 60;
  EXPECT_EQ(sender_attempts(policy), 3);
  EXPECT_EQ(sender_delay_before_attempt_s(0, policy), 0) << "the first attempt starts at once";
  EXPECT_EQ(sender_delay_before_attempt_s(1, policy), 60);
  EXPECT_EQ(sender_delay_before_attempt_s(2, policy), 60);
  policy.retries = 0;
  EXPECT_EQ(sender_attempts(policy), 1);
}

// ---------------------------------------------------------------- CMUpdate

TEST(CmUpdateRules, ErrorsAlwaysStopTheInstallWarningsOnlyUnlessIgnored) {
  EXPECT_TRUE(prerequisite_gate(PrereqOutcome::passed, false).install);
  EXPECT_EQ(prerequisite_gate(PrereqOutcome::passed, false).site_state, UpdateState::prerequisite_check_passed);

  const PrerequisiteGate warned = prerequisite_gate(PrereqOutcome::warning, false);
  EXPECT_FALSE(warned.install);
  EXPECT_EQ(warned.site_state, UpdateState::prerequisite_warning);

  const PrerequisiteGate ignored = prerequisite_gate(PrereqOutcome::warning, true);
  EXPECT_TRUE(ignored.install);
  EXPECT_TRUE(ignored.warnings_ignored);
  EXPECT_EQ(ignored.site_state, UpdateState::prerequisite_check_passed);

  for (bool ignore : {false, true}) {
    const PrerequisiteGate failed = prerequisite_gate(PrereqOutcome::failed, ignore);
    EXPECT_FALSE(failed.install) << "ignoring warnings never lets an error through";
    EXPECT_EQ(failed.site_state, UpdateState::prerequisites_failed);
  }
}

TEST(CmUpdateRules, TheUpdateShowsTheWorstPrerequisiteOutcomeAcrossSites) {
  EXPECT_EQ(update_state_after_site_prerequisites(UpdateState::installing, UpdateState::prerequisite_warning),
            UpdateState::prerequisite_warning);
  EXPECT_EQ(update_state_after_site_prerequisites(UpdateState::prerequisites_failed, UpdateState::prerequisite_warning),
            UpdateState::prerequisites_failed)
      << "a later warning does not hide an earlier failure";
  EXPECT_EQ(update_state_after_site_prerequisites(UpdateState::prerequisite_warning, UpdateState::prerequisites_failed),
            UpdateState::prerequisites_failed);
}

TEST(CmUpdateRules, AChildSeesItsParentDoneAtItsNextPoll) {
  const double poll = 10 * 60;
  EXPECT_DOUBLE_EQ(cmupdate_notices_at_s(1200, poll), 1200) << "a poll at that very moment";
  EXPECT_DOUBLE_EQ(cmupdate_notices_at_s(1201, poll), 1800);
  EXPECT_DOUBLE_EQ(cmupdate_notices_at_s(0.5, poll), 600);
}

// ---------------------------------------------------------------- DMP downloader

TEST(CheckSchedule, AFreshStartChecksSoonARestartAfterARecentSyncWaitsForTheInterval) {
  EXPECT_DOUBLE_EQ(first_check_at_s(100, 300, std::nullopt, kDay), 400);
  EXPECT_DOUBLE_EQ(first_check_at_s(10 * kHour, 300, 2 * kHour, kDay), 26 * kHour)
      << "synced 8 h before the restart: the next check is 24 h after that sync";
  EXPECT_DOUBLE_EQ(first_check_at_s(30 * kHour, 300, 2 * kHour, kDay), 30 * kHour + 300)
      << "overdue: soon after the restart";
}

TEST(CheckSchedule, TheIntervalRunsFromTheStartOfASync) {
  EXPECT_DOUBLE_EQ(next_check_at_s(5 * kHour, kDay), 29 * kHour);
}

// ---------------------------------------------------------------- service connection tool

Release release(const std::string& name, const std::string& version, ReleaseKind kind, std::int64_t available) {
  Release r;
  r.name = name;
  r.version = version;
  r.kind = kind;
  r.available_unix_s = available;
  r.min_version = "2203";
  return r;
}

std::vector<std::string> names(const std::vector<const Release*>& releases) {
  std::vector<std::string> out;
  for (const Release* r : releases) out.push_back(r->name);
  return out;
}

class SctSelection : public ::testing::Test {
 protected:
  std::vector<Release> catalog{
      release("2403", "2403", ReleaseKind::version, 100), release("2403 HFRU", "2403", ReleaseKind::hotfix, 200),
      release("2409", "2409", ReleaseKind::version, 300), release("2503", "2503", ReleaseKind::version, 900)};
};

TEST_F(SctSelection, ByDefaultOnlyTheNewestVersionThatAppliesNoHotfix) {
  EXPECT_EQ(names(sct_selection(catalog, "2303", 500, SctDownload::latest)), (std::vector<std::string>{"2409"}));
  EXPECT_TRUE(sct_selection(catalog, "2409", 500, SctDownload::latest).empty()) << "2503 is not out yet";
}

TEST_F(SctSelection, TheOtherOptionsTakeEverythingReleasedThatTheyName) {
  EXPECT_EQ(names(sct_selection(catalog, "2403", 500, SctDownload::all)),
            (std::vector<std::string>{"2403", "2403 HFRU", "2409"}));
  EXPECT_EQ(names(sct_selection(catalog, "2403", 500, SctDownload::hotfixes)), (std::vector<std::string>{"2403 HFRU"}));
  EXPECT_EQ(names(sct_selection(catalog, "2403", 500, SctDownload::site_version)),
            (std::vector<std::string>{"2403 HFRU", "2409"}))
      << "newer than the site, and the hotfixes of its own version";
}

// ---------------------------------------------------------------- service connection point role

TEST(ScpRole, OnePerHierarchyAndOnlyAtTheTopTier) {
  EXPECT_EQ(scp_install_refusal(false, "CAS", "CAS"), std::nullopt);
  EXPECT_EQ(scp_install_refusal(true, "CAS", "CAS"), "the hierarchy already has one");
  EXPECT_EQ(scp_install_refusal(false, "P01", "CAS"), "it is not the top-tier site")
      << "after an expansion the primary is no longer the top tier";
}

// ---------------------------------------------------------------- console words

TEST(UpdateStateWords, EveryConsoleStateReadsBackAndSiteOnlyStatesAreNotExpectable) {
  for (UpdateState s : console_states()) EXPECT_EQ(parse_console_state(to_string(s)), s) << to_string(s);
  EXPECT_EQ(console_states().size(), 11u);
  EXPECT_EQ(parse_console_state("Waiting for parent"), std::nullopt);
  EXPECT_EQ(parse_console_state("installed"), std::nullopt) << "the console's words, with its capitals";
  EXPECT_STREQ(to_string(UpdateState::waiting_for_service_window), "Waiting for service window");
}

}  // namespace
}  // namespace cmsim
