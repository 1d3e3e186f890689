// run_writers: a run's output files written side by side. A user would notice a missing file
// or a write error that vanished; both are checked here, on one thread and on several.
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "reports/parallel_writers.hpp"

namespace cmsim::reports {
namespace {

std::vector<OutputWriter> counting_writers(std::vector<std::atomic<int>>& runs) {
  std::vector<OutputWriter> writers;
  for (std::size_t i = 0; i < runs.size(); ++i) writers.push_back([&runs, i] { ++runs[i]; });
  return writers;
}

TEST(ParallelWriters, EveryWriterRunsExactlyOnceWhateverTheThreadCount) {
  for (const unsigned threads : {0U, 1U, 2U, 7U, 100U}) {
    std::vector<std::atomic<int>> runs(25);
    run_writers(counting_writers(runs), threads);
    for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runs[i], 1) << "writer " << i << ", threads " << threads;
  }
}

TEST(ParallelWriters, NoWritersIsNothingToDo) { EXPECT_NO_THROW(run_writers({}, 2)); }

TEST(ParallelWriters, AWriteErrorReachesTheCaller) {
  for (const unsigned threads : {1U, 2U}) {
    std::atomic<int> finished{0};
    std::vector<OutputWriter> writers = {[&] { ++finished; },
                                         [] { throw std::runtime_error("cannot write report.json"); }};
    for (int i = 0; i < 10; ++i) writers.push_back([&] { ++finished; });
    try {
      run_writers(writers, threads);
      FAIL() << "the error was lost, threads " << threads;
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "cannot write report.json");
    }
    // On one thread the order is the list's: what comes after the failure is not started
    // (the run fails anyway, and its staging folder is removed).
    if (threads == 1) {
      EXPECT_EQ(finished, 1);
    }
  }
}

TEST(ParallelWriters, OfTwoErrorsTheEarlierWriterIsReported) {
  const std::vector<OutputWriter> writers = {[] { throw std::runtime_error("first"); },
                                             [] { throw std::runtime_error("second"); }};
  for (const unsigned threads : {1U, 2U}) {
    try {
      run_writers(writers, threads);
      FAIL() << "no error, threads " << threads;
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "first") << "threads " << threads;
    }
  }
}

}  // namespace
}  // namespace cmsim::reports
