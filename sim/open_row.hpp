// A report row an actor has open. SimGrid kills an actor by unwinding its stack (its site
// server went down, SMS_EXECUTIVE restarted, or the run ended); an OpenRow then closes the
// row with `on_unwind` instead of leaving it half filled. One guard for transfers, sendings
// and cloud checks alike.
#pragma once

#include <functional>
#include <utility>

namespace cmsim {

// How an actor's work was cut short.
enum class Unwind {
  run_ending,  // the simulation ended while it ran: the row is incomplete
  stopped,     // its server or service stopped under it
};

class OpenRow {
 public:
  using Close = std::function<void(Unwind)>;
  // `run_ending` is read when the stack unwinds, not when the row opens.
  OpenRow(const bool& run_ending, Close on_unwind) : run_ending_(run_ending), on_unwind_(std::move(on_unwind)) {}
  ~OpenRow() {
    if (!closed_) on_unwind_(run_ending_ ? Unwind::run_ending : Unwind::stopped);
  }
  OpenRow(const OpenRow&) = delete;
  OpenRow& operator=(const OpenRow&) = delete;

  // The actor closed the row itself.
  void closed() { closed_ = true; }

 private:
  const bool& run_ending_;
  Close on_unwind_;
  bool closed_ = false;
};

}  // namespace cmsim
