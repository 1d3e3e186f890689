// The product's services of one run, and what restarts them. SMS_EXECUTIVE restarting on
// a server (by an admin, a reboot or the backup task) restarts every thread it hosts there.
#pragma once

#include <string>

#include "sim/actors/scp_service.hpp"
#include "sim/actors/service_connection_tool.hpp"
#include "sim/fault_injector.hpp"

namespace cmsim {

class Services {
 public:
  explicit Services(World& world);

  void start();
  // SMS_EXECUTIVE restarted on the server of `site` (its SCP host when the SCP is remote).
  void executive_restarted(const std::string& site, RestartCause cause);
  void component_restarted(const std::string& site, const std::string& component);

  World& world;
  ScpService scp;
  ServiceConnectionTool sct;
  FaultInjector faults;

 private:
  bool hosts_scp(const std::string& site) const;
};

}  // namespace cmsim
