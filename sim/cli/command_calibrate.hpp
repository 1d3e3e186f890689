// `cmsim calibrate LOGDIR... [--out FILE]` (docs/scenario.md §1.11): reads a hierarchy's
// site-server logs and writes a scenario overlay of the link bandwidths and model timings
// they show (docs/modelling.md §13), for `cmsim run --overlay FILE`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cmsim {

struct CalibrateRequest {
  // Each a site's log folder, a folder of site folders (cmsim's logs/), or CODE=FOLDER.
  std::vector<std::string> dirs;
  std::string out_file;  // empty: the overlay goes to stdout, the summary to stderr
  // The engine the overlay is for (docs/scenario.md §2.9 `engine`): link bandwidths are set
  // so that this engine gives the sendings the throughput the logs show.
  std::string network_model = "LV08";
  bool no_crosstraffic = false;
};

// Exit: 0 written; 2 a folder is missing or holds no readable log, FILE cannot be written, or
// the network model has no known share of bandwidth (SMPI).
int command_calibrate(const CalibrateRequest& request, std::ostream& out, std::ostream& err);

}  // namespace cmsim
