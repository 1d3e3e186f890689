// The one way the simulator starts an actor. Actors are never daemonized: runs always end
// with run_until(horizon), and in SimGrid 3.32 daemonizing from another actor let the
// engine kill every daemon long before the horizon (seen while building the rollout).
#pragma once

#include <simgrid/s4u/Actor.hpp>

#include <functional>
#include <string>

namespace cmsim {

inline simgrid::s4u::ActorPtr spawn_actor(const std::string& name, simgrid::s4u::Host* host, std::function<void()> body) {
  return simgrid::s4u::Actor::create(name, host, std::move(body));
}

}  // namespace cmsim
