#include "reports/junit.hpp"

#include <cmath>
#include <cstdio>

namespace cmsim::reports {
namespace {

// Decodes the UTF-8 sequence at text[i] into `cp`; returns its length, or 0 when it is
// malformed (bad lead byte, truncated, bad continuation, overlong, beyond U+10FFFF).
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& cp) {
  struct Form {
    unsigned char mask, lead;  // lead byte & mask == lead
    std::size_t length;
    char32_t min;  // smaller values are overlong encodings
  };
  static constexpr Form kForms[] = {
      {0x80, 0x00, 1, 0}, {0xE0, 0xC0, 2, 0x80}, {0xF0, 0xE0, 3, 0x800}, {0xF8, 0xF0, 4, 0x10000}};
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  for (const Form& form : kForms) {
    if ((byte(i) & form.mask) != form.lead) continue;
    if (i + form.length > text.size()) return 0;
    cp = byte(i) & static_cast<unsigned char>(~form.mask);
    for (std::size_t k = 1; k < form.length; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    return cp < form.min || cp > 0x10FFFF ? 0 : form.length;
  }
  return 0;
}

// XML 1.0 docs/modelling.md §2.2 Char production.
bool legal_in_xml(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

const char* entity(char32_t cp) {
  switch (cp) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&apos;";
    // Parsers normalise raw whitespace in attribute values (and \r everywhere); references survive.
    case '\t':
      return "&#9;";
    case '\n':
      return "&#10;";
    case '\r':
      return "&#13;";
    default:
      return nullptr;
  }
}

// Element text keeps real newlines so a multi-line detail stays readable in the file.
std::string text_escape(std::string_view text) {
  std::string out = xml_escape(text);
  for (std::size_t at = out.find("&#10;"); at != std::string::npos; at = out.find("&#10;", at + 1))
    out.replace(at, 5, "\n");
  return out;
}

// SUREFIRE_TIME in the XSD: digits and a fraction, no sign, no exponent.
std::string seconds_text(double s) {
  if (!std::isfinite(s) || s < 0) s = 0;
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f", s);
  return buffer;
}

std::string attr(const char* name, std::string_view value) {
  return std::string(" ") + name + "=\"" + xml_escape(value) + "\"";
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
};

Counts count(const JunitSuite& suite) {
  if (suite.error) return {1, 0, 1, 0};
  Counts c;
  c.skipped = suite.skipped.size();
  c.tests = suite.cases.size() + c.skipped;
  for (const ExpectationResult& r : suite.cases) c.failures += r.passed ? 0 : 1;
  return c;
}

std::string counts_attrs(const Counts& c) {
  return attr("tests", std::to_string(c.tests)) + attr("failures", std::to_string(c.failures)) +
         attr("errors", std::to_string(c.errors));
}

std::string properties_xml(const JunitSuite& suite) {
  if (suite.properties.empty()) return {};
  std::string out = "    <properties>\n";
  for (const auto& [name, value] : suite.properties)
    out += "      <property" + attr("name", name) + attr("value", value) + "/>\n";
  return out + "    </properties>\n";
}

// "0" rather than "0.000" when no durations were asked for, as before they could be.
std::string case_time_text(double time_s) { return time_s > 0 ? seconds_text(time_s) : "0"; }

std::string testcase_open(const std::string& name, const std::string& classname, double time_s = 0) {
  return "    <testcase" + attr("name", name) + attr("classname", classname) + attr("time", case_time_text(time_s)) +
         ">\n";
}

std::string expectation_case_xml(const ExpectationResult& r, const std::string& classname, double time_s) {
  std::string out = testcase_open(r.id, classname, time_s);
  if (r.passed)
    out += "      <system-out>" + text_escape(r.detail) + "</system-out>\n";
  else
    out += "      <failure" + attr("message", r.detail) + attr("type", "expectation") + ">" +
           text_escape(r.kind + ": " + r.detail) + "</failure>\n";
  return out + "    </testcase>\n";
}

std::string error_case_xml(const JunitError& e, const std::string& classname) {
  return testcase_open(e.type, classname) + "      <error" + attr("message", e.message) + attr("type", e.type) + ">" +
         text_escape(e.text) + "</error>\n    </testcase>\n";
}

std::string skipped_case_xml(const JunitSkip& skip, const std::string& classname) {
  return testcase_open(skip.name, classname) + "      <skipped" + attr("message", skip.message) +
         "/>\n    </testcase>\n";
}

std::string suite_xml(const JunitSuite& suite) {
  const Counts counts = count(suite);
  std::string out = "  <testsuite" + attr("name", suite.name) + counts_attrs(counts) +
                    attr("skipped", std::to_string(counts.skipped)) + attr("time", seconds_text(suite.time_s));
  if (!suite.file.empty()) out += attr("file", suite.file);
  out += ">\n" + properties_xml(suite);
  if (suite.error)
    out += error_case_xml(*suite.error, suite.name);
  else {
    const double case_time_s =
        suite.cases.empty() || !(suite.time_s > 0) ? 0 : suite.time_s / static_cast<double>(suite.cases.size());
    for (const ExpectationResult& r : suite.cases) out += expectation_case_xml(r, suite.name, case_time_s);
    for (const JunitSkip& skip : suite.skipped) out += skipped_case_xml(skip, suite.name);
  }
  return out + "  </testsuite>\n";
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = utf8_sequence(text, i, cp);
    if (length == 0) {  // not UTF-8: drop the byte, resynchronise on the next one
      ++i;
      continue;
    }
    if (const char* e = entity(cp))
      out += e;
    else if (legal_in_xml(cp))
      out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string junit_xml(const std::string& name, const std::vector<JunitSuite>& suites) {
  Counts total;
  double time_s = 0;
  std::string body;
  for (const JunitSuite& suite : suites) {
    const Counts c = count(suite);
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
    time_s += std::isfinite(suite.time_s) && suite.time_s > 0 ? suite.time_s : 0;
    body += suite_xml(suite);
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" + attr("name", name) + counts_attrs(total) +
         attr("time", seconds_text(time_s)) + ">\n" + body + "</testsuites>\n";
}

}  // namespace cmsim::reports
