// SMS_DISTRIBUTION_MANAGER's sender (docs/modelling.md §5.1) as decisions: when a queued
// sending may start, how often an attempt is retried, and when a job whose retries ran out
// starts again. The sender never gives up on a job; it only waits.
#pragma once

#include "scenario.hpp"

namespace cmsim {

// What the sender is already doing when it looks at a queued sending.
struct SenderLoad {
  int running = 0;                 // sendings to any site
  int running_to_destination = 0;  // sendings to the queued one's destination
};

// Both limits hold and the job's wait is over. `per_destination` is
// sendings_per_destination(link): a rate-limited route takes one sending at a time.
inline bool sender_may_start(const SenderLoad& load, const SenderPolicy& policy, int per_destination,
                             double not_before_s, double now_s) {
  if (load.running >= policy.max_concurrent || not_before_s > now_s) return false;
  return load.running_to_destination < per_destination;
}

// Attempts of one sending: the first and the policy's retries.
inline int sender_attempts(const SenderPolicy& policy) { return policy.retries + 1; }

// The pause before attempt `attempt` (0 is the first attempt, which starts at once).
inline double sender_delay_before_attempt_s(int attempt, const SenderPolicy& policy) {
  return attempt > 0 ? policy.retry_delay_s : 0;
}

// Retries ran out: the job goes back in the queue until `job_retry_s` has passed.
inline double sender_job_retry_at_s(double failed_at_s, double job_retry_s) { return failed_at_s + job_retry_s; }

}  // namespace cmsim
