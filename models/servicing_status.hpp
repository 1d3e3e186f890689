// Monitoring > Updates and Servicing Status > Show Status (docs/modelling.md §3.5, §4.6): per site
// the phases Download (top tier only), Replication, Prerequisites Check, Installation and Post
// Installation, each with its steps, when they started and ended, and how they ended. The run
// records them as they happen; these are the plain data and the rules that shape them.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cmsim {

enum class ServicingPhase { download, replication, prerequisites_check, installation, post_installation };

// The console's sub-status words.
enum class PhaseStatus {
  in_progress,             // "In progress"
  needs_attention,         // "In progress, needs attention"
  complete,                // "Complete"
  completed_with_warning,  // "Completed with warning"
  failed,                  // "Failed"
};

const char* to_string(ServicingPhase phase);
const char* to_string(PhaseStatus status);
const std::vector<ServicingPhase>& servicing_phases();

struct ServicingStep {
  std::string name;
  double start_t_s = 0;
  std::optional<double> end_t_s;  // empty: still going at the end of the run
  PhaseStatus status = PhaseStatus::in_progress;
};

struct PhaseRecord {
  ServicingPhase phase = ServicingPhase::download;
  double start_t_s = 0;
  std::optional<double> end_t_s;
  PhaseStatus status = PhaseStatus::in_progress;
  std::vector<ServicingStep> steps;
};

// One site's Show Status: only the phases that have started, in the console's order.
using ServicingStatus = std::vector<PhaseRecord>;

// Opens `phase` at t (again, if a retry runs it a second time: the old steps stay, the phase
// is in progress once more) and returns it.
PhaseRecord& open_phase(ServicingStatus& status, ServicingPhase phase, double t_s);
// Ends the phase and every step still open in it with `outcome`.
void close_phase(ServicingStatus& status, ServicingPhase phase, double t_s, PhaseStatus outcome);
// Starts a step in `phase` (opening the phase if needed); a step of the same name still open
// is ended first, so a step interrupted by a server outage and run again shows twice.
ServicingStep& open_step(ServicingStatus& status, ServicingPhase phase, const std::string& name, double t_s);
// Ends the newest open step of that name; nothing if there is none.
void close_step(ServicingStatus& status, ServicingPhase phase, const std::string& name, double t_s,
                PhaseStatus outcome);
// The same on one phase's record (the Download phase is kept apart from the site's).
void close_phase(PhaseRecord& phase, double t_s, PhaseStatus outcome);
// Ends the phase's open steps as complete and starts `name`.
void next_step(PhaseRecord& phase, const std::string& name, double t_s);
// A server outage killed what was running: every open step ends as failed now (its phase
// stays in progress, to be run again).
void fail_open_steps(ServicingStatus& status, double t_s);
// The phase's record, if it has started.
const PhaseRecord* find_phase(const ServicingStatus& status, ServicingPhase phase);

// docs/modelling.md §4.5 step 3: what CMUpdate's main install does, in order.
const std::vector<std::string>& installation_steps();

// docs/modelling.md §4.6: the post-installation tasks of one site.
struct PostInstallTask {
  std::string name;
  bool waits_for_all_sites = false;   // held until every site of the rollout is on the update
  bool monitors_replication = false;  // "Monitoring replication initialization"
};
// `top_tier`: the CAS or stand-alone primary; `in_hierarchy`: the site has a CAS above or below it.
std::vector<PostInstallTask> post_installation_tasks(bool top_tier, bool is_cas, bool in_hierarchy);

}  // namespace cmsim
