// cmsim: the command-line entry. Parsing only; the work is in commands.cpp.
#include <CLI/CLI.hpp>
#include <iostream>

#include "command_test.hpp"
#include "commands.hpp"
#include "models/version.hpp"

namespace {

void add_validate(CLI::App& app, std::vector<std::string>& files) {
  auto* cmd = app.add_subcommand("validate", "Parse and check scenarios; print every problem");
  cmd->add_option("FILE", files, "Scenario files")->required();
}

void add_run(CLI::App& app, cmsim::RunRequest& request) {
  auto* cmd = app.add_subcommand("run", "Simulate one scenario and write its outputs");
  cmd->add_option("FILE", request.file, "Scenario file")->required();
  cmd->add_option("--out", request.out_dir, "Output folder (default out/<scenario name>)");
  cmd->add_option("--seed", request.seed, "Random seed (overrides the scenario's)");
  cmd->add_option("--set", request.overrides, "Override a scenario key: KEY=VALUE, dotted path")->take_all();
  cmd->add_flag("--verbose,-v", request.verbose, "Show SimGrid's log and the platform's routes");
}

struct TestRequest {
  std::vector<std::string> paths;
  std::string junit_file;
  std::string out_dir;
};

void add_test(CLI::App& app, TestRequest& request) {
  auto* cmd = app.add_subcommand("test", "Run every scenario under PATH that has `expect` and check the expectations");
  cmd->add_option("PATH", request.paths, "Scenario files or folders (searched recursively for *.json)")->required();
  cmd->add_option("--junit", request.junit_file, "Write a JUnit XML report to FILE");
  cmd->add_option("--out", request.out_dir, "Keep each run's outputs (as cmsim run writes them) in DIR/<scenario name>");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cmsim: simulate ConfigMgr hierarchies, their service connection point and update replication"};
  app.set_version_flag("--version", cmsim::kCmsimVersion);
  app.require_subcommand(1);
  std::vector<std::string> validate_files;
  cmsim::RunRequest run;
  add_validate(app, validate_files);
  add_run(app, run);
  TestRequest test;
  add_test(app, test);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return cmsim::kExitInvalidInput;
  }
  if (app.got_subcommand("test")) return cmsim::command_test(test.paths, test.junit_file, test.out_dir, std::cout, std::cerr);
  if (app.got_subcommand("validate")) return cmsim::command_validate(validate_files, std::cout, std::cerr);
  return cmsim::command_run(run, std::cout, std::cerr);
}
