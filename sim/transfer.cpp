#include "sim/transfer.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_transfer, cmsim, "bytes moved between hosts and why they failed");

namespace cmsim {

namespace sg4 = simgrid::s4u;

bool both_up(const sg4::Host* from, const sg4::Host* to) { return from->is_on() && to->is_on(); }

namespace {

TransferOutcome failed(TransferOutcome out, FailureCause cause) {
  XBT_VERB("transfer failed: %s", to_string(cause));
  out.cause = cause;
  out.reason = to_string(cause);
  out.end_t_s = sg4::Engine::get_clock();
  return out;
}

}  // namespace

TransferOutcome transfer_bytes(sg4::Host* from, sg4::Host* to, std::uint64_t bytes) {
  TransferOutcome out;
  out.start_t_s = sg4::Engine::get_clock();
  if (!both_up(from, to)) return failed(out, FailureCause::server_down);
  try {
    // Host to host with no receiving actor: the receiving component is modelled by what
    // happens after the bytes arrive, not by a mailbox rendezvous.
    sg4::Comm::sendto(from, to, bytes);
    out.ok = true;
  } catch (const simgrid::NetworkFailureException&) {
    return failed(out, FailureCause::network_failure);
  } catch (const simgrid::HostFailureException&) {
    return failed(out, FailureCause::server_down);
  } catch (const simgrid::TimeoutException&) {
    return failed(out, FailureCause::timeout);
  }
  out.end_t_s = sg4::Engine::get_clock();
  return out;
}

}  // namespace cmsim
