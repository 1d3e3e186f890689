#include "sim/cli/commands.hpp"

#include <unistd.h>

#include <filesystem>

#include "models/expectations.hpp"
#include "models/scenario_loader.hpp"
#include "models/units.hpp"
#include "reports/output_set.hpp"
#include "sim/simulation.hpp"

namespace cmsim {
namespace {

void print_problems(const LoadResult& loaded, std::ostream& err) {
  for (const std::string& line : format_problems(loaded.file, loaded.problems)) err << line << '\n';
}

std::filesystem::path output_dir(const RunRequest& request, const Scenario& scenario) {
  return request.out_dir.empty() ? std::filesystem::path("out") / scenario.name : std::filesystem::path(request.out_dir);
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

// The output folder is checked before simulating: a typo in --out is the user's to fix
// (exit 2), not an internal error discovered after the whole run.
bool usable_output_dir(const std::filesystem::path& dir, const std::string& file, std::ostream& err) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (!ec && ::access(dir.c_str(), W_OK) == 0) return true;
  err << file << ": cannot write the outputs to " << dir.string() << ": "
      << (ec ? ec.message() : std::string("permission denied")) << " (expected a writable --out folder)\n";
  return false;
}

int command_run(const RunRequest& request, std::ostream& out, std::ostream& err) {
  LoadResult loaded = load_scenario_file(request.file, request.overrides);
  if (!loaded.scenario) {
    print_problems(loaded, err);
    return kExitInvalidInput;
  }
  Scenario& scenario = *loaded.scenario;
  if (request.seed) scenario.seed = *request.seed;
  const auto dir = output_dir(request, scenario);
  if (!usable_output_dir(dir, request.file, err)) return kExitInvalidInput;
  try {
    RunStats stats;
    Results results = simulate(scenario, SimulationOptions{request.verbose}, &stats);
    results.expectations = evaluate_expectations(scenario, results);
    reports::OutputOptions options;
    options.max_log_bytes = scenario.max_log_bytes;
    options.scenario = &scenario;
    reports::write_run_outputs(dir, results, stats, options);
    print_summary(results, stats, dir, out);
    return kExitOk;
  } catch (const std::exception& e) {
    err << request.file << ": internal error: " << e.what() << '\n';
    return kExitInternalError;
  }
}

}  // namespace cmsim
