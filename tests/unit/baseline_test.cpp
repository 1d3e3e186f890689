// The regression gate's comparison (reports/baseline.hpp, docs/scenario.md §1.4): which moves
// of a key figure fail `cmsim test --baseline`, and how each is described to the user.
#include "reports/baseline.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cmsim::reports {
namespace {

using OJson = nlohmann::ordered_json;

OJson figures() {
  return OJson{{"failed_transfers", 2},
               {"sent_bytes", 1000000},
               {"sites_on.2409", 41},
               {"updates.2409.all_sites_t_s", 86400.0},
               {"updates.2409.ready_to_install_t_s", nullptr}};
}

TEST(BaselineFigures, TheSameFiguresHold) { EXPECT_TRUE(compare_figures(figures(), figures(), {}).empty()); }

TEST(BaselineFigures, TimesAndBytesMoveBeyondTheRelativeTolerance) {
  OJson now = figures();
  now["updates.2409.all_sites_t_s"] = 86400.0 * 1.05;  // exactly at 5%: holds
  now["sent_bytes"] = 1060000;                         // 6%: moves
  const auto moves = compare_figures(figures(), now, {});
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(describe(moves[0]), "sent_bytes: 1000000 -> 1060000 (+6.0%, tolerance 5%)");
  ASSERT_TRUE(moves[0].change_percent);
  EXPECT_NEAR(*moves[0].change_percent, 6.0, 1e-9);
  now["updates.2409.all_sites_t_s"] = 86400.0 * 0.5;
  const auto faster = compare_figures(figures(), now, BaselineTolerance{0.10, 0});
  ASSERT_EQ(faster.size(), 1u);  // a rollout that got faster moved too: the baseline is out of date
  EXPECT_EQ(describe(faster[0]), "updates.2409.all_sites_t_s: +1d -> +12h (-50.0%, tolerance 10%)");
}

TEST(BaselineFigures, CountsMoveBeyondTheAbsoluteTolerance) {
  OJson now = figures();
  now["failed_transfers"] = 3;
  EXPECT_TRUE(compare_figures(figures(), now, BaselineTolerance{0.05, 1}).empty());
  const auto moves = compare_figures(figures(), now, {});
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(describe(moves[0]), "failed_transfers: 2 -> 3 (+1, tolerance 0)");
}

TEST(BaselineFigures, ReachedOrNotAndFiguresOnOneSideAlwaysMove) {
  OJson now = figures();
  now["updates.2409.ready_to_install_t_s"] = 3600.0;
  now["updates.2409.all_sites_t_s"] = nullptr;
  now.erase("sites_on.2409");
  now["sites_on.2403"] = 41;
  const auto moves = compare_figures(figures(), now, BaselineTolerance{10.0, 100});
  ASSERT_EQ(moves.size(), 4u);  // in name order
  EXPECT_EQ(describe(moves[0]), "sites_on.2403: never -> 41 (new figure, not in the baseline)");
  EXPECT_EQ(describe(moves[1]), "sites_on.2409: 41 -> never (in the baseline, no longer produced)");
  EXPECT_EQ(describe(moves[2]), "updates.2409.all_sites_t_s: +1d -> never (no longer reached)");
  EXPECT_EQ(describe(moves[3]), "updates.2409.ready_to_install_t_s: never -> +1h (now reached)");
  EXPECT_FALSE(moves[3].change_percent);
}

TEST(BaselineFigures, FromZeroAnyChangeMoves) {
  OJson was = figures();
  was["sent_bytes"] = 0;
  const auto moves = compare_figures(was, figures(), BaselineTolerance{10.0, 0});
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].why, "from 0, tolerance 1000%");
  EXPECT_FALSE(moves[0].change_percent);
}

TEST(BaselineFigures, TolerancesArePercentages) {
  EXPECT_EQ(parse_percentage("5%"), 0.05);
  EXPECT_EQ(parse_percentage("0.5%"), 0.005);
  EXPECT_EQ(parse_percentage("0%"), 0.0);
  for (const char* bad : {"5", "%", "-5%", "5 %", ".5%", "1e1%", "1001%", "five%", ""})
    EXPECT_FALSE(parse_percentage(bad)) << bad;
}

}  // namespace
}  // namespace cmsim::reports
