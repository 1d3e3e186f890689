// The JUnit writer of `cmsim test`: escaping, counts and the element shape CI readers and
// reports/junit.xsd accepts (schema validation itself is in tests/e2e/test_command_test.cpp).
#include <gtest/gtest.h>

#include <string>

#include "reports/junit.hpp"

namespace cmsim::reports {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

JunitSuite two_cases() {
  JunitSuite s;
  s.name = "contoso";
  s.file = "scenarios/contoso.json";
  s.properties = {{"seed", "7"}, {"engine", "SimGrid 3.32"}};
  s.cases = {{"on-2403", "site_version", true, "expected every site on 2403; got every site there"},
             {"on-2409", "site_version", false, "expected every site on 2409; got P01 on 2403"}};
  return s;
}

TEST(JunitEscape, EscapesTheFiveMarkupCharacters) {
  EXPECT_EQ(xml_escape(R"(a & b < c > d "e" 'f')"), "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
}

TEST(JunitEscape, KeepsWhitespaceAsReferences) { EXPECT_EQ(xml_escape("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d"); }

TEST(JunitEscape, DropsCharactersXml10Forbids) {
  EXPECT_EQ(xml_escape(std::string("a\0b\x01"
                                   "c\x1f"
                                   "d\x7f",
                                   8)),
            "abcd\x7f");                                        // DEL is legal XML 1.0
  EXPECT_EQ(xml_escape("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");  // U+FFFE, U+FFFF
  EXPECT_EQ(xml_escape("s\xED\xA0\x80t"), "st");                // a UTF-16 surrogate
}

TEST(JunitEscape, DropsBytesThatAreNotUtf8AndKeepsThoseThatAre) {
  EXPECT_EQ(xml_escape("caf\xC3\xA9 \xE2\x89\xA4 \xF0\x9F\x93\xA6"), "caf\xC3\xA9 \xE2\x89\xA4 \xF0\x9F\x93\xA6");
  EXPECT_EQ(xml_escape("a\xFF"
                       "b\xC3"),
            "ab");  // invalid lead byte, truncated sequence
  EXPECT_EQ(xml_escape("a\xC0\xAF"
                       "b"),
            "ab");  // overlong '/'
}

TEST(JunitXml, RootCarriesOnlyTheAttributesTheSchemaAllows) {
  const std::string xml = junit_xml("cmsim test", {two_cases()});
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cmsim test\" tests=\"2\" "
                      "failures=\"1\" errors=\"0\" time=\"0.000\">\n",
                      0),
            0u)
      << xml;
  EXPECT_EQ(xml.substr(xml.size() - 14), "</testsuites>\n");
}

TEST(JunitXml, OneSuitePerScenarioOneCasePerExpectation) {
  const std::string xml = junit_xml("cmsim test", {two_cases()});
  EXPECT_TRUE(contains(xml,
                       "<testsuite name=\"contoso\" tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\" "
                       "time=\"0.000\" file=\"scenarios/contoso.json\">"))
      << xml;
  EXPECT_TRUE(contains(xml, "<property name=\"seed\" value=\"7\"/>")) << xml;
  EXPECT_TRUE(contains(xml, "<property name=\"engine\" value=\"SimGrid 3.32\"/>")) << xml;
  EXPECT_EQ(occurrences(xml, "<testcase "), 2u);
  EXPECT_TRUE(contains(xml,
                       "<testcase name=\"on-2403\" classname=\"contoso\" time=\"0\">\n      <system-out>expected every "
                       "site on 2403; got every site there</system-out>"))
      << xml;
  EXPECT_TRUE(contains(xml,
                       "<testcase name=\"on-2409\" classname=\"contoso\" time=\"0\">\n      <failure "
                       "message=\"expected every site on 2409; got P01 on 2403\" type=\"expectation\">site_version: "
                       "expected every site on 2409; got P01 on 2403</failure>"))
      << xml;
}

TEST(JunitXml, AScenarioThatCouldNotRunIsOneError) {
  JunitSuite bad;
  bad.name = "bad.json";
  bad.file = "bad.json";
  bad.error = JunitError{"invalid_input", "2 problem(s)", "bad.json: /sites: empty\nbad.json: /name: missing\n"};
  bad.cases = two_cases().cases;  // ignored
  const std::string xml = junit_xml("cmsim test", {two_cases(), bad});
  EXPECT_TRUE(contains(xml, "<testsuites name=\"cmsim test\" tests=\"3\" failures=\"1\" errors=\"1\"")) << xml;
  EXPECT_TRUE(contains(xml, "<testsuite name=\"bad.json\" tests=\"1\" failures=\"0\" errors=\"1\"")) << xml;
  EXPECT_TRUE(contains(xml,
                       "<error message=\"2 problem(s)\" type=\"invalid_input\">bad.json: /sites: empty\nbad.json: "
                       "/name: missing\n</error>"))
      << xml;
  EXPECT_EQ(occurrences(xml, "<testcase "), 3u);
}

TEST(JunitXml, EscapesEveryFieldAndKeepsDetailNewlinesInText) {
  JunitSuite s;
  s.name = "a&b <c>";
  s.cases = {{"id\"1'", "k", false, "expected x <= 1 & \"y\"\nnext\x01"}};
  const std::string xml = junit_xml("n<", {s});
  EXPECT_TRUE(contains(xml, "<testsuites name=\"n&lt;\"")) << xml;
  EXPECT_TRUE(contains(xml, "<testsuite name=\"a&amp;b &lt;c&gt;\"")) << xml;
  EXPECT_TRUE(contains(xml, "<testcase name=\"id&quot;1&apos;\" classname=\"a&amp;b &lt;c&gt;\"")) << xml;
  EXPECT_TRUE(contains(xml, "message=\"expected x &lt;= 1 &amp; &quot;y&quot;&#10;next\"")) << xml;
  EXPECT_TRUE(contains(xml, ">k: expected x &lt;= 1 &amp; &quot;y&quot;\nnext</failure>")) << xml;
  EXPECT_FALSE(contains(xml, "\x01"));
}

TEST(JunitXml, TimesFollowTheSurefirePattern) {
  JunitSuite s = two_cases();
  s.time_s = 1.23456;
  JunitSuite t = two_cases();
  t.time_s = -5;  // never a sign
  const std::string xml = junit_xml("cmsim test", {s, t});
  EXPECT_TRUE(contains(xml, "<testsuites name=\"cmsim test\" tests=\"4\" failures=\"2\" errors=\"0\" time=\"1.235\">"))
      << xml;
  EXPECT_TRUE(contains(xml, "time=\"1.235\" file=")) << xml;
  EXPECT_TRUE(contains(xml, "time=\"0.000\" file=")) << xml;
}

TEST(JunitXml, NoSuitesIsAnEmptyValidRoot) {
  EXPECT_EQ(junit_xml("cmsim test", {}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cmsim test\" tests=\"0\" failures=\"0\" "
            "errors=\"0\" time=\"0.000\">\n</testsuites>\n");
}

// A scenario that was not run, and a run scenario's check that was skipped: counted in
// `tests` and `skipped`, never in failures, and the root keeps its four counts only.
TEST(JunitXml, SkippedCasesCarryTheirReason) {
  JunitSuite run = two_cases();
  run.skipped.push_back({"baseline", "no baseline base/contoso.json"});
  JunitSuite not_run;
  not_run.name = "fabrikam";
  not_run.file = "scenarios/fabrikam.json";
  not_run.skipped.push_back({"fabrikam", "filtered out by --filter contoso*"});
  const std::string xml = junit_xml("cmsim test", {run, not_run});
  EXPECT_TRUE(contains(xml, "<testsuites name=\"cmsim test\" tests=\"4\" failures=\"1\" errors=\"0\" time")) << xml;
  EXPECT_TRUE(contains(xml, "name=\"contoso\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\"")) << xml;
  EXPECT_TRUE(contains(xml, "name=\"fabrikam\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\"")) << xml;
  EXPECT_TRUE(contains(xml,
                       "<testcase name=\"baseline\" classname=\"contoso\" time=\"0\">\n      <skipped "
                       "message=\"no baseline base/contoso.json\"/>\n    </testcase>"))
      << xml;
  EXPECT_TRUE(contains(xml, "<skipped message=\"filtered out by --filter contoso*\"/>")) << xml;
}

// Wall-clock durations: the suite's time split evenly over its run cases, so sums agree.
TEST(JunitXml, ASuitesTimeIsSplitOverItsCases) {
  JunitSuite s = two_cases();
  s.time_s = 1.5;
  const std::string xml = junit_xml("cmsim test", {s});
  EXPECT_EQ(occurrences(xml, "classname=\"contoso\" time=\"0.750\""), 2u) << xml;
  EXPECT_TRUE(contains(xml, "skipped=\"0\" time=\"1.500\"")) << xml;
  EXPECT_TRUE(contains(xml, "errors=\"0\" time=\"1.500\">\n  <testsuite")) << xml;
}

}  // namespace
}  // namespace cmsim::reports
