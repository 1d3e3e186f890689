// SMS_SENDER of one site (docs/modelling.md §5.1): file-based replication to child sites. At most
// `max_concurrent` sendings at once, at most `per_site` (1 under any rate limit) to one
// destination; a failed sending is retried `retries` times `retry_delay` apart, then the
// job waits and starts again. Each sending honours the route's schedule and rate limit.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/world.hpp"

namespace simgrid::s4u {
class Host;
}

namespace cmsim {

// One object of a package on its way to one destination.
struct Sending {
  std::string package;      // "CAS10001"
  std::string description;  // "easy setup package 2409"
  std::string file;         // "c:\SMSPKG\CAS10001.PCK.1"; empty: the package's .PCK
  int version = 0;          // the package version sent; 0: not logged
  std::string destination;
  std::uint64_t bytes = 0;
  int part = 1;
  int parts = 1;
  double not_before_s = 0;
  std::function<void()> on_delivered;
  const Link* link = nullptr;  // filled in by submit(): the route to the destination
};

class Sender {
 public:
  Sender(World& world, std::string site) : world_(world), site_(std::move(site)) {}

  void submit(Sending sending);
  // Starts whatever the limits allow now; called on submit, on completion and on restart.
  void dispatch();
  // retry_content_replication: jobs waiting out a failure go again now.
  void retry_now();
  // The site server is back from an outage: its sending threads died with it, so jobs
  // handed to a thread that never took them go back to the queue; then dispatch().
  void server_rebooted();

 private:
  // One sending thread of SMS_SENDER: it runs sendings one after another and waits, idle,
  // for the next. Reusing threads instead of an actor per sending spares SimGrid ~20k
  // actor stacks (and their mmap, mprotect and page faults) in a year of the largest hierarchy.
  struct Worker;

  bool may_start(const Sending& s) const;
  void start(Sending s);
  void work(const std::shared_ptr<Worker>& worker);
  void run(Sending s);
  bool send_once(const Sending& s, const Link& link, std::string& reason);
  bool move_chunk(simgrid::s4u::Host* from, simgrid::s4u::Host* to, std::uint64_t bytes, double rate_cap_Bps,
                  std::string& reason);
  void wake_at(double t_s);
  void log(const std::string& text, Severity severity = Severity::info);

  World& world_;
  std::string site_;
  std::deque<Sending> pending_;
  std::deque<std::shared_ptr<Worker>> idle_;
  std::vector<std::shared_ptr<Worker>> handed_;  // given a sending they have not taken yet
  int running_ = 0;
  std::map<std::string, int> running_to_;
  double wake_scheduled_s_ = -1;
  std::uint64_t chunks_ = 0;  // names each capped chunk's mailbox
  int token_ = 0;             // what a capped chunk's mailbox carries; its bytes are simulated
};

}  // namespace cmsim
