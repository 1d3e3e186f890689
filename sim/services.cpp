#include "sim/services.hpp"

namespace cmsim {

Services::Services(World& w)
    : world(w), scp(w), sct(w), faults(w, [this](const std::string& site) {
        executive_restarted(site, RestartCause::site_reboot);
      }) {}

void Services::start() { scp.start("start"); }

// The SCP role runs under the SMS_EXECUTIVE of its own server; a remote SCP is still
// restarted with its site's services here (assumed: the docs name the restarts, not the host).
bool Services::hosts_scp(const std::string& site) const { return world.scp_installed && site == world.top_tier; }

void Services::executive_restarted(const std::string& site, RestartCause cause) {
  if (hosts_scp(site)) {
    world.internet.cloud_config_changed = false;  // §2.3: the restart picks up the new cloud config
    scp.restart(cause);
  }
}

void Services::component_restarted(const std::string& site, const std::string& component) {
  if (hosts_scp(site) && component == "SMS_DMP_DOWNLOADER") scp.restart(RestartCause::dmp_downloader_restart);
  if (component == "SMS_EXECUTIVE") executive_restarted(site, RestartCause::executive_restart);
}

}  // namespace cmsim
