// cmsim: the command-line entry. Parsing only; the work is in commands.cpp.
#include <CLI/CLI.hpp>
#include <malloc.h>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <regex>

#include "sim/cli/command_advise.hpp"
#include "sim/cli/command_calibrate.hpp"
#include "sim/cli/command_compare.hpp"
#include "sim/cli/command_merge.hpp"
#include "sim/cli/command_sweep.hpp"
#include "sim/cli/command_test.hpp"
#include "sim/cli/commands.hpp"
#include "models/defaults_table.hpp"
#include "models/version.hpp"
#include "reports/trace_formats.hpp"

namespace {

// A whole number in [min, max] written in plain digits: CLI11 alone would wrap "-5" into
// 18446744073709551611 replicas and clamp 2^64 to 2^64-1 without a word.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        const std::string expected =
            "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
        if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos)
          return "'" + text.substr(0, 40) + "' is not a whole number (" + expected + ")";
        errno = 0;
        const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
        if (errno == ERANGE || value < min || value > max) return text + " is out of range (" + expected + ")";
        return "";
      },
      "UINT");
}

// SimGrid's log control takes CATEGORY.thres:LEVEL; anything else it would misread or abort on.
CLI::Validator log_setting() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        static const std::regex kSetting(
            R"(^[a-z][a-z0-9_]{0,63}\.thres(hold)?:(trace|debug|verbose|info|warning|error|critical)$)");
        if (std::regex_match(text, kSetting)) return "";
        return "'" + text.substr(0, 40) + "' is not a log setting (expected CATEGORY.thres:LEVEL, such as " +
               "cmsim_sender.thres:verbose; LEVEL one of trace, debug, verbose, info, warning, error, critical)";
      },
      "CATEGORY.thres:LEVEL");
}

CLI::Validator trace_format() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (cmsim::reports::parse_trace_format(text)) return "";
        return "'" + text.substr(0, 40) + "' is not a trace format (expected chrome or paje)";
      },
      "chrome|paje");
}

void add_validate(CLI::App& app, std::vector<std::string>& files) {
  auto* cmd = app.add_subcommand("validate", "Parse and check scenarios; print every problem");
  cmd->add_option("FILE", files, "Scenario files")->required();
}

void add_run(CLI::App& app, cmsim::RunRequest& request) {
  auto* cmd = app.add_subcommand("run", "Simulate one scenario and write its outputs");
  cmd->add_option("FILE", request.file, "Scenario file")->required();
  cmd->add_option("--out", request.out_dir, "Output folder (default out/<scenario name>)");
  cmd->add_option("--seed", request.seed, "Random seed (overrides the scenario's)")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  cmd->add_option("--set", request.overrides, "Override a scenario key: KEY=VALUE, dotted path")->take_all();
  cmd->add_option("--overlay", request.overlay,
                  "Apply an overlay (cmsim-overlay/1, as `cmsim calibrate` writes) before --set");
  cmd->add_flag("--verbose,-v", request.verbose, "Show SimGrid's log and the platform's routes");
  cmd->add_option("--log", request.log_settings,
                  "Trace decisions on stderr: cmsim_sender.thres:verbose for one module, cmsim.thres:verbose for all "
                  "(docs/scenario.md lists the modules)")
      ->check(log_setting());
  cmd->add_option("--trace", request.traces,
                  "Also write a trace for a viewer: chrome (trace.json, Perfetto) or paje (trace.paje, pj_dump); "
                  "repeatable or comma-separated")
      ->delimiter(',')
      ->check(trace_format());
}

void add_test(CLI::App& app, cmsim::TestRequest& request) {
  auto* cmd = app.add_subcommand("test", "Run every scenario under PATH that has `expect` and check the expectations");
  cmd->add_option("PATH", request.paths, "Scenario files or folders (searched recursively for *.json)")->required();
  cmd->add_option("--junit", request.junit_file, "Write a JUnit XML report to FILE");
  cmd->add_option("--out", request.out_dir,
                  "Keep each run's outputs (as cmsim run writes them) in DIR/<scenario name>");
  cmd->add_option_function<std::string>(
         "--junit-durations",
         [&request](const std::string& word) {
           request.junit_durations = word == "wall" ? cmsim::JunitDurations::kWall : cmsim::JunitDurations::kZero;
         },
         "zero (default: same bytes every run) or wall (each scenario's real run time)")
      ->check(CLI::IsMember({"zero", "wall"}));
  cmd->add_option("--filter", request.filter,
                  "Run only scenarios whose name or file matches: a glob (* ? [..]) or /REGEX/; others are skipped");
  cmd->add_flag("--fail-fast", request.fail_fast, "Stop after the first scenario that fails; the rest are skipped");
  cmd->add_option("--seed", request.seed, "Random seed for every scenario (overrides each one's)")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  cmd->add_option("--set", request.overrides, "Override a key in every scenario: KEY=VALUE, dotted path")
      ->take_all()
      ->allow_extra_args(false);  // one KEY=VALUE per --set, so a PATH after it is not taken as one
  cmd->add_option(
      "--baseline", request.baseline_dir,
      "Compare each scenario's key figures with DIR/<scenario name>.json; a move beyond the tolerance fails");
  cmd->add_option("--write-baseline", request.write_baseline_dir, "Record each scenario's key figures in DIR");
  cmd->add_option("--tolerance", request.tolerance, "Relative tolerance of times and bytes against --baseline (5%)");
  cmd->add_option("--count-tolerance", request.count_tolerance,
                  "Absolute tolerance of counts against --baseline (0: they must match)")
      ->check(whole_number(0, 1000000000));
}

