// `cmsim test PATH... [--junit FILE] [--out DIR]` (docs/scenario.md §1): runs every scenario under the
// paths that has an `expect` list, checks the expectations, prints PASS/FAIL per
// expectation and the closing line `N passed, N failed` that CI reads (docs/modelling.md §12.2.2).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cmsim {

// PATHs are scenario files or folders; folders are searched recursively for *.json, in
// sorted order, skipping JSON documents whose "format" says they are something else
// (report.json, run.json). Files named explicitly are always read.
// `junit_file`: empty for none; written atomically. `out_dir`: empty for none; otherwise
// each run's outputs (those of `cmsim run`) go to out_dir/<scenario name>/, and out_dir is
// written as one unit the way `run` writes its folder (reports/output_folder.hpp).
// Exit code: 0 every expectation held; 1 some failed; 2 invalid input (a scenario that
// does not load, a missing path, no scenario with `expect` at all, an unwritable JUnit
// file, an out_dir in use or of other files); 3 a simulation crashed. Invalid input wins
// over a crash, which wins over failures. SIGINT or SIGTERM: 128 + the signal, out_dir and
// the JUnit file as they were.
int command_test(const std::vector<std::string>& paths, const std::string& junit_file, const std::string& out_dir,
                 std::ostream& out, std::ostream& err);

}  // namespace cmsim
