// The subcommands of the cmsim binary, as functions returning the process exit code of
// docs/scenario.md §1, so main() stays a thin CLI11 shell and the commands are testable.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace cmsim {

enum ExitCode : int { kExitOk = 0, kExitExpectationsFailed = 1, kExitInvalidInput = 2, kExitInternalError = 3 };

struct RunRequest {
  std::string file;
  std::string out_dir;  // empty: out/<scenario name>
  std::optional<std::uint64_t> seed;
  std::vector<std::string> overrides;
  std::string overlay;  // a cmsim-overlay/1 file applied before `overrides`; empty: none
  bool verbose = false;
  std::vector<std::string> log_settings;  // SimGrid log control, e.g. cmsim_sender.thres:verbose
  std::vector<std::string> traces;        // --trace: chrome, paje (docs/scenario.md §4.10)
};

int command_validate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);
int command_run(const RunRequest& request, std::ostream& out, std::ostream& err);

}  // namespace cmsim
