#include "sim/actors/sender.hpp"
#include "sim/spawn.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Mailbox.hpp>
#include <simgrid/s4u/Semaphore.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "models/components.hpp"
#include "models/file_route.hpp"
#include "models/sender_rules.hpp"
#include "models/status_ids.hpp"
#include "sim/open_row.hpp"
#include "sim/transfer.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_sender, cmsim, "SMS_DISTRIBUTION_MANAGER's sender: starts, retries, re-queues");

namespace cmsim {
namespace {

namespace sg4 = simgrid::s4u;
constexpr const char* kLog = "sender.log";
constexpr const char* kComponent = component::kSender;

// Keeps the running counts right however a sending ends, including its actor being killed.
class SendingSlot {
 public:
  SendingSlot(int& total, int& to_destination) : total_(total), to_(to_destination) {}
  ~SendingSlot() { leave(); }
  SendingSlot(const SendingSlot&) = delete;
  SendingSlot& operator=(const SendingSlot&) = delete;
  // Idempotent, so the destructor can call it again.
  void leave() {
    if (left_) return;
    left_ = true;
    --total_;
    --to_;
  }

 private:
  int& total_;
  int& to_;
  bool left_ = false;
};

}  // namespace

void Sender::log(const std::string& text, Severity severity) {
  world_.rec.log(site_, kLog, kComponent, severity, text);
}

void Sender::submit(Sending sending) {
  sending.link = &world_.link(site_ + "-" + sending.destination);
  pending_.push_back(std::move(sending));
  dispatch();
}

// The cheap tests first: dispatch() asks this of every queued sending at every completion,
// and while the sender is saturated the answer is already no.
bool Sender::may_start(const Sending& s) const {
  const Link& link = *s.link;
  if (running_ >= link.sender.max_concurrent) return false;
  auto it = running_to_.find(s.destination);
  const SenderLoad load{running_, it == running_to_.end() ? 0 : it->second};
  return sender_may_start(load, link.sender, sendings_per_destination(link), s.not_before_s, world_.now_s());
}

void Sender::dispatch() {
  if (!world_.platform.host(site_)->is_on()) return;  // resumes when SMS_EXECUTIVE restarts
  // Pick first, start after: starting an actor yields, and other actors may touch the queue.
  std::vector<Sending> ready;
  double earliest_wait = std::numeric_limits<double>::infinity();
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (may_start(*it)) {
      ++running_;
      ++running_to_[it->destination];
      ready.push_back(std::move(*it));
      it = pending_.erase(it);
    } else {
      if (it->not_before_s > world_.now_s()) earliest_wait = std::min(earliest_wait, it->not_before_s);
      ++it;
    }
  }
  for (Sending& s : ready) {
    XBT_VERB("%s: start %s to %s (%d running, %zu queued)", site_.c_str(), s.description.c_str(), s.destination.c_str(),
             running_, pending_.size());
    start(std::move(s));
  }
  if (std::isfinite(earliest_wait)) wake_at(earliest_wait);
}

void Sender::retry_now() {
  for (Sending& s : pending_) s.not_before_s = 0;
  dispatch();
}

// A waiting job needs someone to look again when its wait is over.
void Sender::wake_at(double t_s) {
  if (wake_scheduled_s_ >= world_.now_s() && wake_scheduled_s_ <= t_s) return;
  wake_scheduled_s_ = t_s;
  world_.timers.at(t_s, [this, t_s] {
    if (wake_scheduled_s_ == t_s) wake_scheduled_s_ = -1;
    dispatch();
  });
}

struct Sender::Worker {
  sg4::SemaphorePtr ready = sg4::Semaphore::create(0);  // released when `next` is handed over
  std::optional<Sending> next;
};

// The hand-over is settled before the release or the spawn: both are simcalls, and other
// actors may run before they return (the server may even go down; see server_rebooted).
void Sender::start(Sending s) {
  const bool reuse = !idle_.empty();
  std::shared_ptr<Worker> worker = reuse ? idle_.front() : std::make_shared<Worker>();
  if (reuse) idle_.pop_front();
  worker->next = std::move(s);
  handed_.push_back(worker);
  if (reuse) {
    worker->ready->release();
    return;
  }
  spawn_actor("sending", world_.platform.host(site_), [this, worker] { work(worker); });
}

