// `cmsim sweep FILE --replicas N [--vary KEY=V1,V2,...]... [--jobs J] [--shard I/N]
// [--out DIR]` (docs/scenario.md §1, §4): Monte-Carlo and parameter sweeps, one run per (seed, grid
// point), each in its own child process (one SimGrid engine per process), J at a time.
//
// DIR holds:
//   shard.json       the manifest: sweep id, scenario name, base seed, replicas, --vary
//                    axes, this shard (1/1 when not sharded)
//   runs/p<P>-<S>.json  one small JSON of metrics per finished run, written atomically
//   runs/p<P>-<S>/   with --keep-reports, the run's full outputs (as `cmsim run` writes them)
//   runs.csv, summary.json, sweep.html   the results (unsharded sweeps; `cmsim merge`
//                    writes them for shards)
// Numbering (seeds, grid points, shards) is documented in models/sweep_grid.hpp.
// A restart with the same DIR keeps every finished run and does only the rest; a DIR that
// holds a different sweep (other scenario text, grid, replicas or shard) is refused.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "models/sweep_plan.hpp"
#include "reports/sweep_tables.hpp"

namespace cmsim {

struct SweepRequest {
  std::string file;
  std::size_t replicas = 1;
  std::size_t jobs = 0;  // 0: as many as the CPUs this process may use
  std::vector<std::string> vary;
  std::string shard;    // "I/N"; empty for the whole sweep
  std::string out_dir;  // empty: out/<scenario name>-sweep
  // Metrics (docs/scenario.md §1.5): which update, per site and link, the user's numbers.
  std::string update;               // "": the first Ready to install; "all"; a name or version
  bool per_site = false;            // --per-site
  bool per_link = false;            // --per-link
  std::vector<std::string> metric;  // --metric NAME=JSON_POINTER into report.json
  bool keep_reports = false;        // --keep-reports: each run's outputs in runs/<run id>/
};

// Exit: 0 every run of the shard finished (and, unsharded, the results are written);
// 2 invalid input (scenario, --vary, --shard, --replicas, --jobs, --update, --metric, a DIR
// of another sweep, or a --metric that is not a number in some run's report.json);
// 3 some run crashed (its file is missing, so a rerun retries just those).
int command_sweep(const SweepRequest& request, std::ostream& out, std::ostream& err);

namespace sweep_files {

inline constexpr const char* kManifest = "shard.json";

std::filesystem::path run_path(const std::filesystem::path& dir, const sweep::RunId& run);
// runs/<run id>/: the run's full outputs with --keep-reports ("p<P>-<S>").
std::filesystem::path report_dir(const std::filesystem::path& dir, const sweep::RunId& run);

// Reads DIR/shard.json; nullopt with `error` ("DIR/shard.json: why") when absent or bad.
std::optional<sweep::Manifest> read_manifest(const std::filesystem::path& dir, std::string& error);

// Writes runs.csv, summary.json and sweep.html into `dir` (created), each atomically. Both
// `sweep` and `merge` end here, which is what makes their results byte-identical.
void write_results(const std::filesystem::path& dir, const sweep::Plan& plan,
                   const std::vector<sweep::RunRecord>& records);

std::string read_text(const std::filesystem::path& path);  // "" when unreadable

}  // namespace sweep_files
}  // namespace cmsim
