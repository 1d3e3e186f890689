#include "update_state.hpp"

#include <array>
#include <utility>

namespace cmsim {
namespace {

constexpr std::array<std::pair<UpdateState, const char*>, 17> kNames{{
    {UpdateState::available_to_download, "Available to download"},
    {UpdateState::downloading, "Downloading"},
    {UpdateState::ready_to_install, "Ready to install"},
    {UpdateState::checking_prerequisites, "Checking prerequisites"},
    {UpdateState::prerequisite_check_passed, "Prerequisite check passed"},
    {UpdateState::prerequisite_warning, "Prerequisite warning"},
    {UpdateState::prerequisites_failed, "Prerequisites failed"},
    {UpdateState::installing, "Installing"},
    {UpdateState::installed, "Installed"},
    {UpdateState::download_failed, "Download failed"},
    {UpdateState::failed, "Failed"},
    {UpdateState::waiting, "Waiting"},
    {UpdateState::replicating_content, "Replicating content"},
    {UpdateState::waiting_for_parent, "Waiting for parent"},
    {UpdateState::waiting_for_service_window, "Waiting for service window"},
    {UpdateState::not_upgraded, "Not upgraded"},
    {UpdateState::upgrading, "Upgrading"},
}};

}  // namespace

const char* to_string(UpdateState state) {
  for (const auto& [value, name] : kNames)
    if (value == state) return name;
  return "?";
}

bool is_console_state(UpdateState state) { return state <= UpdateState::failed; }

const std::vector<UpdateState>& console_states() {
  static const std::vector<UpdateState> kStates = [] {
    std::vector<UpdateState> states;
    for (const auto& entry : kNames)
      if (is_console_state(entry.first)) states.push_back(entry.first);
    return states;
  }();
  return kStates;
}

std::optional<UpdateState> parse_console_state(std::string_view words) {
  for (const auto& [value, name] : kNames)
    if (is_console_state(value) && words == name) return value;
  return std::nullopt;
}

UpdateState update_state_after_site_prerequisites(UpdateState current, UpdateState site_state) {
  if (site_state == UpdateState::prerequisite_warning && current == UpdateState::prerequisites_failed) return current;
  return site_state;
}

}  // namespace cmsim
