// The SCP role on its server: starts SMS_DMP_DOWNLOADER with SMS_EXECUTIVE, restarts it
// (which is when a pending mode switch takes effect, docs/modelling.md §2.3), stops it when the server
// goes down or the role is uninstalled, and passes console "Check for Updates" requests on.
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

  // Installs the role on the top-tier site server (docs/modelling.md §2.1); false, with an
  // error in sitecomp.log, where the product refuses it.
  // Why the role cannot go on `site` (also raised as a status message), or nullopt: installed.
  std::optional<std::string> install(const std::string& site);
  void uninstall();
  // When the role was last uninstalled; nullopt if it never was.
  std::optional<double> uninstalled_t_s() const { return uninstalled_t_s_; }

  void start(const char* cause);
  void restart(RestartCause cause);
  void stop();
  void request_check();
  void set_configured_mode(ScpMode mode);
  bool running() const;

 private:
  void record_modes(std::string cause);
  void record_placement(const std::string& site);  // "" when the role is uninstalled

  World& world_;
  simgrid::s4u::ActorPtr downloader_;
  simgrid::s4u::SemaphorePtr wakeup_;
  std::optional<double> uninstalled_t_s_;
};

}  // namespace cmsim
