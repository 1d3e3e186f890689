#include "sim/timers.hpp"

#include <simgrid/s4u/Engine.hpp>

#include "sim/spawn.hpp"

namespace cmsim {

namespace sg4 = simgrid::s4u;

Timers::Timers() : wakeup_(sg4::Semaphore::create(0)) {}

void Timers::start(sg4::Host* host) {
  spawn_actor("timers", host, [this] { serve(); });
}

void Timers::at(double t_s, std::function<void()> callback) {
  const bool earliest = queue_.empty() || t_s < queue_.top().t_s;
  queue_.push(Entry{t_s, next_seq_++, std::move(callback)});
  // Wake the server only when its current wait is now too long.
  if (earliest && waiting_) {
    waiting_ = false;
    wakeup_->release();
  }
}

void Timers::after(double delay_s, std::function<void()> callback) {
  at(sg4::Engine::get_clock() + delay_s, std::move(callback));
}

void Timers::serve() {
  while (true) {
    if (queue_.empty()) {
      waiting_ = true;
      wakeup_->acquire();
      continue;
    }
    const double wait_s = queue_.top().t_s - sg4::Engine::get_clock();
    if (wait_s > 0) {
      waiting_ = true;
      const bool timed_out = wakeup_->acquire_timeout(wait_s);
      if (!timed_out) continue;  // something earlier was scheduled
      waiting_ = false;
    }
    Entry due = queue_.top();
    queue_.pop();
    due.callback();
  }
}

}  // namespace cmsim
