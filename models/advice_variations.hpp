// The changes `cmsim advise` tries (docs/scenario.md §1.10), each one as the --set strings
// that turn the scenario into the variation, so a variation is loaded and validated exactly
// like a planner's own override. Which links are tried comes from the baseline run: the
// routes on the critical path of the measured update first, then the busiest ones.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "models/advice_target.hpp"
#include "models/scenario.hpp"

namespace cmsim::advice {

enum class ChangeKind {
  link_bandwidth,            // one WAN link's bandwidth times the factor
  internet_bandwidth,        // the top tier's internet breakout (and its proxy)
  tier_bandwidth,            // every link to a primary, or to a secondary
  rate_limit_lifted,         // the sender's rate limit on a link set to unlimited
  schedule_opened,           // a link's sender schedule removed (open for all priorities)
  sender_widened,            // a sending site's concurrent sendings doubled
  service_window_removed,    // a site installs any time
  install_at_top_sooner,     // the admin installs at the top tier as soon as it is Ready
  secondary_upgrade_sooner,  // the admin upgrades each secondary as soon as its parent runs it
  prerequisite_warnings_ignored,
  scp_online,        // an offline service connection point switched to online
  scp_server_moved,  // the role moved between the site server and a server of its own
};

const char* to_string(ChangeKind kind);

struct Variation {
  std::string id;  // stable across runs: "link-bandwidth-x2:PS1-S17"
  ChangeKind kind = ChangeKind::link_bandwidth;
  std::string subject;  // the link, site or setting changed: "PS1-S17", "internet", "admin"
  std::string label;    // "PS1-S17 bandwidth 50Mbps -> 100Mbps"
  double factor = 0;    // bandwidth changes: the multiplier; 0 otherwise
  std::vector<std::string> overrides;
};

struct VariationOptions {
  std::size_t max_links = 10;  // routes whose bandwidth is varied one by one
  double factor = 2;           // each is tried at factor and 1/factor
};

// `measured` is the baseline's outcome of the update advise measures (nullptr: none).
std::vector<Variation> variations(const Scenario& scenario, const RunDigest& baseline, const UpdateOutcome* measured,
                                  const VariationOptions& options);

// Whether a route a transfer names ("CAS-P01", "internet", "proxy+internet") has a bandwidth
// the scenario sets, and the --set strings that scale it.
bool scalable(const Scenario& scenario, const std::string& route);
std::vector<std::string> bandwidth_overrides(const Scenario& scenario, const std::string& route, double factor);
double route_bandwidth_Bps(const Scenario& scenario, const std::string& route);

// "x2", "/2", "x1.48": three significant digits, so two SLA probes never read alike.
std::string factor_text(double factor);

}  // namespace cmsim::advice
