#include "sim/world.hpp"
#include "sim/open_row.hpp"

#include <algorithm>
#include <cmath>

#include <simgrid/s4u/Host.hpp>

namespace cmsim {

World::World(const Scenario& s, const Hierarchy& h, const Platform& p, Recorder& r)
    : scenario(s), platform(p), sites(s.sites), hierarchy(h), rec(r), top_tier(h.top_tier()) {
  for (std::size_t i = 0; i < sites.size(); ++i) {
    site_version[sites[i].code] = s.version;
    sites_by_code_.emplace(sites[i].code, i);
  }
  for (const Link& l : s.links) links_by_name_.emplace(l.name(), &l);
  scp = initial_scp_role(s);
  internet.tls12 = s.internet.tls12;
  internet.baltimore = s.internet.baltimore;
  internet.digicert_g2 = s.internet.digicert_g2;
  internet.proxy = s.internet.proxy;
  internet.blocked = s.internet.blocked;
}

std::vector<LinkCapacity> World::link_capacities() const {
  std::vector<LinkCapacity> out;
  for (const Link& l : scenario.links) out.push_back({l.name(), l.bandwidth_Bps, l.background});
  for (const Link& l : added_links_) out.push_back({l.name(), l.bandwidth_Bps, l.background});
  const Internet& net = scenario.internet;
  out.push_back({"internet", net.bandwidth_Bps, {}});
  if (net.proxy.enabled) out.push_back({"proxy+internet", std::min(net.proxy.bandwidth_Bps, net.bandwidth_Bps), {}});
  for (const RemoteScpServer& remote : remote_scp_servers(scenario))
    out.push_back({scp_lan_link_name(remote.computer), scenario.scp.value_or(Scp{}).lan_bandwidth_Bps, {}});
  return out;
}

std::int64_t World::now_unix_s() const {
  return scenario.start_unix_s + static_cast<std::int64_t>(std::floor(now_s()));
}

UpdateProgress& World::update_for(const Release& release) {
  for (auto& u : updates)
    if (u->release == &release) return *u;
  auto u = std::make_unique<UpdateProgress>();
  u->release = &release;
  u->row = rec.results().updates.size();
  UpdateResult result;
  result.version = release.version;
  result.name = release.name;
  result.package_guid = release.package_guid;
  rec.results().updates.push_back(std::move(result));
  updates.push_back(std::move(u));
  return *updates.back();
}

void World::set_update_state(UpdateProgress& u, UpdateState state) {
  row(u).state = state;
  record_state(row(u).states, now_s(), state);
}

void World::ready_to_install(UpdateProgress& u) {
  u.downloaded = true;
  row(u).ready_to_install_t_s = now_s();
  set_update_state(u, UpdateState::ready_to_install);
  if (on_ready_to_install) on_ready_to_install(u);
}

void World::add_site(const Site& site, const Link& link, const std::string& version) {
  sites_by_code_.emplace(site.code, sites.size());
  sites.push_back(site);
  added_links_.push_back(link);
  links_by_name_.emplace(link.name(), &added_links_.back());
  site_version[site.code] = version;
  added_version[site.code] = version;
  added_t_s[site.code] = now_s();
  rebuild_hierarchy();
}

// docs/modelling.md §1.4: the CAS is installed from the primary's CD.Latest, so it runs the same version; the
// primary becomes its child.
void World::expand_to_cas(const std::string& cas, const Link& link) {
  const std::string primary = top_tier;
  sites[sites_by_code_.at(primary)].parent = cas;
  add_site(Site{cas, SiteType::cas, "", {}}, link, site_version.at(primary));
}

void World::rebuild_hierarchy() {
  Problems problems;  // the loader checked the additions; a rebuild cannot add problems
  hierarchy = Hierarchy::build(sites, problems);
  top_tier = hierarchy.top_tier();
}

TransferOutcome World::transfer(TransferRecord row, simgrid::s4u::Host* from, simgrid::s4u::Host* to,
                                const std::optional<CloudFailure>& refused) {
  row.start_t_s = now_s();
  const std::uint64_t bytes = row.bytes;
  const std::size_t index = rec.begin_transfer(std::move(row));
  OpenRow open(ending, [this, index](Unwind why) {
    TransferRecord& r = rec.transfer(index);
    r.end_t_s = now_s();
    r.outcome = why == Unwind::run_ending ? TransferStatus::incomplete : TransferStatus::cancelled;
    r.reason = why == Unwind::run_ending ? "still running at the end of the simulation" : "stopped before it finished";
  });
  TransferOutcome t;
  if (refused) {
    t.start_t_s = t.end_t_s = now_s();
    t.reason = refused->reason;
  } else {
    t = transfer_bytes(from, to, bytes);
  }
  open.closed();
  TransferRecord& r = rec.transfer(index);
  r.end_t_s = now_s();
  r.outcome = t.ok ? TransferStatus::ok : TransferStatus::failed;
  r.reason = t.reason;
  return t;
}

std::string World::scp_server() const {
  if (scp_remote()) return scp.computer;
  return scp.site.empty() ? top_tier : scp.site;
}

simgrid::s4u::Host* World::scp_host() const {
  return scp_remote() ? platform.remote_scp_host(scp.computer) : platform.host(scp.site);
}

void World::install_release(const std::string& site, const Release& release) {
  if (release.kind == ReleaseKind::hotfix) {
    if (site == top_tier) installed_hotfixes.push_back(release.name);
    version_history[site].push_back(VersionChange{release.name, now_s()});
    return;
  }
  site_version[site] = release.version;
  version_history[site].push_back(VersionChange{release.version, now_s()});
}

}  // namespace cmsim
