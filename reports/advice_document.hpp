// advice.json and advice.csv (docs/scenario.md §4.9), and the sentences `cmsim advise`
// prints: what advise found, from the finished Advice record.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "models/advice_result.hpp"

namespace cmsim::reports {

// format cmsim-advice/1.
nlohmann::ordered_json advice_json(const advice::Advice& advice);

// One row per variation, best first: rank,id,kind,subject,factor,target_t_s,installed,of,
// gain_s,meets_sla,skipped,label,overrides (the --set strings, separated by spaces).
std::string advice_csv(const advice::Advice& advice);

// "every site runs 2409 at +32d15h" / "41 of 44 sites run 2409 by the end (+60d)".
std::string outcome_text(const advice::Advice& advice, const SimTime& t, std::size_t installed, std::size_t of,
                         const SimTime& ready = std::nullopt);
// The SLA answer in one or two sentences; empty without --sla.
std::string sla_text(const advice::Advice& advice);

}  // namespace cmsim::reports