void add_sweep(CLI::App& app, cmsim::SweepRequest& request) {
  auto* cmd = app.add_subcommand(
      "sweep", "Monte-Carlo and parameter sweeps: one run per (seed, grid point), in parallel processes");
  cmd->add_option("FILE", request.file, "Scenario file")->required();
  cmd->add_option("--replicas", request.replicas, "Runs per grid point; replica r uses seed = scenario seed + r")
      ->required()
      ->check(whole_number(1, 10000000));
  cmd->add_option("--vary", request.vary,
                  "KEY=V1,V2,...: a scenario key (dotted, as --set) and its values; "
                  "grid = cartesian product in command-line order")
      ->take_all()
      ->allow_extra_args(false);  // one KEY=... per --vary, so a FILE after it is not taken as one
  cmd->add_option("--jobs,-j", request.jobs, "Runs at a time (default: the CPUs this process may use)")
      ->check(whole_number(1, 1024));
  cmd->add_option("--shard", request.shard, "I/N: run only runs k with k % N == I-1 (join with `cmsim merge`)");
  cmd->add_option("--out", request.out_dir, "Output folder (default out/<scenario name>-sweep); rerun to resume");
  cmd->add_option("--update", request.update,
                  "NAME|VERSION|all: the update whose times are recorded (default: the first Ready to install)");
  cmd->add_flag("--per-site", request.per_site, "Also record each site's install time, bytes and failed attempts");
  cmd->add_flag("--per-link", request.per_link,
                "Also record each link's bytes, utilization peak, failed attempts, time degraded/failed");
  cmd->add_option("--metric", request.metric, "NAME=JSON_POINTER: also record a number of each run's report.json")
      ->allow_extra_args(false);
  cmd->add_flag("--keep-reports", request.keep_reports, "Keep each run's full outputs in runs/<run id>/");
}

struct MergeRequest {
  std::vector<std::string> dirs;
  std::string out_dir;
};

void add_merge(CLI::App& app, MergeRequest& request) {
  auto* cmd =
      app.add_subcommand("merge", "Join the shard folders of one sweep into runs.csv, summary.json, sweep.html");
  cmd->add_option("DIR", request.dirs, "Shard output folders (each with shard.json and runs/)")->required();
  cmd->add_option("--out", request.out_dir, "Folder for the merged results")->required();
}

void add_compare(CLI::App& app, cmsim::CompareRequest& request) {
  auto* cmd =
      app.add_subcommand("compare", "Run two scenarios and report them side by side (compare.json, compare.html)");
  cmd->add_option("FILE_A", request.file_a, "First scenario (A)")->required();
  cmd->add_option("FILE_B", request.file_b, "Second scenario (B)")->required();
  cmd->add_option("--out", request.out_dir, "Output folder (default out/compare-<A>-vs-<B>)");
  cmd->add_option("--update", request.update,
                  "The update to compare (a version or release name; default: the newest both runs made Ready to "
                  "install)");
  cmd->add_option("--set", request.set_both, "Override a key in both scenarios: KEY=VALUE, dotted path")->take_all();
  cmd->add_option("--set-a", request.set_a, "Override a key in scenario A only (after --set)")->take_all();
  cmd->add_option("--set-b", request.set_b, "Override a key in scenario B only (after --set)")->take_all();
}

