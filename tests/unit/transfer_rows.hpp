// Hand-made transfer rows for tests of what is derived from them (compare, link utilization).
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

}  // namespace cmsim::test
