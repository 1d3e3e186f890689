#include "sim/cli/command_test.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "models/expectations.hpp"
#include "models/scenario_loader.hpp"
#include "models/version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/junit.hpp"
#include "reports/output_folder.hpp"
#include "reports/output_set.hpp"
#include "sim/cli/child_process.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupts.hpp"
#include "sim/simulation.hpp"

namespace cmsim {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// ---- finding the scenarios ----------------------------------------------------------

// A folder may also hold outputs of earlier runs (report.json, run.json); those declare a
// format of their own. Unreadable or format-less files stay in, so the loader reports them.
bool other_json_document(const fs::path& file) {
  std::ifstream in(file);
  const Json doc = Json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("format") || !doc["format"].is_string()) return false;
  return doc["format"].get<std::string>().rfind("cmsim-scenario", 0) != 0;
}

std::vector<std::string> scenarios_in_folder(const fs::path& dir) {
  std::vector<std::string> files;
  for (const fs::directory_entry& e :
       fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied))
    if (e.is_regular_file() && e.path().extension() == ".json" && !other_json_document(e.path()))
      files.push_back(e.path().string());
  std::sort(files.begin(), files.end());  // directory order is the file system's, not ours
  return files;
}

struct Discovery {
  std::vector<std::string> files;
  std::vector<std::string> missing;
};

Discovery discover(const std::vector<std::string>& paths) {
  Discovery found;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (std::string& file : scenarios_in_folder(path)) found.files.push_back(std::move(file));
    } else if (fs::exists(path, ec)) {
      found.files.push_back(path);
    } else {
      found.missing.push_back(path);
    }
  }
  return found;
}

// ---- one simulation per child process ------------------------------------------------
//
// Why fork and not re-exec /proc/self/exe: SimGrid allows one engine per process, and the
// parent never creates one, so a forked child starts engine-free with the scenario already
// loaded and validated. Only a small JSON (engine name and the expectation results) comes
// back over a pipe, so nothing depends on the `run` command's flags or report format
// staying in step, or on /proc. Same scheme as tests/sim/fork_runner.hpp. Children run one
// at a time: output order is then the file order, and a sweep is the place for parallelism.
// With --out each child writes into the staging folder, which is put in place only when
// every scenario has run; SIGINT or SIGTERM stops the child under way and leaves DIR as it was.

struct RunOutcome {
  std::string engine;                      // "SimGrid 3.32"
  std::vector<ExpectationResult> results;  // in the scenario's order
  std::optional<std::string> error;        // the run crashed: why
};

Json result_to_json(const ExpectationResult& r) {
  return Json{{"id", r.id}, {"kind", r.kind}, {"passed", r.passed}, {"detail", r.detail}};
}

ExpectationResult result_from_json(const Json& j) {
  return ExpectationResult{j.at("id").get<std::string>(), j.at("kind").get<std::string>(), j.at("passed").get<bool>(),
                           j.at("detail").get<std::string>()};
}

// Child side: simulate, check, and (with --out) leave the report behind.
Json simulate_and_check(const Scenario& scenario, const std::string& report_dir) {
  RunStats stats;
  Results results = simulate(scenario, SimulationOptions{}, &stats);
  results.expectations = evaluate_expectations(scenario, results);
  if (!report_dir.empty()) {
    reports::OutputOptions options;
    options.max_log_bytes = scenario.max_log_bytes;
    options.scenario = &scenario;
    reports::write_run_outputs(report_dir, results, stats, options);  // the same files as `cmsim run`
  }
  Json reply{{"engine", results.engine.name + " " + results.engine.version}, {"expectations", Json::array()}};
  for (const ExpectationResult& r : results.expectations) reply["expectations"].push_back(result_to_json(r));
  return reply;
}

// Replaces bytes that are not UTF-8 (a path in an exception message) instead of throwing.
std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

RunOutcome failed_run(std::string why) {
  RunOutcome outcome;
  outcome.error = std::move(why);
  return outcome;
}

