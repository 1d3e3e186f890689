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

class Problems {
 public:
  void add(std::string pointer, std::string message, std::string expected = {});
  bool empty() const { return list_.empty(); }
  std::size_t size() const { return list_.size(); }
  const std::vector<Problem>& list() const { return list_; }

 private:
  std::vector<Problem> list_;
};

// "FILE: /sites/2/parent: unknown parent 'P09' (expected the code of a site in /sites)"
std::string format_problem(const std::string& file, const Problem& problem);

// Appends one reference token to a pointer, escaping '~' and '/' as RFC 6901 requires.
std::string pointer_join(const std::string& pointer, const std::string& token);
std::string pointer_join(const std::string& pointer, std::size_t index);

}  // namespace cmsim
