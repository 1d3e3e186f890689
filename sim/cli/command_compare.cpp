#include "sim/cli/command_compare.hpp"

#include <filesystem>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "models/scenario_loader.hpp"
#include "reports/atomic_file.hpp"
#include "reports/compare_html.hpp"
#include "reports/compare_json.hpp"
#include "reports/output_folder.hpp"
#include "sim/cli/child_process.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupts.hpp"
#include "sim/simulation.hpp"

namespace cmsim {
namespace {

namespace fs = std::filesystem;
using OJson = nlohmann::ordered_json;

std::optional<Scenario> load(const std::string& file, std::vector<std::string> overrides,
                             const std::vector<std::string>& side, std::ostream& err) {
  overrides.insert(overrides.end(), side.begin(), side.end());  // the side's own come last and win
  LoadResult loaded = load_scenario_file(file, overrides);
  for (const std::string& line : format_problems(loaded.file, loaded.problems)) err << line << '\n';
  return std::move(loaded.scenario);
}

// Child side: simulate and reduce to the side's JSON; only that crosses the pipe.
std::string simulate_side(const Scenario& scenario) {
  detach_from_terminal_signals();  // the parent decides what an interruption does
  RunStats stats;
  const Results results = simulate(scenario, SimulationOptions{}, &stats);
  return reports::compare_side(scenario, results).dump();
}

bool interrupted() { return interruption() != 0; }

bool in_catalog(const Scenario& s, const std::string& update) {
  for (const Release& r : s.releases.catalog)
    if (r.name == update || r.version == update) return true;
  return false;
}

// Both children run at once; the replies are read one after the other, which cannot
// deadlock because neither child waits for the other. After SIGINT or SIGTERM the child is
// killed and nullopt returned without a message: the caller reports the interruption.
std::optional<OJson> side_result(std::optional<Child>& child, const std::string& file, std::ostream& err) {
  if (!child) {
    err << file << ": cannot start a process for the simulation\n";
    return std::nullopt;
  }
  const std::optional<std::string> reply = read_reply_unless(*child, interrupted);
  const int status = wait_child_unless_interrupted(child->pid);
  if (!reply || interrupted()) return std::nullopt;
  if (!succeeded(status)) {
    err << file << ": internal error: the simulation did not finish (" << describe_status(status) << ")\n";
    return std::nullopt;
  }
  OJson side = OJson::parse(*reply, nullptr, false);
  if (side.is_discarded()) {
    err << file << ": internal error: unreadable simulation result\n";
    return std::nullopt;
  }
  return side;
}

fs::path out_dir(const CompareRequest& request, const Scenario& a, const Scenario& b) {
  if (!request.out_dir.empty()) return request.out_dir;
  return fs::path("out") / ("compare-" + a.name + "-vs-" + b.name);
}

int report_interruption(const fs::path& dir, std::ostream& err) {
  const int signal = interruption();
  err << "cmsim: interrupted by " << interruption_name(signal) << "; " << dir.string()
      << " keeps its previous outputs\n";
  return 128 + signal;
}

// Written into the staging folder; DIR changes only with the commit, both files at once.
bool write_and_commit(const OJson& doc, reports::StagedOutputFolder& staged, std::ostream& err) {
  try {
    reports::write_file_atomically(staged.staging() / "compare.json", doc.dump(2) + "\n");
    reports::write_file_atomically(staged.staging() / "compare.html", reports::compare_html(doc));
    if (interrupted()) return false;
    staged.commit();
    return true;
  } catch (const std::exception& e) {
    err << "compare: " << e.what() << "; " << staged.dir().string() << " keeps its previous outputs\n";
    return false;
  }
}

}  // namespace

// The folder is taken before simulating, so a folder in use or of the user's own files is
// refused (exit 2) before the runs, and the parent owns it while the children simulate.
int command_compare(const CompareRequest& request, std::ostream& out, std::ostream& err) {
  const auto a = load(request.file_a, request.set_both, request.set_a, err);
  const auto b = load(request.file_b, request.set_both, request.set_b, err);  // all problems at once
  if (!a || !b) return kExitInvalidInput;
  // An update neither run can see would compare two empty columns: a typo, said before simulating.
  if (!request.update.empty() && !in_catalog(*a, request.update) && !in_catalog(*b, request.update)) {
    err << "compare: --update '" << request.update.substr(0, 60)
        << "' is not an update of either scenario's release catalog (expected a version such as 2409 or a "
           "release name such as \"2403 HFRU\")\n";
    return kExitInvalidInput;
  }
  const fs::path dir = out_dir(request, *a, *b);
  catch_interrupts();
  std::string why;
  const auto staged = reports::take_output_folder(dir, reports::OutputKind::kCompare, why);
  if (!staged) {
    err << "compare: " << why << '\n';
    return kExitInvalidInput;
  }
  auto child_a = start_child([&a] { return simulate_side(*a); }, true);
  auto child_b = start_child([&b] { return simulate_side(*b); }, true);
  const auto side_a = side_result(child_a, request.file_a, err);
  const auto side_b = side_result(child_b, request.file_b, err);  // reaped even when A failed
  if (interrupted()) return report_interruption(dir, err);
  if (!side_a || !side_b) return kExitInternalError;
  const OJson doc = reports::compare_document(*side_a, *side_b, request.update);
  if (!write_and_commit(doc, *staged, err)) return interrupted() ? report_interruption(dir, err) : kExitInternalError;
  out << "compare: " << a->name << " vs " << b->name << "\nheadline update: "
      << (doc["headline"]["update"].is_null() ? std::string("none") : doc["headline"]["update"].get<std::string>())
      << " (" << doc["headline"]["why"].get<std::string>() << ")\njson: " << (dir / "compare.json").string()
      << "\npage: " << (dir / "compare.html").string() << '\n';
  return kExitOk;
}

}  // namespace cmsim
