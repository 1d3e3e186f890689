// Scheduled callbacks for work that only has to happen at a moment, not wait in between: a
// secondary's install finishing, a policy delay running out, a sender looking again. One
// actor serves them all from a min-heap, so the largest hierarchy does not pay an actor (a
// stack, a context switch) per site per step. Callbacks must not block; ones that need to
// wait spawn an actor.
#pragma once

#include <simgrid/s4u/Semaphore.hpp>

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace simgrid::s4u {
class Host;
}

namespace cmsim {

class Timers {
 public:
  Timers();
  void start(simgrid::s4u::Host* host);  // on a host that never fails
  void at(double t_s, std::function<void()> callback);
  void after(double delay_s, std::function<void()> callback);

 private:
  struct Entry {
    double t_s;
    std::uint64_t seq;  // ties run in the order they were scheduled: deterministic
    std::function<void()> callback;
    bool operator>(const Entry& o) const { return t_s != o.t_s ? t_s > o.t_s : seq > o.seq; }
  };

  void serve();

  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue_;
  std::uint64_t next_seq_ = 0;
  simgrid::s4u::SemaphorePtr wakeup_;
  bool waiting_ = false;
};

}  // namespace cmsim
