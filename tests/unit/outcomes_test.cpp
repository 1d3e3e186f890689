// The words report.json, the CSVs and expectations use for outcomes and severities: a
// reader's scripts match on them, so each enum reads back and keeps its spelling.
#include "models/outcomes.hpp"

#include <gtest/gtest.h>

namespace cmsim {
namespace {

TEST(Outcomes, SeveritiesAndComponentStatusReadBackFromTheirWords) {
  for (Severity s : {Severity::info, Severity::warning, Severity::error}) EXPECT_EQ(parse_severity(to_string(s)), s);
  for (ComponentStatus s : {ComponentStatus::ok, ComponentStatus::warning, ComponentStatus::critical})
    EXPECT_EQ(parse_component_status(to_string(s)), s);
  EXPECT_EQ(parse_severity("Error"), std::nullopt);
  EXPECT_EQ(parse_component_status("red"), std::nullopt);
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
