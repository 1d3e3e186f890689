// The chain that decided when the last site got an update: a site waiting for its parent
// hands the interval to the parent, the sending splits into queue and link time, and the
// segments cover the whole time from Ready to install to the last install.
#include <gtest/gtest.h>

#include "models/critical_path.hpp"
#include "record_rows.hpp"

namespace cmsim {
namespace {

UpdateSiteResult row(const char* code, StateTimeline states, SimTime installed) {
  UpdateSiteResult r;
  r.site = code;
  r.states = std::move(states);
  r.installed_t_s = installed;
  return r;
}

using test::sending_to;
using test::site_row;

// Ready at 0; Install at 100; the CAS builds the package until 160, P01 waits for a sender
// slot until 200 and receives until 260, checks until 400; the CAS installs until 500; the
// news reaches P01 at 600, P01 installs until 700; S11's upgrade is asked for at 1000, sent
// 1000-1300, installed at 1400.
Results hierarchy() {
  Results r;
  r.sites = {site_row("CAS", "cas", ""), site_row("P01", "primary", "CAS"), site_row("S11", "secondary", "P01")};
  UpdateResult u;
  u.version = u.name = "2409";
  u.ready_to_install_t_s = 0.0;
  u.all_sites_t_s = 1400.0;
  using S = UpdateState;
  u.sites = {
      row("CAS", {{100, S::waiting}, {160, S::checking_prerequisites}, {300, S::installing}, {500, S::installed}},
          500.0),
      row("P01",
          {{100, S::waiting},
           {160, S::replicating_content},
           {300, S::checking_prerequisites},
           {400, S::waiting_for_parent},
           {600, S::installing},
           {700, S::installed}},
          700.0),
      row("S11", {{100, S::not_upgraded}, {1000, S::upgrading}, {1300, S::installing}, {1400, S::installed}}, 1400.0)};
  r.updates = {u};
  r.transfers = {sending_to("easy setup package 2409", "P01", "CAS-P01", 200, 260),
                 sending_to("secondary upgrade 2409", "S11", "P01-S11", 1000, 1300)};
  return r;
}

TEST(CriticalPath, HandsWaitsToTheParentAndCoversTheWholeTime) {
  const Results r = hierarchy();
  const auto path = critical_path(r, r.updates[0], 5000);
  ASSERT_TRUE(path);
  EXPECT_EQ(path->last_site, "S11");
  EXPECT_TRUE(path->complete);
  EXPECT_EQ(path->end_t_s, 1400.0);
  struct Want {
    const char* site;
    DelayKind kind;
    double a, b;
  };
  const std::vector<Want> want{{"CAS", DelayKind::install_not_started, 0, 100},
                               {"CAS", DelayKind::package_creation, 100, 160},
                               {"P01", DelayKind::queued_for_sender, 160, 200},
                               {"P01", DelayKind::transfer, 200, 260},
                               {"P01", DelayKind::content_processing, 260, 300},
                               {"P01", DelayKind::prerequisites, 300, 400},
                               {"CAS", DelayKind::install, 400, 500},
                               {"P01", DelayKind::parent_notification, 500, 600},
                               {"P01", DelayKind::install, 600, 700},
                               {"S11", DelayKind::upgrade_not_requested, 700, 1000},
                               {"S11", DelayKind::transfer, 1000, 1300},
                               {"S11", DelayKind::install, 1300, 1400}};
  ASSERT_EQ(path->segments.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(path->segments[i].site, want[i].site) << i;
    EXPECT_EQ(path->segments[i].kind, want[i].kind) << i << " " << to_string(path->segments[i].kind);
    EXPECT_EQ(path->segments[i].start_t_s, want[i].a) << i;
    EXPECT_EQ(path->segments[i].end_t_s, want[i].b) << i;
  }
  EXPECT_EQ(path->segments[3].link, "CAS-P01");
  const auto totals = delay_totals(*path);
  EXPECT_EQ(totals.front().first, DelayKind::transfer);  // 60 + 300 s
  EXPECT_EQ(totals.front().second, 360.0);
}

TEST(CriticalPath, AnUnfinishedRolloutEndsAtTheHorizonAtTheFirstSiteWithoutIt) {
  Results r = hierarchy();
  UpdateResult& u = r.updates[0];
  u.all_sites_t_s.reset();
  u.sites[2].states = {{100, UpdateState::not_upgraded}};
  u.sites[2].installed_t_s.reset();
  const auto path = critical_path(r, u, 5000);
  ASSERT_TRUE(path);
  EXPECT_FALSE(path->complete);
  EXPECT_EQ(path->last_site, "S11");
  EXPECT_EQ(path->end_t_s, 5000.0);
  EXPECT_EQ(path->segments.back().kind, DelayKind::upgrade_not_requested);
  EXPECT_EQ(path->segments.back().end_t_s, 5000.0);
}

TEST(CriticalPath, NoneWhenTheRecordsTimesDisagree) {
  Results r = hierarchy();
  r.updates[0].all_sites_t_s.reset();  // unfinished, yet every site has installed_t_s
  EXPECT_FALSE(critical_path(r, r.updates[0], 5000));
  r.updates[0].all_sites_t_s = 1400.0;
  for (UpdateSiteResult& s : r.updates[0].sites) s.installed_t_s.reset();  // finished, yet no site has it
  EXPECT_FALSE(critical_path(r, r.updates[0], 5000));
}

TEST(CriticalPath, NoneBeforeReadyToInstall) {
  Results r = hierarchy();
  r.updates[0].ready_to_install_t_s.reset();
  EXPECT_FALSE(critical_path(r, r.updates[0], 5000));
}

}  // namespace
}  // namespace cmsim
