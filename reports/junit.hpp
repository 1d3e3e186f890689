// JUnit XML for `cmsim test` (docs/scenario.md §4, docs/modelling.md §12.2.1): one <testsuite> per scenario,
// one <testcase> per expectation. The shape is the one the JUnit readers accept
// (Jenkins, GitLab, xunit-viewer; written down as reports/junit.xsd):
//   <testsuites name tests failures errors time>            (nothing else on the root)
//     <testsuite name tests failures errors="0|1" skipped="0" time file>
//       <properties><property name value/>...</properties>
//       <testcase name=ID classname=SCENARIO time="0">
//         <failure message=DETAIL type="expectation">kind + DETAIL</failure>   (failed)
//         <system-out>DETAIL</system-out>                                    (passed)
//       </testcase>
//       <testcase name=NAME classname=SCENARIO time="0"><skipped message=WHY/></testcase>
// A scenario that could not run is a suite with errors="1" and one testcase holding an
// <error>. Same input, same bytes: no timestamps, no host names, no wall-clock times
// unless the caller puts them in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/results.hpp"

namespace cmsim::reports {

// Why a scenario produced no expectation results.
struct JunitError {
  std::string type;     // "invalid_input" | "internal_error"
  std::string message;  // one line
  std::string text;     // every problem, one per line
};

// A test case that was not run, and why ("no expect list", "filtered out by --filter ...").
struct JunitSkip {
  std::string name;
  std::string message;
};

struct JunitSuite {
  std::string name;  // the scenario's name (its file when it could not be read)
  std::string file;  // the scenario file as given on the command line
  // Split evenly among the suite's run test cases so that the sums readers make of case
  // times match the suite's; 0 keeps the bytes the same run after run.
  double time_s = 0;
  std::vector<std::pair<std::string, std::string>> properties;  // in this order
  std::vector<ExpectationResult> cases;
  std::vector<JunitSkip> skipped;   // after `cases`
  std::optional<JunitError> error;  // set: `cases` and `skipped` are ignored
};

// The whole document, UTF-8, with the XML declaration and a trailing newline.
std::string junit_xml(const std::string& name, const std::vector<JunitSuite>& suites);

// Escapes & < > " ' (and tab, newline, carriage return as character references, so
// attribute values keep them), drops characters XML 1.0 forbids (controls other than tab,
// newline and carriage return, U+FFFE, U+FFFF, surrogates) and bytes that are not UTF-8.
std::string xml_escape(std::string_view text);

}  // namespace cmsim::reports
