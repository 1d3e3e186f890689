// Every outage of a run, known before it starts: the scheduled link and site events and
// the random faults drawn from the scenario seed. The simulator applies it (link state
// profiles, site servers turned off and on) and derives the database replication states
// from it, so no actor has to tick while nothing changes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "results.hpp"
#include "scenario.hpp"

namespace cmsim {

struct Interval {
  double start_s = 0;
  double end_s = 0;  // may be past the horizon
};

struct BandwidthWindow {
  double start_s = 0;
  double end_s = 0;
  double bandwidth_Bps = 0;
};

struct FaultPlan {
  std::map<std::string, std::vector<Interval>> link_down;  // by link name ("CAS-P01", "internet"), merged
  std::map<std::string, std::vector<Interval>> site_down;  // by site code, merged
  // A remote SCP server's outages (site_down with `computer`), by its name, merged.
  std::map<std::string, std::vector<Interval>> scp_server_down;
  std::map<std::string, std::vector<BandwidthWindow>> link_degraded;
  FaultWindows records;  // every fault window as injected, by start time
};

// Draws one resource's failure windows: up times ~ mtbf and repairs ~ mttr (exponential, or
// fixed), from a stream that depends only on the seed, the fault entry and the resource, so
// adding a site does not change the others' faults.
std::vector<Interval> draw_failures(const RandomFault& fault, std::size_t entry, const std::string& resource,
                                    std::uint64_t seed, double horizon_s);

FaultPlan build_fault_plan(const Scenario& scenario);
// The plan's fault windows that start within the horizon, for the report; the plan keeps none.
FaultWindows take_fault_records(FaultPlan& plan, double horizon_s);

// Sorted union of intervals.
std::vector<Interval> merge_intervals(std::vector<Interval> intervals);

}  // namespace cmsim
