// The metrics one sweep run records (docs/scenario.md §1.5, §4.7), chosen by the plan's
// MetricSpec: the whole-run metrics of the chosen update(s), per tier, optionally per site
// and per link, and the user's --metric numbers of report.json. A run's metrics are a list
// of named values, so runs of grid points with other sites or links still line up by name
// in runs.csv (a name a run lacks is NA there).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/results.hpp"
#include "models/sweep_plan.hpp"
#include "reports/sweep_tables.hpp"

namespace cmsim::sweep {

// A --metric pointer that resolves, in this run's report.json, to something other than a
// number: the user's mistake (exit 2), not an absent value.
class MetricNotANumber : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `report`: the run's report.json, needed only when the spec has --metric entries.
SweepMetrics sweep_metrics(const Results& results, const MetricSpec& spec, const nlohmann::ordered_json* report);

// The nine whole-run metrics as named values (cmsim compare's RunMetrics).
SweepMetrics from_run_metrics(const RunMetrics& metrics);

// What a metric measures, from its name and the spec: the unit decides how sweep.html
// scales it, the family which chart it is drawn in.
enum class MetricUnit { seconds, count, bytes, ratio, number };
const char* to_string(MetricUnit unit);
struct MetricInfo {
  MetricUnit unit = MetricUnit::number;
  std::string family;  // "update times", "tiers", "counts", "sites", "links", "--metric"
};
MetricInfo describe_metric(const std::string& name, const MetricSpec& spec);

// A --metric name: letters, digits, '_', '-', '.'; not one of the built-in names.
bool valid_user_metric_name(const std::string& name);

}  // namespace cmsim::sweep
