#include "sim/cli/command_sweep.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>

#include "models/scenario_loader.hpp"
#include "models/version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/sweep_html.hpp"
#include "sim/cli/child_process.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupts.hpp"
#include "sim/cli/run_pool.hpp"
#include "sim/cli/sweep_options.hpp"
#include "sim/simulation.hpp"

namespace cmsim {

namespace fs = std::filesystem;
using sweep::Plan;
using sweep::RunId;
using sweep::RunRecord;
using sweep::Shard;

// ---- files shared with merge -------------------------------------------------------------

namespace sweep_files {

fs::path run_path(const fs::path& dir, const RunId& run) { return dir / "runs" / sweep::run_file_name(run); }

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::optional<sweep::Manifest> read_manifest(const fs::path& dir, std::string& error) {
  const fs::path path = dir / kManifest;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    error = path.string() + ": no such file (expected the manifest `cmsim sweep` writes into its --out)";
    return std::nullopt;
  }
  std::string why;
  auto manifest = sweep::parse_manifest(read_text(path), why);
  if (!manifest) error = path.string() + ": " + why;
  return manifest;
}

void write_results(const fs::path& dir, const Plan& plan, const std::vector<RunRecord>& records) {
  const auto sorted = sweep::sorted_records(records);
  fs::create_directories(dir);
  reports::write_file_atomically(dir / "runs.csv", sweep::runs_csv(plan, sorted));
  reports::write_file_atomically(dir / "summary.json", sweep::summary_json(plan, sorted));
  reports::write_file_atomically(dir / "sweep.html", reports::sweep_html(plan, sorted));
}

}  // namespace sweep_files

namespace {

// ---- validating the request before anything is written ------------------------------------

// Each grid point loaded and validated: a --vary value that breaks the scenario is invalid
// input before any run starts, not a crash in the middle of the sweep.
struct Prepared {
  Plan plan;
  Shard shard;
  std::vector<Scenario> points;  // index = grid point
  fs::path out;
};

bool print_errors(const std::vector<std::string>& errors, std::ostream& err) {
  for (const std::string& e : errors) err << e << '\n';
  return errors.empty();
}

// Problems of every point, each distinct line once, tagged with the first point it broke.
bool load_points(const std::string& text, const std::string& file, Prepared& prep, std::ostream& err) {
  std::set<std::string> seen;
  for (std::size_t p = 0; p < prep.plan.point_count(); ++p) {
    LoadResult loaded = load_scenario_text(text, file, sweep::point_overrides(prep.plan, p));
    for (const Problem& problem : loaded.problems.list()) {
      const std::string line = format_problem(file, problem);
      if (seen.insert(line).second)
        err << line
            << (prep.plan.axes.empty()
                    ? ""
                    : " [grid point " + std::to_string(p) + ": " + sweep::point_label(prep.plan, p) + "]")
            << '\n';
    }
    if (loaded.scenario) prep.points.push_back(std::move(*loaded.scenario));
  }
  return seen.empty();
}

std::optional<Prepared> prepare(const SweepRequest& request, std::ostream& err) {
  std::vector<std::string> errors;
  if (request.replicas < 1) errors.push_back("--replicas must be at least 1");
  Prepared prep;
  prep.plan.axes = sweep::parse_vary_list(request.vary, errors);
  std::string shard_error;
  const auto shard = sweep::parse_shard(request.shard, shard_error);
  if (!shard) errors.push_back(shard_error);
  Problems unreadable;
  const auto read = read_scenario_text(request.file, unreadable);
  for (const std::string& line : format_problems(request.file, unreadable)) errors.push_back(line);
  if (!print_errors(errors, err)) return std::nullopt;
  prep.shard = *shard;
  const std::string& text = *read;
  const LoadResult base = load_scenario_text(text, request.file);
  if (!base.scenario) {
    for (const std::string& line : format_problems(request.file, base.problems)) err << line << '\n';
    return std::nullopt;
  }
  prep.plan.scenario = base.scenario->name;
  prep.plan.base_seed = base.scenario->seed;
  prep.plan.replicas = request.replicas;
  prep.plan.sweep_id = sweep::make_sweep_id(text, request.replicas, prep.plan.axes, kCmsimVersion);
  if (!load_points(text, request.file, prep, err)) return std::nullopt;
  prep.out = request.out_dir.empty() ? fs::path("out") / (prep.plan.scenario + "-sweep") : fs::path(request.out_dir);
  return prep;
}

// A DIR that already holds a manifest must hold this very sweep and shard: otherwise its
// run files would be mixed with ours, and a merge could count a run twice.
bool out_dir_matches(const Prepared& prep, std::ostream& err) {
  std::error_code ec;
  if (!fs::exists(prep.out / sweep_files::kManifest, ec)) return true;
  std::string error;
  const auto manifest = sweep_files::read_manifest(prep.out, error);
  if (manifest && manifest->plan == prep.plan && manifest->shard == prep.shard) return true;
  err << prep.out.string() << ": holds another sweep or shard ("
      << (manifest ? "sweep id " + manifest->plan.sweep_id : error)
      << "); use another --out, or delete it to start over\n";
  return false;
}

// ---- running --------------------------------------------------------------------------------

// Runs of this shard whose file is not a complete record of this sweep yet.
std::vector<RunId> unfinished(const Prepared& prep, const std::vector<RunId>& runs) {
  std::vector<RunId> todo;
  for (const RunId& run : runs) {
    std::string error;
    if (!sweep::parse_run_record(sweep_files::read_text(sweep_files::run_path(prep.out, run)), prep.plan, run, error))
      todo.push_back(run);
  }
  return todo;
}

// Child side: the run's seed, one simulation, its metrics file.
std::string run_one(const Prepared& prep, const RunId& run) {
  detach_from_terminal_signals();  // the parent decides what an interruption does
  Scenario scenario = prep.points.at(run.point);
  scenario.seed = run.seed;
  RunStats stats;
  const Results results = simulate(scenario, SimulationOptions{}, &stats);
  reports::write_file_atomically(sweep_files::run_path(prep.out, run),
                                 sweep::run_record_json(prep.plan, run, sweep::metrics_from_results(results)));
  return {};
}

std::string run_name(const RunId& run) {
  return "run " + std::to_string(run.index) + " (grid point " + std::to_string(run.point) + ", seed " +
         std::to_string(run.seed) + ")";
}

std::vector<RunRecord> read_records(const Prepared& prep, const std::vector<RunId>& runs) {
  std::vector<RunRecord> records;
  for (const RunId& run : runs) {
    std::string error;
    auto record =
        sweep::parse_run_record(sweep_files::read_text(sweep_files::run_path(prep.out, run)), prep.plan, run, error);
    if (!record) throw std::runtime_error(sweep_files::run_path(prep.out, run).string() + ": " + error);
    records.push_back(std::move(*record));
  }
  return records;
}

void announce(const Prepared& prep, std::size_t shard_runs, std::size_t todo, std::size_t jobs, std::ostream& err) {
  err << "sweep: " << prep.plan.scenario << ": " << prep.plan.point_count() << " grid point(s) x " << prep.plan.replicas
      << " replicas = " << prep.plan.run_count() << " runs";
  if (prep.shard.count > 1) err << "; shard " << prep.shard.index << "/" << prep.shard.count << " has " << shard_runs;
  err << "; skipped " << (shard_runs - todo) << " finished runs; " << todo << " to run, " << jobs << " at a time\n";
}

int finish(const Prepared& prep, const std::vector<RunId>& runs, std::ostream& out) {
  if (prep.shard.count > 1) {
    out << "shard " << prep.shard.index << "/" << prep.shard.count << ": " << runs.size() << " runs in "
        << (prep.out / "runs").string() << "; join the shards with `cmsim merge DIR... --out DIR`\n";
    return kExitOk;
  }
  sweep_files::write_results(prep.out, prep.plan, read_records(prep, runs));
  out << "runs: " << (prep.out / "runs.csv").string() << "\nsummary: " << (prep.out / "summary.json").string()
      << "\npage: " << (prep.out / "sweep.html").string() << '\n';
  return kExitOk;
}

}  // namespace

