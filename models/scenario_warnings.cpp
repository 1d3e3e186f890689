#include "models/scenario_warnings.hpp"

#include <algorithm>
#include <map>

#include "models/defaults.hpp"

namespace cmsim {
namespace {

bool has_event(const Scenario& s, EventVerb verb) {
  return std::any_of(s.events.begin(), s.events.end(), [verb](const Event& e) { return e.verb == verb; });
}

std::size_t count_type(const Scenario& s, SiteType type) {
  return static_cast<std::size_t>(
      std::count_if(s.sites.begin(), s.sites.end(), [type](const Site& x) { return x.type == type; }));
}

void scp_warnings(const Scenario& s, std::vector<std::string>& w) {
  if (!s.scp) {
    if (!has_event(s, EventVerb::install_scp))
      w.push_back("no service connection point (no `scp` key, no install_scp event): no update arrives from the cloud");
    return;
  }
  if (s.scp->server == ScpServer::remote && s.scp->remote_access == RemoteAccess::none)
    w.push_back("the SCP is on a remote server with remote_access none: every copy from the SCP share fails");
  if (s.scp->mode == ScpMode::offline && !has_event(s, EventVerb::sct_import) && !has_event(s, EventVerb::set_scp_mode))
    w.push_back("the SCP is offline and no sct_import event imports updates: none arrives");
  const bool expands = has_event(s, EventVerb::expand_to_cas);
  const Site* top = s.find_site(s.scp->site);
  if (expands && top && top->type == SiteType::primary && !has_event(s, EventVerb::uninstall_scp))
    w.push_back(
        "expand_to_cas is refused while the SCP is on the stand-alone primary, and no uninstall_scp event removes it");
}

void rollout_warnings(const Scenario& s, std::vector<std::string>& w) {
  if (!s.admin.install_at_top_after_s && !has_event(s, EventVerb::install_update))
    w.push_back("no admin.install_at_top policy and no install_update event: updates stop at Ready to install");
  const std::size_t secondaries = count_type(s, SiteType::secondary);
  if (secondaries > 0 && !s.admin.secondary_upgrade_after_s && !has_event(s, EventVerb::upgrade_secondary))
    w.push_back(std::to_string(secondaries) +
                " secondary site(s) without an upgrade policy (admin.secondary_upgrade) or upgrade_secondary event: "
                "they stay on their version");
}

void cloud_warnings(const Scenario& s, std::vector<std::string>& w) {
  if (!s.scp || s.scp->mode != ScpMode::online) return;
  const Internet& net = s.internet;
  if (!net.tls12) w.push_back("TLS 1.2 is off at the SCP: every cloud check fails");
  if (net.baltimore != CertState::ok || net.digicert_g2 != CertState::ok)
    w.push_back(std::string("a root certificate of the cloud endpoints is not ok (baltimore ") +
                to_string(net.baltimore) + ", digicert_g2 " + to_string(net.digicert_g2) + ")");
  if (net.proxy.enabled && net.proxy.auth == "account" && !net.proxy.account_valid)
    w.push_back("the proxy account is not valid: checks get 407 from the proxy");
  for (const std::string& host : net.blocked) w.push_back("cloud endpoint " + host + " is blocked");
}

void limit_warnings(const Scenario& s, std::vector<std::string>& w) {
  std::map<std::string, int> children;
  for (const Site& site : s.sites)
    if (!site.parent.empty()) ++children[site.parent];
  for (const Site& site : s.sites) {
    const int n = children[site.code];
    if (site.type == SiteType::cas && n * 5 > defaults::kMaxPrimariesPerCas * 4)
      w.push_back(site.code + " has " + std::to_string(n) + " primaries, within 20% of the limit of 25");
    if (site.type == SiteType::primary && n * 5 > defaults::kMaxSecondariesPerPrimary * 4)
      w.push_back(site.code + " has " + std::to_string(n) + " secondaries, within 20% of the limit of 250");
  }
}

}  // namespace

std::vector<std::string> scenario_warnings(const Scenario& scenario) {
  std::vector<std::string> w;
  scp_warnings(scenario, w);
  rollout_warnings(scenario, w);
  cloud_warnings(scenario, w);
  limit_warnings(scenario, w);
  return w;
}

}  // namespace cmsim
