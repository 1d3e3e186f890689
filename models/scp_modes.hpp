// The SCP's configured and effective modes (docs/modelling.md §2.3): changing the mode changes only the
// configured one; the effective mode follows at the next restart of SMS_DMP_DOWNLOADER, of
// SMS_EXECUTIVE (including a reboot of the server), or the Backup Site Server task.
#pragma once

#include "scenario.hpp"

namespace cmsim {

// scp_server_reboot: a remote SCP server comes back from an outage (its own SMS_EXECUTIVE starts).
enum class RestartCause { dmp_downloader_restart, executive_restart, site_reboot, backup_task, scp_server_reboot };

inline const char* describe(RestartCause cause) {
  switch (cause) {
    case RestartCause::dmp_downloader_restart:
      return "SMS_DMP_DOWNLOADER restart";
    case RestartCause::executive_restart:
      return "SMS_EXECUTIVE restart";
    case RestartCause::site_reboot:
      return "site server reboot";
    case RestartCause::backup_task:
      return "Backup Site Server task";
    case RestartCause::scp_server_reboot:
      return "SCP server reboot";
  }
  return "restart";
}

struct ScpModeState {
  ScpMode configured = ScpMode::online;
  ScpMode effective = ScpMode::online;

  bool pending() const { return configured != effective; }
  // Every documented restart path re-reads the configured mode; returns whether the
  // effective mode changed.
  bool apply_restart(RestartCause) {
    const bool changed = pending();
    effective = configured;
    return changed;
  }
};

}  // namespace cmsim
