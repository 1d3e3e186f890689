// `cmsim merge DIR... --out DIR` (docs/scenario.md §1): joins the shard folders of one sweep
// (`cmsim sweep --shard I/N --out DIR_I`) into runs.csv, summary.json and sweep.html,
// byte-identical to those of the same sweep run unsharded.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cmsim {

// Checks, before writing anything: every DIR has a shard manifest; all come from the same
// sweep (same sweep id, scenario, seeds, replicas, --vary) and the same shard count N;
// each shard 1..N is given exactly once; every run of the sweep is present, complete and
// of this sweep, in exactly one DIR.
// Exit: 0 written; 2 any check failed (each problem printed); 3 the output cannot be written.
int command_merge(const std::vector<std::string>& dirs, const std::string& out_dir, std::ostream& out,
                  std::ostream& err);

}  // namespace cmsim
