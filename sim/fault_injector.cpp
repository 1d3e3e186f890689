#include "sim/fault_injector.hpp"
#include "sim/spawn.hpp"

#include "sim/actors/drs_monitor.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include <algorithm>

namespace cmsim {

namespace sg4 = simgrid::s4u;

FaultInjector::FaultInjector(World& world, DrsMonitor& drs, std::function<void(const std::string&)> on_site_up)
    : world_(world), drs_(drs), on_site_up_(std::move(on_site_up)) {}

// The end of a fault is its own small actor on the cloud host (which never fails), so the
// event driver can go on with later events meanwhile.
void FaultInjector::end_after(double for_s, std::function<void()> end) {
  spawn_actor("fault-end", world_.platform.cloud_host(), [for_s, end = std::move(end)] {
    sg4::this_actor::sleep_for(for_s);
    end();
  });
}

std::size_t FaultInjector::record(const char* kind, const std::string& target, std::string detail,
                                  std::optional<double> for_s) {
  auto& faults = world_.rec.results().faults;
  FaultRecord f{world_.now_s(), std::nullopt, kind, target, std::move(detail)};
  if (for_s && world_.now_s() + *for_s <= world_.scenario.duration_s) f.end_t_s = world_.now_s() + *for_s;
  faults.push_back(std::move(f));
  return faults.size() - 1;
}

// A fault without a set duration ends when it is lifted (link_up): close its open window.
void FaultInjector::close_open(const char* kind, const std::string& target) {
  auto& faults = world_.rec.results().faults;
  for (auto it = faults.rbegin(); it != faults.rend(); ++it)
    if (it->kind == kind && it->target == target && !it->end_t_s) {
      it->end_t_s = world_.now_s();
      return;
    }
}

void FaultInjector::link_down(const std::string& link, std::optional<double> for_s, const std::string& detail) {
  record("link_down", link, detail, for_s);
  if (links_down_[link]++ == 0) {
    world_.platform.link(link)->turn_off();
    drs_.link_down(link);
  }
  if (for_s) end_after(*for_s, [this, link] { link_up(link); });
}

void FaultInjector::link_up(const std::string& link) {
  int& count = links_down_[link];
  if (count == 0) return;
  close_open("link_down", link);
  if (--count == 0) {
    world_.platform.link(link)->turn_on();
    drs_.link_up(link);
  }
}

void FaultInjector::link_degrade(const std::string& link, double bandwidth_Bps, std::optional<double> for_s) {
  record("link_degrade", link, std::to_string(bandwidth_Bps * 8 / 1e6) + "Mbps", for_s);
  sg4::Link* l = world_.platform.link(link);
  nominal_bandwidth_Bps_.emplace(link, l->get_bandwidth());
  l->set_bandwidth(bandwidth_Bps);
  if (for_s) end_after(*for_s, [this, link] { world_.platform.link(link)->set_bandwidth(nominal_bandwidth_Bps_.at(link)); });
}

void FaultInjector::site_down(const std::string& site, double for_s) {
  record("site_down", site, "", for_s);
  if (sites_down_[site]++ == 0) {
    world_.platform.host(site)->turn_off();
    drs_.site_down(site);
  }
  end_after(for_s, [this, site] {
    if (--sites_down_[site] > 0) return;
    world_.platform.host(site)->turn_on();
    drs_.site_up(site);
    on_site_up_(site);
  });
}

void FaultInjector::internet_fault(const ActiveInternetFault& fault, std::optional<double> for_s) {
  const char* kinds[] = {"proxy_status", "tls", "timeout", "dns", "blocked"};
  std::string detail = kinds[static_cast<int>(fault.kind)];
  if (fault.kind == InternetFaultKind::proxy_status) detail += " " + std::to_string(fault.status);
  if (fault.kind == InternetFaultKind::blocked) detail += " " + fault.endpoint;
  record("internet_fault", "internet", detail, for_s);
  world_.internet.faults.push_back(fault);
  if (!for_s) return;
  end_after(*for_s, [this, fault] {
    auto& faults = world_.internet.faults;
    auto it = std::find_if(faults.begin(), faults.end(), [&](const ActiveInternetFault& f) {
      return f.kind == fault.kind && f.status == fault.status && f.endpoint == fault.endpoint;
    });
    if (it != faults.end()) faults.erase(it);
  });
}

}  // namespace cmsim
