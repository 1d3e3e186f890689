#include "models/advice_target.hpp"

#include <algorithm>
#include <map>

#include "models/link_usage.hpp"

namespace cmsim::advice {
namespace {

bool in_target(const SiteResult& site, const Target& target) {
  switch (target.kind) {
    case TargetKind::all_sites:
      return true;
    case TargetKind::all_primaries:
      return site.type != "secondary";
    case TargetKind::site:
      return site.code == target.site;
  }
  return false;
}

void measure_target(const Results& results, const UpdateResult& u, const Target& target, UpdateOutcome& out) {
  std::map<std::string, double> installed;
  for (const UpdateSiteResult& s : u.sites)
    if (s.installed_t_s) installed.emplace(s.site, *s.installed_t_s);
  double last = 0;
  for (const SiteResult& site : results.sites) {
    if (!in_target(site, target)) continue;
    ++out.of;
    const auto it = installed.find(site.code);
    if (it == installed.end()) continue;
    ++out.installed;
    last = std::max(last, it->second);
  }
  if (out.of > 0 && out.installed == out.of) out.target_t_s = last;
}

void measure_path(const Results& results, const UpdateResult& u, UpdateOutcome& out) {
  const auto path = critical_path(results, u, results.duration_s);
  if (!path) return;
  out.delays = delay_totals(*path);
  std::map<std::string, double> per_link;
  for (const PathSegment& s : path->segments)
    if (!s.link.empty()) per_link[s.link] += s.end_t_s - s.start_t_s;
  out.path_links.assign(per_link.begin(), per_link.end());
  std::stable_sort(out.path_links.begin(), out.path_links.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
}

// Every route by the union of its transfers' in-flight intervals.
std::vector<std::pair<std::string, double>> busy_links(const std::vector<TransferRecord>& transfers) {
  std::map<std::string, std::vector<std::pair<double, double>>> spans;
  for (const TransferRecord& t : transfers) spans[t.link].emplace_back(t.start_t_s, std::max(t.start_t_s, t.end_t_s));
  std::vector<std::pair<std::string, double>> busy;
  for (auto& [link, list] : spans)
    if (const double total = union_length(std::move(list)); total > 0) busy.emplace_back(link, total);
  std::stable_sort(busy.begin(), busy.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return busy;
}

ReleaseKind kind_in_catalog(const Scenario& scenario, const UpdateResult& u) {
  for (const Release& r : scenario.releases.catalog)
    if (r.name == u.name) return r.kind;
  return u.name == u.version ? ReleaseKind::version : ReleaseKind::hotfix;
}

// A full version before a hotfix rollup, then the higher version, then the name.
bool newer(const UpdateOutcome& x, const UpdateOutcome& y) {
  if ((x.kind == ReleaseKind::version) != (y.kind == ReleaseKind::version)) return x.kind == ReleaseKind::version;
  if (x.version != y.version) return x.version > y.version;
  return x.update > y.update;
}

}  // namespace

const char* to_string(TargetKind kind) {
  switch (kind) {
    case TargetKind::all_sites:
      return "all-sites";
    case TargetKind::all_primaries:
      return "all-primaries";
    case TargetKind::site:
      return "site";
  }
  return "?";
}

std::optional<Target> parse_target(const std::string& text, std::string& error) {
  Target target;
  if (text == "all-sites") return target;
  if (text == "all-primaries") {
    target.kind = TargetKind::all_primaries;
    return target;
  }
  if (text.rfind("site:", 0) == 0 && text.size() > 5) {
    target.kind = TargetKind::site;
    target.site = text.substr(5);
    return target;
  }
  error = "--target '" + text.substr(0, 60) + "' is not a target (expected all-sites, all-primaries or site:CODE)";
  return std::nullopt;
}

std::string describe(const Target& target) {
  switch (target.kind) {
    case TargetKind::all_sites:
      return "every site";
    case TargetKind::all_primaries:
      return "the CAS and every primary";
    case TargetKind::site:
      return "site " + target.site;
  }
  return "?";
}

RunDigest digest(const Results& results, const Scenario& scenario, const Target& target, DigestDetail detail) {
  RunDigest run;
  const bool full = detail == DigestDetail::with_paths;
  for (const UpdateResult& u : results.updates) {
    UpdateOutcome out;
    out.update = u.name;
    out.version = u.version;
    out.ready_t_s = u.ready_to_install_t_s;
    out.kind = kind_in_catalog(scenario, u);
    measure_target(results, u, target, out);
    if (full) measure_path(results, u, out);
    run.updates.push_back(std::move(out));
  }
  if (full) run.busy_links = busy_links(results.transfers);
  return run;
}

const UpdateOutcome* find_update(const RunDigest& run, const std::string& name) {
  // The release name first: "2409" is the full version, not the 2409 HFRU that shares it.
  for (const UpdateOutcome& u : run.updates)
    if (u.update == name) return &u;
  for (const UpdateOutcome& u : run.updates)
    if (u.version == name) return &u;
  return nullptr;
}

const UpdateOutcome* headline_update(const RunDigest& run, const std::string& requested) {
  if (!requested.empty()) return find_update(run, requested);
  const UpdateOutcome* best = nullptr;
  for (const UpdateOutcome& u : run.updates)
    if (u.ready_t_s && (!best || newer(u, *best))) best = &u;
  return best;
}

}  // namespace cmsim::advice
