// The one way the simulator starts an actor. Actors are never daemonized: runs always end
// with run_until(horizon), and in SimGrid 3.32 daemonizing from another actor let the
// engine kill every daemon long before the horizon (seen while building the rollout).
#pragma once

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <stdexcept>

#include <functional>
#include <string>

namespace cmsim {

// A bug that throws inside an actor (std::out_of_range, say) would reach SimGrid's own handler,
// which aborts with a backtrace. It is an internal error instead: one line naming the actor
// and what failed, and exit 3 (every simulation runs in a child process of the command).
// SimGrid's exceptions are its own business: a host failure is handled where it happens, and
// killing an actor unwinds it with an exception that is not a runtime or logic error.
[[noreturn]] inline void internal_error_in_actor(const std::string& name, const char* what) {
  std::fprintf(stderr, "cmsim: internal error in %s: %s\n", name.c_str(), what);
  std::fflush(nullptr);
  std::_Exit(3);
}

inline simgrid::s4u::ActorPtr spawn_actor(const std::string& name, simgrid::s4u::Host* host,
                                          std::function<void()> body) {
  return simgrid::s4u::Actor::create(name, host, [name, body = std::move(body)] {
    try {
      body();
    } catch (const simgrid::Exception&) {
      throw;
    } catch (const std::runtime_error& e) {
      internal_error_in_actor(name, e.what());
    } catch (const std::logic_error& e) {
      internal_error_in_actor(name, e.what());
    } catch (const std::bad_alloc&) {
      internal_error_in_actor(name, "out of memory");
    }
  });
}

}  // namespace cmsim
