// Reading report.html as text in the unit tests: counts, presence, one section.
#pragma once

#include <cstddef>
#include <string>

namespace cmsim::test {

inline std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The text of one <section id="...">, empty when the page has none.
inline std::string section(const std::string& page, const std::string& id) {
  const auto begin = page.find("<section id=\"" + id + "\">");
  if (begin == std::string::npos) return {};
  return page.substr(begin, page.find("</section>", begin) - begin);
}

}  // namespace cmsim::test
