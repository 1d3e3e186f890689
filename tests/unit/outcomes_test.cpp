// The words report.json, the CSVs and expectations use for outcomes and severities: a
// reader's scripts match on them, so each enum reads back and keeps its spelling.
#include "models/outcomes.hpp"

#include <gtest/gtest.h>

namespace cmsim {
namespace {

// The loader reads these words through the same to_string, so a scenario and a report agree.
TEST(Outcomes, SeveritiesAndComponentStatusKeepTheirWords) {
  EXPECT_STREQ(to_string(Severity::info), "info");
  EXPECT_STREQ(to_string(Severity::warning), "warning");
  EXPECT_STREQ(to_string(Severity::error), "error");
  EXPECT_STREQ(to_string(ComponentStatus::ok), "ok");
  EXPECT_STREQ(to_string(ComponentStatus::critical), "critical");
  EXPECT_STREQ(to_string(ReplicationLinkState::being_configured), "being_configured");
}

TEST(Outcomes, CriticalIsWorseThanWarningIsWorseThanOk) {
  EXPECT_TRUE(worse(ComponentStatus::critical, ComponentStatus::warning));
  EXPECT_TRUE(worse(ComponentStatus::warning, ComponentStatus::ok));
  EXPECT_FALSE(worse(ComponentStatus::ok, ComponentStatus::ok));
  EXPECT_FALSE(worse(ComponentStatus::warning, ComponentStatus::critical));
}

TEST(Outcomes, TransferAndCheckOutcomesKeepTheWordsOfTheReport) {
  EXPECT_STREQ(to_string(TransferStatus::cancelled), "cancelled");
  EXPECT_STREQ(to_string(TransferStatus::incomplete), "incomplete");
  EXPECT_STREQ(to_string(CheckOutcome::interrupted), "interrupted");
  EXPECT_STREQ(to_string(CheckOutcome::skipped), "skipped");
  EXPECT_STREQ(to_string(ExpansionStatus::waiting_for_scp), "waiting_for_scp");
}

}  // namespace
}  // namespace cmsim
