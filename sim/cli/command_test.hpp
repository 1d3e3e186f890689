// `cmsim test PATH... [options]` (docs/scenario.md §1.4): runs every scenario under the
// paths that has an `expect` list, checks the expectations (and, with --baseline, the key
// figures against a stored baseline), prints PASS/FAIL per expectation and the closing line
// `N passed, N failed` that CI reads (docs/modelling.md §12.2.2).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace cmsim {

// What a JUnit test case's `time` says: zero keeps the file byte-identical run after run
// (the default); wall is each scenario's real simulation time, for CI dashboards.
enum class JunitDurations { kZero, kWall };

struct TestRequest {
  // Scenario files or folders; folders are searched recursively for *.json, in sorted order,
  // skipping JSON documents whose "format" says they are something else (report.json,
  // run.json). Files named explicitly are always read.
  std::vector<std::string> paths;
  std::string junit_file;  // empty: none; written atomically
  // Empty: none; else each run's outputs (those of `cmsim run`) go to out_dir/<scenario
  // name>/, and out_dir is written as one unit the way `run` writes its folder.
  std::string out_dir;
  JunitDurations junit_durations = JunitDurations::kZero;
  std::string filter;  // glob, or /regex/, on scenario names and file paths; empty: all
  bool fail_fast = false;
  std::optional<std::uint64_t> seed;   // as `run --seed`, for every scenario
  std::vector<std::string> overrides;  // as `run --set`, for every scenario
  std::string baseline_dir;            // compare key figures with DIR/<scenario name>.json
  std::string write_baseline_dir;      // record them there
  std::string tolerance = "5%";        // times and bytes; relative
  std::int64_t count_tolerance = 0;    // counts (failed transfers, sites per version); absolute
};

// Exit code, first match wins: 2 invalid input (a scenario that does not load, a missing
// path, no scenario with `expect` at all, a bad --filter/--tolerance, an unwritable JUnit
// file or baseline, an out_dir in use or of other files); 3 a simulation crashed; 1 some
// expectation failed or a figure moved beyond the tolerance; 0 otherwise. SIGINT or
// SIGTERM: 128 + the signal, out_dir and the JUnit file as they were.
int command_test(const TestRequest& request, std::ostream& out, std::ostream& err);

}  // namespace cmsim
