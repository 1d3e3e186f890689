// FaultWindows: a run's fault windows as the report and the timelines read them back, kept
// compactly. What a user would notice: a window's target or detail read wrong, a copy of a
// run's results naming freed text, a link_up that does not end its link_down.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/fault_windows.hpp"

namespace cmsim {
namespace {

TEST(FaultWindows, ReadsBackWhatWasGivenInOrder) {
  FaultWindows w = {{10, 70.0, FaultKind::link_down, "CAS-P01", "random"},
                    {20, std::nullopt, FaultKind::internet_fault, "internet", "proxy_status 407"},
                    {30, 90.0, FaultKind::link_down, "CAS-P01", "random"}};
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[1].target, "internet");
  EXPECT_EQ(w[1].detail, "proxy_status 407");
  EXPECT_FALSE(w[1].end_t_s.has_value());
  EXPECT_EQ(w[2].end_t_s, 90.0);
  std::vector<std::string> targets;
  for (const FaultView f : w) targets.emplace_back(f.target);
  EXPECT_EQ(targets, (std::vector<std::string>{"CAS-P01", "internet", "CAS-P01"}));
}

TEST(FaultWindows, ACopyOutlivesItsSourceAndKeepsGrowing) {
  auto source = std::make_unique<FaultWindows>();
  source->push_back({5, 6.0, FaultKind::site_down, "P01", ""});
  FaultWindows copy = *source;
  source.reset();
  copy.push_back({7, 8.0, FaultKind::site_down, "P01", ""});  // found in the copy's own index
  copy.push_back({9, 10.0, FaultKind::link_degrade, "P01-S01", "4000000bps"});
  EXPECT_EQ(copy[0].target, "P01");
  EXPECT_EQ(copy[1].target, "P01");
  EXPECT_EQ(copy[2].detail, "4000000bps");
}

TEST(FaultWindows, AMovedRecordStillReadsItsTexts) {
  FaultWindows a = {{1, 2.0, FaultKind::link_down, "CAS-P01", "random"}};
  const FaultView before = a[0];
  FaultWindows b = std::move(a);
  EXPECT_EQ(b[0].target, "CAS-P01");
  EXPECT_EQ(before.target.data(), b[0].target.data());  // the text did not move
}

TEST(FaultWindows, LinkUpEndsOnlyThatLinksOpenDownsStartedBeforeIt) {
  FaultWindows w = {{10, std::nullopt, FaultKind::link_down, "CAS-P01", ""},
                    {12, std::nullopt, FaultKind::link_down, "CAS-P02", ""},
                    {15, 20.0, FaultKind::link_down, "CAS-P01", ""},
                    {50, std::nullopt, FaultKind::link_down, "CAS-P01", ""}};
  w.end_open_link_downs("CAS-P01", 30);
  EXPECT_EQ(w[0].end_t_s, 30.0);
  EXPECT_FALSE(w[1].end_t_s.has_value());    // another link
  EXPECT_EQ(w[2].end_t_s, 20.0);             // already ended
  EXPECT_FALSE(w[3].end_t_s.has_value());    // started after the link_up
  w.end_open_link_downs("never-named", 40);  // nothing to end, nothing added
  EXPECT_EQ(w.size(), 4u);
}

TEST(FaultWindows, SortedByStartKeepsTiesAsGivenAndDropsThePastHorizonTail) {
  FaultWindows w = {{30, std::nullopt, FaultKind::site_down, "C", ""},
                    {10, std::nullopt, FaultKind::site_down, "A", ""},
                    {30, std::nullopt, FaultKind::site_down, "D", ""},
                    {10, std::nullopt, FaultKind::site_down, "B", ""}};
  w.sort_by_start();
  std::string order;
  for (const FaultView f : w) order += f.target;
  EXPECT_EQ(order, "ABCD");
  w.drop_starting_after(20);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[1].target, "B");
}

}  // namespace
}  // namespace cmsim
