#include "fault_plan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace cmsim {
namespace {

constexpr double kForever = std::numeric_limits<double>::infinity();

// SplitMix64: mixes the seed, entry and resource name into an independent stream seed.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::uint64_t stream_seed(std::uint64_t seed, std::size_t entry, const std::string& resource) {
  std::uint64_t h = mix(seed ^ mix(entry + 1));
  for (unsigned char c : resource) h = mix(h ^ c);
  return h;
}

// Inverse-CDF exponential from the raw 64-bit engine output: std::exponential_distribution
// is implementation-defined, which would break byte-identical results across libraries.
double draw(std::mt19937_64& rng, double mean_s, Distribution d) {
  if (d == Distribution::fixed) return mean_s;
  const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;  // [0, 1)
  return -mean_s * std::log1p(-u);
}

std::vector<std::string> targets(const Scenario& s, const RandomFault& f) {
  std::vector<std::string> out;
  switch (f.target) {
    case RandomFaultTarget::links:
      for (const Link* l : s.all_links()) out.push_back(l->name());
      break;
    case RandomFaultTarget::link:
      out.push_back(f.link);
      break;
    case RandomFaultTarget::site_servers:
      for (const Site& site : s.sites) out.push_back(site.code);
      break;
    case RandomFaultTarget::internet:
      out.push_back("internet");
      break;
  }
  return out;
}

// A fault's end as the report shows it: null when it has none or ends after the horizon.
SimTime ending(const Event& e, const Scenario& s) {
  if (!e.for_s || e.at_s + *e.for_s > s.duration_s) return std::nullopt;
  return e.at_s + *e.for_s;
}

void add_scheduled(const Scenario& s, FaultPlan& plan, std::map<std::string, std::vector<Interval>>& links,
                   std::map<std::string, std::vector<Interval>>& sites,
                   std::map<std::string, std::vector<Interval>>& scp_servers) {
  std::map<std::string, std::vector<double>> open_downs;  // link_down without `for`, closed by link_up
  for (const Event& e : s.events) {
    switch (e.verb) {
      case EventVerb::link_down:
        if (e.for_s)
          links[e.link].push_back({e.at_s, e.at_s + *e.for_s});
        else
          open_downs[e.link].push_back(e.at_s);
        plan.records.push_back({e.at_s, ending(e, s), FaultKind::link_down, e.link, ""});
        break;
      case EventVerb::link_up:
        for (double start : open_downs[e.link]) links[e.link].push_back({start, e.at_s});
        plan.records.end_open_link_downs(e.link, e.at_s);
        open_downs[e.link].clear();
        break;
      case EventVerb::site_down: {
        const std::string& target = e.computer.empty() ? e.site : e.computer;
        (e.computer.empty() ? sites : scp_servers)[target].push_back({e.at_s, e.at_s + *e.for_s});
        plan.records.push_back({e.at_s, ending(e, s), FaultKind::site_down, target, ""});
        break;
      }
      case EventVerb::link_degrade: {
        const double end = e.for_s ? e.at_s + *e.for_s : kForever;
        plan.link_degraded[e.link].push_back({e.at_s, end, *e.bandwidth_Bps});
        plan.records.push_back({e.at_s, ending(e, s), FaultKind::link_degrade, e.link,
                                std::to_string(static_cast<long long>(*e.bandwidth_Bps * 8)) + "bps"});
        break;
      }
      default:
        break;
    }
  }
  for (auto& [link, starts] : open_downs)
    for (double start : starts) links[link].push_back({start, kForever});
}

}  // namespace

std::vector<Interval> merge_intervals(std::vector<Interval> v) {
  std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.start_s < b.start_s; });
  std::vector<Interval> out;
  for (const Interval& i : v) {
    if (!out.empty() && i.start_s <= out.back().end_s)
      out.back().end_s = std::max(out.back().end_s, i.end_s);
    else
      out.push_back(i);
  }
  return out;
}

std::vector<Interval> draw_failures(const RandomFault& fault, std::size_t entry, const std::string& resource,
                                    std::uint64_t seed, double horizon_s) {
  std::mt19937_64 rng(stream_seed(seed, entry, resource));
  std::vector<Interval> out;
  double t = draw(rng, fault.mtbf_s, fault.distribution);
  while (t < horizon_s) {
    const double repair = draw(rng, fault.mttr_s, fault.distribution);
    out.push_back({t, t + repair});
    t += repair + draw(rng, fault.mtbf_s, fault.distribution);
  }
  return out;
}

FaultPlan build_fault_plan(const Scenario& s) {
  FaultPlan plan;
  std::map<std::string, std::vector<Interval>> links, sites, scp_servers;
  add_scheduled(s, plan, links, sites, scp_servers);
  for (std::size_t entry = 0; entry < s.random_faults.size(); ++entry) {
    const RandomFault& f = s.random_faults[entry];
    const bool site_target = f.target == RandomFaultTarget::site_servers;
    for (const std::string& resource : targets(s, f)) {
      for (const Interval& i : draw_failures(f, entry, resource, s.seed, s.duration_s)) {
        (site_target ? sites : links)[resource].push_back(i);
        plan.records.push_back({i.start_s, i.end_s <= s.duration_s ? SimTime(i.end_s) : SimTime(),
                                site_target ? FaultKind::site_down : FaultKind::link_down, resource, "random"});
      }
    }
  }
  for (auto& [name, v] : links) plan.link_down[name] = merge_intervals(std::move(v));
  for (auto& [name, v] : sites) plan.site_down[name] = merge_intervals(std::move(v));
  for (auto& [name, v] : scp_servers) plan.scp_server_down[name] = merge_intervals(std::move(v));
  plan.records.sort_by_start();
  return plan;
}

FaultWindows take_fault_records(FaultPlan& plan, double horizon_s) {
  FaultWindows out = std::move(plan.records);
  plan.records = {};
  out.drop_starting_after(horizon_s);  // sorted by start, so the ones past the horizon are a tail
  return out;
}

}  // namespace cmsim
