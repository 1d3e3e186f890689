// Reading a scenario overlay (docs/scenario.md §1.11): `set` becomes --set strings that keep
// each value's JSON type, and anything that is not an overlay is a problem at its pointer.
#include "models/overlay.hpp"

#include <gtest/gtest.h>

#include "models/scenario_loader.hpp"

namespace cmsim {
namespace {

TEST(Overlay, SetBecomesOverridesThatKeepEachValuesType) {
  Problems problems;
  const auto overrides = overlay_overrides_from_text(
      R"({"format": "cmsim-overlay/1", "set": {"model.install": "90m", "version": "2409", "scp.tenant_attach": true},
          "estimates": [{"anything": "is ignored"}]})",
      problems);
  ASSERT_TRUE(overrides) << (problems.empty() ? "" : problems.list().front().message);
  EXPECT_EQ(*overrides,
            (std::vector<std::string>{"model.install=\"90m\"", "scp.tenant_attach=true", "version=\"2409\""}));
}

TEST(Overlay, WhatIsNotAnOverlayIsAProblemAtItsPointer) {
  auto first_problem = [](const std::string& text) {
    Problems problems;
    EXPECT_FALSE(overlay_overrides_from_text(text, problems)) << text;
    return problems.empty() ? Problem{} : problems.list().front();
  };
  EXPECT_EQ(first_problem(R"({"set": {}})").pointer, "/format");
  EXPECT_EQ(first_problem(R"({"format": "cmsim-scenario/1", "set": {}})").pointer, "/format");
  EXPECT_EQ(first_problem(R"({"format": "cmsim-overlay/1"})").pointer, "/set");
  EXPECT_EQ(first_problem(R"({"format": "cmsim-overlay/1", "set": {"model.install": null}})").pointer,
            "/set/model.install");
  EXPECT_EQ(first_problem("[1, 2]").pointer, "");
  EXPECT_FALSE(first_problem("{\"format\": ").message.empty());  // malformed JSON, with where
}

// Applied as --set would be: a calibrated bandwidth lands on its link.
TEST(Overlay, AppliedToAScenarioLikeSet) {
  Problems problems;
  const auto overrides = overlay_overrides_from_text(
      R"({"format": "cmsim-overlay/1", "set": {"links.CAS-P01.bandwidth": "8Mbps", "model.install": "312.5s"}})",
      problems);
  ASSERT_TRUE(overrides);
  const LoadResult loaded =
      load_scenario_file(std::string(CMSIM_SOURCE_DIR) + "/tests/fixtures/small-cas.json", *overrides);
  ASSERT_TRUE(loaded.scenario);
  EXPECT_DOUBLE_EQ(loaded.scenario->model.install_s, 312.5);
  bool found = false;
  for (const auto& link : loaded.scenario->links) {
    if (link.name() != "CAS-P01") continue;
    found = true;
    EXPECT_DOUBLE_EQ(link.bandwidth_Bps, 1e6);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace cmsim
