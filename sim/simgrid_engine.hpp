// The one place that owns the SimGrid engine. Everything else in the simulator asks this
// wrapper for time and running, so SimGrid's process-wide rules (one Engine per process,
// configuration before the platform exists) are enforced in a single spot.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace simgrid::s4u {
class Engine;
}

namespace cmsim {

inline constexpr int kActorStackKiB = 256;

class SimEngine {
 public:
  // Creates the SimGrid engine and applies `options` before any platform exists (SimGrid
  // aborts on a model change afterwards). Unless `verbose`, SimGrid's own log is silenced.
  // Throws std::invalid_argument for an unknown network model and std::logic_error when an
  // engine already exists in this process (SimGrid would abort instead).
  // `log_settings` (SimGrid log control, "cmsim_sender.thres:verbose") apply after the defaults.
  SimEngine(const EngineOptions& options, bool verbose, const std::vector<std::string>& log_settings = {});
  ~SimEngine();
  SimEngine(const SimEngine&) = delete;
  SimEngine& operator=(const SimEngine&) = delete;

  // Advances simulated time to `horizon_s`; can be called again to continue. Needs a built
  // platform (std::logic_error otherwise). With no actor at all, 3.32 still ends at the horizon.
  void run_until(double horizon_s);
  // Kills every actor and lets each run once more to end, so that SimGrid lists none: while
  // any is listed, 3.32's shutdown skips every cleanup (its SMPI guard), and the platform,
  // the state profiles and the actors' stacks stay until the process exits.
  void kill_all_actors();
  double now_s() const;
  // Distinct simulated instants processed so far: the cheap "events" figure SimGrid exposes.
  std::uint64_t time_advances() const { return *time_advances_; }
  const EngineOptions& options() const { return options_; }

  // "3.32" (major.minor, plus ".patch" when the patch level is not 0).
  static std::string simgrid_version();
  // The values SimGrid 3.32 accepts for network/model (ns-3 is not built into Debian's package).
  static bool is_known_network_model(const std::string& model);

 private:
  EngineOptions options_;
  std::unique_ptr<simgrid::s4u::Engine> engine_;
  // Shared with the (static, never disconnected) SimGrid signal so it cannot dangle.
  std::shared_ptr<std::uint64_t> time_advances_;
};

}  // namespace cmsim
