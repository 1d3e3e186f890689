// Database replication between each parent and child site (domain §5.2), as the console's
// Monitoring > Database Replication shows it. A link is down for replication while its WAN
// link or either site server is down; the CMUpdates group's 1-minute syncs then fail, and
// the states follow the 12/24 rule, computed for the moments they change. While parent and
// child run different versions the link shows "being configured" (§4.2).
#pragma once

#include <simgrid/s4u/Semaphore.hpp>

#include <map>
#include <string>

#include "sim/world.hpp"

namespace cmsim {

class DrsMonitor {
 public:
  explicit DrsMonitor(World& world);

  // A WAN link or a site server went down or came back.
  void link_down(const std::string& link);
  void link_up(const std::string& link);
  void site_down(const std::string& site);
  void site_up(const std::string& site);
  // Versions changed somewhere: re-derive "being configured".
  void versions_changed();

  bool replicating(const std::string& link) const;
  // When a change made at the parent at `t_s` reaches the child through the CMUpdates
  // group: the first sync at or after it once the link replicates again. Blocks the
  // calling actor while the link is down.
  double delivered_after(const std::string& link, double t_s);

 private:
  struct LinkState {
    const Link* link = nullptr;
    int down = 0;          // overlapping causes (WAN link, either site server)
    int outage = 0;        // increments at each new outage, to cancel stale timers
    std::string health = "active";  // active | degraded | failed
    std::string shown;     // last recorded state
    simgrid::s4u::SemaphorePtr up;  // released when the link replicates again
    int waiters = 0;
  };

  void went_down(LinkState& s);
  void came_up(LinkState& s);
  void set_health(LinkState& s, const char* health);
  void show(LinkState& s);

  World& world_;
  std::map<std::string, LinkState> links_;
};

}  // namespace cmsim
