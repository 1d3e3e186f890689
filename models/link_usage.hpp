// Link utilization over time (docs/modelling.md §5.3), derived from the transfers of a run: each
// completed transfer's bytes spread evenly over its interval (its average rate; a pulse-mode
// sending is smoothed), summed in bins that fit the run, against the link's capacity. What the
// old capacity planners called "Utilization of WAN links", with the links over a threshold.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/results.hpp"

namespace cmsim {

enum class LinkState { up, degraded, down };
const char* to_string(LinkState state);

struct LinkBin {
  std::size_t bin = 0;              // starts at bin * bin_s
  double bytes = 0;                 // ConfigMgr's
  LinkState state = LinkState::up;  // the worst state in the bin
  double background_bytes = 0;      // the link's business traffic (docs/modelling.md §5.4)
};

struct LinkUsageRow {
  std::string link;
  std::optional<double> capacity_Bps;  // empty: a route the platform does not list
  double bytes = 0;
  double background_bytes = 0;
  // Utilization counts ConfigMgr's bytes and the business traffic together, as a WAN
  // monitor would see the link.
  double peak_utilization = 0;  // of one bin, 0..1 (more for an unknown or degraded capacity)
  double peak_bin_t_s = 0;
  std::size_t bins_over_threshold = 0;
  // The busiest single transfer's average rate against the capacity: a bin of hours averages
  // a saturating 4-minute sending away, this does not.
  double peak_transfer_utilization = 0;
  std::vector<LinkBin> bins;  // only bins with traffic or a fault, in time order
};

struct LinkUsage {
  double bin_s = 3600;
  double threshold = 0.8;
  std::vector<LinkUsageRow> links;  // the platform's routes in order, then other names used
};

// 1 min, 5 min, 15 min, 1 h, 6 h, 1 d or 7 d: the finest that gives at most 400 bins.
double usage_bin_s(double duration_s);

LinkUsage link_usage(const Results& results, double threshold);
// Against the run's own threshold (model.link_busy_threshold_percent): what every writer shows.
LinkUsage link_usage(const Results& results);

// How long anything was in flight: the length of the union of [start, end] intervals.
double union_length(std::vector<std::pair<double, double>> intervals);

}  // namespace cmsim
