#include "models/servicing_status.hpp"

#include <algorithm>

namespace cmsim {

const char* to_string(ServicingPhase phase) {
  switch (phase) {
    case ServicingPhase::download:
      return "Download";
    case ServicingPhase::replication:
      return "Replication";
    case ServicingPhase::prerequisites_check:
      return "Prerequisites Check";
    case ServicingPhase::installation:
      return "Installation";
    case ServicingPhase::post_installation:
      return "Post Installation";
  }
  return "?";
}

const char* to_string(PhaseStatus status) {
  switch (status) {
    case PhaseStatus::in_progress:
      return "In progress";
    case PhaseStatus::needs_attention:
      return "In progress, needs attention";
    case PhaseStatus::complete:
      return "Complete";
    case PhaseStatus::completed_with_warning:
      return "Completed with warning";
    case PhaseStatus::failed:
      return "Failed";
  }
  return "?";
}

const std::vector<ServicingPhase>& servicing_phases() {
  static const std::vector<ServicingPhase> all{ServicingPhase::download, ServicingPhase::replication,
                                               ServicingPhase::prerequisites_check, ServicingPhase::installation,
                                               ServicingPhase::post_installation};
  return all;
}

namespace {

PhaseRecord* find(ServicingStatus& status, ServicingPhase phase) {
  for (PhaseRecord& p : status)
    if (p.phase == phase) return &p;
  return nullptr;
}

bool open(const ServicingStep& s) { return !s.end_t_s; }

}  // namespace

const PhaseRecord* find_phase(const ServicingStatus& status, ServicingPhase phase) {
  for (const PhaseRecord& p : status)
    if (p.phase == phase) return &p;
  return nullptr;
}

PhaseRecord& open_phase(ServicingStatus& status, ServicingPhase phase, double t_s) {
  if (PhaseRecord* p = find(status, phase)) {
    if (p->end_t_s) {  // run again (a retry): in progress once more, from its first start
      p->end_t_s.reset();
      p->status = PhaseStatus::in_progress;
    }
    return *p;
  }
  // Keep the console's order whatever order the phases start in.
  auto at = std::find_if(status.begin(), status.end(), [phase](const PhaseRecord& p) { return p.phase > phase; });
  return *status.insert(at, PhaseRecord{phase, t_s, std::nullopt, PhaseStatus::in_progress, {}});
}

void close_phase(ServicingStatus& status, ServicingPhase phase, double t_s, PhaseStatus outcome) {
  if (PhaseRecord* p = find(status, phase)) close_phase(*p, t_s, outcome);
}

void close_phase(PhaseRecord& phase, double t_s, PhaseStatus outcome) {
  for (ServicingStep& s : phase.steps)
    if (open(s)) {
      s.end_t_s = t_s;
      s.status = outcome;
    }
  phase.end_t_s = t_s;
  phase.status = outcome;
}

void next_step(PhaseRecord& phase, const std::string& name, double t_s) {
  for (ServicingStep& s : phase.steps)
    if (open(s)) {
      s.end_t_s = t_s;
      s.status = PhaseStatus::complete;
    }
  phase.steps.push_back(ServicingStep{name, t_s, std::nullopt, PhaseStatus::in_progress});
}

ServicingStep& open_step(ServicingStatus& status, ServicingPhase phase, const std::string& name, double t_s) {
  PhaseRecord& p = open_phase(status, phase, t_s);
  close_step(status, phase, name, t_s, PhaseStatus::failed);
  p.steps.push_back(ServicingStep{name, t_s, std::nullopt, PhaseStatus::in_progress});
  return p.steps.back();
}

void close_step(ServicingStatus& status, ServicingPhase phase, const std::string& name, double t_s,
                PhaseStatus outcome) {
  PhaseRecord* p = find(status, phase);
  if (!p) return;
  for (auto it = p->steps.rbegin(); it != p->steps.rend(); ++it)
    if (it->name == name && open(*it)) {
      it->end_t_s = t_s;
      it->status = outcome;
      return;
    }
}

void fail_open_steps(ServicingStatus& status, double t_s) {
  for (PhaseRecord& p : status)
    for (ServicingStep& s : p.steps)
      if (open(s)) {
        s.end_t_s = t_s;
        s.status = PhaseStatus::failed;
      }
}

const std::vector<std::string>& installation_steps() {
  static const std::vector<std::string> steps{
      "Run pre-upgrade SQL scripts",
      "Turn off SQL Server Service Broker",
      "Stop ConfigMgr services",
      "Unload WMI provider",
      "Delete SMSDBMON triggers",
      "Save site control settings",
      "Upgrade ConfigMgr database",
      "Update SQL Server and RCM registry",
      "Install files",
      "Install language packs",
      "Install components",
      "Install controls",
      "Upgrade site control settings",
      "Configure SQL Server Service Broker",
      "Start WMI provider and install services",
      "Update site table",
      "Update Admin Console binaries",
      "Turn on SQL Server Service Broker",
  };
  return steps;
}

std::vector<PostInstallTask> post_installation_tasks(bool top_tier, bool is_cas, bool in_hierarchy) {
  std::vector<PostInstallTask> tasks{
      {"Installing SMS_EXECUTIVE service", false, false},
      {"Installing SMS_DATABASE_NOTIFICATION_MONITOR component", false, false},
      {"Installing SMS_HIERARCHY_MANAGER component", false, false},
      {"Installing SMS_REPLICATION_CONFIGURATION_MONITOR component", false, false},
  };
  if (!is_cas) tasks.push_back({"Installing SMS_POLICY_PROVIDER component", false, false});
  if (in_hierarchy) tasks.push_back({"Monitoring replication initialization", false, true});
  tasks.push_back({"Updating Configuration Manager Client Preproduction Package", true, false});
  tasks.push_back({"Updating Client folder on Site Server", false, false});
  tasks.push_back({"Updating Configuration Manager Client Package", true, false});
  if (top_tier) tasks.push_back({"Turning on Features", true, false});
  return tasks;
}

}  // namespace cmsim
