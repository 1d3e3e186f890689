#include "sim/platform.hpp"

#include "models/scp_lifecycle.hpp"

#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include <stdexcept>
#include <unordered_map>

namespace cmsim {

namespace sg4 = simgrid::s4u;

namespace {

// Site server CPU is not modelled yet; any positive speed will do until installs are timed.
constexpr double kSiteServerSpeed_flops = 1e9;

using LinkList = std::vector<sg4::LinkInRoute>;

std::string zone_name(const std::string& primary) { return "zone-" + primary; }

void add_host_route(sg4::NetZone* zone, sg4::Host* a, sg4::Host* b, const LinkList& links) {
  zone->add_route(a->get_netpoint(), b->get_netpoint(), nullptr, nullptr, links, true);
}

// A child primary's zone as the root zone sees it.
struct PrimaryZone {
  sg4::NetZone* zone = nullptr;
  sg4::Host* gateway = nullptr;  // the primary site server
  sg4::Link* uplink = nullptr;   // CAS-<primary>
};

}  // namespace

std::string scp_lan_link_name(const std::string& computer) { return computer + "-lan"; }

sg4::Host* Platform::remote_scp_host(const std::string& computer) const {
  if (computer.empty()) return nullptr;
  const auto it = hosts_.find(computer);
  return it == hosts_.end() ? nullptr : it->second;
}

sg4::Host* Platform::host(const std::string& name) const {
  auto it = hosts_.find(name);
  if (it == hosts_.end()) throw std::out_of_range("no host '" + name + "' in the platform");
  return it->second;
}

sg4::Link* Platform::find_link(const std::string& name) const {
  auto it = links_.find(name);
  return it == links_.end() ? nullptr : it->second;
}

sg4::Link* Platform::link(const std::string& name) const {
  sg4::Link* found = find_link(name);
  if (found == nullptr) throw std::out_of_range("no link '" + name + "' in the platform");
  return found;
}

Route Platform::route(const std::string& from_host, const std::string& to_host) const {
  std::vector<sg4::Link*> links;
  Route route;
  host(from_host)->route_to(host(to_host), links, &route.latency_s);
  for (const sg4::Link* l : links) route.link_names.push_back(l->get_name());
  return route;
}

// Turns the scenario into zones, hosts, links and routes, sealing each piece in the order
// SimGrid requires: links, then their zone, then the parent zone.
class PlatformBuilder {
 public:
  PlatformBuilder(const Scenario& scenario, const Hierarchy& hierarchy, const PlatformHooks& hooks)
      : scenario_(scenario), hierarchy_(hierarchy), hooks_(hooks) {
    for (const Link& l : scenario.links) wan_by_name_.emplace(l.name(), &l);
    collect_additions();
  }

  Platform build() {
    platform_.top_tier_ = hierarchy_.top_tier();
    if (platform_.top_tier_.empty()) throw std::logic_error("build_platform: the hierarchy has no top-tier site");
    auto* root = sg4::create_full_zone("hierarchy");
    auto* core = build_core_zone(root);
    if (hierarchy_.type(*hierarchy_.find(platform_.top_tier_)) == SiteType::cas)
      connect_primaries(root, core, platform_.top_tier_);
    else if (!expansion_cas_.empty())
      connect_primaries(root, core, expansion_cas_);
    root->seal();
    return std::move(platform_);
  }

 private:
  // Sites that events add (add_site, expand_to_cas) get their hosts and routes now: a sealed
  // SimGrid 3.32 platform cannot grow. They join the model only when their event comes.
  void collect_additions() {
    for (const Event& e : scenario_.events) {
      if (e.verb == EventVerb::add_site && e.new_site && e.new_link) {
        added_children_[e.new_site->parent].push_back(*e.new_site);
        wan_by_name_.emplace(e.new_link->name(), &*e.new_link);
      } else if (e.verb == EventVerb::expand_to_cas && e.new_link) {
        expansion_cas_ = e.code;
        expansion_link_ = *e.new_link;
        expansion_link_.parent = e.code;
        expansion_link_.child = hierarchy_.top_tier();
        wan_by_name_.emplace(expansion_link_.name(), &expansion_link_);
      }
    }
  }

