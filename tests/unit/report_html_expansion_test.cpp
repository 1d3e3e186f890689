// report.html's Expansion section and the SCP panel as a planner reads an expansion: refused
// requests with the product's reason, the steps in order, the time without an SCP, the added
// sites marked, and the role followed from site to site.
#include <gtest/gtest.h>

#include <string>

#include "html_text.hpp"
#include "report_html_sample.hpp"
#include "reports/report_html.hpp"

namespace cmsim::reports {
namespace {

using test::contains;
using test::section;

// PS1 grows into a hierarchy under a new CAS: a first request refused, then one completed.
Results expanded() {
  Results r = test::sample_results(2, 3);
  r.sites[0].added_t_s = 5 * 86400.0;  // the CAS
  ExpansionResult refused;
  refused.requested_t_s = 86400;
  refused.new_cas = "CAS";
  refused.primary = "P01";
  refused.status = ExpansionStatus::refused;
  refused.reason = "the service connection point is still installed on P01 <uninstall it>";
  ExpansionResult done;
  done.requested_t_s = 4 * 86400.0;
  done.new_cas = "CAS";
  done.primary = "P01";
  done.status = ExpansionStatus::completed;
  done.steps = {{"Uninstall the service connection point", 3 * 86400.0},
                {"Install the CAS from the primary's CD.Latest", 5 * 86400.0},
                {"Reinstall the service connection point at the CAS", 8 * 86400.0}};
  done.without_scp_s = 5 * 86400.0;
  done.first_update_everywhere = "2409";
  done.first_update_all_sites_t_s = 20 * 86400.0;
  r.expansions = {refused, done};
  r.scp.site = "CAS";
  r.scp.placements = {{0, "P01", "P01"}, {3 * 86400.0, "", ""}, {8 * 86400.0, "CAS", "CAS"}};
  r.scp.checks.clear();
  for (double day : {1.0, 2.0, 9.0, 10.0, 11.0})
    r.scp.checks.push_back({day * 86400, "online", CheckOutcome::ok, "", ""});
  return r;
}

TEST(ReportHtmlExpansion, RefusedRequestsGiveTheReasonAndTheCompletedOneItsStepsInOrder) {
  const std::string x = section(report_html(expanded()), "expansion");
  ASSERT_FALSE(x.empty());
  EXPECT_TRUE(contains(x, "Refused: the service connection point is still installed on P01 &lt;uninstall it&gt;."));
  const auto uninstall = x.find("Uninstall the service connection point"), cas = x.find("Install the CAS"),
             reinstall = x.find("Reinstall the service connection point");
  ASSERT_NE(reinstall, std::string::npos);
  EXPECT_LT(uninstall, cas);
  EXPECT_LT(cas, reinstall);
  EXPECT_TRUE(contains(x, "Without a service connection point for 5d"));
  EXPECT_TRUE(contains(x, "First update on every site afterwards: 2409 at +20d."));
  EXPECT_TRUE(contains(x, "<td>CAS</td><td>cas</td><td></td><td>+5d</td>")) << x;  // added sites
}

TEST(ReportHtmlExpansion, WithoutAnExpansionTheSectionSaysSo) {
  const std::string x = section(report_html(test::sample_results(2, 3)), "expansion");
  EXPECT_TRUE(contains(x, "The hierarchy was not expanded during the run."));
}

TEST(ReportHtmlExpansion, TheScpPanelFollowsTheRoleAndShowsTheGap) {
  const std::string page = report_html(expanded());
  const std::string scp = section(page, "scp");
  EXPECT_TRUE(
      contains(scp, "On P01 from +0s to +3d (2 checks); no SCP for 5d (+3d to +8d); on CAS from +8d (3 checks)."))
      << scp;
  EXPECT_TRUE(contains(scp, "role on"));
  EXPECT_TRUE(contains(scp, "<title>no SCP from +3d to +8d</title>"));
  EXPECT_TRUE(contains(section(page, "hierarchy"), "added at +5d"));  // the CAS's box is marked
}

TEST(ReportHtmlExpansion, AMoveToTheRolesOwnServerNamesTheServer) {
  Results r = expanded();
  r.scp.placements.push_back({9 * 86400.0, "CAS", "CAS-SCP"});
  const std::string scp = section(report_html(r), "scp");
  EXPECT_TRUE(contains(scp, "on CAS from +8d to +9d")) << scp;
  EXPECT_TRUE(contains(scp, "on CAS-SCP from +9d")) << scp;
  EXPECT_TRUE(contains(scp, "<title>on CAS-SCP from +9d")) << scp;
}

}  // namespace
}  // namespace cmsim::reports
