#include "sim/recorder.hpp"

#include <algorithm>

#include <simgrid/s4u/Engine.hpp>

#include "models/statmsg.hpp"

namespace cmsim {
namespace {}  // namespace

double Recorder::now_s() const { return simgrid::s4u::Engine::get_clock(); }

void Recorder::log(const std::string& site, const char* file, const char* component, Severity severity,
                   std::string_view text, LogFraming framing) {
  results_.logs.push_back(LogLine{now_s(), site, file, component, thread_of(site, component), severity, framing, text});
}

void Recorder::start_log_afresh(const std::string& site, const char* file) { results_.logs.erase_file(site, file); }

void Recorder::status_message(const std::string& site, const char* component, const char* log_file, int id,
                              Severity severity, std::string text, LogFraming framing, const std::string& server) {
  const std::string& folder = server.empty() ? site : server;
  StatMsg msg;
  msg.id = id;
  msg.severity = severity;
  msg.component = component;
  msg.server = folder + ".contoso.com";  // assumed FQDN pattern; the site code keeps it unique
  msg.site = site;
  msg.pid = 2316;
  msg.tid = thread_of(folder, component);
  msg.gmt_unix_s = static_cast<double>(start_unix_s_) + now_s();
  msg.insertion_strings = {text};
  std::string echo = statmsg_line(msg);
  log(folder, log_file, component, Severity::info, std::move(echo), framing);
  results_.raised.raise(StatusMessage{now_s(), site, component, id, severity, std::move(text)});
}

void Recorder::component_status(const std::string& site, const char* component, ComponentStatus status) {
  auto& current = status_[{site, component}];  // a component starts ok
  if (current == status) return;
  current = status;
  results_.raised.raise(ComponentStatusChange{now_s(), site, component, status});
}

void Recorder::mode_change(const std::string& configured, const std::string& effective, std::string cause) {
  results_.scp.modes.push_back(ModeChange{now_s(), configured, effective, std::move(cause)});
}

void Recorder::check(double t_s, ScpMode effective_mode, CheckOutcome outcome, std::string reason,
                     std::string offered) {
  results_.scp.checks.push_back(
      ScpCheck{t_s, to_string(effective_mode), outcome, std::move(reason), std::move(offered)});
}

std::size_t Recorder::begin_transfer(TransferRecord row) {
  results_.transfers.push_back(std::move(row));
  return results_.transfers.size() - 1;
}

// Thread ids as Windows shows them: multiples of 4, one per component. Each site is its own
// server, so the same component may have the same id on two sites. Called for every log
// line: the lookup allocates nothing.
std::uint32_t Recorder::thread_of(const std::string&, const char* component) {
  const std::string_view name(component);
  auto it = threads_.find(name);
  if (it == threads_.end())
    it = threads_.emplace(std::string(name), 1000 + 4 * static_cast<std::uint32_t>(threads_.size() + 1)).first;
  return it->second;
}

}  // namespace cmsim
