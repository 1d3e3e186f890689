#include "sim/cli/commands.hpp"

#include "models/critical_path.hpp"
#include "models/scenario_warnings.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "models/expectations.hpp"
#include "models/overlay.hpp"
#include "models/scenario_loader.hpp"
#include "models/units.hpp"
#include "reports/output_folder.hpp"
#include "reports/output_set.hpp"
#include "sim/cli/child_process.hpp"
#include "sim/cli/interrupts.hpp"
#include "sim/simulation.hpp"

namespace cmsim {
namespace {

void print_problems(const LoadResult& loaded, std::ostream& err) {
  for (const std::string& line : format_problems(loaded.file, loaded.problems)) err << line << '\n';
}

std::filesystem::path output_dir(const RunRequest& request, const Scenario& scenario) {
  return request.out_dir.empty() ? std::filesystem::path("out") / scenario.name
                                 : std::filesystem::path(request.out_dir);
}

// "2409 on all 41 sites at +32d15h; last S17: sending 24d on PS1-S17, install 45m": where the
// time went on the chain to the last site (docs/modelling.md §4.9), its three largest shares.
void print_update_line(const Results& results, const UpdateResult& u, std::ostream& out) {
  const auto path = critical_path(results, u, results.duration_s);
  if (!path) return;
  std::size_t installed = 0;
  for (const UpdateSiteResult& s : u.sites) installed += s.installed_t_s ? 1 : 0;
  out << "  " << (u.name.empty() ? u.version : u.name);
  if (path->complete)
    out << " on " << (u.sites.size() == 1 ? "its site" : "all " + std::to_string(u.sites.size()) + " sites") << " at +"
        << units::format_duration(path->end_t_s) << "; last " << path->last_site << ": ";
  else
    out << " on " << installed << " of " << u.sites.size() << " sites at the end; " << path->last_site
        << " still without it: ";
  const auto totals = delay_totals(*path);
  for (std::size_t i = 0; i < totals.size() && i < 3; ++i) {
    std::string link;
    for (const PathSegment& s : path->segments)
      if (s.kind == totals[i].first && !s.link.empty()) link = " on " + s.link;
    out << (i ? ", " : "") << to_string(totals[i].first) << " " << units::format_duration(totals[i].second) << link;
  }
  out << '\n';
}

// "P01: 2403 -> 2409" or "stayed on 2403", the words a tier line counts sites by.
std::string version_change(const SiteResult& site) {
  if (site.versions.empty()) return "stayed on " + site.initial_version;
  return site.initial_version + " -> " + site.versions.back().version;
}

// Per tier, sites counted by their version change, and the codes of a change few sites share
// ("secondaries (40): 38 2403 -> 2409, 2 stayed on 2403 (S07, S12)"; "primaries: all 25: 2403 -> 2509").
void print_tier(const Results& results, const std::string& type, const char* label, std::ostream& out) {
  std::map<std::string, std::vector<std::string>> by_change;
  std::size_t sites = 0;
  for (const SiteResult& site : results.sites)
    if (site.type == type) ++sites, by_change[version_change(site)].push_back(site.code);
  if (sites == 0) return;
  if (by_change.size() == 1) {
    const auto& [change, codes] = *by_change.begin();
    out << "  " << (sites == 1 ? codes.front() : std::string(label) + ": all " + std::to_string(sites)) << ": "
        << change << '\n';
    return;
  }
  out << "  " << label << " (" << sites << "):";
  const char* sep = " ";
  for (const auto& [change, codes] : by_change) {
    out << sep << codes.size() << " " << change;
    if (codes.size() <= 5 && codes.size() < sites) {
      out << " (";
      for (std::size_t i = 0; i < codes.size(); ++i) out << (i ? ", " : "") << codes[i];
      out << ")";
    }
    sep = ", ";
  }
  out << '\n';
}

// Site by site while it fits in a glance, else by tier; sites.csv has every one. Returns how
// many sites changed version.
std::size_t print_versions(const Results& results, std::ostream& out) {
  constexpr std::size_t kListedSites = 10;
  std::size_t changed = 0;
  for (const SiteResult& site : results.sites) changed += site.versions.empty() ? 0 : 1;
  if (changed == 0) return 0;
  if (results.sites.size() <= kListedSites) {
    for (const SiteResult& site : results.sites)
      if (!site.versions.empty()) out << "  " << site.code << ": " << version_change(site) << '\n';
    return changed;
  }
  print_tier(results, "cas", "CAS", out);
  print_tier(results, "primary", "primaries", out);
  print_tier(results, "secondary", "secondaries", out);
  out << "  every site's versions: sites.csv\n";
  return changed;
}

void print_summary(const Scenario& scenario, const Results& results, const RunStats& stats,
                   const std::filesystem::path& dir, std::ostream& out) {
  out << "cmsim: " << results.scenario << ": " << results.sites.size() << " sites, simulated "
      << units::format_duration(results.duration_s) << " in " << stats.wall_s << " s\n";
  for (const UpdateResult& u : results.updates) print_update_line(results, u, out);
  const std::size_t changed = print_versions(results, out);
  if (changed == 0) {  // say why, from what the scenario itself shows (as compare's warnings do)
    out << "  no site installed an update";
    const auto why = scenario_warnings(scenario);
    if (why.empty()) out << " (no update reached an install during the run)";
    out << '\n';
    for (const std::string& w : why) out << "    " << w << '\n';
  }
  out << "report: " << (dir / "report.json").string() << '\n';
}

}  // namespace

int command_validate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  int code = kExitOk;
  for (const std::string& file : files) {
    const LoadResult loaded = check_scenario_file(file);
    if (loaded.scenario) {
      out << file << ": valid (" << loaded.scenario->sites.size() << " sites)\n";
    } else {
      print_problems(loaded, err);
      code = kExitInvalidInput;
    }
  }
  return code;
}

