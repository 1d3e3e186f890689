// A scenario with a very long /events list (issue #18): its elements are spooled one by one
// rather than held as one document, and `validate` keeps no events it will not play. What a
// user reads must not change: a problem deep in the list is still reported at its pointer with
// the words it had, and the strict reader still refuses a key given twice inside an event.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "models/scenario_loader.hpp"
#include "scratch_dir.hpp"

namespace cmsim {
namespace {

constexpr std::size_t kEvents = 150000;
constexpr std::size_t kBad = 123456;

// Mixed verbs spread over the run; event `kBad` is replaced by `bad` when given.
std::string many_events(const std::string& bad = "") {
  std::string text = R"({"format": "cmsim-scenario/1", "name": "many", "duration": "90d", "version": "2403",
    "sites": [{"code": "CAS", "type": "cas"}, {"code": "P01", "type": "primary", "parent": "CAS"},
              {"code": "S11", "type": "secondary", "parent": "P01"}],
    "events": [
)";
  const char* verbs[] = {R"("do": "link_down", "link": "CAS-P01", "for": "10m")",
                         R"("do": "link_up", "link": "P01-S11")", R"("do": "site_down", "site": "S11", "for": "5m")",
                         R"("do": "check_for_updates", "site": "CAS")"};
  for (std::size_t i = 0; i < kEvents; ++i) {
    if (i == kBad && !bad.empty()) {
      text += bad;
    } else {
      // Times go back and forth so that the list is not in time order.
      const std::size_t minute = (i * 7919) % (89 * 24 * 60);
      text += R"({"at": ")" + std::to_string(minute) + R"(m", )" + verbs[i % 4] + "}";
    }
    text += i + 1 < kEvents ? ",\n" : "\n";
  }
  return text + "]}\n";
}

class BigEventsTest : public test::ScratchDirTest {
 protected:
  std::string write(const std::string& text) {
    const std::string path = (dir_ / "many.json").string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

void expect_same_problems(const Problems& a, const Problems& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.list().size(); ++i) {
    EXPECT_EQ(a.list()[i].pointer, b.list()[i].pointer);
    EXPECT_EQ(a.list()[i].message, b.list()[i].message);
    EXPECT_EQ(a.list()[i].expected, b.list()[i].expected);
  }
}

// A --set that names an event makes the loader build the whole document, as before the spool.
const std::vector<std::string> kWholeDocument{"events.0.at=1d"};

TEST_F(BigEventsTest, AnUnknownLinkDeepInTheListIsReportedAtItsPointer) {
  const std::string path = write(many_events(R"({"at": "3d", "do": "link_down", "link": "CAS-P09"})"));
  const LoadResult checked = check_scenario_file(path);
  ASSERT_EQ(checked.problems.size(), 1u);
  const Problem& p = checked.problems.list()[0];
  EXPECT_EQ(p.pointer, "/events/123456/link");
  EXPECT_EQ(p.message, "unknown link 'CAS-P09'");
  EXPECT_EQ(p.expected, "PARENT-CHILD of a parent-child pair, or internet");
  EXPECT_FALSE(checked.scenario);
  expect_same_problems(load_scenario_file(path).problems, checked.problems);
  expect_same_problems(load_scenario_file(path, kWholeDocument).problems, checked.problems);
}

TEST_F(BigEventsTest, AKeyGivenTwiceInAnEventIsRefusedAtItsPointer) {
  const std::string path = write(many_events(R"({"at": "3d", "do": "link_up", "link": "CAS-P01", "at": "4d"})"));
  const LoadResult checked = check_scenario_file(path);
  ASSERT_EQ(checked.problems.size(), 1u);
  const Problem& p = checked.problems.list()[0];
  EXPECT_EQ(p.pointer, "/events/123456/at");
  EXPECT_EQ(p.message, "the key 'at' is given twice in one object");
  EXPECT_EQ(p.expected, "each key once");
  expect_same_problems(load_scenario_file(path, kWholeDocument).problems, checked.problems);
}

TEST_F(BigEventsTest, ANumberTooLargeInAnEventIsRefusedAtItsPointer) {
  const std::string path = write(many_events(R"({"at": "3d", "do": "internet_fault", "status": 1e999})"));
  const LoadResult checked = check_scenario_file(path);
  ASSERT_EQ(checked.problems.size(), 1u);
  EXPECT_EQ(checked.problems.list()[0].pointer, "/events/123456/status");
  EXPECT_EQ(checked.problems.list()[0].message, "the number 1e999 is too large to read");
  expect_same_problems(load_scenario_file(path, kWholeDocument).problems, checked.problems);
}

TEST_F(BigEventsTest, EventsComeOutInTimeOrderWithTiesInListOrderAsFromTheWholeDocument) {
  const std::string path = write(many_events());
  const LoadResult spooled = load_scenario_file(path);
  const LoadResult whole = load_scenario_file(path, {"events.0.note=unchanged"});
  ASSERT_TRUE(spooled.scenario && whole.scenario);
  const auto& a = spooled.scenario->events;
  const auto& b = whole.scenario->events;
  ASSERT_EQ(a.size(), kEvents);
  ASSERT_EQ(b.size(), kEvents);
  for (std::size_t i = 0; i < kEvents; ++i) {
    ASSERT_EQ(a[i].pointer, b[i].pointer) << i;
    ASSERT_EQ(a[i].at_s, b[i].at_s) << i;
    ASSERT_EQ(a[i].verb, b[i].verb) << i;
    ASSERT_EQ(a[i].site + a[i].link, b[i].site + b[i].link) << i;
    if (i > 0) {
      ASSERT_LE(a[i - 1].at_s, a[i].at_s) << i;
    }
  }
}

TEST_F(BigEventsTest, ValidateKeepsOnlyTheEventsThatAddSitesOrLinks) {
  std::string text =
      many_events(R"({"at": "2d", "do": "add_site", "site": {"code": "S12", "type": "secondary", "parent": "P01"}})");
  const LoadResult checked = check_scenario_file(write(text));
  ASSERT_TRUE(checked.scenario) << checked.problems.list()[0].message;
  ASSERT_EQ(checked.scenario->events.size(), 1u);
  EXPECT_EQ(checked.scenario->events[0].pointer, "/events/123456");
  EXPECT_EQ(checked.scenario->all_links().size(), 2u + 1u);
}

}  // namespace
}  // namespace cmsim
