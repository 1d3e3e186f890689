#include "sim/cli/command_test.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
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
#include "reports/baseline.hpp"
#include "reports/junit.hpp"
#include "reports/output_folder.hpp"
#include "reports/output_set.hpp"
#include "sim/cli/child_process.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupts.hpp"
#include "sim/cli/scenario_filter.hpp"
#include "sim/simulation.hpp"

namespace cmsim {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using OJson = nlohmann::ordered_json;

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
  OJson figures;                           // reports/baseline.hpp
  std::optional<std::string> error;        // the run crashed: why
  double wall_s = 0;                       // fork to reply, for --junit-durations wall
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
  Results& results = kept_until_exit(simulate(scenario, SimulationOptions{}, &stats));
  results.expectations = evaluate_expectations(scenario, results);
  if (!report_dir.empty()) {
    reports::OutputOptions options;
    options.max_log_bytes = scenario.max_log_bytes;
    options.scenario = &scenario;
    reports::write_run_outputs(report_dir, results, stats, options);  // the same files as `cmsim run`
  }
  Json reply{{"engine", results.engine.name + " " + results.engine.version},
             {"expectations", Json::array()},
             {"figures", Json(reports::key_figures(results))}};
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
    // Parsed back in name order, as key_figures made them: nlohmann::json keeps keys sorted.
    for (const auto& item : j.at("figures").items()) outcome.figures[item.key()] = item.value();
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
  const auto started = std::chrono::steady_clock::now();
  RunOutcome outcome = outcome_of(*child);
  outcome.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // A run that did not finish may have written part of its set: DIR keeps only whole ones.
  std::error_code ignored;
  if (outcome.error && !report_dir.empty()) fs::remove_all(report_dir, ignored);
  return outcome;
}

// ---- what one scenario came to --------------------------------------------------------

struct Tally {
  std::size_t passed = 0, failed = 0;  // test cases: expectations and baseline checks
  std::size_t invalid_scenarios = 0, crashed_scenarios = 0, skipped_scenarios = 0, scenarios_run = 0;
  bool invalid = false, crashed = false;  // `invalid` also counts bad paths, options and writes
};

