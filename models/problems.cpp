#include "problems.hpp"

namespace cmsim {

void Problems::add(std::string pointer, std::string message, std::string expected) {
  list_.push_back(Problem{std::move(pointer), std::move(message), std::move(expected)});
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
