// Appends what happens during a run to the Results record, stamped with simulated time.
// Every actor reports through it, so the record's timelines stay in time order and no
// actor formats report rows itself.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <string>
#include <tuple>

#include "models/results.hpp"
#include "models/scenario.hpp"

namespace cmsim {

class Recorder {
 public:
  Recorder(Results& results, std::int64_t start_unix_s) : results_(results), start_unix_s_(start_unix_s) {}

  double now_s() const;
  std::int64_t start_unix_s() const { return start_unix_s_; }
  Results& results() { return results_; }

  void log(const std::string& site, const char* file, const char* component, Severity severity, std::string_view text,
           LogFraming framing = LogFraming::site_server);
  // The file is written anew from now on (a tool that overwrites its log on every run): the
  // lines it held so far are dropped.
  void start_log_afresh(const std::string& site, const char* file);
  // Records the status message and echoes its STATMSG line into the component's log.
  // `server`: the log folder and STATMSG server of a component that runs on a server of its
  // own (a remote service connection point), "" for the site server.
  void status_message(const std::string& site, const char* component, const char* log_file, int id, Severity severity,
                      std::string text, LogFraming framing = LogFraming::site_server, const std::string& server = {});
  // Records a component status change; repeats of the current status are not changes.
  void component_status(const std::string& site, const char* component, ComponentStatus status);

  void mode_change(const std::string& configured, const std::string& effective, std::string cause);
  void check(double t_s, ScpMode effective_mode, CheckOutcome outcome, std::string reason, std::string offered);
  std::size_t begin_transfer(TransferRecord row);  // returns its index, to finish it later
  TransferRecord& transfer(std::size_t index) { return results_.transfers[index]; }

  // A stable thread number per (site, component), as a log reader would see one thread.
  std::uint32_t thread_of(const std::string& site, const char* component);

 private:
  Results& results_;
  std::int64_t start_unix_s_;
  std::map<std::pair<std::string, std::string>, ComponentStatus> status_;
  std::map<std::string, std::uint32_t, std::less<>> threads_;  // by component
};

}  // namespace cmsim
