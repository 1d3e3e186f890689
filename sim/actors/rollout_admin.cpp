// What the admin does to a rollout from the console after it started (docs/modelling.md §4.4):
// Install after a prerequisite-only run, Ignore prerequisite warnings, and Retry, for the
// hierarchy or one site. Each wakes CMUpdate on the sites it concerns, which checks the
// prerequisites again before it installs.
#include "sim/actors/rollout.hpp"

#include "models/cmupdate_rules.hpp"
#include "models/components.hpp"
#include "models/release_catalog.hpp"

namespace cmsim {

void Rollout::install_after_prerequisite_check() {
  World& w = ctx_.world;
  request_ = RolloutRequest::install;
  update_row().install_started_t_s = w.now_s();
  w.set_update_state(update_, UpdateState::checking_prerequisites);
  const double at = cmupdate_notices_at_s(w.now_s(), w.scenario.model.cmupdate_poll_s);
  for (auto& [code, run] : sites_)
    if (run.stopped) w.timers.at(at, [this, &run] { restart_cmupdate(run); });
}

// "resumes an install that stopped on warnings after a few minutes" (docs/modelling.md §4.4).
void Rollout::ignore_prerequisite_warnings() {
  World& w = ctx_.world;
  ignore_warnings_ = true;
  w.rec.log(w.top_tier, "hman.log", component::kHierarchyManager, Severity::info,
            "INFO: Ignore prerequisite warnings was set for update package " + package_guid_of(*update_.release));
  w.timers.after(w.scenario.model.ignore_warnings_resume_s, [this] {
    for (auto& [code, run] : sites_)
      if (run.stopped && row(run).state == UpdateState::prerequisite_warning) restart_cmupdate(run);
  });
}

// Retry from Updates and Servicing restarts every stopped site and ignores warnings; Retry from
// Site Servicing Status restarts one site and does not (docs/modelling.md §4.4).
void Rollout::retry(const std::string& site) {
  World& w = ctx_.world;
  if (site.empty()) ignore_warnings_ = true;
  w.rec.log(w.top_tier, "hman.log", component::kHierarchyManager, Severity::info,
            "INFO: Retry requested for update package " + package_guid_of(*update_.release) +
                (site.empty() ? std::string(" on the hierarchy") : " on site " + site));
  const double at = cmupdate_notices_at_s(w.now_s(), w.scenario.model.cmupdate_poll_s);
  for (auto& [code, run] : sites_)
    if (run.stopped && (site.empty() || code == site)) w.timers.at(at, [this, &run] { restart_cmupdate(run); });
}

bool Rollout::stopped_anywhere() const {
  for (const auto& [code, run] : sites_)
    if (run.stopped && !run.installed) return true;
  return false;
}

void Rollout::restart_cmupdate(SiteRun& site) {
  World& w = ctx_.world;
  if (!site.stopped || site.installed) return;
  site.stopped = false;
  if (site.code == w.top_tier)
    w.set_update_state(update_, UpdateState::checking_prerequisites);
  else if (sites_.at(w.top_tier).installed)
    w.set_update_state(update_, UpdateState::installing);
  spawn(site, component::kCmUpdate, [this, &site] { cmupdate(site); });
}

}  // namespace cmsim
