#include "commands.hpp"

#include <filesystem>

#include "models/scenario_loader.hpp"
#include "models/units.hpp"
#include "models/version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/report_json.hpp"
#include "reports/run_json.hpp"
#include "simulation.hpp"

namespace cmsim {
namespace {

void print_problems(const LoadResult& loaded, std::ostream& err) {
  for (const Problem& p : loaded.problems.list()) err << format_problem(loaded.file, p) << '\n';
}

std::filesystem::path output_dir(const RunRequest& request, const Scenario& scenario) {
  return request.out_dir.empty() ? std::filesystem::path("out") / scenario.name : std::filesystem::path(request.out_dir);
}

void write_outputs(const std::filesystem::path& dir, const Results& results, const RunStats& stats) {
  std::filesystem::create_directories(dir);
  reports::write_file_atomically(dir / "report.json", reports::report_json_text(results));
  reports::write_file_atomically(dir / "run.json", reports::run_json_text(stats, kCmsimVersion, results.engine.version));
}

void print_summary(const Results& results, const RunStats& stats, const std::filesystem::path& dir, std::ostream& out) {
  out << "cmsim: " << results.scenario << ": " << results.sites.size() << " sites, simulated "
      << units::format_duration(results.duration_s) << " in " << stats.wall_s << " s\n";
  for (const SiteResult& site : results.sites) {
    if (site.final_version != site.initial_version)
      out << "  " << site.code << ": " << site.initial_version << " -> " << site.final_version << '\n';
  }
  out << "report: " << (dir / "report.json").string() << '\n';
}

}  // namespace

int command_validate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  for (const std::string& file : files) {
    const LoadResult loaded = load_scenario_file(file);
    if (loaded.scenario) {
      out << file << ": valid (" << loaded.scenario->sites.size() << " sites)\n";
    } else {
      print_problems(loaded, err);
      code = kExitInvalidInput;
    }
  }
  return code;
}

int command_run(const RunRequest& request, std::ostream& out, std::ostream& err) {
  LoadResult loaded = load_scenario_file(request.file, request.overrides);
  if (!loaded.scenario) {
    print_problems(loaded, err);
    return kExitInvalidInput;
  }
  Scenario& scenario = *loaded.scenario;
  if (request.seed) scenario.seed = *request.seed;
  try {
    RunStats stats;
    const Results results = simulate(scenario, SimulationOptions{request.verbose}, &stats);
    const auto dir = output_dir(request, scenario);
    write_outputs(dir, results, stats);
    print_summary(results, stats, dir, out);
    return kExitOk;
  } catch (const std::exception& e) {
    err << request.file << ": internal error: " << e.what() << '\n';
    return kExitInternalError;
  }
}

}  // namespace cmsim
