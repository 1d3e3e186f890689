// Shell helpers for the e2e tests that hand cmsim's outputs to third-party readers
// (ajv for report.json, headless Chromium for report.html).
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace cmsim::test {

struct ShellOutput {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline ShellOutput shell(const std::string& command) {
  ShellOutput result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

inline std::string shell_quote(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// The project-local npm prefix of scripts/install-test-tools.sh ($CMSIM_NPM_TOOLS wins).
inline std::filesystem::path npm_tool(const std::string& name) {
  const char* env = std::getenv("CMSIM_NPM_TOOLS");
  return std::filesystem::path(env && *env ? env : CMSIM_NPM_TOOLS) / "node_modules" / ".bin" / name;
}

}  // namespace cmsim::test
