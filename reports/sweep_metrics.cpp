#include "reports/sweep_metrics.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "models/link_usage.hpp"

namespace cmsim::sweep {
namespace {

using OJson = nlohmann::ordered_json;

std::string name_of(const UpdateResult& u) { return u.name.empty() ? u.version : u.name; }

// The metric names of the nine whole-run metrics that belong to an update.
constexpr std::size_t kUpdateTimes = 3;  // ready_to_install_t_s, all_primaries_t_s, all_sites_t_s

const char* const kTierNames[] = {"top_tier_t_s", "child_primaries_t_s", "secondaries_t_s"};

enum class Tier { top, child_primary, secondary };
std::optional<Tier> tier_of(const SiteResult& s) {
  if (s.parent.empty()) return Tier::top;
  if (s.type == "primary") return Tier::child_primary;
  if (s.type == "secondary") return Tier::secondary;
  return std::nullopt;
}

struct Adder {
  SweepMetrics& m;
  std::string suffix;  // "[2409]" with --update all, else ""
  void time(const std::string& name, const SimTime& t) const { m.values.push_back({name + suffix, t, false}); }
  void count(const std::string& name, double v) const { m.values.push_back({name, v, true}); }
  void real(const std::string& name, double v) const { m.values.push_back({name, v, false}); }
};

// When every site of the tier that the update's rollout includes first ran its version: the
// latest install, null when one never installed it (or no update was chosen). A tier the
// rollout does not include (a hotfix without secondaries) has no metric for that update.
void tier_times(const Results& r, const UpdateResult* u, const Adder& add) {
  std::map<std::string, SimTime> installed;
  if (u)
    for (const UpdateSiteResult& s : u->sites) installed[s.site] = s.installed_t_s;
  for (const Tier tier : {Tier::top, Tier::child_primary, Tier::secondary}) {
    bool any = false;
    SimTime last = 0.0;
    for (const SiteResult& site : r.sites) {
      if (tier_of(site) != tier) continue;
      const auto it = installed.find(site.code);
      if (u && it == installed.end()) continue;  // not in this update's rollout
      any = true;
      const SimTime t = it == installed.end() ? std::nullopt : it->second;
      last = last && t ? std::optional<double>(std::max(*last, *t)) : std::nullopt;
    }
    if (any) add.time(kTierNames[static_cast<int>(tier)], last);
  }
}

double failed_attempts(const TransferRecord& t) {
  return static_cast<double>(t.attempts) - (t.outcome == TransferStatus::ok ? 1.0 : 0.0);
}

void site_metrics(const Results& r, const std::vector<const UpdateResult*>& updates,
                  const std::vector<std::string>& suffixes, SweepMetrics& m) {
  for (const SiteResult& site : r.sites) {
    const std::string prefix = "site." + site.code + ".";
    for (std::size_t i = 0; i < updates.size(); ++i) {
      SimTime t;
      if (updates[i])
        for (const UpdateSiteResult& s : updates[i]->sites)
          if (s.site == site.code) t = s.installed_t_s;
      Adder{m, suffixes[i]}.time(prefix + "installed_t_s", t);
    }
    double bytes = 0, failed = 0;
    for (const TransferRecord& t : r.transfers) {
      if (t.to != site.code) continue;
      if (t.outcome == TransferStatus::ok) bytes += static_cast<double>(t.bytes);
      failed += std::max(0.0, failed_attempts(t));
    }
    const Adder add{m, ""};
    add.count(prefix + "bytes_received", bytes);
    add.count(prefix + "failed_attempts", failed);
  }
}

// Seconds each replication link spent degraded and failed, as the Replication Configuration
// Monitor saw it, up to the end of the run.
std::map<std::string, std::pair<double, double>> replication_time(const Results& r) {
  std::map<std::string, std::pair<double, double>> spent;
  std::vector<std::pair<double, ReplicationHealth>> current(r.replication.links.size(),
                                                            {0.0, ReplicationHealth::active});
  const auto close = [&](std::uint32_t link, double until) {
    auto& [since, health] = current[link];
    auto& [degraded, failed] = spent[r.replication.links[link].name];
    if (health == ReplicationHealth::degraded) degraded += until - since;
    if (health == ReplicationHealth::failed) failed += until - since;
  };
  for (std::uint32_t l = 0; l < r.replication.links.size(); ++l) spent[r.replication.links[l].name] = {0, 0};
  for (const ReplicationHealthChange& c : r.replication.changes) {
    if (c.link >= current.size()) continue;
    close(c.link, c.t_s);
    current[c.link] = {c.t_s, c.health};
  }
  for (std::uint32_t l = 0; l < current.size(); ++l) close(l, std::max(r.duration_s, current[l].first));
  return spent;
}

void link_metrics(const Results& r, SweepMetrics& m) {
  const LinkUsage usage = link_usage(r);
  const auto replication = replication_time(r);
  const Adder add{m, ""};
  for (const LinkUsageRow& row : usage.links) {
    const std::string prefix = "link." + row.link + ".";
    double failed = 0;
    for (const TransferRecord& t : r.transfers)
      if (t.link == row.link) failed += std::max(0.0, failed_attempts(t));
    add.count(prefix + "bytes", row.bytes);
    add.real(prefix + "peak_utilization", row.peak_utilization);
    add.count(prefix + "failed_attempts", failed);
    const auto it = replication.find(row.link);
    if (it == replication.end()) continue;
    add.real(prefix + "degraded_s", it->second.first);
    add.real(prefix + "failed_s", it->second.second);
  }
}

void user_metrics(const MetricSpec& spec, const OJson* report, SweepMetrics& m) {
  for (const UserMetric& u : spec.user) {
    const nlohmann::json_pointer<std::string> pointer(u.pointer);
    if (!report || !report->contains(pointer)) {
      m.values.push_back({u.name, std::nullopt, false});
      continue;
    }
    const OJson& v = report->at(pointer);
    if (!v.is_number())
      throw MetricNotANumber("--metric " + u.name + "=" + u.pointer + ": report.json has " +
                             std::string(v.type_name()) + " " + v.dump().substr(0, 60) +
                             " there (expected a number, or nothing for NA)");
    m.values.push_back({u.name, v.get<double>(), v.is_number_integer()});
  }
}

const UpdateResult* named_update(const Results& r, const std::string& name) {
  for (const UpdateResult& u : r.updates)
    if (u.name == name || u.version == name) return &u;
  return nullptr;
}

}  // namespace

SweepMetrics from_run_metrics(const RunMetrics& metrics) {
  SweepMetrics m;
  m.update = metrics.update;
  const auto& defs = metric_defs();
  for (std::size_t i = 0; i < defs.size() && i < metrics.values.size(); ++i)
    m.values.push_back({defs[i].name, metrics.values[i], !defs[i].is_time});
  return m;
}

SweepMetrics sweep_metrics(const Results& results, const MetricSpec& spec, const OJson* report) {
  const RunMetrics base = metrics_from_results(results);  // the counts, and the default update
  SweepMetrics m;
  std::vector<const UpdateResult*> updates;
  std::vector<std::string> suffixes;
  if (spec.update == "all") {
    for (const UpdateResult& u : results.updates) {
      updates.push_back(&u);
      suffixes.push_back("[" + name_of(u) + "]");
    }
  } else {
    const UpdateResult* u = spec.update.empty() ? nullptr : named_update(results, spec.update);
    if (spec.update.empty())
      for (const UpdateResult& candidate : results.updates)
        if (name_of(candidate) == base.update && !base.update.empty()) u = &candidate;
    updates.push_back(u);
    suffixes.emplace_back();
    if (u) m.update = name_of(*u);
  }
  const auto& defs = metric_defs();
  for (std::size_t i = 0; i < updates.size(); ++i) {
    const UpdateResult* u = updates[i];
    const Adder add{m, suffixes[i]};
    add.time(defs[0].name, u ? u->ready_to_install_t_s : std::nullopt);
    add.time(defs[1].name, u ? u->all_primaries_t_s : std::nullopt);
    add.time(defs[2].name, u ? u->all_sites_t_s : std::nullopt);
  }
  for (std::size_t i = kUpdateTimes; i < defs.size(); ++i) m.values.push_back({defs[i].name, base.values[i], true});
  for (std::size_t i = 0; i < updates.size(); ++i) tier_times(results, updates[i], Adder{m, suffixes[i]});
  if (spec.per_site) site_metrics(results, updates, suffixes, m);
  if (spec.per_link) link_metrics(results, m);
  user_metrics(spec, report, m);
  return m;
}

const char* to_string(MetricUnit unit) {
  switch (unit) {
    case MetricUnit::seconds:
      return "s";
    case MetricUnit::count:
      return "count";
    case MetricUnit::bytes:
      return "bytes";
    case MetricUnit::ratio:
      return "ratio";
    case MetricUnit::number:
      break;
  }
  return "number";
}

MetricInfo describe_metric(const std::string& name, const MetricSpec& spec) {
  for (const UserMetric& u : spec.user)
    if (u.name == name) return {MetricUnit::number, "--metric"};
  const std::string bare = name.substr(0, name.find('['));
  const auto ends_with = [&bare](const std::string& tail) {
    return bare.size() >= tail.size() && bare.compare(bare.size() - tail.size(), tail.size(), tail) == 0;
  };
  const MetricUnit unit = ends_with("_s")                                     ? MetricUnit::seconds
                          : ends_with("bytes") || ends_with("bytes_received") ? MetricUnit::bytes
                          : ends_with("utilization")                          ? MetricUnit::ratio
                                                                              : MetricUnit::count;
  if (bare.rfind("site.", 0) == 0) return {unit, "sites"};
  if (bare.rfind("link.", 0) == 0) return {unit, "links"};
  for (const char* tier : kTierNames)
    if (bare == tier) return {unit, "tiers"};
  return {unit, unit == MetricUnit::seconds ? "update times" : "counts"};
}

bool valid_user_metric_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (const unsigned char c : name)
    if (!std::isalnum(c) && c != '_' && c != '-' && c != '.') return false;
  if (name.rfind("site.", 0) == 0 || name.rfind("link.", 0) == 0) return false;
  for (const MetricDef& d : metric_defs())
    if (name == d.name) return false;
  for (const char* tier : kTierNames)
    if (name == tier) return false;
  return true;
}

}  // namespace cmsim::sweep
