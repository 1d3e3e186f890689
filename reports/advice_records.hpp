// The files of `cmsim advise` under DIR/runs/ (docs/scenario.md §4.9): one run's digest, as
// the child that simulated it wrote it and as a resumed advise reads it back. A file is a
// finished run only when it names this advise, this run and these overrides; anything else
// (another scenario, a half-written file) is run again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/advice_target.hpp"

namespace cmsim::reports {

// format cmsim-advise-run/1: what the digest holds (a skipped run: the reason and nothing else).
std::string advise_run_json(const std::string& advise_id, const std::string& run,
                            const std::vector<std::string>& overrides, const advice::RunDigest& digest);

std::optional<advice::RunDigest> parse_advise_run(const std::string& text, const std::string& advise_id,
                                                  const std::string& run, const std::vector<std::string>& overrides,
                                                  std::string& error);

}  // namespace cmsim::reports
