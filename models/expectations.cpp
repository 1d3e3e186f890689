#include "expectations.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "record_views.hpp"
#include "release_catalog.hpp"
#include "units.hpp"

namespace cmsim {
namespace {

std::string when(double t_s) { return units::format_duration(t_s); }

// "by 60d", or "by the end of the run (120d)" when the expectation gave no time.
std::string by_phrase(const std::optional<double>& by_s, double end_s) {
  return by_s ? "by " + when(*by_s) : "by the end of the run (" + when(end_s) + ")";
}

ExpectationResult make_result(const Expectation& x, bool passed, const std::string& expected, const std::string& got) {
  return ExpectationResult{x.id, to_string(x.kind), passed, "expected " + expected + "; got " + got};
}

bool any_site(const std::string& site) { return site.empty() || site == "*"; }

// The top tier is the one site without a parent; the record's list is preferred because
// events (expand_to_cas) can change it during the run.
std::string top_site(const Scenario& scenario, const Results& results) {
  for (const SiteResult& s : results.sites)
    if (s.parent.empty()) return s.code;
  for (const Site& s : scenario.sites)
    if (s.parent.empty()) return s.code;
  return {};
}

// The last entry of a time-ordered timeline with t_s <= at_s, or nullptr before the first.
template <class Change, class Match>
const Change* value_at(const std::vector<Change>& timeline, double at_s, Match match) {
  const Change* found = nullptr;
  for (const Change& c : timeline)
    if (c.t_s <= at_s && match(c)) found = &c;
  return found;
}

// ---- site_version -------------------------------------------------------------------

std::string version_at(const SiteResult& site, double t_s) {
  std::string version = site.initial_version;
  for (const VersionChange& v : site.versions)
    if (v.installed_t_s <= t_s) version = v.version;
  return version;
}

ExpectationResult check_site_version(const Expectation& x, const Results& results) {
  const double by_s = x.by_s.value_or(results.duration_s);
  const std::string expected = (any_site(x.site) ? "every site" : x.site) + " on " + x.version + " or later " +
                               by_phrase(x.by_s, results.duration_s);
  std::string behind;
  bool seen = false;
  for (const SiteResult& site : results.sites) {
    if (!any_site(x.site) && site.code != x.site) continue;
    seen = true;
    const std::string version = version_at(site, by_s);
    if (compare_versions(version, x.version) < 0) behind += (behind.empty() ? "" : ", ") + site.code + " on " + version;
  }
  if (!seen) return make_result(x, false, expected, "no site " + x.site + " in the results");
  if (!behind.empty()) return make_result(x, false, expected, behind);
  return make_result(x, true, expected, any_site(x.site) ? "every site there" : x.site + " there");
}

// ---- update_state and propagation ---------------------------------------------------

// The update named by its version: the full version rather than one of its hotfixes.
const UpdateResult* find_update(const Results& results, const std::string& version) {
  const UpdateResult* any = nullptr;
  for (const UpdateResult& u : results.updates) {
    if (u.version != version) continue;
    if (u.name.empty() || u.name == version) return &u;
    if (!any) any = &u;
  }
  return any;
}

const UpdateSiteResult* find_update_site(const UpdateResult& update, const std::string& site) {
  for (const UpdateSiteResult& s : update.sites)
    if (s.site == site) return &s;
  return nullptr;
}

// "in that state at `by`" reads the recorded timeline; `reached` asks whether it was in that
// state at any time up to `by`. With `site`, that site's Show Status state.
ExpectationResult check_update_state(const Expectation& x, const Results& results) {
  const double by_s = x.by_s.value_or(results.duration_s);
  const std::string where = x.site.empty() ? "" : " at " + x.site;
  const std::string expected = x.version + where + (x.reached ? " reached '" : " '") + to_string(x.console_state) +
                               "' " + by_phrase(x.by_s, results.duration_s);
  const UpdateResult* update = find_update(results, x.version);
  if (!update) return make_result(x, false, expected, x.version + " never offered");
  const StateTimeline* timeline = &update->states;
  if (!x.site.empty()) {
    const UpdateSiteResult* site = find_update_site(*update, x.site);
    if (!site) return make_result(x, false, expected, x.version + " never reached " + x.site);
    timeline = &site->states;
  }
  const std::optional<UpdateState> state = state_at(*timeline, by_s);
  if (!state) return make_result(x, false, expected, x.version + " not offered yet");
  if (x.reached)
    return make_result(x, reached_by(*timeline, x.console_state, by_s), expected,
                       std::string("'") + to_string(*state) + "' then");
  return make_result(x, *state == x.console_state, expected, std::string("'") + to_string(*state) + "'");
}

struct PropagationEnd {
  SimTime t_s;
  std::string what;  // "installed at the top tier"
};

PropagationEnd propagation_end(const UpdateResult& update, const std::string& scope, const std::string& top) {
  if (scope == "primaries") return {update.all_primaries_t_s, "installed on all primaries"};
  if (scope == "all") return {update.all_sites_t_s, "installed on all sites"};
  const UpdateSiteResult* site = find_update_site(update, top);
  return {site ? site->installed_t_s : SimTime{}, "installed at the top tier"};
}

ExpectationResult check_propagation(const Expectation& x, const Scenario& scenario, const Results& results) {
  const UpdateResult* update = find_update(results, x.version);
  const PropagationEnd end = propagation_end(update ? *update : UpdateResult{}, x.scope, top_site(scenario, results));
  const std::string expected =
      x.version + " " + end.what + " within " + when(x.max_s.value_or(0)) + " of Ready to install";
  if (!update) return make_result(x, false, expected, x.version + " never offered");
  const SimTime start = update->ready_to_install_t_s ? update->ready_to_install_t_s : update->available_t_s;
  if (!start) return make_result(x, false, expected, x.version + " never ready to install");
  if (!end.t_s)
    return make_result(x, false, expected,
                       "not " + end.what + " by the end of the run (" + when(results.duration_s) + ")");
  const double took_s = *end.t_s - *start;
  return make_result(x, took_s <= x.max_s.value_or(0), expected, when(took_s) + " (at " + when(*end.t_s) + ")");
}

// ---- status messages ----------------------------------------------------------------

std::string count_range(const Expectation& x) {
  if (x.min_count && x.max_count)
    return x.min_count == x.max_count
               ? "exactly " + std::to_string(*x.min_count)
               : "between " + std::to_string(*x.min_count) + " and " + std::to_string(*x.max_count);
  if (x.min_count) return "at least " + std::to_string(*x.min_count);
  return "at most " + std::to_string(x.max_count.value_or(0));
}

ExpectationResult check_status_message(const Expectation& x, const Results& results) {
  std::int64_t count = 0;
  for_each_status_message(results, [&](const StatusMessage& m) {
    if (m.message_id == x.message_id && (any_site(x.site) || m.site == x.site)) ++count;
  });
  const std::string expected = count_range(x) + " status message " + std::to_string(x.message_id) +
                               (any_site(x.site) ? " at any site" : " at " + x.site);
  const bool passed = (!x.min_count || count >= *x.min_count) && (!x.max_count || count <= *x.max_count);
  return make_result(x, passed, expected, std::to_string(count));
}

ExpectationResult check_no_status_severity(const Expectation& x, const Results& results) {
  std::size_t hits = 0;
  std::optional<StatusMessage> first;
  for_each_status_message(results, [&](const StatusMessage& m) {
    if (m.severity != x.severity) return;
    if (hits++ == 0) first = m;
  });
  const std::string expected = std::string("no status message of severity ") + to_string(x.severity);
  if (!first) return make_result(x, true, expected, "none");
  return make_result(x, false, expected,
                     std::to_string(hits) + ", the first " + std::to_string(first->message_id) + " from " +
                         first->component + " at " + first->site + " at " + when(first->t_s));
}

// ---- timelines ----------------------------------------------------------------------

// Each site's status of `component` at at_s, sites in order of their first change: one
// pass over a timeline that may hold hundreds of thousands of changes.
std::vector<std::pair<std::string, ComponentStatus>> component_status_by_site(const Results& results,
                                                                              const std::string& component,
                                                                              double at_s) {
  std::vector<std::pair<std::string, ComponentStatus>> by_site;
  std::unordered_map<std::string, std::size_t> index;
  for_each_component_status(results, [&](const ComponentStatusChange& c) {
    if (c.component != component) return;
    const auto [it, added] = index.try_emplace(c.site, by_site.size());
    if (added) by_site.emplace_back(c.site, ComponentStatus::ok);
    if (c.t_s <= at_s) by_site[it->second].second = c.status;
  });
  return by_site;
}

ComponentStatus component_status_at(const Results& results, const std::string& component, const std::string& site,
                                    double at_s) {
  for (const auto& [code, status] : component_status_by_site(results, component, at_s))
    if (code == site) return status;
  return ComponentStatus::ok;
}

// Over all sites: the worst status and the sites that have it.
std::pair<ComponentStatus, std::string> worst_component_status(const Results& results, const std::string& component,
                                                               double at_s) {
  ComponentStatus worst = ComponentStatus::ok;
  std::string where;
  for (const auto& [site, status] : component_status_by_site(results, component, at_s)) {
    if (worse(status, worst)) {
      worst = status;
      where.clear();
    }
    if (status == worst && worst != ComponentStatus::ok) where += (where.empty() ? "" : ", ") + site;
  }
  return {worst, where};
}

ExpectationResult check_component_status(const Expectation& x, const Results& results) {
  const double at_s = x.at_s.value_or(0);
  const std::string where = any_site(x.site) ? "" : " at " + x.site;
  const std::string expected = x.component + where + " " + to_string(x.status) + " at " + when(at_s) +
                               (any_site(x.site) ? " (worst over all sites)" : "");
  if (!any_site(x.site)) {
    const ComponentStatus status = component_status_at(results, x.component, x.site, at_s);
    return make_result(x, status == x.status, expected, to_string(status));
  }
  const auto [worst, sites] = worst_component_status(results, x.component, at_s);
  const std::string got = to_string(worst);
  return make_result(x, worst == x.status, expected, sites.empty() ? got : got + " at " + sites);
}

ExpectationResult check_effective_mode(const Expectation& x, const Scenario& scenario, const Results& results) {
  const double at_s = x.at_s.value_or(0);
  const std::string wanted = x.mode ? to_string(*x.mode) : "";
  const std::string expected = "effective SCP mode " + wanted + " at " + when(at_s);
  const ModeChange* m = value_at(results.scp.modes, at_s, [](const ModeChange&) { return true; });
  if (m) return make_result(x, m->effective == wanted, expected, m->effective + " (configured " + m->configured + ")");
  if (!scenario.scp) return make_result(x, false, expected, "no SCP in this hierarchy");
  const std::string initial = to_string(scenario.scp->mode);
  return make_result(x, initial == wanted, expected, initial);
}

ExpectationResult check_link_state(const Expectation& x, const Results& results) {
  const double at_s = x.at_s.value_or(0);
  const std::string expected = "replication link " + x.link + " " + to_string(x.link_state) + " at " + when(at_s);
  const DbLinkChange* c = value_at(results.db_links.changes, at_s,
                                   [&](const DbLinkChange& c) { return results.db_links.name(c) == x.link; });
  if (!c) return make_result(x, x.link_state == ReplicationLinkState::active, expected, "active");
  return make_result(x, c->state == x.link_state, expected,
                     std::string(to_string(c->state)) + " since " + when(c->t_s));
}

ExpectationResult evaluate_one(const Expectation& x, const Scenario& scenario, const Results& results) {
  switch (x.kind) {
    case ExpectationKind::site_version:
      return check_site_version(x, results);
    case ExpectationKind::update_state:
      return check_update_state(x, results);
    case ExpectationKind::propagation:
      return check_propagation(x, scenario, results);
    case ExpectationKind::status_message:
      return check_status_message(x, results);
    case ExpectationKind::component_status:
      return check_component_status(x, results);
    case ExpectationKind::effective_mode:
      return check_effective_mode(x, scenario, results);
    case ExpectationKind::link_state:
      return check_link_state(x, results);
    case ExpectationKind::no_status_severity:
      return check_no_status_severity(x, results);
  }
  return make_result(x, false, "a known kind", "an unknown one");
}

}  // namespace

const char* to_string(ExpectationKind kind) {
  switch (kind) {
    case ExpectationKind::site_version:
      return "site_version";
    case ExpectationKind::update_state:
      return "update_state";
    case ExpectationKind::propagation:
      return "propagation";
    case ExpectationKind::status_message:
      return "status_message";
    case ExpectationKind::component_status:
      return "component_status";
    case ExpectationKind::effective_mode:
      return "effective_mode";
    case ExpectationKind::link_state:
      return "link_state";
    case ExpectationKind::no_status_severity:
      return "no_status_severity";
  }
  return "unknown";
}

std::vector<ExpectationResult> evaluate_expectations(const Scenario& scenario, const Results& results) {
  std::vector<ExpectationResult> out;
  out.reserve(scenario.expectations.size());
  for (const Expectation& x : scenario.expectations) out.push_back(evaluate_one(x, scenario, results));
  return out;
}

}  // namespace cmsim
