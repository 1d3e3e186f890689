#include "sim/cli/command_compare.hpp"

#include <filesystem>
#include <optional>

#include <nlohmann/json.hpp>

#include "models/scenario_loader.hpp"
#include "reports/atomic_file.hpp"
#include "reports/compare_html.hpp"
#include "reports/compare_json.hpp"
#include "sim/cli/child_process.hpp"
#include "sim/cli/commands.hpp"
#include "sim/simulation.hpp"

namespace cmsim {
namespace {

namespace fs = std::filesystem;
using OJson = nlohmann::ordered_json;

std::optional<Scenario> load(const std::string& file, std::ostream& err) {
  LoadResult loaded = load_scenario_file(file);
  for (const std::string& line : format_problems(loaded.file, loaded.problems)) err << line << '\n';
  return std::move(loaded.scenario);
}

// Child side: simulate and reduce to the side's JSON; only that crosses the pipe.
std::string simulate_side(const Scenario& scenario) {
  RunStats stats;
  const Results results = simulate(scenario, SimulationOptions{}, &stats);
  return reports::compare_side(scenario, results).dump();
}

// Both children run at once; the replies are read one after the other, which cannot
// deadlock because neither child waits for the other.
std::optional<OJson> side_result(std::optional<Child>& child, const std::string& file, std::ostream& err) {
  if (!child) {
    err << file << ": cannot start a process for the simulation\n";
    return std::nullopt;
  }
  const std::string reply = read_reply(*child);
  const int status = wait_child(child->pid);
  if (!succeeded(status)) {
    err << file << ": internal error: the simulation did not finish (" << describe_status(status) << ")\n";
    return std::nullopt;
  }
  OJson side = OJson::parse(reply, nullptr, false);
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

}  // namespace

int command_compare(const CompareRequest& request, std::ostream& out, std::ostream& err) {
  const auto a = load(request.file_a, err);
  const auto b = load(request.file_b, err);  // loaded even when A is bad: all problems at once
  if (!a || !b) return kExitInvalidInput;
  auto child_a = start_child([&a] { return simulate_side(*a); }, true);
  auto child_b = start_child([&b] { return simulate_side(*b); }, true);
  const auto side_a = side_result(child_a, request.file_a, err);
  const auto side_b = side_result(child_b, request.file_b, err);
  if (!side_a || !side_b) return kExitInternalError;
  const OJson doc = reports::compare_document(*side_a, *side_b);
  const fs::path dir = out_dir(request, *a, *b);
  try {
    fs::create_directories(dir);
    reports::write_file_atomically(dir / "compare.json", doc.dump(2) + "\n");
    reports::write_file_atomically(dir / "compare.html", reports::compare_html(doc));
  } catch (const std::exception& e) {
    err << "compare: " << e.what() << '\n';
    return kExitInternalError;
  }
  out << "compare: " << a->name << " vs " << b->name << "\njson: " << (dir / "compare.json").string()
      << "\npage: " << (dir / "compare.html").string() << '\n';
  return kExitOk;
}

}  // namespace cmsim