namespace {

// The child: simulate, write the whole set into the staging folder, print the summary.
void simulate_and_write(const RunRequest& request, const Scenario& scenario, const std::filesystem::path& staging,
                        const std::filesystem::path& dir, std::ostream& out) {
  detach_from_terminal_signals();
  RunStats stats;
  Results& results =
      kept_until_exit(simulate(scenario, SimulationOptions{request.verbose, request.log_settings}, &stats));
  results.expectations = evaluate_expectations(scenario, results);
  reports::OutputOptions options;
  options.max_log_bytes = scenario.max_log_bytes;
  options.scenario = &scenario;
  for (const std::string& word : request.traces)
    if (const auto format = reports::parse_trace_format(word)) options.traces.add(*format);
  reports::write_run_outputs(staging, results, stats, options);
  print_summary(scenario, results, stats, dir, out);
}

}  // namespace

// The simulation and the writing run in a child process; this process owns the output folder
// and only commits it when the child has written the whole set. So an interruption or a
// crash at any moment leaves the previous outputs as they were.
int command_run(const RunRequest& request, std::ostream& out, std::ostream& err) {
  std::vector<std::string> overrides;
  if (!request.overlay.empty()) {  // docs/scenario.md §1.11: the overlay first, so --set wins
    Problems problems;
    const auto overlay = read_overlay_file(request.overlay, problems);
    if (!overlay) {
      for (const std::string& line : format_problems(request.overlay, problems)) err << line << '\n';
      return kExitInvalidInput;
    }
    overrides = *overlay;
  }
  overrides.insert(overrides.end(), request.overrides.begin(), request.overrides.end());
  LoadResult loaded = load_scenario_file(request.file, overrides);
  if (!loaded.scenario) {
    print_problems(loaded, err);
    if (!request.overlay.empty()) err << request.file << ": (with the overlay " << request.overlay << " applied)\n";
    return kExitInvalidInput;
  }
  Scenario& scenario = *loaded.scenario;
  if (request.seed) scenario.seed = *request.seed;
  const auto dir = output_dir(request, scenario);
  // Before the staging folder exists: a signal from then on must find the handler, not kill
  // this process with the staging folder left beside the outputs.
  catch_interrupts();
  // Taken before simulating: a typo in --out, a folder another run is writing, or a folder of
  // the user's own files is the user's to fix (exit 2), not an error found after the run.
  std::string why;
  const auto staged = reports::take_output_folder(dir, reports::OutputKind::kRun, why);
  if (!staged) {
    err << request.file << ": " << why << '\n';
    return kExitInvalidInput;
  }
  const auto child = start_child(
      [&] {
        simulate_and_write(request, scenario, staged->staging(), dir, out);
        return std::string();
      },
      false);
  if (!child) {
    err << request.file << ": internal error: cannot start the simulation process\n";
    return kExitInternalError;
  }
  const int status = wait_child_unless_interrupted(child->pid);
  if (const int signal = interruption()) {
    err << "cmsim: interrupted by " << interruption_name(signal) << "; " << dir.string()
        << " keeps its previous outputs\n";
    return 128 + signal;
  }
  if (!succeeded(status)) {
    err << request.file << ": internal error: the simulation process ended with " << describe_status(status) << "; "
        << dir.string() << " keeps its previous outputs\n";
    return kExitInternalError;
  }
  try {
    staged->commit();
  } catch (const std::exception& e) {
    err << request.file << ": internal error: cannot put the outputs in place: " << e.what() << '\n';
    return kExitInternalError;
  }
  return kExitOk;
}

}  // namespace cmsim
