// Post installation (docs/modelling.md §4.6): after its install, each CAS and primary runs the
// monitored tasks in order; the client packages and the features wait until every site of
// the rollout runs the update, so in a mixed-version hierarchy they stay in progress.
// Timers, not actors: the tasks only take time.
#include "sim/actors/rollout.hpp"

#include "models/components.hpp"
#include "models/servicing_status.hpp"

namespace cmsim {

namespace {

std::vector<PostInstallTask> tasks_of(const World& w, const std::string& site, SiteType type) {
  const bool top = site == w.top_tier;
  const bool in_hierarchy = w.hierarchy.type(*w.hierarchy.find(w.top_tier)) == SiteType::cas;
  return post_installation_tasks(top, type == SiteType::cas, in_hierarchy);
}

bool any_warning(const PhaseRecord* phase) {
  if (!phase) return false;
  for (const ServicingStep& s : phase->steps)
    if (s.status == PhaseStatus::completed_with_warning) return true;
  return false;
}

}  // namespace

void Rollout::post_install(SiteRun& site, std::size_t task) {
  World& w = ctx_.world;
  const std::vector<PostInstallTask> tasks = tasks_of(w, site.code, site.type);
  if (task >= tasks.size()) {
    const bool warned = any_warning(find_phase(phases(site), ServicingPhase::post_installation));
    close_phase(phases(site), ServicingPhase::post_installation, w.now_s(),
                warned ? PhaseStatus::completed_with_warning : PhaseStatus::complete);
    return;
  }
  const PostInstallTask& t = tasks[task];
  open_step(phases(site), ServicingPhase::post_installation, t.name, w.now_s());
  const std::string name = t.name;
  const bool monitors = t.monitors_replication;
  auto finish = [this, &site, task, name, monitors] {
    ctx_.world.timers.after(ctx_.world.scenario.model.post_install_task_s, [this, &site, task, name, monitors] {
      // docs/modelling.md §4.2: "Completed with warning" while child primaries are not yet upgraded.
      const bool warn = monitors && site.code == ctx_.world.top_tier && primaries_left_ > 0;
      close_step(phases(site), ServicingPhase::post_installation, name, ctx_.world.now_s(),
                 warn ? PhaseStatus::completed_with_warning : PhaseStatus::complete);
      post_install(site, task + 1);
    });
  };
  if (!t.waits_for_all_sites || sites_left_ == 0) {
    finish();
    return;
  }
  log(site.code, "hman.log", component::kHierarchyManager,
      "WARN: The current update package's state (196611) is not set to installed yet. Will retry in next cycle.",
      Severity::warning);
  when_all_sites_installed(finish);
}

void Rollout::when_all_sites_installed(std::function<void()> then) {
  if (sites_left_ == 0) {
    then();
    return;
  }
  waiting_for_all_sites_.push_back(std::move(then));
}

// The top tier's HMAN updates the client packages once the hierarchy is on one version.
void Rollout::all_sites_installed() {
  log(ctx_.world.top_tier, "hman.log", component::kHierarchyManager,
      "INFO: 196612.ESC file was found. Updating client packages. InteropMode = 0");
  std::vector<std::function<void()>> waiting;
  waiting.swap(waiting_for_all_sites_);
  for (auto& then : waiting) then();
}

}  // namespace cmsim
