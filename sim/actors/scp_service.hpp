// The SCP role on its server: the one actor that changes the role's state, through the pure
// lifecycle of models/scp_lifecycle. It starts SMS_DMP_DOWNLOADER with SMS_EXECUTIVE,
// restarts it (when a pending mode switch takes effect, docs/modelling.md §2.3), stops it
// when the server goes down or the role is uninstalled or moved, and passes console
// "Check for Updates" requests on.
#pragma once

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Semaphore.hpp>

#include <optional>
#include <string>

#include "sim/world.hpp"

namespace cmsim {

class ScpService {
 public:
  explicit ScpService(World& world);

  // Why the role cannot go on `site` (also raised as a status message), or nullopt: installed.
  // `computer` names a remote server ("" for the default name).
  std::optional<std::string> install(const std::string& site, ScpServer server, RemoteAccess access,
                                     const std::string& computer = "");
  void uninstall();
  // docs/modelling.md §2.8: to another server of the site; refused with a status message.
  void move(ScpServer to, RemoteAccess access, const std::string& computer = "");
  void renew_tenant_secret();
  void set_usage_level(UsageLevel level);
  // When the role was last uninstalled; nullopt if it never was.
  std::optional<double> uninstalled_t_s() const { return world_.scp.uninstalled_t_s; }

  void start(const char* cause);
  // A restart somewhere in the hierarchy; the lifecycle decides whether it reaches the role.
  void restart(const ScpRestart& restart);
  bool reaches(const ScpRestart& restart) const { return restart_reaches_scp(world_.scp, restart); }
  void stop();
  void request_check();
  void set_configured_mode(ScpMode mode);
  bool running() const;

 private:
  void record_modes(std::string cause);
  void record_placement();
  // A refusal: an error in `site`'s sitecomp.log and status message 3307.
  void refuse(const std::string& site, const std::string& text);
  void after_move(const ScpChange& change, const char* cause);
  void leave_payload_behind();
  void warn_if_update_in_process();

  World& world_;
  simgrid::s4u::ActorPtr downloader_;
  simgrid::s4u::SemaphorePtr wakeup_;
};

}  // namespace cmsim
