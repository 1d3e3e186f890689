#include "reports/compare_json.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "models/link_usage.hpp"
#include "models/scenario_warnings.hpp"
#include "models/sweep_plan.hpp"
#include "reports/sweep_statistics.hpp"
#include "reports/sweep_tables.hpp"

namespace cmsim::reports {
namespace {

using OJson = nlohmann::ordered_json;

// ---- per-tier install times ------------------------------------------------------------------

const UpdateResult* first_ready(const Results& r) {
  const UpdateResult* first = nullptr;
  for (const UpdateResult& u : r.updates)
    if (u.ready_to_install_t_s && (!first || *u.ready_to_install_t_s < *first->ready_to_install_t_s)) first = &u;
  return first;
}

OJson tiers_json(const Results& r, const UpdateResult* update) {
  std::map<std::string, SimTime> installed;
  if (update)
    for (const UpdateSiteResult& s : update->sites) installed[s.site] = s.installed_t_s;
  OJson tiers = OJson::object();
  static const std::pair<const char*, const char*> kTiers[] = {
      {"cas", "cas"}, {"primary", "primaries"}, {"secondary", "secondaries"}};
  for (const auto& [type, tier] : kTiers) {
    std::vector<std::optional<double>> values;
    for (const SiteResult& site : r.sites)
      if (site.type == type) values.push_back(installed.count(site.code) ? installed[site.code] : std::nullopt);
    tiers[tier] = sweep::distribution_json(sweep::distribution(values), true);
  }
  return tiers;
}

// ---- every update the run saw ------------------------------------------------------------------

OJson time_json(const SimTime& t) { return t ? OJson(*t) : OJson(nullptr); }

std::string name_of(const UpdateResult& u) { return u.name.empty() ? u.version : u.name; }

bool is_hotfix(const Scenario& s, const UpdateResult& u) {
  for (const Release& r : s.releases.catalog)
    if (r.name == name_of(u) || (r.name.empty() && r.version == u.version)) return r.kind == ReleaseKind::hotfix;
  return false;
}

OJson updates_json(const Scenario& s, const Results& r) {
  OJson list = OJson::array();
  for (const UpdateResult& u : r.updates) {
    std::vector<double> installed_t_s;  // sorted: the distribution of site completion
    for (const UpdateSiteResult& site : u.sites)
      if (site.installed_t_s) installed_t_s.push_back(*site.installed_t_s);
    std::sort(installed_t_s.begin(), installed_t_s.end());
    const std::size_t installed = installed_t_s.size();
    list.push_back(OJson{{"update", name_of(u)},
                         {"version", u.version},
                         {"kind", is_hotfix(s, u) ? "hotfix" : "version"},
                         {"state", to_string(u.state)},
                         {"available_t_s", time_json(u.available_t_s)},
                         {"ready_to_install_t_s", time_json(u.ready_to_install_t_s)},
                         {"install_started_t_s", time_json(u.install_started_t_s)},
                         {"all_primaries_t_s", time_json(u.all_primaries_t_s)},
                         {"all_sites_t_s", time_json(u.all_sites_t_s)},
                         {"sites_installed", installed},
                         {"sites_in_rollout", u.sites.size()},
                         {"installed_t_s", installed_t_s},
                         {"tiers", tiers_json(r, &u)}});
  }
  return list;
}

// ---- links -----------------------------------------------------------------------------------------

struct LinkUse {
  std::uint64_t bytes = 0;
  std::size_t transfers = 0, failed = 0;
  std::vector<std::pair<double, double>> intervals;
};

// Scenario WAN links first, in scenario order, then any other name the transfers used.
std::vector<std::pair<std::string, LinkUse>> link_uses(const Scenario& s, const Results& r) {
  std::map<std::string, LinkUse> by_name;
  for (const TransferRecord& t : r.transfers) {
    LinkUse& use = by_name[t.link];
    ++use.transfers;
    if (t.outcome == TransferStatus::ok) use.bytes += t.bytes;
    if (t.outcome == TransferStatus::failed) ++use.failed;
    use.intervals.emplace_back(t.start_t_s, std::max(t.start_t_s, t.end_t_s));
  }
  std::vector<std::pair<std::string, LinkUse>> list;
  std::set<std::string> listed;
  for (const Link& link : s.links) {
    list.emplace_back(link.name(), by_name[link.name()]);
    listed.insert(link.name());
  }
  for (const auto& [name, use] : by_name)
    if (!listed.count(name)) list.emplace_back(name, use);
  return list;
}

OJson link_json(const std::string& name, const LinkUse& use) {
  const double busy = union_length(use.intervals);
  return OJson{{"link", name},
               {"bytes", use.bytes},
               {"transfers", use.transfers},
               {"failed", use.failed},
               {"busy_s", busy},
               {"throughput_Bps", busy > 0 ? OJson(static_cast<double>(use.bytes) / busy) : OJson(nullptr)}};
}

bool more_limiting(const OJson& a, const OJson& b) {
  const double ba = a["busy_s"].get<double>(), bb = b["busy_s"].get<double>();
  if (ba != bb) return ba > bb;
  const double ta = a["throughput_Bps"].get<double>(), tb = b["throughput_Bps"].get<double>();
  if (ta != tb) return ta < tb;
  return a["link"].get<std::string>() < b["link"].get<std::string>();
}

// No bottleneck when the busiest links tie (same busy time, same throughput): naming one of
// them by its name alone would point a planner at an arbitrary link.
OJson bottleneck(const OJson& links) {
  const OJson* best = nullptr;
  const OJson* second = nullptr;
  for (const OJson& l : links) {
    if (l["busy_s"].get<double>() <= 0) continue;
    if (!best || more_limiting(l, *best)) {
      second = best;
      best = &l;
    } else if (!second || more_limiting(l, *second)) {
      second = &l;
    }
  }
  const bool tie = best && second && (*best)["busy_s"] == (*second)["busy_s"] &&
                   (*best)["throughput_Bps"] == (*second)["throughput_Bps"];
  return best && !tie ? *best : OJson(nullptr);
}

// ---- limits and metrics ---------------------------------------------------------------------------

OJson limits_json(const Results& r) {
  std::map<std::string, int> children;
  for (const SiteResult& s : r.sites)
    if (!s.parent.empty()) ++children[s.parent];
  int primaries = 0, secondaries = 0;
  std::string busiest;
  for (const SiteResult& s : r.sites) {
    if (s.type == "cas") primaries = std::max(primaries, children[s.code]);
    if (s.type == "primary" && (busiest.empty() || children[s.code] > secondaries)) {
      secondaries = children[s.code];
      busiest = s.code;
    }
  }
  return OJson{
      {"primaries_under_cas",
       {{"used", primaries}, {"limit", kMaxPrimariesUnderCas}, {"headroom", kMaxPrimariesUnderCas - primaries}}},
      {"secondaries_under_primary",
       {{"used", secondaries},
        {"site", busiest.empty() ? OJson(nullptr) : OJson(busiest)},
        {"limit", kMaxSecondariesUnderPrimary},
        {"headroom", kMaxSecondariesUnderPrimary - secondaries}}}};
}

OJson metrics_json(const sweep::RunMetrics& m) {
  OJson j = OJson::object();
  const auto& defs = sweep::metric_defs();
  for (std::size_t i = 0; i < defs.size(); ++i) {
    const auto& v = m.values[i];
    j[defs[i].name] = !v ? OJson(nullptr) : defs[i].is_time ? OJson(*v) : OJson(static_cast<std::int64_t>(*v));
  }
  return j;
}

OJson sites_json(const Results& r) {
  OJson counts{{"cas", 0}, {"primaries", 0}, {"secondaries", 0}};
  for (const SiteResult& s : r.sites) {
    const char* key = s.type == "cas" ? "cas" : s.type == "primary" ? "primaries" : "secondaries";
    counts[key] = counts[key].get<int>() + 1;
  }
  return counts;
}

OJson delta(const OJson& a, const OJson& b) {
  if (a.is_null() || b.is_null()) return nullptr;
  if (a.is_number_integer() && b.is_number_integer()) return b.get<std::int64_t>() - a.get<std::int64_t>();
  return b.get<double>() - a.get<double>();
}

// ---- the headline update ------------------------------------------------------------------------

const char* const kUpdateTimes[] = {"ready_to_install_t_s", "all_primaries_t_s", "all_sites_t_s"};

const OJson* find_update(const OJson& side, const std::string& name) {
  for (const OJson& u : side["updates"])
    if (u["update"] == name || u["version"] == name) return &u;
  return nullptr;
}

bool was_ready(const OJson* u) { return u && !(*u)["ready_to_install_t_s"].is_null(); }

// Newer: a full version before a hotfix rollup, then the higher version, then the name.
bool newer(const OJson& x, const OJson& y) {
  const bool vx = x["kind"] == "version", vy = y["kind"] == "version";
  if (vx != vy) return vx;
  if (x["version"] != y["version"]) return x["version"].get<std::string>() > y["version"].get<std::string>();
  return x["update"].get<std::string>() > y["update"].get<std::string>();
}

std::vector<std::string> update_names(const OJson& a, const OJson& b) {
  std::vector<std::string> names;
  for (const OJson* side : {&a, &b})
    for (const OJson& u : (*side)["updates"])
      if (std::find(names.begin(), names.end(), u["update"].get<std::string>()) == names.end())
        names.push_back(u["update"]);
  return names;
}

// The update a planner asks about: the newest one both runs made Ready to install (an
// expansion plan's earlier hotfix, installed before the change, says nothing about it).
OJson choose_headline(const OJson& a, const OJson& b, const std::string& requested) {
  if (!requested.empty()) return OJson{{"update", requested}, {"why", "chosen with --update"}};
  const OJson* both = nullptr;
  const OJson* either = nullptr;
  for (const std::string& name : update_names(a, b)) {
    const OJson* ua = find_update(a, name);
    const OJson* ub = find_update(b, name);
    const OJson* u = ua ? ua : ub;
    if (was_ready(ua) && was_ready(ub) && (!both || newer(*u, *both))) both = u;
    if ((was_ready(ua) || was_ready(ub)) && (!either || newer(*u, *either))) either = u;
  }
  if (both) return OJson{{"update", (*both)["update"]}, {"why", "the newest update both runs made Ready to install"}};
  if (either)
    return OJson{{"update", (*either)["update"]},
                 {"why", "the newest update either run made Ready to install; the other never did"}};
  return OJson{{"update", nullptr}, {"why", "no update became Ready to install in either run"}};
}

// The side's headline figures become those of the chosen update.
void apply_headline(OJson& side, const OJson& headline) {
  const OJson* u = headline["update"].is_null() ? nullptr : find_update(side, headline["update"]);
  side["update"] = u ? (*u)["update"] : OJson(nullptr);
  for (const char* key : kUpdateTimes) side["metrics"][key] = u ? (*u)[key] : OJson(nullptr);
  side["tiers"] = u ? (*u)["tiers"] : OJson(nullptr);
}

// Every update either run saw, side by side.
OJson updates_side_by_side(const OJson& a, const OJson& b) {
  OJson rows = OJson::array();
  for (const std::string& name : update_names(a, b)) {
    const OJson* ua = find_update(a, name);
    const OJson* ub = find_update(b, name);
    OJson d = OJson::object();
    for (const char* key : kUpdateTimes) d[key] = ua && ub ? delta((*ua)[key], (*ub)[key]) : OJson(nullptr);
    auto brief = [](const OJson* u) {
      if (!u) return OJson(nullptr);
      OJson j = OJson::object();
      for (const char* key : {"state", "ready_to_install_t_s", "all_primaries_t_s", "all_sites_t_s", "sites_installed"})
        j[key] = (*u)[key];
      return j;
    };
    rows.push_back(OJson{{"update", name}, {"a", brief(ua)}, {"b", brief(ub)}, {"delta", d}});
  }
  return rows;
}

}  // namespace

nlohmann::ordered_json compare_side(const Scenario& scenario, const Results& results) {
  const sweep::RunMetrics metrics = sweep::metrics_from_results(results);
  OJson links = OJson::array();
  for (const auto& [name, use] : link_uses(scenario, results)) links.push_back(link_json(name, use));
  return OJson{{"scenario", scenario.name},
               {"file", scenario.file},
               {"seed", scenario.seed},
               {"duration_s", scenario.duration_s},
               {"sites", sites_json(results)},
               {"update", metrics.update.empty() ? OJson(nullptr) : OJson(metrics.update)},
               {"metrics", metrics_json(metrics)},
               {"tiers", tiers_json(results, first_ready(results))},
               {"updates", updates_json(scenario, results)},
               {"links", links},
               {"bottleneck", bottleneck(links)},
               {"limits", limits_json(results)},
               {"warnings", scenario_warnings(scenario)}};
}

nlohmann::ordered_json compare_document(nlohmann::ordered_json a, nlohmann::ordered_json b,
                                        const std::string& requested_update) {
  const OJson headline = choose_headline(a, b, requested_update);
  apply_headline(a, headline);
  apply_headline(b, headline);
  OJson d = OJson::object();
  for (const auto& def : sweep::metric_defs()) d[def.name] = delta(a["metrics"][def.name], b["metrics"][def.name]);
  const OJson definitions{
      {"headline",
       "the update the times and tiers are of: --update, else the newest update (full versions before "
       "hotfix rollups) both runs made Ready to install, else the newest either did"},
      {"times", "of the headline update; null when never reached"},
      {"updates", "every update either run saw, side by side; delta = b - a"},
      {"tiers", "installed_t_s of that update per site type, nearest-rank percentiles; missing = never installed"},
      {"links",
       "bytes = completed transfers; busy_s = union of in-flight intervals of all its transfers; throughput_Bps = "
       "bytes / busy_s"},
      {"bottleneck", "the link with the longest busy_s, then the lower throughput; null when the busiest links tie"},
      {"limits",
       "primaries under the CAS vs 25; most secondaries under one primary vs 250; hierarchy at the end of the run"}};
  return OJson{{"format", "cmsim-compare/1"},
               {"definitions", definitions},
               {"headline", headline},
               {"a", a},
               {"b", b},
               {"delta", d},
               {"updates", updates_side_by_side(a, b)}};
}

}  // namespace cmsim::reports