// base/<name><suffix>, made unique when two scenarios share a name so neither overwrites the other.
std::string unique_path(const std::string& base, const std::string& name, const std::string& suffix,
                        std::set<std::string>& used) {
  if (base.empty()) return {};
  std::string unique = name;
  for (int n = 2; !used.insert(unique).second; ++n) unique = name + "-" + std::to_string(n);
  return (fs::path(base) / (unique + suffix)).string();
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

reports::JunitSuite skipped_suite(const std::string& name, const std::string& file, const std::string& why) {
  reports::JunitSuite suite;
  suite.name = name;
  suite.file = file;
  suite.skipped.push_back(reports::JunitSkip{name, why});
  return suite;
}

reports::JunitSuite run_suite(const Scenario& scenario, const RunOutcome& outcome, JunitDurations durations) {
  reports::JunitSuite suite;
  suite.name = scenario.name;
  suite.file = scenario.file;
  suite.time_s = durations == JunitDurations::kWall ? outcome.wall_s : 0;
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
    ++tally.crashed_scenarios;
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
  const TestRequest* request = nullptr;
  std::optional<ScenarioFilter> filter;
  reports::BaselineTolerance tolerance;
  std::string out_dir;  // the staging folder of --out; empty without --out
  std::set<std::string> used_dirs, used_baselines;
  std::vector<reports::JunitSuite> suites;
  OJson baseline_report = OJson::array();  // baseline.json's "scenarios"
  Tally tally;
  std::string stopped_after;  // --fail-fast: the scenario that failed first
};

// ---- the baseline gate ------------------------------------------------------------------

// One test case "baseline" per scenario run: passed, failed (what moved) or skipped (none stored).
void check_baseline(const Scenario& scenario, const std::string& baseline_file, RunOutcome& outcome,
                    reports::JunitSuite& suite, TestRun& run, std::ostream& out, std::ostream& err) {
  OJson entry{{"scenario", scenario.name}, {"file", scenario.file}, {"baseline_file", baseline_file}};
  std::error_code ec;
  if (!fs::exists(baseline_file, ec)) {
    const std::string why = "no baseline " + baseline_file + "; record one with --write-baseline";
    out << "  SKIP baseline: " << why << '\n';
    suite.skipped.push_back(reports::JunitSkip{"baseline", why});
    entry["status"] = "missing";
    run.baseline_report.push_back(std::move(entry));
    return;
  }
  std::string why;
  const auto stored = reports::read_baseline_figures(baseline_file, why);
  ExpectationResult result{"baseline", "baseline", true, ""};
  if (!stored) {
    err << baseline_file << ": " << why << '\n';
    result.passed = false;
    result.detail = baseline_file + ": " + why;
    run.tally.invalid = true;
    entry["status"] = "invalid";
    entry["problem"] = why;
  } else {
    const auto moves = reports::compare_figures(*stored, outcome.figures, run.tolerance);
    result.passed = moves.empty();
    entry["status"] = moves.empty() ? "held" : "moved";
    entry["moved"] = OJson::array();
    if (moves.empty())
      result.detail = std::to_string(outcome.figures.size()) + " key figures within the tolerance";
    else
      result.detail = std::to_string(moves.size()) + " key figure(s) moved beyond the tolerance of " + baseline_file;
    for (const reports::FigureMove& m : moves) {
      result.detail += "\n" + reports::describe(m);
      entry["moved"].push_back(reports::move_json(m));
    }
    entry["figures"] = outcome.figures;
  }
  out << (result.passed ? "  PASS baseline" : "  FAIL baseline: ");
  if (!result.passed) {
    std::string detail = result.detail;
    for (std::size_t at = detail.find('\n'); at != std::string::npos; at = detail.find('\n', at + 1))
      detail.replace(at, 1, "\n    ");
    out << detail;
  }
  out << '\n';
  (result.passed ? run.tally.passed : run.tally.failed) += 1;
  suite.cases.push_back(std::move(result));
  run.baseline_report.push_back(std::move(entry));
}

void write_baseline(const Scenario& scenario, const std::string& file, const RunOutcome& outcome, TestRun& run,
                    std::ostream& err) {
  try {
    fs::create_directories(fs::path(file).parent_path());
    reports::write_file_atomically(
        file, reports::baseline_text(scenario.name, scenario.file, scenario.seed, outcome.figures));
  } catch (const std::exception& e) {
    err << file << ": cannot write the baseline: " << e.what() << '\n';
    run.tally.invalid = true;
  }
}

// ---- one file -------------------------------------------------------------------------

void skip(const std::string& name, const std::string& file, const std::string& why, TestRun& run, std::ostream& out) {
  out << file << ": " << why << ", skipped\n";
  run.suites.push_back(skipped_suite(name, file, why));
  ++run.tally.skipped_scenarios;
}

bool scenario_failed(const Tally& before, const Tally& after) {
  return after.failed > before.failed || after.invalid_scenarios > before.invalid_scenarios ||
         after.crashed_scenarios > before.crashed_scenarios || (after.invalid && !before.invalid);
}

void run_scenario(Scenario& scenario, TestRun& run, std::ostream& out, std::ostream& err) {
  const TestRequest& request = *run.request;
  RunOutcome outcome = run_in_child(scenario, unique_path(run.out_dir, scenario.name, "", run.used_dirs));
  if (interrupted()) return;
  print_outcome(scenario, outcome, run.tally, out, err);
  reports::JunitSuite suite = run_suite(scenario, outcome, request.junit_durations);
  // Made unique the way --out's folders are, so a recorded set is found again as it was written.
  const std::string baseline_name = fs::path(unique_path(".", scenario.name, ".json", run.used_baselines)).filename();
  if (!outcome.error && !request.baseline_dir.empty())
    check_baseline(scenario, (fs::path(request.baseline_dir) / baseline_name).string(), outcome, suite, run, out, err);
  if (!outcome.error && !request.write_baseline_dir.empty())
    write_baseline(scenario, (fs::path(request.write_baseline_dir) / baseline_name).string(), outcome, run, err);
  run.suites.push_back(std::move(suite));
  ++run.tally.scenarios_run;
}

void test_file(const std::string& file, TestRun& run, std::ostream& out, std::ostream& err) {
  const TestRequest& request = *run.request;
  LoadResult loaded = load_scenario_file(file, request.overrides);
  const std::string name = loaded.scenario ? loaded.scenario->name : file;
  if (run.filter && !run.filter->matches(name, file))
    return skip(name, file, "filtered out by --filter " + run.filter->pattern(), run, out);
  if (!run.stopped_after.empty())
    return skip(name, file, "not run: --fail-fast stopped after " + run.stopped_after + " failed", run, out);
  const Tally before = run.tally;
  if (!loaded.scenario) {
    for (const std::string& line : format_problems(loaded.file, loaded.problems)) err << line << '\n';
    out << file << ": invalid, not run\n";
    run.suites.push_back(invalid_suite(loaded));
    run.tally.invalid = true;
    ++run.tally.invalid_scenarios;
  } else if (loaded.scenario->expectations.empty()) {
    return skip(name, file, "no expect", run, out);
  } else {
    Scenario& scenario = *loaded.scenario;
    if (request.seed) scenario.seed = *request.seed;
    run_scenario(scenario, run, out, err);
  }
  if (request.fail_fast && scenario_failed(before, run.tally)) run.stopped_after = name;
}

// ---- the whole run ----------------------------------------------------------------------

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

// baseline.json in --out (docs/scenario.md §4.6): what --baseline compared, scenario by scenario.
void write_baseline_report(const TestRun& run) {
  if (run.out_dir.empty() || run.request->baseline_dir.empty()) return;
  const OJson doc{{"format", reports::kBaselineReportFormat},
                  {"baseline", run.request->baseline_dir},
                  {"tolerance", {{"relative_percent", run.tolerance.relative * 100}, {"count", run.tolerance.count}}},
                  {"scenarios", run.baseline_report}};
  reports::write_file_atomically(fs::path(run.out_dir) / "baseline.json",
                                 doc.dump(2, ' ', false, OJson::error_handler_t::replace) + "\n");
}

// Precedence, first match wins (docs/scenario.md §1.4): invalid input, a crash, a failure.
int exit_code(const Tally& tally) {
  if (tally.invalid) return kExitInvalidInput;
  if (tally.crashed) return kExitInternalError;
  return tally.failed > 0 ? kExitExpectationsFailed : kExitOk;
}

const char* exit_reason(int code) {
  switch (code) {
    case kExitOk:
      return "every test case passed";
    case kExitExpectationsFailed:
      return "test cases failed";
    case kExitInvalidInput:
      return "invalid input";
    default:
      return "a simulation did not finish";
  }
}

std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Everything that went wrong at once, since the exit code can name only the first.
void print_verdict(const Tally& tally, std::ostream& out) {
  const int code = exit_code(tally);
  out << "cmsim test: exit " << code << " (" << exit_reason(code) << "): " << plural(tally.scenarios_run, "scenario")
      << " run, " << tally.invalid_scenarios << " invalid, " << tally.crashed_scenarios << " crashed, "
      << tally.skipped_scenarios << " skipped; " << tally.passed << " passed, " << tally.failed << " failed";
  if (tally.invalid && tally.invalid_scenarios == 0) out << "; see the errors above";
  out << '\n';
}

// The line CI parses (docs/modelling.md §12.2.2): test cases, alone on the last line.
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
  if (!staged || run.tally.scenarios_run == 0) return true;
  try {
    write_baseline_report(run);
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

// Options that are wrong whatever the scenarios: refused before anything runs.
bool read_options(const TestRequest& request, TestRun& run, std::ostream& err) {
  bool ok = true;
  std::string why;
  if (!request.filter.empty()) {
    run.filter = ScenarioFilter::parse(request.filter, why);
    if (!run.filter) err << "cmsim test: " << why << '\n', ok = false;
  }
  const auto tolerance = reports::parse_percentage(request.tolerance);
  if (!tolerance)
    err << "cmsim test: --tolerance: expected a percentage from 0% to 1000% such as 5% or 0.5%, got '"
        << request.tolerance << "'\n",
        ok = false;
  run.tolerance = reports::BaselineTolerance{tolerance.value_or(0), request.count_tolerance};
  std::error_code ec;
  if (!request.baseline_dir.empty() && !fs::is_directory(request.baseline_dir, ec))
    err << "cmsim test: --baseline " << request.baseline_dir
        << ": no such folder (expected a folder written by --write-baseline)\n",
        ok = false;
  if (!request.write_baseline_dir.empty() && fs::exists(request.write_baseline_dir, ec) &&
      !fs::is_directory(request.write_baseline_dir, ec))
    err << "cmsim test: --write-baseline " << request.write_baseline_dir << ": exists and is not a folder\n",
        ok = false;
  return ok;
}

void test_all(const Discovery& found, TestRun& run, std::ostream& out, std::ostream& err) {
  for (const std::string& file : found.files) {
    if (interrupted()) return;
    test_file(file, run, out, err);
  }
  if (run.tally.scenarios_run == 0 && !run.tally.invalid && !interrupted()) {
    if (run.filter)
      err << "cmsim test: --filter " << run.filter->pattern() << " matched no scenario with an expect list\n";
    else
      err << "cmsim test: no scenario with an expect list under the given paths\n";
    run.tally.invalid = true;
  }
}

}  // namespace

int command_test(const TestRequest& request, std::ostream& out, std::ostream& err) {
  const Discovery found = discover(request.paths);
  TestRun run;
  run.request = &request;
  for (const std::string& path : found.missing) err << path << ": no such file or folder\n";
  run.tally.invalid = !found.missing.empty();
  catch_interrupts();
  std::unique_ptr<reports::StagedOutputFolder> staged;
  if (!read_options(request, run, err) || !take_out_dir(request.out_dir, run, staged, err)) {
    run.tally.invalid = true;
    print_verdict(run.tally, out);
    print_closing_line(run.tally, out);
    return kExitInvalidInput;
  }
  test_all(found, run, out, err);
  if (interrupted()) {
    print_closing_line(run.tally, out);
    return report_interruption(request.out_dir, err);
  }
  if (!request.junit_file.empty() && !write_junit(request.junit_file, run.suites, err)) run.tally.invalid = true;
  if (!commit_outputs(staged.get(), run, err)) run.tally.crashed = true;
  print_verdict(run.tally, out);
  print_closing_line(run.tally, out);
  return exit_code(run.tally);
}

}  // namespace cmsim
