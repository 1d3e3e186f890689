// Reads the typed fields of one JSON object, reporting each problem against its JSON pointer
// instead of stopping at the first. Unknown keys are problems too: a misspelt key that is
// silently ignored is the commonest scenario bug.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "problems.hpp"

namespace cmsim {

using Json = nlohmann::json;

const char* json_type_name(const Json& value);

class Fields {
 public:
  // Checks that `value` is an object whose keys are all in `known`.
  Fields(const Json& value, std::string pointer, Problems& problems, const std::vector<const char*>& known);

  bool ok() const { return object_ != nullptr; }  // false when `value` was not an object
  bool has(const char* key) const;
  const std::string& pointer() const { return pointer_; }
  std::string at(const char* key) const { return pointer_join(pointer_, key); }
  Problems& problems() const { return problems_; }
  const Json* raw(const char* key) const;

  std::optional<std::string> string(const char* key, bool required = false) const;
  std::optional<bool> boolean(const char* key) const;
  std::optional<std::int64_t> integer(const char* key, std::int64_t min, std::int64_t max, bool required = false) const;
  std::optional<double> duration_s(const char* key, bool required = false, bool allow_zero = false) const;
  std::optional<std::uint64_t> size_bytes(const char* key, bool required = false) const;
  // A one-way latency, 0 to defaults::kMaxLatency_s: longer is a typo (3000d in a 30-day run).
  std::optional<double> latency_s(const char* key) const;
  std::optional<double> rate_Bps(const char* key, bool required = false) const;
  std::optional<int> clock_minutes(const char* key, bool required = false) const;
  std::optional<std::uint8_t> days_mask(const char* key, bool required = false) const;
  const Json* array(const char* key, bool required = false) const;
  const Json* object(const char* key, bool required = false) const;

  // One of a fixed set of words, e.g. {"online", ScpMode::online}.
  template <class E>
  std::optional<E> choice(const char* key, std::initializer_list<std::pair<const char*, E>> words,
                          bool required = false) const {
    const auto text = string(key, required);
    if (!text) return std::nullopt;
    std::string expected = "one of";
    for (const auto& [word, value] : words) {
      if (*text == word) return value;
      expected += std::string(" ") + word;
    }
    problems_.add(at(key), "unknown value '" + *text + "'", expected);
    return std::nullopt;
  }

 private:
  const Json* need(const char* key, bool required) const;
  std::optional<std::string> unit_text(const char* key, bool required, const char* expected) const;

  const Json* object_ = nullptr;
  std::string pointer_;
  Problems& problems_;
};

}  // namespace cmsim