void Sender::server_rebooted() {
  for (const std::shared_ptr<Worker>& worker : handed_) {
    Sending& s = *worker->next;
    --running_;
    --running_to_[s.destination];
    pending_.push_back(std::move(s));
    worker->next.reset();
  }
  handed_.clear();
  dispatch();
}

void Sender::work(const std::shared_ptr<Worker>& worker) {
  // A thread killed while idle (its server went down, or the run ended) takes no more work.
  struct LeaveIdle {
    std::deque<std::shared_ptr<Worker>>& idle;
    const std::shared_ptr<Worker>& worker;
    ~LeaveIdle() { idle.erase(std::remove(idle.begin(), idle.end(), worker), idle.end()); }
  } leave{idle_, worker};
  for (;;) {
    handed_.erase(std::remove(handed_.begin(), handed_.end(), worker), handed_.end());
    Sending s = std::move(*worker->next);
    worker->next.reset();
    run(std::move(s));
    // Idle before the next dispatch is scheduled (a simcall), so that dispatch finds it.
    idle_.push_back(worker);
    world_.timers.at(world_.now_s(), [this] { dispatch(); });
    worker->ready->acquire();
  }
}

void Sender::run(Sending s) {
  const Link& link = *s.link;
  const std::string file = s.file.empty() ? "c:\\SMSPKG\\" + s.package + ".PCK" : s.file;
  TransferRecord row{
      s.description + (s.parts > 1 ? " part " + std::to_string(s.part) + "/" + std::to_string(s.parts) : ""),
      site_,
      s.destination,
      link.name(),
      s.bytes,
      world_.now_s(),
      0,
      0,
      TransferStatus::ok,
      ""};
  const std::size_t index = world_.rec.begin_transfer(row);
  SendingSlot slot(running_, running_to_[s.destination]);
  // Killed with its server: the row is closed and the sending queued again, to go when
  // SMS_EXECUTIVE is back; the slot is freed before the sending rejoins the queue.
  OpenRow open(world_.ending, [this, index, &s, &slot](Unwind why) {
    slot.leave();
    TransferRecord& r = world_.rec.transfer(index);
    r.end_t_s = world_.now_s();
    r.outcome = why == Unwind::run_ending ? TransferStatus::incomplete : TransferStatus::failed;
    r.reason =
        why == Unwind::run_ending ? "still running at the end of the simulation" : to_string(FailureCause::server_down);
    if (why == Unwind::stopped) pending_.push_back(s);
  });
  std::string reason;
  bool ok = false;
  // The send request's file on the destination's SMS_SITE share, as the product's sender.log
  // names it in its write lines; the size there is what `cmsim calibrate` times a link by.
  const std::string remote =
      "\\\\" + s.destination + ".contoso.com\\SMS_SITE\\" + site_ + fmt::format("{:05X}", index) + ".PCK";
  const std::string size = std::to_string(s.bytes);
  for (int attempt = 0; attempt < sender_attempts(link.sender) && !ok; ++attempt) {
    if (attempt > 0) sg4::this_actor::sleep_for(sender_delay_before_attempt_s(attempt, link.sender));
    world_.rec.transfer(index).attempts = attempt + 1;
    log("~Package file = " + file);
    log("~Sending Started [" + file + "]");
    log("~Attempt to write " + size + " bytes to " + remote + " at position 0");
    ok = send_once(s, link, reason);
    if (ok) break;
    XBT_VERB("%s: attempt %d of %d to %s failed: %s", site_.c_str(), attempt + 1, sender_attempts(link.sender),
             s.destination.c_str(), reason.c_str());
    log("~Failed to send package " + s.package + " to site " + s.destination + " (" + reason + "), will retry",
        Severity::warning);
  }
  open.closed();
  TransferRecord& done = world_.rec.transfer(index);
  done.end_t_s = world_.now_s();
  done.outcome = ok ? TransferStatus::ok : TransferStatus::failed;
  done.reason = ok ? "" : reason;
  if (ok) {
    world_.rec.component_status(site_, kComponent, ComponentStatus::ok);
    // The order of Microsoft's excerpt: the write, the completion, then the package line.
    const std::string version = s.version > 0 ? " version " + std::to_string(s.version) : "";
    log("~Wrote " + size + " bytes to " + remote + " at position 0");
    log("~Sending completed [" + file + "]");
    log("~Finished sending SWD package " + s.package + version + " to site " + s.destination);
    if (s.on_delivered) s.on_delivered();
  } else {
    world_.rec.status_message(
        site_, kComponent, kLog, status_id::kSenderRetriesExhausted, Severity::warning,
        "Sender could not send package " + s.package + " to site " + s.destination + ": " + reason);
    world_.rec.component_status(site_, kComponent, ComponentStatus::warning);
    s.not_before_s = sender_job_retry_at_s(world_.now_s(), world_.scenario.model.sender_job_retry_s);
    XBT_VERB("%s: retries to %s ran out; the job waits until t=%.0f s", site_.c_str(), s.destination.c_str(),
             s.not_before_s);
    pending_.push_back(std::move(s));
  }
  // Leave the slot before work() schedules the next dispatch: that is a simcall, and the
  // timer actor may run before this one goes on.
  slot.leave();
}