  std::vector<std::string> children(const std::string& code) const {
    std::vector<std::string> out = hierarchy_.children_of(code);
    if (auto it = added_children_.find(code); it != added_children_.end())
      for (const Site& s : it->second) out.push_back(s.code);
    return out;
  }

  SiteType type_of(const std::string& code) const {
    if (auto v = hierarchy_.find(code)) return hierarchy_.type(*v);
    if (code == expansion_cas_) return SiteType::cas;
    for (const auto& [parent, sites] : added_children_)
      for (const Site& s : sites)
        if (s.code == code) return s.type;
    return SiteType::secondary;
  }

  // expand_to_cas: the new CAS stands beside the stand-alone primary in the core zone, with
  // its own WAN link to it and its own way to the cloud.
  void add_expansion_cas(sg4::NetZone* core, sg4::Host* top) {
    if (expansion_cas_.empty()) return;
    sg4::Host* cas = make_host(core, expansion_cas_);
    add_host_route(core, cas, top, {sg4::LinkInRoute(make_wan_link(core, expansion_cas_, top->get_name()))});
    add_host_route(core, cas, platform_.cloud_host(), cloud_links(core));
  }

  sg4::NetZone* build_core_zone(sg4::NetZone* root) {
    auto* core = sg4::create_full_zone("core");
    core->set_parent(root);
    sg4::Host* top = make_host(core, platform_.top_tier_);
    make_host(core, kCloudHost);
    add_host_route(core, top, platform_.cloud_host(), cloud_links(core));
    add_scp(core, top);
    add_expansion_cas(core, top);
    if (hierarchy_.type(*hierarchy_.find(platform_.top_tier_)) == SiteType::primary)
      add_secondaries(core, top);  // a stand-alone primary: no zone of its own
    core->seal();
    return core;
  }

  // {proxy, internet} or {internet}: every request to the cloud service crosses the
  // organisation's proxy when there is one, so a proxy outage cuts only internet traffic.
  LinkList cloud_links(sg4::NetZone* core) {
    if (cloud_links_.empty()) {
      const Internet& inet = scenario_.internet;
      if (inet.proxy.enabled)
        cloud_links_.emplace_back(make_link(core, kProxyLink, inet.proxy.bandwidth_Bps, inet.proxy.latency_s));
      cloud_links_.emplace_back(make_link(core, kInternetLink, inet.bandwidth_Bps, inet.latency_s));
    }
    return cloud_links_;
  }

  // Each remote server exists when the scenario starts the role there or an event moves (or
  // installs) it there; the site server hosts it otherwise. Each has its own LAN to the site
  // server and its own route to the cloud.
  void add_scp(sg4::NetZone* core, sg4::Host* top) {
    if (scenario_.scp && scenario_.scp->site != platform_.top_tier_)
      throw std::logic_error("build_platform: the SCP site '" + scenario_.scp->site + "' is not the top tier");
    if (scenario_.scp) platform_.scp_host_ = top;
    const Scp settings = scenario_.scp.value_or(Scp{});
    const ScpRole initial = initial_scp_role(scenario_);
    for (const RemoteScpServer& remote : remote_scp_servers(scenario_)) {
      sg4::Host* site_host = platform_.host(remote.site);
      sg4::Host* scp_host = make_host(core, remote.computer);
      sg4::Link* lan =
          make_link(core, scp_lan_link_name(remote.computer), settings.lan_bandwidth_Bps, settings.lan_latency_s);
      add_host_route(core, site_host, scp_host, {sg4::LinkInRoute(lan)});
      add_host_route(core, scp_host, platform_.cloud_host(), cloud_links(core));
      if (initial.installed && initial.computer == remote.computer) platform_.scp_host_ = scp_host;
    }
  }

