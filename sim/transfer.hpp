// Moves simulated bytes between two hosts through SimGrid's network model. Every byte the
// model moves goes through here, so a link or host failing mid-transfer is caught in one
// place and reported as an outcome, never as an exception escaping an actor.
#pragma once

#include <cstdint>
#include <string>

namespace simgrid::s4u {
class Host;
}

namespace cmsim {

struct TransferOutcome {
  bool ok = false;
  double start_t_s = 0;
  double end_t_s = 0;
  std::string reason;  // empty when ok: "network failure", "host failure"
};

TransferOutcome transfer_bytes(simgrid::s4u::Host* from, simgrid::s4u::Host* to, std::uint64_t bytes);

}  // namespace cmsim