RunOutcome outcome_from(const std::string& reply, int status) {
  if (status == -1) return failed_run("lost the simulation process");
  if (WIFSIGNALED(status)) return failed_run("simulation killed by signal " + std::to_string(WTERMSIG(status)));
  const Json j = Json::parse(reply, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return failed_run("simulation gave no result (exit " + std::to_string(WEXITSTATUS(status)) + ")");
  if (j.contains("error"))
    return failed_run(j["error"].is_string() ? j["error"].get<std::string>() : j["error"].dump());
  RunOutcome outcome;
  try {
    outcome.engine = j.at("engine").get<std::string>();
    for (const Json& r : j.at("expectations")) outcome.results.push_back(result_from_json(r));
  } catch (const Json::exception& e) {
    return failed_run(std::string("unreadable simulation result: ") + e.what());
  }
  return outcome;
}

bool interrupted() { return interruption() != 0; }

// Stopped by SIGINT or SIGTERM: the child is killed and no outcome is made of it.
RunOutcome outcome_of(Child& child) {
  const std::optional<std::string> reply = read_reply_unless(child, interrupted);
  const int status = wait_child_unless_interrupted(child.pid);
  if (!reply || interrupted()) return failed_run("interrupted");
  return outcome_from(*reply, status);
}

RunOutcome run_in_child(const Scenario& scenario, const std::string& report_dir) {
  auto child = start_child(
      [&] {
        detach_from_terminal_signals();  // the parent decides what an interruption does
        try {
          return dump(simulate_and_check(scenario, report_dir));
        } catch (const std::exception& e) {
          return dump(Json{{"error", e.what()}});
        }
      },
      true);
  if (!child) return failed_run("cannot fork");
  RunOutcome outcome = outcome_of(*child);
  // A run that did not finish may have written part of its set: DIR keeps only whole ones.
  std::error_code ignored;
  if (outcome.error && !report_dir.empty()) fs::remove_all(report_dir, ignored);
  return outcome;
}

// ---- what one scenario came to --------------------------------------------------------

struct Tally {
  std::size_t passed = 0, failed = 0;
  bool invalid = false, crashed = false;
};

// out_dir/<name>, made unique when two scenarios share a name so neither overwrites the other.
std::string report_dir_for(const std::string& out_dir, const std::string& name, std::set<std::string>& used) {
  if (out_dir.empty()) return {};
  std::string dir_name = name;
  for (int n = 2; !used.insert(dir_name).second; ++n) dir_name = name + "-" + std::to_string(n);
  return (fs::path(out_dir) / dir_name).string();
}

reports::JunitSuite invalid_suite(const LoadResult& loaded) {
  reports::JunitSuite suite;
  suite.name = loaded.file;
  suite.file = loaded.file;
  std::string text;
  for (const std::string& line : format_problems(loaded.file, loaded.problems)) text += line + "\n";
  suite.error = reports::JunitError{
      "invalid_input", std::to_string(loaded.problems.size()) + " problem(s) in the scenario; not run", text};
  return suite;
}

reports::JunitSuite run_suite(const Scenario& scenario, const RunOutcome& outcome) {
  reports::JunitSuite suite;
  suite.name = scenario.name;
  suite.file = scenario.file;
  suite.properties = {{"seed", std::to_string(scenario.seed)},
                      {"scenario_file", scenario.file},
                      {"engine", outcome.engine},
                      {"cmsim_version", kCmsimVersion}};
  if (outcome.error)
    suite.error = reports::JunitError{"internal_error", "the simulation did not finish", *outcome.error};
  suite.cases = outcome.results;
  return suite;
}

void print_outcome(const Scenario& scenario, const RunOutcome& outcome, Tally& tally, std::ostream& out,
                   std::ostream& err) {
  out << scenario.name << " (" << scenario.file << ")\n";
  if (outcome.error) {
    err << scenario.file << ": internal error: " << *outcome.error << '\n';
    out << "  ERROR simulation did not finish: " << *outcome.error << '\n';
    tally.crashed = true;
    return;
  }
  for (const ExpectationResult& r : outcome.results) {
    out << (r.passed ? "  PASS " : "  FAIL ") << r.id;
    if (!r.passed) out << ": " << r.detail;
    out << '\n';
    (r.passed ? tally.passed : tally.failed) += 1;
  }
}

struct TestRun {
  std::string out_dir;  // the staging folder of --out; empty without --out
  std::set<std::string> used_dirs;
  std::vector<reports::JunitSuite> suites;
  Tally tally;
  std::size_t scenarios_run = 0;
};

void test_file(const std::string& file, TestRun& run, std::ostream& out, std::ostream& err) {
  const LoadResult loaded = load_scenario_file(file);
  if (!loaded.scenario) {
    for (const std::string& line : format_problems(loaded.file, loaded.problems)) err << line << '\n';
    out << file << ": invalid, not run\n";
    run.suites.push_back(invalid_suite(loaded));
    run.tally.invalid = true;
    return;
  }
  const Scenario& scenario = *loaded.scenario;
  if (scenario.expectations.empty()) {
    out << file << ": no expect, skipped\n";
    return;
  }
  const RunOutcome outcome = run_in_child(scenario, report_dir_for(run.out_dir, scenario.name, run.used_dirs));
  if (interrupted()) return;
  print_outcome(scenario, outcome, run.tally, out, err);
  run.suites.push_back(run_suite(scenario, outcome));
  ++run.scenarios_run;
}

bool write_junit(const std::string& junit_file, const std::vector<reports::JunitSuite>& suites, std::ostream& err) {
  try {
    const fs::path path(junit_file);
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    reports::write_file_atomically(path, reports::junit_xml("cmsim test", suites));
    return true;
  } catch (const std::exception& e) {
    err << junit_file << ": cannot write the JUnit report: " << e.what() << '\n';
    return false;
  }
}

int exit_code(const Tally& tally) {
  if (tally.invalid) return kExitInvalidInput;
  if (tally.crashed) return kExitInternalError;
  return tally.failed > 0 ? kExitExpectationsFailed : kExitOk;
}

// The line CI parses (docs/modelling.md §12.2.2): expectations, alone on the last line.
void print_closing_line(const Tally& tally, std::ostream& out) {
  out << tally.passed << " passed, " << tally.failed << " failed\n";
}

int report_interruption(const std::string& out_dir, std::ostream& err) {
  const int signal = interruption();
  err << "cmsim: interrupted by " << interruption_name(signal);
  if (!out_dir.empty()) err << "; " << out_dir << " keeps its previous outputs";
  err << '\n';
  return 128 + signal;
}

// A test that ran nothing leaves DIR as it was rather than replacing it with an empty set.
bool commit_outputs(reports::StagedOutputFolder* staged, const TestRun& run, std::ostream& err) {
  if (!staged || run.scenarios_run == 0) return true;
  try {
    staged->commit();
    return true;
  } catch (const std::exception& e) {
    err << "cmsim test: internal error: cannot put the outputs in place: " << e.what() << '\n';
    return false;
  }
}

// --out is taken before any scenario runs: a folder in use or of the user's own files is the
// user's to fix (exit 2), not something to find out after the whole suite.
bool take_out_dir(const std::string& out_dir, TestRun& run, std::unique_ptr<reports::StagedOutputFolder>& staged,
                  std::ostream& err) {
  if (out_dir.empty()) return true;
  std::string why;
  staged = reports::take_output_folder(out_dir, reports::OutputKind::kTest, why);
  if (!staged) {
    err << "cmsim test: " << why << '\n';
    return false;
  }
  run.out_dir = staged->staging().string();
  return true;
}

void test_all(const Discovery& found, TestRun& run, std::ostream& out, std::ostream& err) {
  for (const std::string& file : found.files) {
    if (interrupted()) return;
    test_file(file, run, out, err);
  }
  if (run.scenarios_run == 0 && !run.tally.invalid && !interrupted()) {
    err << "cmsim test: no scenario with an expect list under the given paths\n";
    run.tally.invalid = true;
  }
}

}  // namespace

int command_test(const std::vector<std::string>& paths, const std::string& junit_file, const std::string& out_dir,
                 std::ostream& out, std::ostream& err) {
  const Discovery found = discover(paths);
  TestRun run;
  for (const std::string& path : found.missing) err << path << ": no such file or folder\n";
  run.tally.invalid = !found.missing.empty();
  catch_interrupts();
  std::unique_ptr<reports::StagedOutputFolder> staged;
  if (!take_out_dir(out_dir, run, staged, err)) {
    print_closing_line(run.tally, out);
    return kExitInvalidInput;
  }
  test_all(found, run, out, err);
  print_closing_line(run.tally, out);
  if (interrupted()) return report_interruption(out_dir, err);
  if (!junit_file.empty() && !write_junit(junit_file, run.suites, err)) run.tally.invalid = true;
  if (!commit_outputs(staged.get(), run, err)) run.tally.crashed = true;
  return exit_code(run.tally);
}

}  // namespace cmsim
