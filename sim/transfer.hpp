// Moves simulated bytes between two hosts through SimGrid's network model. Every byte the
// model moves goes through here, so a link or host failing mid-transfer is caught in one
// place and reported as an outcome, never as an exception escaping an actor.
#pragma once

#include <cstdint>
#include <string>

#include "models/failure_cause.hpp"

namespace simgrid::s4u {
class Host;
}

namespace cmsim {

struct TransferOutcome {
  bool ok = false;
  double start_t_s = 0;
  double end_t_s = 0;
  FailureCause cause = FailureCause::none;
  std::string reason;  // to_string(cause): empty when ok
};

// A server that is down accepts no connection: the sending fails at once as the product's
// sender fails to connect, instead of starting a comm SimGrid refuses (an assertion that
// aborted whole runs whenever a site server was down as something was sent to it).
bool both_up(const simgrid::s4u::Host* from, const simgrid::s4u::Host* to);

TransferOutcome transfer_bytes(simgrid::s4u::Host* from, simgrid::s4u::Host* to, std::uint64_t bytes);

}  // namespace cmsim
