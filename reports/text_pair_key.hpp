// Two texts as one hash key, held as views: the writers group millions of records by
// (site, file) or (site, component) without building a key string per record. The views
// must point into something that outlives the map.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace cmsim::reports {

struct TextPairKey {
  std::string_view first;
  std::string_view second;
  bool operator==(const TextPairKey& o) const { return first == o.first && second == o.second; }
};

struct TextPairKeyHash {
  std::size_t operator()(const TextPairKey& k) const {
    const std::size_t h = std::hash<std::string_view>{}(k.first);
    return h ^ (std::hash<std::string_view>{}(k.second) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  }
};

}  // namespace cmsim::reports
