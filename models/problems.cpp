#include "problems.hpp"

namespace cmsim {

void Problems::add(std::string pointer, std::string message, std::string expected) {
  ++total_;
  if (list_.size() < kMaxListedProblems)
    list_.push_back(Problem{std::move(pointer), std::move(message), std::move(expected)});
}

std::vector<std::string> format_problems(const std::string& file, const Problems& problems) {
  std::vector<std::string> lines;
  for (const Problem& p : problems.list()) lines.push_back(format_problem(file, p));
  if (problems.size() > problems.list().size())
    lines.push_back(file + ": ... and " + std::to_string(problems.size() - problems.list().size()) +
                    " more problems (the first " + std::to_string(kMaxListedProblems) + " are listed)");
  return lines;
}

std::string excerpt(const std::string& json_text) {
  constexpr std::size_t kMax = 60;
  if (json_text.size() <= kMax) return json_text;
  return json_text.substr(0, kMax) + "... (" + std::to_string(json_text.size()) + " characters)";
}

std::string format_problem(const std::string& file, const Problem& problem) {
  std::string out = file + ": " + (problem.pointer.empty() ? "/" : problem.pointer) + ": " + problem.message;
  if (!problem.expected.empty()) out += " (expected " + problem.expected + ")";
  return out;
}

std::string pointer_join(const std::string& pointer, const std::string& token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string pointer_join(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

}  // namespace cmsim
