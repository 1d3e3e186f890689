#include "models/overlay.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "models/json_reader.hpp"

namespace cmsim {
namespace {

constexpr const char* kExpected = "a cmsim-overlay/1 file, as cmsim calibrate writes";

std::string unreadable_because(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::string("cannot read the file: ") + std::strerror(errno);
  if (S_ISDIR(st.st_mode)) return "is a directory, not an overlay file";
  if (!S_ISREG(st.st_mode)) return "not a regular file (a device, FIFO or socket cannot hold an overlay)";
  if (static_cast<std::uint64_t>(st.st_size) > kMaxOverlayFile_bytes)
    return "the file has " + std::to_string(st.st_size) + " bytes, more than the " +
           std::to_string(kMaxOverlayFile_bytes / (1024 * 1024)) + " MiB an overlay may have";
  return "";
}

}  // namespace

std::optional<std::vector<std::string>> overlay_overrides_from_text(const std::string& text, Problems& problems) {
  const auto parsed = read_json_strictly(text, problems);
  if (!parsed) return std::nullopt;
  if (!parsed->is_object()) {
    problems.add("", std::string("the overlay is ") + json_type_name(*parsed) + ", not an object", kExpected);
    return std::nullopt;
  }
  const auto format = parsed->find("format");
  if (format == parsed->end() || !format->is_string() || format->get<std::string>() != kOverlayFormat) {
    problems.add("/format", format == parsed->end() ? "missing" : "not \"" + std::string(kOverlayFormat) + "\"",
                 std::string("\"format\": \"") + kOverlayFormat + "\"");
    return std::nullopt;
  }
  const auto set = parsed->find("set");
  if (set == parsed->end() || !set->is_object()) {
    problems.add("/set", set == parsed->end() ? "missing" : std::string("is ") + json_type_name(*set),
                 "an object of dotted scenario keys and their values, such as {\"model.install\": \"45m\"}");
    return std::nullopt;
  }
  std::vector<std::string> overrides;
  for (const auto& [key, value] : set->items()) {
    if (key.empty() || key.find('=') != std::string::npos || value.is_null()) {
      problems.add(pointer_join("/set", key),
                   key.empty()       ? "an empty key"
                   : value.is_null() ? "a null value"
                                     : "a key with '='",
                   "a dotted scenario key (docs/scenario.md §1.8) and a value");
      continue;
    }
    overrides.push_back(key + "=" + value.dump());
  }
  if (!problems.empty()) return std::nullopt;
  return overrides;
}

std::optional<std::vector<std::string>> read_overlay_file(const std::string& path, Problems& problems) {
  if (const std::string why = unreadable_because(path); !why.empty()) {
    problems.add("", why, kExpected);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    problems.add("", "cannot read the file", kExpected);
    return std::nullopt;
  }
  return overlay_overrides_from_text(text.str(), problems);
}

}  // namespace cmsim
