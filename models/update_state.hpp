// An update's state as the console shows it (docs/modelling.md §3.5): per update at the top
// tier (Updates and Servicing) and per site (Show Status). One name per state, spelt once.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace cmsim {

enum class UpdateState {
  // The update's states in the Updates and Servicing node.
  available_to_download,
  downloading,
  ready_to_install,
  checking_prerequisites,
  prerequisite_check_passed,
  prerequisite_warning,
  prerequisites_failed,
  installing,
  installed,
  download_failed,
  failed,
  // What a site shows while the update is on its way to it.
  waiting,
  replicating_content,
  waiting_for_parent,
  waiting_for_service_window,
  not_upgraded,
  upgrading,
};

const char* to_string(UpdateState state);

// The console words an update_state expectation may name (the update-level states only).
std::optional<UpdateState> parse_console_state(std::string_view words);
bool is_console_state(UpdateState state);
const std::vector<UpdateState>& console_states();

// The prerequisite check's outcome at one site decides the update's state at the top tier:
// a failure anywhere shows as failed, a warning unless something has already failed.
UpdateState update_state_after_site_prerequisites(UpdateState current, UpdateState site_state);

}  // namespace cmsim
