#include "reports/json_stream.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace cmsim::reports {
namespace {

// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 when it is not valid.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;  // overlong
  return n;
}

// Plain characters go out in runs: report text is almost all plain ASCII.
bool plain(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    std::size_t run = i;
    while (run < text.size() && plain(text[run])) ++run;
    out.append(text.data() + i, run - i);
    if ((i = run) == text.size()) break;
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
      ++i;
    } else if (u < 0x20) {
      if (c == '\n')
        out += "\\n";
      else if (c == '\t')
        out += "\\t";
      else if (c == '\r')
        out += "\\r";
      else
        out += fmt::format("\\u{:04x}", u);
      ++i;
    } else if (const std::size_t n = utf8_length(text, i)) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  out += '"';
}

void append_json_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";  // JSON has no inf or nan
    return;
  }
  char buf[32];
  char* end = fmt::format_to(buf, FMT_COMPILE("{}"), value);
  out.append(buf, end);
  if (std::find_first_of(buf, end, ".eE", ".eE" + 3) == end) out += ".0";
}

// Keys are the writers' own identifiers, never user text: they need no escaping.
void JsonObject::name(std::string_view key) {
  if (!first_) out_ += ", ";
  first_ = false;
  out_ += '"';
  out_.append(key);
  out_ += "\": ";
}

JsonObject& JsonObject::field(std::string_view key, std::string_view value) {
  name(key);
  append_json_string(out_, value);
  return *this;
}

JsonObject& JsonObject::field(std::string_view key, double value) {
  name(key);
  append_json_number(out_, value);
  return *this;
}

JsonObject& JsonObject::field(std::string_view key, std::int64_t value) {
  name(key);
  const fmt::format_int digits(value);
  out_.append(digits.data(), digits.size());
  return *this;
}

JsonObject& JsonObject::field(std::string_view key, std::uint64_t value) {
  name(key);
  const fmt::format_int digits(value);
  out_.append(digits.data(), digits.size());
  return *this;
}

JsonObject& JsonObject::field(std::string_view key, bool value) {
  name(key);
  out_ += value ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::field(std::string_view key, const std::optional<double>& value) {
  if (!value) {
    name(key);
    out_ += "null";
    return *this;
  }
  return field(key, *value);
}

JsonObject& JsonObject::field_or_null(std::string_view key, const std::string& value) {
  if (value.empty()) {
    name(key);
    out_ += "null";
    return *this;
  }
  return field(key, std::string_view(value));
}

std::string& JsonObject::raw(std::string_view key) {
  name(key);
  return out_;
}

}  // namespace cmsim::reports
