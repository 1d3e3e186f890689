// The SimGrid platform of a hierarchy: one host per site server, the Microsoft cloud service,
// an optional remote SCP host, and one link per WAN link, plus "internet", "proxy" and the
// SCP LAN hop. Layout (docs/modelling.md §12.4.1, "nested full zones"):
//
//   hierarchy (full zone, zones only)
//   ├── core: top-tier host, "cloud", "<SITE>-SCP" (remote SCP), and for a stand-alone
//   │         primary its secondaries; routes top->cloud {proxy?, internet},
//   │         SCP->cloud {proxy?, internet}, top<->SCP {<SITE>-SCP-lan}, primary<->secondary {WAN}
//   └── zone-<P> per child primary of a CAS: the primary and its secondaries, routes
//             primary<->secondary {P-S}; zone routes core<->zone-<P> {CAS-P} through the
//             CAS and P gateways, and zone-<P>  <->zone-<Q> {CAS-P, CAS-Q}.
//
// Only the pairs listed above have routes. Two hosts in the same zone without a listed pair
// (sibling secondaries, a stand-alone primary's secondary and the cloud) get SimGrid's empty
// route: zero latency, unlimited bandwidth. Nothing in ConfigMgr talks over those pairs.
//
// Host and link objects belong to the SimGrid engine: a Platform is valid only while the
// SimEngine it was built under is alive.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "models/hierarchy.hpp"
#include "models/scenario.hpp"

namespace simgrid::s4u {
class Host;
class Link;
}  // namespace simgrid::s4u

namespace cmsim {

inline constexpr const char* kCloudHost = "cloud";
inline constexpr const char* kInternetLink = "internet";
inline constexpr const char* kProxyLink = "proxy";

std::string scp_lan_link_name(const std::string& computer);  // "<COMPUTER>-lan": "CAS-SCP-lan"

// SimGrid accepts state/bandwidth profiles only before a resource is sealed, so fault
// injection attaches them through these callbacks while the platform is being built.
struct PlatformHooks {
  std::function<void(simgrid::s4u::Link&)> before_link_seal;
  std::function<void(simgrid::s4u::Host&)> before_host_seal;
};

struct Route {
  std::vector<std::string> link_names;  // in order from the source host
  double latency_s = 0;                 // sum of the link latencies, without model factors
};

class Platform {
 public:
  // Throw std::out_of_range for a name the platform does not have.
  simgrid::s4u::Host* host(const std::string& name) const;
  simgrid::s4u::Link* link(const std::string& name) const;
  simgrid::s4u::Link* find_link(const std::string& name) const;  // nullptr if absent

  const std::string& top_tier() const { return top_tier_; }
  simgrid::s4u::Host* top_tier_host() const { return host(top_tier_); }
  simgrid::s4u::Host* cloud_host() const { return host(kCloudHost); }
  // The host the SCP runs on: the site server, or "<SITE>-SCP"; nullptr without an SCP.
  simgrid::s4u::Host* scp_host() const { return scp_host_; }
  // A remote SCP server ("CAS-SCP"), built when the scenario puts the role there or moves
  // it there; else nullptr.
  simgrid::s4u::Host* remote_scp_host(const std::string& computer) const;

  // Sorted by name, for stable iteration.
  const std::map<std::string, simgrid::s4u::Host*>& hosts() const { return hosts_; }
  const std::map<std::string, simgrid::s4u::Link*>& links() const { return links_; }

  // The links and latency SimGrid resolves between two hosts (for tests and --verbose).
  Route route(const std::string& from_host, const std::string& to_host) const;

 private:
  friend class PlatformBuilder;

  std::string top_tier_;
  simgrid::s4u::Host* scp_host_ = nullptr;
  std::map<std::string, simgrid::s4u::Host*> hosts_;
  std::map<std::string, simgrid::s4u::Link*> links_;
};

// Builds the whole platform. Needs a live SimEngine, and the scenario must be validated:
// every parent-child pair has its Link. Throws std::logic_error otherwise.
Platform build_platform(const Scenario& scenario, const Hierarchy& hierarchy, const PlatformHooks& hooks = {});

}  // namespace cmsim