void add_advise(CLI::App& app, cmsim::AdviseRequest& request) {
  auto* cmd = app.add_subcommand(
      "advise", "What-if advice: try each change on its own, rank them by their effect, search for an SLA");
  cmd->add_option("FILE", request.file, "Scenario file")->required();
  cmd->add_option("--target", request.target,
                  "all-sites (default), all-primaries or site:CODE: whose upgrade to the update is the goal");
  cmd->add_option("--sla", request.sla,
                  "A duration such as 14d: find the smallest bandwidth on the bottleneck that brings the target "
                  "within it of the start");
  cmd->add_option("--update", request.update,
                  "The update measured (default: the newest the baseline made Ready to install)");
  cmd->add_option("--set", request.overrides, "Override a scenario key in every run: KEY=VALUE, dotted path")
      ->take_all();
  cmd->add_option("--links", request.max_links, "Routes whose bandwidth is varied one by one (default 10)")
      ->check(whole_number(0, 1000));
  cmd->add_option("--factor", request.factor, "Each bandwidth is tried times and divided by this (default 2)");
  cmd->add_option("--jobs,-j", request.jobs, "Runs at a time (default: the CPUs this process may use)")
      ->check(whole_number(1, 1024));
  cmd->add_option("--shard", request.shard,
                  "I/N: run only this share of the variations (into a shared --out; then run without --shard)");
  cmd->add_option("--out", request.out_dir, "Output folder (default out/<scenario name>-advise); rerun to resume");
}

void add_calibrate(CLI::App& app, cmsim::CalibrateRequest& request) {
  auto* cmd = app.add_subcommand(
      "calibrate", "Estimate link bandwidths and model timings from site-server logs; write a scenario overlay");
  cmd->add_option("LOGDIR", request.dirs,
                  "A site server's log folder, a folder of them (a run's logs/), or CODE=FOLDER")
      ->required();
  cmd->add_option("--out", request.out_file, "Write the overlay to FILE (default: print it on stdout)");
  cmd->add_option("--network-model", request.network_model,
                  "The engine the overlay is for (LV08 default, or CM02): bandwidths are set so it reproduces the "
                  "logged throughput");
  cmd->add_flag("--no-crosstraffic", request.no_crosstraffic, "...for a scenario with engine.crosstraffic false");
}

void add_defaults(CLI::App& app) {
  app.add_subcommand("defaults",
                     "Print every default the model uses (scenario key, value, source) as a Markdown table");
}

// CLI11 answers "A subcommand is required" to `cmsim frobnicate`; name the word instead.
std::string unknown_command(CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return "";
  const std::string word = argv[1];
  std::string known;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == word) return "";
    known += (known.empty() ? "" : ", ") + sub->get_name();
  }
  return "cmsim: unknown command '" + word.substr(0, 60) + "' (expected one of " + known + "; see cmsim --help)";
}

}  // namespace

int main(int argc, char** argv) {
  // The output writers run on their own threads after simulate() has freed tens of MB
  // (outage windows, actors, the engine). With glibc's arena per thread they would take fresh
  // pages instead of reusing those: one arena is 40 MiB less at the peak of a 10-year run of
  // the largest hierarchy (343 -> 303 MiB) and 6 MiB less for one year, at the same speed.
  mallopt(M_ARENA_MAX, 1);
  CLI::App app{"cmsim: simulate ConfigMgr hierarchies, their service connection point and update replication"};
  app.set_version_flag("--version", cmsim::kCmsimVersion);
  app.require_subcommand(1);
  std::vector<std::string> validate_files;
  cmsim::RunRequest run;
  add_validate(app, validate_files);
  add_run(app, run);
  cmsim::TestRequest test;
  add_test(app, test);
  cmsim::SweepRequest sweep;
  add_sweep(app, sweep);
  MergeRequest merge;
  add_merge(app, merge);
  cmsim::CompareRequest compare;
  add_compare(app, compare);
  cmsim::AdviseRequest advise;
  add_advise(app, advise);
  cmsim::CalibrateRequest calibrate;
  add_calibrate(app, calibrate);
  add_defaults(app);
  if (const std::string unknown = unknown_command(app, argc, argv); !unknown.empty()) {
    std::cerr << unknown << '\n';
    return cmsim::kExitInvalidInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return cmsim::kExitInvalidInput;
  }
  if (app.got_subcommand("defaults")) {
    std::cout << cmsim::defaults_markdown_table();
    return 0;
  }
  if (app.got_subcommand("calibrate")) return cmsim::command_calibrate(calibrate, std::cout, std::cerr);
  if (app.got_subcommand("sweep")) return cmsim::command_sweep(sweep, std::cout, std::cerr);
  if (app.got_subcommand("merge")) return cmsim::command_merge(merge.dirs, merge.out_dir, std::cout, std::cerr);
  if (app.got_subcommand("advise")) return cmsim::command_advise(advise, std::cout, std::cerr);
  if (app.got_subcommand("compare")) return cmsim::command_compare(compare, std::cout, std::cerr);
  if (app.got_subcommand("test")) return cmsim::command_test(test, std::cout, std::cerr);
  if (app.got_subcommand("validate")) return cmsim::command_validate(validate_files, std::cout, std::cerr);
  return cmsim::command_run(run, std::cout, std::cerr);
}
