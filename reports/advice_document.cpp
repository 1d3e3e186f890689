#include "reports/advice_document.hpp"

#include <cstdio>

#include "models/units.hpp"
#include "reports/csv_tables.hpp"

namespace cmsim::reports {
namespace {

using Json = nlohmann::ordered_json;
using namespace advice;

Json time_json(const SimTime& t) { return t ? Json(*t) : Json(nullptr); }

Json meets_json(const Advice& a, const SimTime& t, const SimTime& ready) {
  return a.target.sla_s ? Json(meets(t, ready, *a.target.sla_s)) : Json(nullptr);
}

Json baseline_json(const Advice& a) {
  if (!a.baseline) return nullptr;
  Json delays = Json::array(), links = Json::array();
  for (const auto& [kind, s] : a.baseline->delays) delays.push_back({{"kind", to_string(kind)}, {"seconds", s}});
  for (const auto& [link, s] : a.baseline->path_links) links.push_back({{"link", link}, {"seconds", s}});
  return Json{{"ready_t_s", time_json(a.baseline->ready_t_s)},
              {"target_t_s", time_json(a.baseline->target_t_s)},
              {"installed", a.baseline->installed},
              {"of", a.baseline->of},
              {"meets_sla", meets_json(a, a.baseline->target_t_s, a.baseline->ready_t_s)},
              {"critical_path", {{"delays", delays}, {"links", links}}}};
}

Json variation_json(const Advice& a, const Effect& e, std::size_t rank) {
  const Variation& v = a.variations.at(e.variation);
  return Json{{"rank", rank},
              {"id", v.id},
              {"kind", to_string(v.kind)},
              {"subject", v.subject},
              {"label", v.label},
              {"factor", v.factor > 0 ? Json(v.factor) : Json(nullptr)},
              {"overrides", v.overrides},
              {"ready_t_s", time_json(e.ready_t_s)},
              {"target_t_s", time_json(e.target_t_s)},
              {"installed", e.installed},
              {"of", e.of},
              {"gain_s", e.gain_s ? Json(*e.gain_s) : Json(nullptr)},
              {"meets_sla", e.skipped.empty() ? meets_json(a, e.target_t_s, e.ready_t_s) : Json(nullptr)},
              {"skipped", e.skipped.empty() ? Json(nullptr) : Json(e.skipped)}};
}

Json sla_json(const Advice& a) {
  if (!a.sla) return nullptr;
  const SlaAnswer& s = *a.sla;
  Json probes = Json::array(), meeting = Json::array();
  for (const Probe& p : s.probes)
    probes.push_back({{"factor", p.factor},
                      {"bandwidth_Bps", s.route_bandwidth_Bps * p.factor},
                      {"ready_t_s", time_json(p.ready_t_s)},
                      {"target_t_s", time_json(p.target_t_s)},
                      {"installed", p.installed},
                      {"of", p.of},
                      {"meets_sla", meets(p.target_t_s, p.ready_t_s, s.sla_s)}});
  for (std::size_t i : s.meeting) meeting.push_back(a.variations.at(i).id);
  return Json{{"sla_s", s.sla_s},
              {"baseline_meets", s.baseline_meets},
              {"bottleneck", s.route.empty() ? Json(nullptr) : Json(s.route)},
              {"bandwidth_Bps", s.route.empty() ? Json(nullptr) : Json(s.route_bandwidth_Bps)},
              {"max_factor", s.max_factor},
              {"factor", s.factor ? Json(*s.factor) : Json(nullptr)},
              {"required_bandwidth_Bps", s.factor ? Json(*s.factor * s.route_bandwidth_Bps) : Json(nullptr)},
              {"probes", probes},
              {"meeting", meeting},
              {"answer", sla_text(a)}};
}

const Probe* probe_at(const SlaAnswer& s, double factor) {
  for (const Probe& p : s.probes)
    if (p.factor == factor) return &p;
  return nullptr;
}

std::string meeting_text(const Advice& a) {
  const SlaAnswer& s = *a.sla;
  if (s.meeting.empty()) return "no single change tried meets it on its own";
  std::string text = "changes that meet it on their own: ";
  for (std::size_t k = 0; k < s.meeting.size() && k < 3; ++k)
    text += (k ? "; " : "") + a.variations.at(s.meeting[k]).label;
  if (s.meeting.size() > 3) text += "; and " + std::to_string(s.meeting.size() - 3) + " more";
  return text;
}

std::string remaining_delays(const Advice& a) {
  if (!a.baseline || a.baseline->delays.empty()) return "";
  std::string text = " (the baseline's critical path: ";
  for (std::size_t k = 0; k < a.baseline->delays.size() && k < 3; ++k)
    text += (k ? ", " : "") + std::string(to_string(a.baseline->delays[k].first)) + " " +
            units::format_duration(a.baseline->delays[k].second);
  return text + ")";
}

}  // namespace

std::string outcome_text(const Advice& a, const SimTime& t, std::size_t installed, std::size_t of,
                         const SimTime& ready) {
  if (t)
    return describe(a.target) + " runs " + a.update + " at +" + units::format_duration(*t) +
           (ready ? ", " + units::format_duration(*t - *ready) + " after Ready to install" : "");
  return std::to_string(installed) + " of " + std::to_string(of) + " sites of the target run " + a.update +
         " by the end of the run";
}

std::string sla_text(const Advice& a) {
  if (!a.sla) return "";
  const SlaAnswer& s = *a.sla;
  const std::string within = "within " + units::format_duration(s.sla_s) + " of Ready to install";
  if (s.baseline_meets)
    return "the baseline already meets " + within + ": " +
           outcome_text(a, a.baseline->target_t_s, a.baseline->installed, a.baseline->of, a.baseline->ready_t_s);
  if (s.route.empty())
    return "the critical path of " + a.update + " spends no time on a link, so no bandwidth meets " + within + "; " +
           meeting_text(a);
  const std::string today = units::format_rate(s.route_bandwidth_Bps);
  if (!s.factor) {
    const Probe* best = probe_at(s, s.max_factor);
    return "no bandwidth on " + s.route + " up to " + units::format_rate(s.route_bandwidth_Bps * s.max_factor) + " (" +
           factor_text(s.max_factor) + " of " + today + ") meets " + within +
           (best ? " (" + outcome_text(a, best->target_t_s, best->installed, best->of, best->ready_t_s) + ")" : "") +
           remaining_delays(a) + "; " + meeting_text(a);
  }
  const Probe* at = probe_at(s, *s.factor);
  return s.route + " at " + units::format_rate(s.route_bandwidth_Bps * *s.factor) + " (" + factor_text(*s.factor) +
         " of " + today + ") meets " + within +
         (at ? ": " + outcome_text(a, at->target_t_s, at->installed, at->of, at->ready_t_s) : "") + "; " +
         meeting_text(a);
}

Json advice_json(const Advice& a) {
  Json variations = Json::array();
  for (std::size_t k = 0; k < a.ranked.size(); ++k) variations.push_back(variation_json(a, a.ranked[k], k + 1));
  return Json{{"format", "cmsim-advice/1"},
              {"scenario", a.scenario},
              {"seed", a.seed},
              {"target",
               {{"kind", to_string(a.target.kind)},
                {"site", a.target.site.empty() ? Json(nullptr) : Json(a.target.site)},
                {"sla_s", a.target.sla_s ? Json(*a.target.sla_s) : Json(nullptr)},
                {"description", describe(a.target)}}},
              {"update", {{"update", a.update.empty() ? Json(nullptr) : Json(a.update)}, {"why", a.update_why}}},
              {"options", {{"max_links", a.options.max_links}, {"factor", a.options.factor}}},
              {"baseline", baseline_json(a)},
              {"variations", variations},
              {"sla", sla_json(a)}};
}

std::string advice_csv(const Advice& a) {
  std::string text = "rank,id,kind,subject,factor,target_t_s,installed,of,gain_s,meets_sla,skipped,label,overrides\n";
  for (std::size_t k = 0; k < a.ranked.size(); ++k) {
    const Effect& e = a.ranked[k];
    const Variation& v = a.variations.at(e.variation);
    std::string overrides;
    for (const std::string& o : v.overrides) overrides += (overrides.empty() ? "" : " ") + o;
    const Json meets = e.skipped.empty() ? meets_json(a, e.target_t_s, e.ready_t_s) : Json(nullptr);
    text += std::to_string(k + 1) + "," + csv_field(v.id) + "," + to_string(v.kind) + "," + csv_field(v.subject) + "," +
            (v.factor > 0 ? csv_number(v.factor) : "") + "," + (e.target_t_s ? csv_number(*e.target_t_s) : "") + "," +
            std::to_string(e.installed) + "," + std::to_string(e.of) + "," + (e.gain_s ? csv_number(*e.gain_s) : "") +
            "," + (meets.is_null() ? "" : meets.dump()) + "," + csv_field(e.skipped) + "," + csv_field(v.label) + "," +
            csv_field(overrides) + "\n";
  }
  return text;
}

}  // namespace cmsim::reports
