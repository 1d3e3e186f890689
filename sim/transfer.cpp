#include "sim/transfer.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>

namespace cmsim {

namespace sg4 = simgrid::s4u;

TransferOutcome transfer_bytes(sg4::Host* from, sg4::Host* to, std::uint64_t bytes) {
  TransferOutcome out;
  out.start_t_s = sg4::Engine::get_clock();
  try {
    // Host to host with no receiving actor: the receiving component is modelled by what
    // happens after the bytes arrive, not by a mailbox rendezvous.
    sg4::Comm::sendto(from, to, bytes);
    out.ok = true;
  } catch (const simgrid::NetworkFailureException&) {
    out.reason = "network failure";
  } catch (const simgrid::HostFailureException&) {
    out.reason = "host failure";
  } catch (const simgrid::TimeoutException&) {
    out.reason = "timeout";
  }
  out.end_t_s = sg4::Engine::get_clock();
  return out;
}

}  // namespace cmsim
