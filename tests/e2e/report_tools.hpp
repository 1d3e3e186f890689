// Shell helpers for the e2e tests that hand cmsim's outputs to third-party readers
// (ajv for report.json, headless Chromium for report.html).
#pragma once

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli_runner.hpp"

namespace cmsim::test {

using ShellOutput = CliResult;

inline ShellOutput shell(const std::string& command) { return run_command(command); }

inline std::string shell_quote(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// The project-local npm prefix of scripts/install-test-tools.sh ($CMSIM_NPM_TOOLS wins).
inline std::filesystem::path npm_tool(const std::string& name) {
  const char* env = std::getenv("CMSIM_NPM_TOOLS");
  return std::filesystem::path(env && *env ? env : CMSIM_NPM_TOOLS) / "node_modules" / ".bin" / name;
}

}  // namespace cmsim::test
