#include "sim/fault_injector.hpp"

#include "models/scp_lifecycle.hpp"

#include <simgrid/kernel/ProfileBuilder.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>

#include <algorithm>
#include <map>
#include <cmath>
#include <tuple>

#include "models/link_bandwidth.hpp"
#include "sim/spawn.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_faults, cmsim, "fault injection: links, site servers, internet");

namespace cmsim {
namespace {

namespace sg4 = simgrid::s4u;
namespace profile = simgrid::kernel::profile;

// Dated values as SimGrid 3.32 keeps them: each date is the delay since the previous one,
// the first counted from 0 (what its profile parser makes of absolute "<date> <value>" lines).
using DatedValues = std::vector<profile::DatedValue>;

class DatedValuesBuilder {
 public:
  void add(double t_s, double value) {
    values_.emplace_back(t_s - last_s_, value);
    last_s_ = t_s;
  }
  DatedValues take() { return std::move(values_); }

 private:
  DatedValues values_;
  double last_s_ = 0;
};

// A profile that plays its values once. Built from values, not text: a year of random
// outages on thousands of links is tens of thousands of entries, and formatting then
// parsing them cost a tenth of the run. SimGrid asks the callback again when the list is
// exhausted; a one-shot profile has nothing more to add.
profile::Profile* one_shot_profile(const std::string& name, DatedValues values) {
  return profile::ProfileBuilder::from_callback(
      name,
      [values = std::move(values)](DatedValues& list) mutable {
        if (list.empty()) list = std::move(values);
      },
      -1);
}

// 0 turns the link off, 1 on again (docs/modelling.md §12.4.3).
DatedValues state_values(const std::vector<Interval>& outages, double horizon_s) {
  DatedValuesBuilder values;
  for (const Interval& o : outages) {
    if (o.start_s > horizon_s) break;
    values.add(o.start_s, 0);
    if (std::isfinite(o.end_s) && o.end_s <= horizon_s) values.add(o.end_s, 1);
  }
  return values.take();
}

// Bandwidth profile values are absolute bytes per second in 3.32 (docs/modelling.md §12.4.3).
DatedValues bandwidth_values(const std::vector<BandwidthStep>& steps) {
  DatedValuesBuilder values;
  for (const BandwidthStep& step : steps) values.add(step.t_s, step.bandwidth_Bps);
  return values.take();
}

}  // namespace

// A link's degraded_link faults and its background load share its one bandwidth profile.
PlatformHooks fault_profile_hooks(const Scenario& scenario, const FaultPlan& plan, double horizon_s) {
  std::map<std::string, std::vector<BackgroundLoad>> background;
  for (const Link& l : scenario.links)
    if (!l.background.empty()) background.emplace(l.name(), l.background);
  PlatformHooks hooks;
  hooks.before_link_seal = [&plan, horizon_s, start_unix_s = scenario.start_unix_s,
                            background = std::move(background)](sg4::Link& link) {
    const std::string name = link.get_name();
    if (auto it = plan.link_down.find(name); it != plan.link_down.end() && !it->second.empty())
      link.set_state_profile(one_shot_profile(name + "-state", state_values(it->second, horizon_s)));
    const auto degraded = plan.link_degraded.find(name);
    const auto business = background.find(name);
    const auto steps = available_bandwidth(
        link.get_bandwidth(), degraded == plan.link_degraded.end() ? std::vector<BandwidthWindow>{} : degraded->second,
        business == background.end() ? std::vector<BackgroundLoad>{} : business->second, start_unix_s, horizon_s);
    if (!steps.empty()) link.set_bandwidth_profile(one_shot_profile(name + "-bandwidth", bandwidth_values(steps)));
  };
  return hooks;
}

FaultInjector::FaultInjector(World& world, const FaultPlan& plan, ServerUp on_server_up)
    : world_(world), plan_(plan), on_server_up_(std::move(on_server_up)) {}

void FaultInjector::start() {
  if (!plan_.site_down.empty() || !plan_.scp_server_down.empty())
    spawn_actor("site-outages", world_.platform.cloud_host(), [this] { play_site_outages(); });
}

// One actor walks every server outage in time order; a server coming back restarts its
// SMS_EXECUTIVE, which is what applies a pending mode switch and resumes the components.
void FaultInjector::play_site_outages() {
  std::vector<std::tuple<double, bool, std::string, std::string>> steps;  // time, up?, site, computer
  auto add = [&steps](const std::vector<Interval>& outages, const std::string& site, const std::string& computer) {
    for (const Interval& o : outages) {
      steps.emplace_back(o.start_s, false, site, computer);
      if (std::isfinite(o.end_s)) steps.emplace_back(o.end_s, true, site, computer);
    }
  };
  for (const auto& [site, outages] : plan_.site_down) add(outages, site, "");
  for (const RemoteScpServer& server : remote_scp_servers(world_.scenario))
    if (auto it = plan_.scp_server_down.find(server.computer); it != plan_.scp_server_down.end())
      add(it->second, server.site, server.computer);
  std::sort(steps.begin(), steps.end());
  for (const auto& [t, up, site, computer] : steps) {
    if (t > world_.scenario.duration_s) break;
    sg4::this_actor::sleep_until(t);
    sg4::Host* host = computer.empty() ? world_.platform.host(site) : world_.platform.remote_scp_host(computer);
    XBT_VERB("server %s %s", host->get_cname(), up ? "back up" : "goes down");
    if (!up) {
      host->turn_off();
      continue;
    }
    host->turn_on();
    on_server_up_(site, computer);
  }
}

void FaultInjector::internet_fault(const ActiveInternetFault& fault, std::optional<double> for_s) {
  static constexpr const char* kKinds[] = {"proxy_status", "tls", "timeout", "dns", "blocked"};
  std::string detail = kKinds[static_cast<int>(fault.kind)];
  if (fault.kind == InternetFaultKind::proxy_status) detail += " " + std::to_string(fault.status);
  if (fault.kind == InternetFaultKind::blocked) detail += " " + fault.endpoint;
  const double now = world_.now_s();
  world_.rec.results().faults.push_back(
      {now, for_s && now + *for_s <= world_.scenario.duration_s ? SimTime(now + *for_s) : SimTime(),
       FaultKind::internet_fault, "internet", detail});
  world_.internet.faults.push_back(fault);
  if (!for_s) return;
  world_.timers.at(now + *for_s, [this, fault] {
    auto& faults = world_.internet.faults;
    auto it = std::find_if(faults.begin(), faults.end(), [&](const ActiveInternetFault& f) {
      return f.kind == fault.kind && f.status == fault.status && f.endpoint == fault.endpoint;
    });
    if (it != faults.end()) faults.erase(it);
  });
}

}  // namespace cmsim
