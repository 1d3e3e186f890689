// Everything `cmsim run` writes into its output directory (docs/scenario.md §4), in one call, so the
// command line, tests and sweeps produce the same set of files the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>

#include "models/results.hpp"
#include "models/scenario.hpp"
#include "reports/log_folder.hpp"
#include "reports/trace_formats.hpp"

namespace cmsim::reports {

struct OutputOptions {
  const Scenario* scenario = nullptr;               // adds its description to report.html
  std::size_t max_log_bytes = kDefaultMaxLogBytes;  // log rotation size; 0 = never rotate
  std::optional<std::int64_t> start_unix_s;         // absolute start for UTC columns and log times;
                                                    // empty: results.start_unix_s
  TraceFormats traces;                              // trace.json / trace.paje (`run --trace`); none by default
};

// Creates `dir` and writes report.json, run.json, sites.csv, transfers.csv, update_states.csv,
// servicing_status.csv, status_messages.csv, report.html, logs/<SITE>/<name>.log (+ .lo_) and the traces asked
// for (trace.json, trace.paje). Every file is
// replaced atomically, and logs/ as a whole folder, so logs of an earlier run into the same
// directory (other sites, other files) cannot be mistaken for this run's. The files are
// written side by side on the machine's cores (parallel_writers.hpp). Throws std::runtime_error or
// std::filesystem::filesystem_error on I/O failure.
void write_run_outputs(const std::filesystem::path& dir, const Results& results, const RunStats& stats,
                       const OutputOptions& options = {});

}  // namespace cmsim::reports
