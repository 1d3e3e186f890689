// Validation problems, collected so that every problem in a scenario is reported at once as
// `FILE: /json/pointer: what is wrong (expected ...)`.
#pragma once

#include <string>
#include <vector>

namespace cmsim {

struct Problem {
  std::string pointer;   // RFC 6901 JSON pointer; "" is the whole document
  std::string message;   // what is wrong
  std::string expected;  // what was expected; may be empty
};

// At most kMaxListedProblems are kept (a file with 700,000 bad events would otherwise print
// 700,000 lines and hold them all in memory); the rest are only counted.
inline constexpr std::size_t kMaxListedProblems = 100;

class Problems {
 public:
  void add(std::string pointer, std::string message, std::string expected = {});
  bool empty() const { return total_ == 0; }
  std::size_t size() const { return total_; }  // every problem found, listed or not
  const std::vector<Problem>& list() const { return list_; }

 private:
  std::vector<Problem> list_;
  std::size_t total_ = 0;
};

// "FILE: /sites/2/parent: unknown parent 'P09' (expected the code of a site in /sites)"
std::string format_problem(const std::string& file, const Problem& problem);
// Every listed problem, one line each, then "FILE: ... and N more problems" when some were
// only counted.
std::vector<std::string> format_problems(const std::string& file, const Problems& problems);

// A value as a message may quote it: at most ~60 characters of its JSON text, so a huge or
// deeply nested value cannot flood the terminal.
std::string excerpt(const std::string& json_text);

// Appends one reference token to a pointer, escaping '~' and '/' as RFC 6901 requires.
std::string pointer_join(const std::string& pointer, const std::string& token);
std::string pointer_join(const std::string& pointer, std::size_t index);

}  // namespace cmsim
