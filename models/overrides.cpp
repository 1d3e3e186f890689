#include "overrides.hpp"

#include <algorithm>
#include <cctype>

namespace cmsim {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool is_index(const std::string& token) {
  return !token.empty() &&
         std::all_of(token.begin(), token.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool link_matches(const Json& entry, const std::string& name) {
  const auto between = entry.find("between");
  if (between == entry.end() || !between->is_array() || between->size() != 2) return false;
  if (!(*between)[0].is_string() || !(*between)[1].is_string()) return false;
  const auto a = (*between)[0].get<std::string>(), b = (*between)[1].get<std::string>();
  return name == a + "-" + b || name == b + "-" + a;
}

// Finds (or, for links, creates) the array element a non-numeric token names.
Json* find_element(Json& array, const std::string& array_key, const std::string& token) {
  for (Json& entry : array) {
    if (!entry.is_object()) continue;
    if (array_key == "links" && link_matches(entry, token)) return &entry;
    for (const char* key : {"code", "id"}) {
      const auto it = entry.find(key);
      if (it != entry.end() && it->is_string() && it->get<std::string>() == token) return &entry;
    }
  }
  const auto dash = token.find('-');
  if (array_key == "links" && dash != std::string::npos) {
    array.push_back(Json{{"between", {token.substr(0, dash), token.substr(dash + 1)}}});
    return &array.back();
  }
  return nullptr;
}

Json parse_value(const std::string& text, const Json& current) {
  // A value that parses as JSON is taken as such (numbers, booleans, objects); anything
  // else is a string, so `--set scp.mode=offline` needs no quoting. A key that already
  // holds a string keeps a string: `--set version=2409` means the version "2409".
  Json value = Json::parse(text, nullptr, false);
  if (value.is_discarded() || (current.is_string() && value.is_number())) return Json(text);
  return value;
}

// Top-level arrays whose elements a dotted path names (`links.CAS-P01`); an absent one is
// created as an array, not as an object.
bool is_keyed_array(const std::string& key) {
  return key == "links" || key == "sites" || key == "events" || key == "expect";
}

void apply_one(Json& root, const std::string& item, Problems& problems) {
  const auto eq = item.find('=');
  if (eq == std::string::npos || eq == 0) {
    problems.add("", "--set '" + item + "' is not KEY=VALUE",
                 "a dotted key, '=', and a value, e.g. internet.bandwidth=50Mbps");
    return;
  }
  const auto parts = split_path(item.substr(0, eq));
  Json* node = &root;
  std::string pointer;
  std::string parent_key;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& token = parts[i];
    const bool last = i + 1 == parts.size();
    if (token.empty()) {
      problems.add(pointer, "--set '" + item + "' has an empty key", "a dotted key such as scp.mode");
      return;
    }
    if (node->is_array()) {
      // At most 9 digits, so an absurd index is "no element", not a std::stoul exception.
      const bool index = is_index(token) && token.size() <= 9 && std::stoul(token) < node->size();
      Json* next = index ? &(*node)[std::stoul(token)] : find_element(*node, parent_key, token);
      if (!next) {
        problems.add(pointer_join(pointer, token), "--set '" + item + "': no element '" + token + "'",
                     "an index, a site code, a link name or an expectation id");
        return;
      }
      pointer = pointer_join(pointer, token);
      node = next;
    } else {
      if (node->is_null()) *node = Json::object();
      if (!node->is_object()) {
        problems.add(pointer, "--set '" + item + "': '" + parent_key + "' is not an object",
                     "a path through objects and arrays");
        return;
      }
      pointer = pointer_join(pointer, token);
      node = &(*node)[token];
      if (i == 0 && !last && node->is_null() && is_keyed_array(token)) *node = Json::array();
    }
    parent_key = token;
    if (last) *node = parse_value(item.substr(eq + 1), *node);
  }
}

}  // namespace

void apply_overrides(Json& root, const std::vector<std::string>& overrides, Problems& problems) {
  for (const std::string& item : overrides) apply_one(root, item, problems);
}

}  // namespace cmsim
