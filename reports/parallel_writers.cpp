#include "reports/parallel_writers.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

namespace cmsim::reports {

void run_writers(const std::vector<OutputWriter>& writers, unsigned threads) {
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(writers.size()));
  std::vector<std::exception_ptr> errors(writers.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  const auto work = [&] {
    for (std::size_t i = next++; i < writers.size() && !failed; i = next++) {
      try {
        writers[i]();
      } catch (...) {
        errors[i] = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();  // this thread is one of them
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace cmsim::reports
