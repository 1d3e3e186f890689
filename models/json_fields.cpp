#include "json_fields.hpp"

#include "defaults.hpp"

#include <algorithm>

#include "units.hpp"

namespace cmsim {

const char* json_type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "an integer";
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "a value";
  }
}

Fields::Fields(const Json& value, std::string pointer, Problems& problems, const std::vector<const char*>& known)
    : pointer_(std::move(pointer)), problems_(problems) {
  if (!value.is_object()) {
    problems_.add(pointer_, std::string("found ") + json_type_name(value), "an object");
    return;
  }
  object_ = &value;
  for (const auto& item : value.items()) {
    const bool is_known = std::any_of(known.begin(), known.end(), [&](const char* k) { return item.key() == k; });
    if (is_known) continue;
    std::string expected = "one of";
    for (const char* k : known) expected += std::string(" ") + k;
    problems_.add(pointer_join(pointer_, item.key()), "unknown key '" + item.key() + "'", expected);
  }
}

bool Fields::has(const char* key) const { return object_ && object_->contains(key); }

const Json* Fields::raw(const char* key) const {
  if (!has(key)) return nullptr;
  return &(*object_)[key];
}

const Json* Fields::need(const char* key, bool required) const {
  if (!object_) return nullptr;
  if (!object_->contains(key)) {
    if (required)
      problems_.add(at(key), "missing required key '" + std::string(key) + "'", "the key '" + std::string(key) + "'");
    return nullptr;
  }
  return &(*object_)[key];
}

std::optional<std::string> Fields::string(const char* key, bool required) const {
  const Json* v = need(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    problems_.add(at(key), std::string("found ") + json_type_name(*v), "a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<bool> Fields::boolean(const char* key) const {
  const Json* v = need(key, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    problems_.add(at(key), std::string("found ") + json_type_name(*v), "true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> Fields::integer(const char* key, std::int64_t min, std::int64_t max, bool required) const {
  const Json* v = need(key, required);
  if (!v) return std::nullopt;
  const std::string expected = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    problems_.add(at(key), "value " + excerpt(v->dump()) + " is out of range", expected);
    return std::nullopt;
  }
  if (!v->is_number_integer()) {
    problems_.add(at(key), std::string("found ") + json_type_name(*v), expected);
    return std::nullopt;
  }
  const auto n = v->get<std::int64_t>();
  if (n < min || n > max) {
    problems_.add(at(key), "value " + std::to_string(n) + " is out of range", expected);
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> Fields::unit_text(const char* key, bool required, const char* expected) const {
  const Json* v = need(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    problems_.add(at(key), std::string("found ") + json_type_name(*v), expected);
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<double> Fields::duration_s(const char* key, bool required, bool allow_zero) const {
  const auto text = unit_text(key, required, "a duration string such as 30m or 1d12h");
  if (!text) return std::nullopt;
  const auto parsed = units::parse_duration_s(*text);
  if (!parsed) {
    problems_.add(at(key), parsed.error, parsed.expected);
    return std::nullopt;
  }
  if (!allow_zero && *parsed <= 0) {
    problems_.add(at(key), "duration must be longer than zero", "a positive duration");
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::uint64_t> Fields::size_bytes(const char* key, bool required) const {
  const Json* v = need(key, required);
  if (!v) return std::nullopt;
  if (v->is_number_unsigned()) {
    // The same bound as the text form ("9.2e18B" is too large either way).
    const auto bytes = v->get<std::uint64_t>();
    if (bytes >= units::kMaxSize_bytes) {
      problems_.add(at(key), "size " + std::to_string(bytes) + " is too large", "a size below 9.2e18 bytes");
      return std::nullopt;
    }
    return bytes;
  }
  if (!v->is_string()) {
    problems_.add(at(key), std::string("found ") + json_type_name(*v), "a size such as 800MiB or 1.2GB");
    return std::nullopt;
  }
  const auto parsed = units::parse_size_bytes(v->get<std::string>());
  if (!parsed) {
    problems_.add(at(key), parsed.error, parsed.expected);
    return std::nullopt;
  }
  return *parsed;
}

std::optional<double> Fields::latency_s(const char* key) const {
  const auto latency = duration_s(key, false, true);
  if (latency && *latency > defaults::kMaxLatency_s) {
    problems_.add(at(key), "latency " + units::format_duration(*latency) + " is longer than any network's",
                  "at most " + units::format_duration(defaults::kMaxLatency_s));
    return std::nullopt;
  }
  return latency;
}

std::optional<double> Fields::rate_Bps(const char* key, bool required) const {
  const auto text = unit_text(key, required, "a rate such as 100Mbps");
  if (!text) return std::nullopt;
  const auto parsed = units::parse_rate_Bps(*text);
  if (!parsed) {
    problems_.add(at(key), parsed.error, parsed.expected);
    return std::nullopt;
  }
  if (*parsed <= 0) {
    problems_.add(at(key), "rate must be above zero", "a positive rate such as 100Mbps");
    return std::nullopt;
  }
  return *parsed;
}

std::optional<int> Fields::clock_minutes(const char* key, bool required) const {
  const auto text = unit_text(key, required, "a time of day HH:MM");
  if (!text) return std::nullopt;
  const auto parsed = units::parse_clock_minutes(*text);
  if (!parsed) {
    problems_.add(at(key), parsed.error, parsed.expected);
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::uint8_t> Fields::days_mask(const char* key, bool required) const {
  const auto text = unit_text(key, required, "days such as Mon-Fri");
  if (!text) return std::nullopt;
  const auto parsed = units::parse_days_mask(*text);
  if (!parsed) {
    problems_.add(at(key), parsed.error, parsed.expected);
    return std::nullopt;
  }
  return *parsed;
}

const Json* Fields::array(const char* key, bool required) const {
  const Json* v = need(key, required);
  if (!v) return nullptr;
  if (!v->is_array()) {
    problems_.add(at(key), std::string("found ") + json_type_name(*v), "an array");
    return nullptr;
  }
  return v;
}

const Json* Fields::object(const char* key, bool required) const {
  const Json* v = need(key, required);
  if (!v) return nullptr;
  if (!v->is_object()) {
    problems_.add(at(key), std::string("found ") + json_type_name(*v), "an object");
    return nullptr;
  }
  return v;
}

}  // namespace cmsim
