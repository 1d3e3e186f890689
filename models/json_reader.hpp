// Reads a scenario's JSON text strictly: a number too large to hold, a key given twice in one
// object, or nesting deeper than any scenario needs is a problem at its JSON pointer (not an
// exception, not "last key wins"), and malformed text is reported with its line and column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/json_fields.hpp"
#include "models/problems.hpp"

namespace cmsim {

// Deeper than any scenario (events' objects are 3 levels down); a 100,000-deep array would
// otherwise be built, quoted and destroyed recursively.
inline constexpr std::size_t kMaxJsonDepth = 64;

// The elements of one array, each kept as its CBOR bytes: a 1,000,000-event scenario's /events
// as nlohmann objects would take five times the file's size, as CBOR less than the file.
// Decoding gives back the same value (same types, numbers and key order).
class JsonSpool {
 public:
  bool holds_elements() const { return holds_; }  // the array was found and spooled
  std::size_t size() const { return ends_.size(); }
  Json element(std::size_t i) const;

  void start() { holds_ = true; }
  void add(const Json& value);

 private:
  std::vector<std::uint8_t> bytes_;
  std::vector<std::size_t> ends_;  // element i is bytes_[ends_[i-1], ends_[i])
  bool holds_ = false;
};

std::optional<Json> read_json_strictly(const std::string& text, Problems& problems);
// The same, but when the document is an object whose "events" is an array, its elements go to
// `events` as they are read (checked as strictly) and the document keeps an empty array there.
std::optional<Json> read_json_strictly(const std::string& text, Problems& problems, JsonSpool& events);

}  // namespace cmsim
