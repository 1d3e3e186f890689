// Hand-made result rows for tests of what is derived from them (compare, link utilization,
// critical paths).
#pragma once

#include <cstdint>

#include "models/results.hpp"

namespace cmsim::test {

inline TransferRecord transfer_on(const char* link, std::uint64_t bytes, double start, double end,
                                  TransferStatus outcome = TransferStatus::ok) {
  TransferRecord t;
  t.link = link;
  t.bytes = bytes;
  t.start_t_s = start;
  t.end_t_s = end;
  t.outcome = outcome;
  return t;
}

// A sending of `what` to `to`, as the sender records it.
inline TransferRecord sending_to(const char* what, const char* to, const char* link, double start, double end) {
  TransferRecord t = transfer_on(link, 0, start, end);
  t.what = what;
  t.to = to;
  return t;
}

inline SiteResult site_row(const char* code, const char* type, const char* parent) {
  SiteResult s;
  s.code = code;
  s.type = type;
  s.parent = parent;
  return s;
}

}  // namespace cmsim::test
