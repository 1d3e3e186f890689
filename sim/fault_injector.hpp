// Applies the run's fault plan to SimGrid: link outages and degradations become state and
// bandwidth profiles set before the links are sealed (the kernel then fails transfers in
// flight at the exact moment, with no actor ticking), site server outages are one actor
// turning hosts off and on. Internet faults are application-level conditions the SCP sees.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "models/fault_plan.hpp"
#include "sim/platform.hpp"
#include "sim/world.hpp"

namespace cmsim {

// Profiles must be attached before seal: build the platform with these hooks. The scenario
// gives each link's background load (docs/modelling.md §5.4), which shares the bandwidth
// profile with the plan's degraded_link faults.
PlatformHooks fault_profile_hooks(const Scenario& scenario, const FaultPlan& plan, double horizon_s);

class FaultInjector {
 public:
  // `on_server_up(site, computer)` runs when a server comes back and its SMS_EXECUTIVE starts
  // again: the site server (computer "") or a remote SCP server of the site.
  using ServerUp = std::function<void(const std::string& site, const std::string& computer)>;
  FaultInjector(World& world, const FaultPlan& plan, ServerUp on_server_up);

  void start();  // starts the server-outage actor
  void internet_fault(const ActiveInternetFault& fault, std::optional<double> for_s);

 private:
  void play_site_outages();

  World& world_;
  const FaultPlan& plan_;
  ServerUp on_server_up_;
};

}  // namespace cmsim