// Sends the whole object once, pausing while the route's schedule is closed and following
// its rate limit; a network failure ends the attempt. Each chunk is sized to what the
// current window lets through, so the next chunk starts under the next window's rules.
bool Sender::send_once(const Sending& s, const Link& link, std::string& reason) {
  sg4::Host* from = world_.platform.host(site_);
  sg4::Host* to = world_.platform.host(s.destination);
  double remaining = static_cast<double>(s.bytes);
  while (remaining > 0.5) {
    const RouteWindow w = route_window(link, world_.now_s(), world_.scenario.start_unix_s);
    if (!w.open) {
      // A route closed for good holds the sending past the horizon (SimGrid refuses an
      // infinite sleep).
      sg4::this_actor::sleep_until(std::min(w.until_s, world_.scenario.duration_s + 1));
      continue;
    }
    double chunk = remaining;
    if (std::isfinite(w.until_s)) {
      const double pace = w.rate_cap_Bps > 0 ? w.rate_cap_Bps : link.bandwidth_Bps;
      chunk = std::min(remaining, std::max(1.0, std::ceil(pace * (w.until_s - world_.now_s()))));
    }
    if (!move_chunk(from, to, static_cast<std::uint64_t>(std::ceil(chunk)), w.rate_cap_Bps, reason)) return false;
    remaining -= chunk;
  }
  return true;
}

// SimGrid 3.32 caps a rate only on mailbox comms (set_rate on a host-to-host comm aborts),
// so a capped chunk has a receiving actor at the destination.
bool Sender::move_chunk(sg4::Host* from, sg4::Host* to, std::uint64_t bytes, double rate_cap_Bps, std::string& reason) {
  if (rate_cap_Bps <= 0) {
    const TransferOutcome t = transfer_bytes(from, to, bytes);
    reason = t.reason;
    return t.ok;
  }
  if (!both_up(from, to)) {
    reason = to_string(FailureCause::server_down);
    return false;
  }
  sg4::Mailbox* mailbox = sg4::Mailbox::by_name("sender-" + site_ + "-" + std::to_string(++chunks_));
  spawn_actor("despooler-receive", to, [mailbox] {
    try {
      mailbox->get<int>();
    } catch (const simgrid::Exception&) {  // the sending failed; the sender reports it
    }
  });
  try {
    sg4::CommPtr comm = mailbox->put_init(&token_, bytes);  // simulated payload: any non-null pointer
    comm->set_rate(rate_cap_Bps);
    comm->wait();
    return true;
  } catch (const simgrid::NetworkFailureException&) {
    reason = to_string(FailureCause::network_failure);
  } catch (const simgrid::HostFailureException&) {
    reason = to_string(FailureCause::server_down);
  } catch (const simgrid::TimeoutException&) {
    reason = to_string(FailureCause::timeout);
  }
  return false;
}

}  // namespace cmsim
