#include "sim/cli/command_sweep.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>

#include "models/expectations.hpp"
#include "models/scenario_loader.hpp"
#include "models/version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/output_set.hpp"
#include "reports/report_json.hpp"
#include "reports/sweep_html.hpp"
#include "reports/sweep_metrics.hpp"
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

fs::path report_dir(const fs::path& dir, const RunId& run) {
  return run_path(dir, run).replace_extension();  // runs/p0-11.json -> runs/p0-11
}

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
  bool keep_reports = false;
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

bool in_catalog(const Scenario& s, const std::string& update) {
  for (const Release& r : s.releases.catalog)
    if (r.name == update || r.version == update) return true;
  return false;
}

// --metric NAME=JSON_POINTER, each checked before anything runs: a bad name or pointer
// syntax is the user's to fix (exit 2). Whether the pointer finds a number is known only
// from each run's report.json (see run_one).
std::vector<sweep::UserMetric> parse_user_metrics(const std::vector<std::string>& texts,
                                                  std::vector<std::string>& errors) {
  std::vector<sweep::UserMetric> metrics;
  std::set<std::string> names;
  for (const std::string& text : texts) {
    const auto eq = text.find('=');
    const std::string name = text.substr(0, eq);
    const std::string pointer = eq == std::string::npos ? "" : text.substr(eq + 1);
    if (eq == std::string::npos || !sweep::valid_user_metric_name(name)) {
      errors.push_back("--metric '" + text.substr(0, 80) +
                       "': expected NAME=JSON_POINTER, NAME of letters, digits, _ - . and not a built-in metric "
                       "name (e.g. --metric p01_installed=/updates/0/sites/1/installed_t_s)");
      continue;
    }
    bool parsed = !pointer.empty();
    try {
      if (parsed) (void)nlohmann::json_pointer<std::string>(pointer);
    } catch (const nlohmann::json::exception&) {
      parsed = false;
    }
    if (!parsed)
      errors.push_back("--metric " + name + ": '" + pointer.substr(0, 80) +
                       "' is not a JSON pointer into report.json (expected /key/index/..., RFC 6901)");
    else if (!names.insert(name).second)
      errors.push_back("--metric " + name + ": the name is given twice");
    else
      metrics.push_back({name, pointer});
  }
  return metrics;
}

// The metric options are part of what a run records, so a sweep with other ones is another
// sweep (its id differs); the default keeps the ids sweeps had before the options existed.
std::vector<sweep::Axis> id_axes(const sweep::Plan& plan) {
  std::vector<sweep::Axis> axes = plan.axes;
  const sweep::MetricSpec& m = plan.metrics;
  if (m.is_default()) return axes;
  sweep::Axis spec{"cmsim-metrics",
                   {"update=" + m.update, m.per_site ? "per-site" : "-", m.per_link ? "per-link" : "-"}};
  for (const sweep::UserMetric& u : m.user) spec.values.push_back(u.name + "=" + u.pointer);
  axes.push_back(spec);
  return axes;
}

std::optional<Prepared> prepare(const SweepRequest& request, std::ostream& err) {
  std::vector<std::string> errors;
  if (request.replicas < 1) errors.push_back("--replicas must be at least 1");
  Prepared prep;
  prep.plan.axes = sweep::parse_vary_list(request.vary, errors);
  prep.plan.metrics =
      sweep::MetricSpec{request.update, request.per_site, request.per_link, parse_user_metrics(request.metric, errors)};
  prep.keep_reports = request.keep_reports;
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
  if (!request.update.empty() && request.update != "all" && !in_catalog(*base.scenario, request.update)) {
    err << "sweep: --update '" << request.update.substr(0, 60)
        << "' is not an update of the scenario's release catalog (expected a version such as 2409, a release "
           "name, or all)\n";
    return std::nullopt;
  }
  prep.plan.sweep_id = sweep::make_sweep_id(text, request.replicas, id_axes(prep.plan), kCmsimVersion);
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
    std::error_code ec;
    if (!sweep::parse_run_record(sweep_files::read_text(sweep_files::run_path(prep.out, run)), prep.plan, run, error) ||
        (prep.keep_reports && !fs::is_regular_file(sweep_files::report_dir(prep.out, run) / "report.json", ec)))
      todo.push_back(run);
  }
  return todo;
}

// --keep-reports: the run's whole set as `cmsim run` writes it, staged beside runs/<run id>/
// and renamed into place, so an interrupted run leaves only a *.tmp-* folder the pool removes.
void keep_report(const Prepared& prep, const RunId& run, const Scenario& scenario, Results& results,
                 const RunStats& stats) {
  const fs::path dir = sweep_files::report_dir(prep.out, run);
  const fs::path staging = dir.string() + ".tmp-" + std::to_string(::getpid());
  results.expectations = evaluate_expectations(scenario, results);
  reports::OutputOptions options;
  options.max_log_bytes = scenario.max_log_bytes;
  options.scenario = &scenario;
  fs::remove_all(staging);
  reports::write_run_outputs(staging, results, stats, options);
  fs::remove_all(dir);
  fs::rename(staging, dir);
}

// Child side: the run's seed, one simulation, its metrics file (written last: it is what
// marks the run finished).
std::string run_one(const Prepared& prep, const RunId& run) {
  detach_from_terminal_signals();  // the parent decides what an interruption does
  Scenario scenario = prep.points.at(run.point);
  scenario.seed = run.seed;
  RunStats stats;
  Results& results = kept_until_exit(simulate(scenario, SimulationOptions{}, &stats));
  if (prep.keep_reports) keep_report(prep, run, scenario, results, stats);
  sweep::SweepMetrics metrics;
  try {
    if (prep.plan.metrics.user.empty()) {
      metrics = sweep::sweep_metrics(results, prep.plan.metrics, nullptr);
    } else {
      const auto report = reports::report_to_json(results);
      metrics = sweep::sweep_metrics(results, prep.plan.metrics, &report);
    }
  } catch (const sweep::MetricNotANumber& e) {
    // The user's mistake, the same in every run: exit 2 tells the pool to start no more.
    std::cerr << "sweep: " << sweep_files::run_path(prep.out, run).filename().replace_extension().string() << ": "
              << e.what() << std::endl;
    ::_exit(kExitInvalidInput);
  }
  reports::write_file_atomically(sweep_files::run_path(prep.out, run), sweep::run_record_json(prep.plan, run, metrics));
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
          << "; run the same command again (the same --out) to resume\n";
      return 128 + outcome.interrupted_by;
    }
    if (outcome.invalid > 0) {
      err << "sweep: a --metric is not a number in report.json (above); fix it and run again (a changed --metric "
             "is another sweep: use another --out)\n";
      return kExitInvalidInput;
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
