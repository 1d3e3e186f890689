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
// Decoding gives back the same value (same types, numbers and key order). One member of each
// object element is also kept on its own, so a pass that needs only it decodes only it.
class JsonSpool {
 public:
  explicit JsonSpool(std::string member) : member_(std::move(member)) {}

  bool holds_elements() const { return holds_; }  // the array was found and spooled
  std::size_t size() const { return elements_.size(); }
  Json element(std::size_t i) const { return elements_.get(i); }
  // The member of element i, or nullopt when element i is not an object or lacks it.
  std::optional<Json> member(std::size_t i) const;

  void start() { holds_ = true; }
  void add(const Json& value);

 private:
  struct Blobs {
    std::vector<std::uint8_t> bytes;
    std::vector<std::size_t> ends;  // blob i is bytes[ends[i-1], ends[i]); empty: none
    std::size_t size() const { return ends.size(); }
    bool empty_at(std::size_t i) const { return ends[i] == begin(i); }
    std::size_t begin(std::size_t i) const { return i == 0 ? 0 : ends[i - 1]; }
    Json get(std::size_t i) const;
  };

  std::string member_;
  Blobs elements_;
  Blobs members_;
  bool holds_ = false;
};

std::optional<Json> read_json_strictly(const std::string& text, Problems& problems);
// The same, but when the document is an object whose "events" is an array, its elements go to
// `events` as they are read (checked as strictly) and the document keeps an empty array there.
std::optional<Json> read_json_strictly(const std::string& text, Problems& problems, JsonSpool& events);

}  // namespace cmsim
