// SMS_DMP_DOWNLOADER, the SCP's thread (docs/modelling.md §3.3-3.4): syncs the manifest with the cloud
// service every check interval while its effective mode is online, uploads usage data
// through SMS_DMP_UPLOADER, and downloads the latest applicable update. It reads its mode
// once, when SMS_EXECUTIVE starts it; a restart is a new actor.
#pragma once

#include <simgrid/s4u/Semaphore.hpp>

#include "sim/world.hpp"

namespace cmsim {

class DmpDownloader {
 public:
  // `wakeup` is released for each manual "Check for Updates".
  DmpDownloader(World& world, simgrid::s4u::SemaphorePtr wakeup) : world_(&world), wakeup_(std::move(wakeup)) {}
  void operator()();

 private:
  double first_check_s() const;
  bool wait_for_request(double next_check_s);
  void run_check(bool manual);
  bool upload_usage_data();
  bool tenant_attach_unauthenticated();  // true: it failed this cycle, and said so
  bool sync_manifest();
  bool download_latest(std::string& offered);
  void offer_applicable_updates();
  bool download(UpdateProgress& update);
  bool fetch(UpdateProgress& update, CloudOperation op, std::uint64_t bytes, const char* what);
  void download_step(UpdateProgress& update, const char* step);
  void end_download_phase(UpdateProgress& update, PhaseStatus outcome);
  void fail_check(const std::string& reason, const std::string& exception);
  void state_message(int id, const std::string& guid);
  void log(const std::string& text, Severity severity = Severity::info);
  const std::string& site() const { return world_->top_tier; }
  std::string server() const { return world_->scp_server(); }  // the SCP's own logs go here
  std::string notification_box() const;
  void forward_notification(const std::string& file);

  World* world_;
  simgrid::s4u::SemaphorePtr wakeup_;
  // This cycle's endpoint checks already raised 11488: a failed sync does not raise it again.
  bool cloud_alarm_raised_ = false;
};

}  // namespace cmsim
