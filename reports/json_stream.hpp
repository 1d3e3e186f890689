// Appends JSON text straight into a string: reports with hundreds of thousands of records
// are written without building a document tree first. Records come out one per line,
// which keeps large reports readable, diffable and a third of their pretty-printed size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cmsim::reports {

// JSON string with escapes; invalid UTF-8 becomes U+FFFD so one bad byte never loses a report.
void append_json_string(std::string& out, std::string_view text);
// Shortest text that reads back to the same double; integral values keep ".0".
void append_json_number(std::string& out, double value);

// One object written field by field: {"a": 1, "b": "x"}.
class JsonObject {
 public:
  explicit JsonObject(std::string& out) : out_(out) { out_ += '{'; }
  JsonObject& field(std::string_view key, std::string_view value);
  JsonObject& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  JsonObject& field(std::string_view key, const std::string& value) { return field(key, std::string_view(value)); }
  JsonObject& field(std::string_view key, double value);
  JsonObject& field(std::string_view key, std::int64_t value);
  JsonObject& field(std::string_view key, std::uint64_t value);
  JsonObject& field(std::string_view key, int value) { return field(key, static_cast<std::int64_t>(value)); }
  JsonObject& field(std::string_view key, bool value);
  JsonObject& field(std::string_view key, const std::optional<double>& value);
  JsonObject& field_or_null(std::string_view key, const std::string& value);  // "" -> null
  // Starts a nested value after "key": and returns the string to write it into.
  std::string& raw(std::string_view key);
  void close() { out_ += '}'; }

 private:
  void name(std::string_view key);

  std::string& out_;
  bool first_ = true;
};

}  // namespace cmsim::reports
