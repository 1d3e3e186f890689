#include "reports/run_json.hpp"

#include <nlohmann/json.hpp>

namespace cmsim::reports {

std::string run_json_text(const RunStats& stats, const std::string& cmsim_version, const std::string& engine_version) {
  nlohmann::ordered_json j;
  j["format"] = "cmsim-run/1";
  j["wall_s"] = stats.wall_s;
  j["events"] = stats.events;
  j["peak_rss_bytes"] = stats.peak_rss_bytes;
  j["cmsim_version"] = cmsim_version;
  j["engine_version"] = engine_version;
  return j.dump(2) + "\n";
}

}  // namespace cmsim::reports
