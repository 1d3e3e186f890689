#include "sim/actors/expansion.hpp"

#include <simgrid/s4u/Actor.hpp>

#include "models/components.hpp"
#include "models/status_ids.hpp"
#include "models/units.hpp"
#include "sim/actors/scp_service.hpp"
#include "sim/spawn.hpp"
#include "sim/log_categories.hpp"

XBT_LOG_NEW_DEFAULT_SUBCATEGORY(cmsim_expansion, cmsim, "expand_to_cas and add_site");

namespace cmsim {

namespace sg4 = simgrid::s4u;

namespace {
constexpr const char* kStepUninstall = "Uninstall the service connection point and other top-tier-only roles";
constexpr const char* kStepCas = "Install the CAS from the primary's CD.Latest at the same version";
constexpr const char* kStepReplication = "Initialise database replication (snapshot by file-based replication)";
constexpr const char* kStepScp = "Reinstall the service connection point at the CAS";
constexpr const char* kStepSecret = "Renew the Azure AD app secret key";
constexpr const char* kStepCheck = "Check the features that depend on the service connection point";
}  // namespace

void Expansion::step(std::size_t index, const char* name, SimTime t_s) {
  XBT_VERB("expansion step: %s", name);
  world_.rec.results().expansions[index].steps.push_back({name, t_s});
}

void Expansion::refuse(ExpansionResult x, std::string reason) {
  x.status = ExpansionStatus::refused;
  x.reason = std::move(reason);
  XBT_VERB("expansion refused: %s", x.reason.c_str());
  world_.rec.log(x.primary, "hman.log", component::kHierarchyManager, Severity::error,
                 "ERROR: Expansion refused: " + x.reason);
  world_.rec.results().expansions.push_back(std::move(x));
}

void Expansion::expand_to_cas(const Event& e) {
  ExpansionResult x;
  x.requested_t_s = world_.now_s();
  x.new_cas = e.code;
  x.primary = world_.top_tier;
  if (world_.hierarchy.type(*world_.hierarchy.find(x.primary)) != SiteType::primary)
    return refuse(std::move(x), "the top tier is already a CAS");
  if (world_.scp.installed && world_.scp.site == x.primary)
    return refuse(std::move(x), "the service connection point is still installed on " + x.primary +
                                    "; uninstall it (and the other top-tier-only roles) before expanding");
  // docs/modelling.md §1.4: the CAS is installed from the primary's CD.Latest at the same version, and
  // every site must run one version before an update starts; an update still on its way through
  // the primary would leave the new CAS behind its own child (assumed: refused until it is done).
  if (const std::string update = installing_ ? installing_() : std::string(); !update.empty())
    return refuse(std::move(x), "update " + update + " is still being installed at " + x.primary +
                                    "; the CAS is installed from its CD.Latest at the same version, so let the "
                                    "update finish first");
  x.status = ExpansionStatus::waiting_for_scp;
  auto& expansions = world_.rec.results().expansions;
  expansions.push_back(std::move(x));
  const std::size_t index = expansions.size() - 1;
  step(index, kStepUninstall, scp_.uninstalled_t_s());
  spawn_actor("cas-setup", world_.platform.cloud_host(),
              [this, index, link = *e.new_link] { set_up_cas(index, link); });
}

// Setup of the CAS, then the primary's database joins it: a snapshot by file-based
// replication, loaded with BCP at the other end (docs/modelling.md §1.4, §5.2).
void Expansion::set_up_cas(std::size_t index, Link link) {
  const ExpansionResult x = world_.rec.results().expansions[index];
  sg4::this_actor::sleep_for(world_.scenario.model.cas_install_s);
  world_.expand_to_cas(x.new_cas, link);
  step(index, kStepCas, world_.now_s());
  const std::uint64_t bytes = world_.scenario.model.db_snapshot_bytes;
  const TransferRecord row{"database snapshot", x.primary, x.new_cas, link.name(), bytes, 0, 0, 1,
                           TransferStatus::ok,  ""};
  while (!world_.transfer(row, world_.platform.host(x.primary), world_.platform.host(x.new_cas)).ok)
    sg4::this_actor::sleep_for(world_.scenario.model.sender_job_retry_s);
  sg4::this_actor::sleep_for(world_.scenario.model.bcp_load_s);
  step(index, kStepReplication, world_.now_s());
}

// The role is back at the new CAS: the expansions waiting for it are complete.
void Expansion::scp_installed(const std::string& site) {
  auto& expansions = world_.rec.results().expansions;
  for (std::size_t i = 0; i < expansions.size(); ++i) {
    if (expansions[i].status != ExpansionStatus::waiting_for_scp || expansions[i].new_cas != site) continue;
    step(i, kStepScp, world_.now_s());
    // With tenant attach the secret is unreadable on the new server until renewed (docs/modelling.md §2.8).
    const SimTime renewed = world_.scp.tenant_secret_valid ? SimTime(world_.now_s()) : SimTime();
    step(i, kStepSecret, renewed);
    step(i, kStepCheck, renewed);
    expansions[i].status = ExpansionStatus::completed;
    if (const auto gone = scp_.uninstalled_t_s()) expansions[i].without_scp_s = world_.now_s() - *gone;
  }
}

void Expansion::tenant_secret_renewed() {
  for (ExpansionResult& x : world_.rec.results().expansions)
    for (auto& s : x.steps)
      if (!s.t_s && (s.step == kStepSecret || s.step == kStepCheck)) s.t_s = world_.now_s();
}

void Expansion::scp_install_refused(const std::string& site, const std::string& refusal) {
  for (ExpansionResult& x : world_.rec.results().expansions)
    if (x.status == ExpansionStatus::waiting_for_scp)
      x.reason = "install_scp on " + site + " at " + units::format_duration(world_.now_s()) + " was refused (" +
                 refusal + "); the role must be reinstalled at the new CAS " + x.new_cas;
}

// A new site needs its setup before it counts (assumed: the install durations of docs/modelling.md §8.2); it
// joins at its parent's version.
// A site can only join under a parent that exists when its setup ends: after an expansion
// that was refused, its CAS never came. The product's setup would fail to connect to that
// parent; the run records the refusal as a status message instead of aborting.
void Expansion::add_site(const Event& e) {
  spawn_actor("site-setup", world_.platform.cloud_host(), [this, site = *e.new_site, link = *e.new_link] {
    const ModelTimings& m = world_.scenario.model;
    sg4::this_actor::sleep_for(site.type == SiteType::secondary ? m.secondary_install_s : m.install_s);
    const auto parent = world_.site_version.find(site.parent);
    if (parent == world_.site_version.end()) {
      world_.rec.status_message(world_.top_tier, component::kHierarchyManager, "hman.log",
                                status_id::kSiteAdditionRefused, Severity::error,
                                "Site " + site.code + " cannot be added: its parent site " + site.parent +
                                    " does not exist in the hierarchy (was its expansion refused?)");
      return;
    }
    world_.add_site(site, link, parent->second);
    world_.rec.log(site.parent, "hman.log", component::kHierarchyManager, Severity::info,
                   "INFO: Site " + site.code + " was added under " + site.parent);
  });
}

void Expansion::finish() {
  for (ExpansionResult& x : world_.rec.results().expansions) {
    if (x.status != ExpansionStatus::completed) continue;
    for (const UpdateResult& u : world_.rec.results().updates) {
      if (!u.install_started_t_s || *u.install_started_t_s < x.requested_t_s || !u.all_sites_t_s) continue;
      x.first_update_everywhere = u.name;
      x.first_update_all_sites_t_s = u.all_sites_t_s;
      break;
    }
  }
}

}  // namespace cmsim
