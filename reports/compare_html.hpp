// compare.html: the compare.json document (reports/compare_json.hpp) as one self-contained
// page: headline times and counts side by side with the difference, per-tier install
// percentiles, bytes and busy time per link with each side's bottleneck, limits headroom
// and the validation warnings. Built from the JSON alone, so the page and the JSON can
// never disagree; deterministic.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace cmsim::reports {

std::string compare_html(const nlohmann::ordered_json& document);

}  // namespace cmsim::reports