int command_sweep(const SweepRequest& request, std::ostream& out, std::ostream& err) {
  auto prep = prepare(request, err);
  if (!prep || !out_dir_matches(*prep, err)) return kExitInvalidInput;
  try {
    const auto runs = sweep::shard_runs(prep->plan, prep->shard);
    fs::create_directories(prep->out / "runs");
    reports::write_file_atomically(prep->out / sweep_files::kManifest,
                                   sweep::manifest_json(prep->plan, prep->shard, runs.size()));
    const auto todo = unfinished(*prep, runs);
    const std::size_t jobs = request.jobs > 0 ? request.jobs : usable_cpus();
    announce(*prep, runs.size(), todo.size(), jobs, err);
    std::vector<PoolJob> pool;
    for (const RunId& run : todo) pool.push_back({run_name(run), [&prep, run] { return run_one(*prep, run); }});
    const PoolOutcome outcome = run_pool(pool, jobs, prep->out / "runs", "sweep", err);
    if (outcome.interrupted_by) {
      const std::size_t finished = runs.size() - todo.size() + outcome.done - outcome.failed;
      err << "sweep: interrupted by " << interruption_name(outcome.interrupted_by) << ": " << finished << " of "
          << runs.size() << " runs finished and kept in " << (prep->out / "runs").string()
          << "; run the same command again to resume\n";
      return 128 + outcome.interrupted_by;
    }
    if (outcome.failed > 0) {
      err << "sweep: " << outcome.failed << " run(s) failed; run the same command again to retry only those\n";
      return kExitInternalError;
    }
    return finish(*prep, runs, out);
  } catch (const std::exception& e) {
    err << "sweep: " << e.what() << '\n';
    return kExitInternalError;
  }
}

}  // namespace cmsim
