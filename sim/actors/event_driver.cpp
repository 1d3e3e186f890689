#include "sim/actors/event_driver.hpp"

#include <simgrid/s4u/Actor.hpp>

#include "models/components.hpp"
#include "sim/spawn.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_events, cmsim, "the scenario's scheduled events");

namespace cmsim {

namespace sg4 = simgrid::s4u;

void EventDriver::operator()() {
  for (const Event& event : services_->world.scenario.events) {
    sg4::this_actor::sleep_until(event.at_s);
    dispatch(event);
  }
}

// Steps that take simulated time (the tool's phases) run in their own actor so that the
// events after them still happen on time.
void EventDriver::run_aside(const char* name, std::function<void()> work) {
  spawn_actor(name, services_->world.platform.cloud_host(), std::move(work));
}

void EventDriver::dispatch(const Event& e) {
  XBT_VERB("event %s%s%s", to_string(e.verb), e.site.empty() ? "" : " at ", e.site.c_str());
  RunningHierarchy& s = *services_;
  switch (e.verb) {
    case EventVerb::set_scp_mode:
      s.scp.set_configured_mode(*e.mode);
      break;
    case EventVerb::restart_component:
      s.component_restarted(e.site, e.component, e.server);
      break;
    case EventVerb::restart_service:
      if (e.component == component::kExecutive)
        s.executive_restarted(e.site, RestartCause::executive_restart, e.server);
      break;
    case EventVerb::check_for_updates:
      s.scp.request_check();
      break;
    case EventVerb::sct_prepare:
      run_aside("sct-prepare", [&s] { s.sct.prepare(); });
      break;
    case EventVerb::sct_connect:
      run_aside("sct-connect", [&s, d = e.download] { s.sct.connect(d); });
      break;
    case EventVerb::sct_import:
      run_aside("sct-import", [&s] { s.sct.import(); });
      break;
    case EventVerb::console_notification:
      s.cloud_config_changed();
      break;
    case EventVerb::set_root_cert:
      s.root_cert_set(e.cert, *e.cert_state);
      break;
    case EventVerb::set_proxy:
      s.world.internet.proxy = *e.proxy;
      break;
    case EventVerb::install_update:
      s.install_update(e.version);
      break;
    case EventVerb::upgrade_secondary:
      s.upgrade_secondary(e.site);
      break;
    case EventVerb::retry_content_replication:
      s.retry_content_replication();
      break;
    case EventVerb::run_prerequisite_check:
      s.run_prerequisite_check(e.version);
      break;
    case EventVerb::ignore_prerequisite_warnings:
      s.ignore_prerequisite_warnings();
      break;
    case EventVerb::retry_installation:
      s.retry_installation(e.site);
      break;
    case EventVerb::set_prerequisites:
      if (!s.world.set_prerequisites(e.site, *e.prerequisites))
        s.world.rec.log(s.world.top_tier, "hman.log", component::kHierarchyManager, Severity::warning,
                        "WARN: set_prerequisites for " + e.site + ", which is not in the hierarchy yet; ignored.");
      break;
    case EventVerb::uninstall_scp:
      s.scp.uninstall();
      break;
    case EventVerb::install_scp:
      if (const auto refusal =
              s.scp.install(e.site, e.scp_server.value_or(ScpServer::site), e.remote_access, e.computer))
        s.expansion.scp_install_refused(e.site, *refusal);
      else
        s.expansion.scp_installed(e.site);
      break;
    case EventVerb::move_scp:
      s.scp.move(*e.scp_server, e.remote_access, e.computer);
      break;
    case EventVerb::renew_tenant_secret:
      s.scp.renew_tenant_secret();
      s.expansion.tenant_secret_renewed();
      break;
    case EventVerb::set_usage_level:
      s.scp.set_usage_level(*e.usage_level);
      break;
    case EventVerb::expand_to_cas:
      s.expansion.expand_to_cas(e);
      break;
    case EventVerb::add_site:
      s.expansion.add_site(e);
      break;
    default:
      dispatch_fault(e);
      break;
  }
}

// Link and site outages are in the fault plan, applied by SimGrid profiles and the
// site-outage actor; only the internet conditions change here.
void EventDriver::dispatch_fault(const Event& e) {
  if (e.verb == EventVerb::internet_fault)
    services_->faults.internet_fault(ActiveInternetFault{*e.fault_kind, e.status, e.endpoint}, e.for_s);
}

}  // namespace cmsim
