// The output files of one run are independent of each other: each writer only reads the
// finished results. They are written on a few threads, so the set takes about as long as
// its largest files rather than the sum of all of them.
#pragma once

#include <functional>
#include <vector>

namespace cmsim::reports {

using OutputWriter = std::function<void()>;

// The writers in list order, each taken by the next free thread (at most `threads`, and never
// more than there are writers; 0 means the machine's cores). Put the longest first: the
// others then fill in around them. Waits for all; the first exception thrown (in list
// order) is rethrown after every thread has stopped, and writers not yet started are skipped.
void run_writers(const std::vector<OutputWriter>& writers, unsigned threads = 0);

}  // namespace cmsim::reports
