// `cmsim advise FILE [--target T] [--sla D] ...` (docs/scenario.md §1.10): what-if advice.
// Runs the scenario as it is (the baseline), then each change of models/advice_variations on
// its own, in parallel processes like a sweep (resumable, shardable), ranks them by their
// effect on the target, and for an SLA bisects the bottleneck's bandwidth.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace cmsim {

struct AdviseRequest {
  std::string file;
  std::string out_dir;  // empty: out/<scenario name>-advise
  std::string target = "all-sites";
  std::string sla;     // a duration; empty: no SLA search
  std::string update;  // the update measured; empty: the newest the baseline made Ready
  std::vector<std::string> overrides;
  std::size_t jobs = 0;  // 0: the CPUs this process may use
  std::size_t max_links = 10;
  double factor = 2;
  std::string shard;  // "I/N"
};

// Exit: 0 advice written (or a shard's runs done); 2 invalid input, or DIR holds something
// else; 3 a run crashed or the output cannot be written; 128 + the signal when interrupted
// (finished runs are kept: the same command resumes).
int command_advise(const AdviseRequest& request, std::ostream& out, std::ostream& err);

}  // namespace cmsim