  void add_secondaries(sg4::NetZone* zone, sg4::Host* primary) {
    for (const std::string& code : children(primary->get_name())) {
      if (type_of(code) != SiteType::secondary) continue;
      sg4::Host* secondary = make_host(zone, code);
      add_host_route(zone, primary, secondary, {sg4::LinkInRoute(make_wan_link(zone, primary->get_name(), code))});
    }
  }

  // Child primaries (and those events will add) each get a zone reached through the CAS.
  void connect_primaries(sg4::NetZone* root, sg4::NetZone* core, const std::string& cas_code) {
    sg4::Host* cas = platform_.host(cas_code);
    std::vector<PrimaryZone> primaries;
    for (const std::string& code : children(cas_code)) {
      if (type_of(code) != SiteType::primary) continue;
      PrimaryZone p = build_primary_zone(root, cas_code, code);
      root->add_route(core->get_netpoint(), p.zone->get_netpoint(), cas->get_netpoint(), p.gateway->get_netpoint(),
                      {sg4::LinkInRoute(p.uplink)}, true);
      primaries.push_back(p);
    }
    connect_sibling_primaries(root, primaries);
  }

  PrimaryZone build_primary_zone(sg4::NetZone* root, const std::string& cas_code, const std::string& code) {
    PrimaryZone p;
    p.zone = sg4::create_full_zone(zone_name(code));
    p.zone->set_parent(root);
    p.gateway = make_host(p.zone, code);
    add_secondaries(p.zone, p.gateway);
    p.zone->seal();
    p.uplink = make_wan_link(root, cas_code, code);
    return p;
  }

  // Without a zone route between two primary zones SimGrid aborts ("Bad gateways") on any
  // primary-to-primary lookup; ConfigMgr traffic between primaries goes through the CAS.
  static void connect_sibling_primaries(sg4::NetZone* root, const std::vector<PrimaryZone>& primaries) {
    for (std::size_t i = 0; i < primaries.size(); ++i)
      for (std::size_t j = i + 1; j < primaries.size(); ++j)
        root->add_route(primaries[i].zone->get_netpoint(), primaries[j].zone->get_netpoint(),
                        primaries[i].gateway->get_netpoint(), primaries[j].gateway->get_netpoint(),
                        {sg4::LinkInRoute(primaries[i].uplink), sg4::LinkInRoute(primaries[j].uplink)}, true);
  }

  sg4::Link* make_wan_link(sg4::NetZone* zone, const std::string& parent, const std::string& child) {
    auto it = wan_by_name_.find(parent + "-" + child);
    if (it == wan_by_name_.end())
      throw std::logic_error("build_platform: no link for the pair " + parent + "-" + child);
    return make_link(zone, it->first, it->second->bandwidth_Bps, it->second->latency_s);
  }

  sg4::Link* make_link(sg4::NetZone* zone, const std::string& name, double bandwidth_Bps, double latency_s) {
    sg4::Link* link = zone->create_link(name, bandwidth_Bps)->set_latency(latency_s);
    if (hooks_.before_link_seal) hooks_.before_link_seal(*link);
    link->seal();
    platform_.links_.emplace(name, link);
    return link;
  }

  // Hosts are sealed with their zone, so the hook still runs before the seal.
  sg4::Host* make_host(sg4::NetZone* zone, const std::string& name) {
    sg4::Host* host = zone->create_host(name, kSiteServerSpeed_flops);
    if (hooks_.before_host_seal) hooks_.before_host_seal(*host);
    platform_.hosts_.emplace(name, host);
    return host;
  }

  const Scenario& scenario_;
  const Hierarchy& hierarchy_;
  const PlatformHooks& hooks_;
  std::unordered_map<std::string, const Link*> wan_by_name_;
  std::map<std::string, std::vector<Site>> added_children_;  // by parent code
  std::string expansion_cas_;
  Link expansion_link_;
  LinkList cloud_links_;
  Platform platform_;
};

Platform build_platform(const Scenario& scenario, const Hierarchy& hierarchy, const PlatformHooks& hooks) {
  return PlatformBuilder(scenario, hierarchy, hooks).build();
}

}  // namespace cmsim
