// The site hierarchy (docs/scenario.md §2.1, docs/modelling.md §1.2-1.3): traversal order the simulator relies on
// (top tier first, parents before children, siblings in the order the planner wrote them),
// and every hierarchy rule reported against the JSON pointer of the offending site.
#include "models/hierarchy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace cmsim {
namespace {

using Codes = std::vector<std::string>;

Site site(const std::string& code, SiteType type, const std::string& parent = {}) {
  Site s;
  s.code = code;
  s.type = type;
  s.parent = parent;
  return s;
}

// CAS with two primaries; P02 is listed before P01's secondaries to check that order
// follows the tree, not the list.
std::vector<Site> sample() {
  return {
      site("CAS", SiteType::cas),
      site("P02", SiteType::primary, "CAS"),
      site("S21", SiteType::secondary, "P02"),
      site("P01", SiteType::primary, "CAS"),
      site("S12", SiteType::secondary, "P01"),
      site("S11", SiteType::secondary, "P01"),
      site("S22", SiteType::secondary, "P02"),
  };
}

bool has_problem(const Problems& problems, const std::string& pointer, const std::string& expected_part = {}) {
  return std::any_of(problems.list().begin(), problems.list().end(), [&](const Problem& p) {
    return p.pointer == pointer && p.expected.find(expected_part) != std::string::npos;
  });
}

std::string dump(const Problems& problems) {
  std::string out;
  for (const Problem& p : problems.list()) out += format_problem("h", p) + "\n";
  return out;
}

// ---------------------------------------------------------------- traversals

TEST(HierarchyTraversal, TopDownIsBreadthFirstWithSiblingsInInputOrder) {
  Problems problems;
  const auto h = Hierarchy::build(sample(), problems);
  ASSERT_TRUE(problems.empty()) << dump(problems);
  EXPECT_EQ(h.size(), 7u);
  EXPECT_EQ(h.top_tier(), "CAS");
  EXPECT_EQ(h.top_down(), (Codes{"CAS", "P02", "P01", "S21", "S22", "S12", "S11"}));
}

TEST(HierarchyTraversal, ParentsAndChildren) {
  Problems problems;
  const auto h = Hierarchy::build(sample(), problems);
  ASSERT_TRUE(problems.empty()) << dump(problems);
  EXPECT_EQ(h.parent_of("CAS"), std::nullopt);
  EXPECT_EQ(h.parent_of("P01"), "CAS");
  EXPECT_EQ(h.parent_of("S11"), "P01");
  EXPECT_EQ(h.parent_of("S22"), "P02");
  EXPECT_EQ(h.parent_of("XYZ"), std::nullopt);
  EXPECT_EQ(h.children_of("CAS"), (Codes{"P02", "P01"}));
  EXPECT_EQ(h.children_of("P01"), (Codes{"S12", "S11"}));
  EXPECT_TRUE(h.children_of("S11").empty());
  EXPECT_TRUE(h.children_of("XYZ").empty());
}

TEST(HierarchyTraversal, PathSubtreeAndTier) {
  Problems problems;
  const auto h = Hierarchy::build(sample(), problems);
  ASSERT_TRUE(problems.empty()) << dump(problems);
  EXPECT_EQ(h.path_to("S11"), (Codes{"CAS", "P01", "S11"}));
  EXPECT_EQ(h.path_to("P02"), (Codes{"CAS", "P02"}));
  EXPECT_EQ(h.path_to("CAS"), (Codes{"CAS"}));
  EXPECT_TRUE(h.path_to("XYZ").empty());
  EXPECT_EQ(h.subtree("P01"), (Codes{"P01", "S12", "S11"}));
  EXPECT_EQ(h.subtree("S22"), (Codes{"S22"}));
  EXPECT_EQ(h.subtree("CAS"), h.top_down());
  EXPECT_TRUE(h.subtree("XYZ").empty());
  EXPECT_EQ(h.tier("CAS"), 0);
  EXPECT_EQ(h.tier("P02"), 1);
  EXPECT_EQ(h.tier("S21"), 2);
}

TEST(HierarchyTraversal, StandAlonePrimaryIsTheTopTier) {
  Problems problems;
  const auto h = Hierarchy::build({site("S01", SiteType::secondary, "PRI"), site("PRI", SiteType::primary),
                                   site("S02", SiteType::secondary, "PRI")},
                                  problems);
  ASSERT_TRUE(problems.empty()) << dump(problems);
  EXPECT_EQ(h.top_tier(), "PRI");
  EXPECT_EQ(h.top_down(), (Codes{"PRI", "S01", "S02"}));
  EXPECT_EQ(h.tier("PRI"), 0);
  EXPECT_EQ(h.tier("S02"), 1);
  EXPECT_EQ(h.path_to("S01"), (Codes{"PRI", "S01"}));
}

TEST(HierarchyTraversal, SingleStandAlonePrimary) {
  Problems problems;
  const auto h = Hierarchy::build({site("PRI", SiteType::primary)}, problems);
  ASSERT_TRUE(problems.empty()) << dump(problems);
  EXPECT_EQ(h.top_tier(), "PRI");
  EXPECT_EQ(h.top_down(), (Codes{"PRI"}));
}

TEST(HierarchyTraversal, CasListedLastIsStillTheTop) {
  Problems problems;
  const auto h = Hierarchy::build({site("P01", SiteType::primary, "CAS"), site("CAS", SiteType::cas)}, problems);
  ASSERT_TRUE(problems.empty()) << dump(problems);
  EXPECT_EQ(h.top_tier(), "CAS");
  EXPECT_EQ(h.top_down(), (Codes{"CAS", "P01"}));
}

// ---------------------------------------------------------------- rules

TEST(HierarchyRules, CycleOfTwoSecondariesIsReported) {
  Problems problems;
  const auto h = Hierarchy::build({site("CAS", SiteType::cas), site("P01", SiteType::primary, "CAS"),
                                   site("S01", SiteType::secondary, "S02"), site("S02", SiteType::secondary, "S01")},
                                  problems);
  ASSERT_FALSE(problems.empty());
  const bool cycle = std::any_of(problems.list().begin(), problems.list().end(), [](const Problem& p) {
    return (p.pointer == "/sites/2/parent" || p.pointer == "/sites/3/parent") &&
           p.message.find("cycle") != std::string::npos && p.expected == "a tree of sites";
  });
  EXPECT_TRUE(cycle) << dump(problems);
  // The secondary-under-secondary rule is reported too, for each.
  EXPECT_TRUE(has_problem(problems, "/sites/2/parent", "a primary site")) << dump(problems);
  EXPECT_TRUE(has_problem(problems, "/sites/3/parent", "a primary site")) << dump(problems);
  EXPECT_EQ(h.top_tier(), "CAS");
}

TEST(HierarchyRules, CycleWithNoTopTierAtAll) {
  Problems problems;
  const auto h =
      Hierarchy::build({site("P01", SiteType::primary, "P02"), site("P02", SiteType::primary, "P01")}, problems);
  EXPECT_TRUE(has_problem(problems, "/sites", "one CAS or one stand-alone primary")) << dump(problems);
  const bool cycle = std::any_of(problems.list().begin(), problems.list().end(),
                                 [](const Problem& p) { return p.message.find("cycle") != std::string::npos; });
  EXPECT_TRUE(cycle) << dump(problems);
  EXPECT_EQ(h.top_tier(), "");
  EXPECT_TRUE(h.top_down().empty());
}

struct RuleCase {
  const char* name;
  std::vector<Site> sites;
  const char* pointer;
  const char* expected_part;
};

void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

class HierarchyRule : public ::testing::TestWithParam<RuleCase> {};

TEST_P(HierarchyRule, ReportedAtThePointerOfTheOffendingSite) {
  Problems problems;
  Hierarchy::build(GetParam().sites, problems);
  EXPECT_TRUE(has_problem(problems, GetParam().pointer, GetParam().expected_part))
      << "want " << GetParam().pointer << " (expected ..." << GetParam().expected_part << "...) in:\n"
      << dump(problems);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HierarchyRule,
    ::testing::Values(
        RuleCase{
            "SecondCas", {site("CAS", SiteType::cas), site("CA2", SiteType::cas)}, "/sites/1/type", "at most one CAS"},
        RuleCase{"CasWithParent",
                 {site("P01", SiteType::primary, "CAS"), site("CAS", SiteType::cas, "P01")},
                 "/sites/1/parent",
                 "a CAS is always the top tier"},
        RuleCase{
            "PrimaryUnderPrimary",
            {site("CAS", SiteType::cas), site("P01", SiteType::primary, "CAS"), site("P02", SiteType::primary, "P01")},
            "/sites/2/parent",
            "the CAS"},
        RuleCase{"SecondaryUnderCas",
                 {site("CAS", SiteType::cas), site("S01", SiteType::secondary, "CAS")},
                 "/sites/1/parent",
                 "a primary site"},
        RuleCase{"SecondaryUnderSecondary",
                 {site("PRI", SiteType::primary), site("S01", SiteType::secondary, "PRI"),
                  site("S02", SiteType::secondary, "S01")},
                 "/sites/2/parent",
                 "a primary site"},
        RuleCase{"SecondaryWithoutParent",
                 {site("PRI", SiteType::primary), site("S01", SiteType::secondary)},
                 "/sites/1/parent",
                 "a primary site"},
        RuleCase{"PrimaryWithoutParentBesideACas",
                 {site("CAS", SiteType::cas), site("P01", SiteType::primary, "CAS"), site("P02", SiteType::primary)},
                 "/sites/2/parent",
                 "the CAS as parent"},
        RuleCase{"TwoStandAlonePrimaries",
                 {site("P01", SiteType::primary), site("P02", SiteType::primary)},
                 "/sites",
                 "a CAS above the primaries"},
        RuleCase{"UnknownParent",
                 {site("PRI", SiteType::primary), site("S01", SiteType::secondary, "P09")},
                 "/sites/1/parent",
                 "the code of a site in /sites"},
        RuleCase{"OwnParent",
                 {site("PRI", SiteType::primary), site("S01", SiteType::secondary, "S01")},
                 "/sites/1/parent",
                 "a primary site"},
        RuleCase{"DuplicateCode",
                 {site("PRI", SiteType::primary), site("S01", SiteType::secondary, "PRI"),
                  site("S01", SiteType::secondary, "PRI")},
                 "/sites/2/code",
                 "unique site codes"}),
    [](const ::testing::TestParamInfo<RuleCase>& info) { return info.param.name; });

TEST(HierarchyRules, ValidHierarchiesHaveNoProblems) {
  for (const auto& sites :
       {sample(), std::vector<Site>{site("PRI", SiteType::primary)}, std::vector<Site>{site("CAS", SiteType::cas)},
        std::vector<Site>{site("CAS", SiteType::cas), site("P01", SiteType::primary, "CAS")}}) {
    Problems problems;
    Hierarchy::build(sites, problems);
    EXPECT_TRUE(problems.empty()) << dump(problems);
  }
}

std::string numbered(char prefix, int i) {
  char code[8];
  std::snprintf(code, sizeof code, "%c%02X", prefix, i);
  return code;
}

std::vector<Site> cas_with_primaries(int n) {
  std::vector<Site> sites{site("CAS", SiteType::cas)};
  for (int i = 0; i < n; ++i) sites.push_back(site(numbered('P', i), SiteType::primary, "CAS"));
  return sites;
}

std::vector<Site> primary_with_secondaries(int n) {
  std::vector<Site> sites{site("CAS", SiteType::cas), site("PRI", SiteType::primary, "CAS")};
  for (int i = 0; i < n; ++i) sites.push_back(site(numbered('S', i), SiteType::secondary, "PRI"));
  return sites;
}

TEST(HierarchyLimits, TwentyFivePrimariesUnderACas) {
  Problems ok;
  const auto h = Hierarchy::build(cas_with_primaries(25), ok);
  EXPECT_TRUE(ok.empty()) << dump(ok);
  EXPECT_EQ(h.children_of("CAS").size(), 25u);

  Problems too_many;
  Hierarchy::build(cas_with_primaries(26), too_many);
  ASSERT_EQ(too_many.size(), 1u) << dump(too_many);
  EXPECT_EQ(too_many.list()[0].pointer, "/sites/0");
  EXPECT_NE(too_many.list()[0].message.find("26"), std::string::npos) << dump(too_many);
  EXPECT_NE(too_many.list()[0].expected.find("at most 25"), std::string::npos) << dump(too_many);
}

TEST(HierarchyLimits, TwoHundredFiftySecondariesUnderAPrimary) {
  Problems ok;
  const auto h = Hierarchy::build(primary_with_secondaries(250), ok);
  EXPECT_TRUE(ok.empty()) << dump(ok);
  EXPECT_EQ(h.subtree("PRI").size(), 251u);

  Problems too_many;
  Hierarchy::build(primary_with_secondaries(251), too_many);
  ASSERT_EQ(too_many.size(), 1u) << dump(too_many);
  EXPECT_EQ(too_many.list()[0].pointer, "/sites/1");
  EXPECT_NE(too_many.list()[0].message.find("251"), std::string::npos) << dump(too_many);
  EXPECT_NE(too_many.list()[0].expected.find("at most 250"), std::string::npos) << dump(too_many);
}

TEST(HierarchyLimits, LimitsArePerParent) {
  // 2 primaries x 200 secondaries = 400 under the CAS: each primary is within its limit.
  std::vector<Site> sites{site("CAS", SiteType::cas), site("PA0", SiteType::primary, "CAS"),
                          site("PB0", SiteType::primary, "CAS")};
  for (int i = 0; i < 200; ++i) {
    sites.push_back(site(numbered('A', i), SiteType::secondary, "PA0"));
    sites.push_back(site(numbered('B', i), SiteType::secondary, "PB0"));
  }
  Problems problems;
  Hierarchy::build(sites, problems);
  EXPECT_TRUE(problems.empty()) << dump(problems);
}

TEST(HierarchyCodes, ReservedCodes) {
  for (const char* code : {"AUX", "CON", "NUL", "PRN", "SMS", "ENV"}) EXPECT_TRUE(is_reserved_site_code(code)) << code;
  for (const char* code : {"CAS", "P01", "SM1", "ENW", "XYZ", "PRI", ""})
    EXPECT_FALSE(is_reserved_site_code(code)) << code;
}

}  // namespace
}  // namespace cmsim
