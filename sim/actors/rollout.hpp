// One update's way through the hierarchy once the admin installs it (or runs its prerequisite
// check only) at the top tier (docs/modelling.md §4.2-4.6): HMAN takes the pack from the SCP share, DistMgr snapshots
// the Easy Setup Package and the sender replicates it to the child primaries only, the despooler stores it there, and
// CMUpdate on each site server checks prerequisites and installs: the top tier first, child primaries after it (service
// windows permitting), secondaries only when an admin or the policy upgrades them, from their parent. Each site's Show
// Status phases are recorded as they happen; post-installation tasks follow the install.
#pragma once

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Semaphore.hpp>

#include <functional>
#include <map>
#include <string>

#include "sim/world.hpp"

namespace cmsim {

class Sender;
class DbReplication;

// What a rollout needs from the rest of the run.
struct RolloutContext {
  World& world;
  DbReplication& drs;
  std::function<Sender&(const std::string& site)> sender_of;
  std::function<void()> on_primaries_done;  // CAS and every primary are on the update
};

// What the admin asked for: Install Update Pack, or Run prerequisite check only
// (InitiateUpgrade flag 1, docs/modelling.md §4.3).
enum class RolloutRequest { install, prerequisite_check_only };

class Rollout {
 public:
  Rollout(RolloutContext context, UpdateProgress& update, RolloutRequest request);

  void begin();
  // Install after a prerequisite-only run: every site checks again, then installs.
  void install_after_prerequisite_check();
  // The ribbon's Ignore prerequisite warnings: sites stopped on warnings go on.
  void ignore_prerequisite_warnings();
  // Retry: the whole hierarchy (ignoring warnings), or one site (not ignoring them).
  void retry(const std::string& site);
  // A site stopped by its prerequisite check (or a prerequisite-only run) waits for the admin.
  bool stopped_anywhere() const;
  void request_secondary_upgrade(const std::string& site);
  void retry_content_replication();
  void resume(const std::string& site);  // SMS_EXECUTIVE is back on that site server
  // The SCP's remote server is back: a package creation that failed copying from its share
  // runs again (HMAN processes the 2.ESC again; assumed, docs/modelling.md §2.8).
  void scp_share_back();
  bool primaries_done() const { return primaries_left_ == 0; }
  // Holds back other installs: a prerequisite-only run never does.
  bool holds_installs() const { return !primaries_done() && request_ == RolloutRequest::install; }
  bool prerequisite_check_only() const { return request_ == RolloutRequest::prerequisite_check_only; }
  // Whether this rollout still has `site` to install.
  bool pending_at(const std::string& site) const {
    auto it = sites_.find(site);
    return it != sites_.end() && !it->second.installed;
  }
  const Release& release() const { return *update_.release; }

 private:
  struct SiteRun {
    std::string code;
    SiteType type = SiteType::primary;
    std::size_t row = 0;
    int parts_expected = 0;
    int parts_delivered = 0;
    bool content = false;
    bool stopped = false;  // prerequisites stopped it (warning or failure), or a prerequisite-only run ended
    bool installed = false;
    bool upgrade_requested = false;
    bool parent_ready = false;
    simgrid::s4u::SemaphorePtr parent_done;  // CAS and primaries only: released when the parent installed
    simgrid::s4u::ActorPtr actor;
  };

  void hman_package_update();
  void distmgr_create_package();
  void notify_cmupdate(SiteRun& site);
  bool copy_from_scp_share();
  void replicate_to(SiteRun& child);
  void part_delivered(SiteRun& child);
  void despool(SiteRun& site);
  void distmgr_process_package(SiteRun& site);
  void extract_update_package(SiteRun& site);
  void run_prerequisite_check(SiteRun& site);
  void cmupdate(SiteRun& site);
  bool prerequisites_allow_install(SiteRun& site);
  void wait_for_parent(SiteRun& site);
  void wait_for_service_window(SiteRun& site);
  void install(SiteRun& site, double duration_s);
  void begin_install(SiteRun& site);
  void release_children(SiteRun& site);
  void installed(SiteRun& site);
  void restart_cmupdate(SiteRun& site);
  // Post installation (rollout_post_install.cpp).
  void post_install(SiteRun& site, std::size_t task);
  void when_all_sites_installed(std::function<void()> then);
  void all_sites_installed();
  void upgrade_secondary(SiteRun& site);
  void spawn(SiteRun& site, const char* name, std::function<void()> body);
  void set_state(SiteRun& site, UpdateState state);
  UpdateSiteResult& row(SiteRun& site);
  UpdateResult& update_row() { return ctx_.world.row(update_); }
  void log(const std::string& site, const char* file, const char* component, const std::string& text,
           Severity severity = Severity::info);
  std::string package_id() const;
  std::string package_file() const;
  std::string fqdn(const std::string& site) const { return site + ".contoso.com"; }
  ServicingStatus& phases(SiteRun& site) { return row(site).phases; }

  RolloutContext ctx_;
  UpdateProgress& update_;
  std::map<std::string, SiteRun> sites_;
  int primaries_left_ = 0;  // the top tier and the child primaries not yet installed
  int sites_left_ = 0;
  int package_version_ = 1;  // this update's Easy Setup Package version; RetryContentReplication bumps it
  bool esp_versioned_ = false;
  bool share_copy_failed_ = false;  // the last package creation could not copy from the SCP's share
  RolloutRequest request_;
  bool ignore_warnings_ = false;
  std::vector<std::function<void()>> waiting_for_all_sites_;  // post-installation tasks held back
};

}  // namespace cmsim
