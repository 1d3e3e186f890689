// The regression gate of `cmsim test --baseline DIR` (docs/scenario.md §1.4, §4.6): a small set
// of key figures per scenario, stored as DIR/<scenario name>.json by --write-baseline and
// compared with the next run's beyond a tolerance.
//
// Key figures (flat names; the suffix says how a figure is compared):
//   updates.<version>.ready_to_install_t_s   when the update became Ready to install    time
//   updates.<version>.all_primaries_t_s      when every primary ran it                  time
//   updates.<version>.all_sites_t_s          when every site ran it                     time
//   sent_bytes                               bytes of the transfers that completed      bytes
//   failed_transfers                         transfers that failed or were cancelled    count
//   sites_on.<version>                       sites on that version at the end           count
// Times are seconds from the scenario start, null when never reached. Times and bytes move
// when |current - baseline| > tolerance x |baseline|; counts when the difference is more
// than the count tolerance; a null that became a number (or back), and a figure present on
// one side only, always move.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/results.hpp"

namespace cmsim::reports {

inline constexpr const char* kBaselineFormat = "cmsim-baseline/1";
inline constexpr const char* kBaselineReportFormat = "cmsim-test-baseline/1";
// assumed: 5% absorbs the jitter a model change in one component brings to a whole rollout
// without hiding a lost day in a 30-day one.
inline constexpr double kDefaultBaselineTolerance = 0.05;

struct BaselineTolerance {
  double relative = kDefaultBaselineTolerance;  // of times and bytes
  std::int64_t count = 0;                       // of counts
};

// name -> number or null, sorted by name.
nlohmann::ordered_json key_figures(const Results& results);

// The file --write-baseline writes: format, scenario, file, seed, figures.
std::string baseline_text(const std::string& scenario, const std::string& file, std::uint64_t seed,
                          const nlohmann::ordered_json& figures);

// The figures of a baseline file; nullopt with `why` when it is not one.
std::optional<nlohmann::ordered_json> read_baseline_figures(const std::string& path, std::string& why);

struct FigureMove {
  std::string figure;
  nlohmann::ordered_json baseline;  // number or null; null also when absent
  nlohmann::ordered_json current;
  std::optional<double> change_percent;  // both numbers and the baseline not 0
  std::string why;                       // "+12.5%, tolerance 5%", "new figure", ...
};

// The figures that moved beyond the tolerance, in name order.
std::vector<FigureMove> compare_figures(const nlohmann::ordered_json& baseline, const nlohmann::ordered_json& current,
                                        const BaselineTolerance& tolerance);

// "updates.2409.all_sites_t_s: 2d3h -> 2d9h (+11.8%, tolerance 5%)".
std::string describe(const FigureMove& move);

nlohmann::ordered_json move_json(const FigureMove& move);

// "5%" or "0.5%" -> 0.05, 0.005; nullopt when not a percentage from 0% to 1000%.
std::optional<double> parse_percentage(const std::string& text);

}  // namespace cmsim::reports
