// `cmsim compare FILE_A FILE_B [--out DIR]` (docs/scenario.md §1): runs two scenarios (e.g. today vs
// after an expansion), each in its own child process, and writes compare.json and
// compare.html into DIR (default out/compare-<A name>-vs-<B name>). What is compared and
// how (bottleneck, tiers, limits, warnings) is defined in reports/compare_json.hpp.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cmsim {

struct CompareRequest {
  std::string file_a;
  std::string file_b;
  std::string out_dir;
  std::string update;                     // --update: the headline update (default: chosen, see compare.json)
  std::vector<std::string> set_both;      // --set: overrides for both scenarios
  std::vector<std::string> set_a, set_b;  // --set-a, --set-b: for one side, after --set
};

// DIR is written as one unit, the way `run` writes its folder (reports/output_folder.hpp).
// Exit: 0 written; 2 invalid input (either scenario; both are checked and every problem
// printed, nothing written) or a DIR in use or of other files; 3 a simulation crashed or the
// output cannot be written; 128 + the signal after SIGINT or SIGTERM. Whenever it is not 0,
// DIR keeps its previous outputs.
int command_compare(const CompareRequest& request, std::ostream& out, std::ostream& err);

}  // namespace cmsim
