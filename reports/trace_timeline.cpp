#include "reports/trace_timeline.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <unordered_set>

namespace cmsim::reports::trace {

Span span_of(double start_t_s, const std::optional<double>& end_t_s, double duration_s) {
  const double start = std::clamp(start_t_s, 0.0, std::max(duration_s, 0.0));
  const double end = std::clamp(end_t_s.value_or(duration_s), start, std::max(duration_s, start));
  return Span{start, end, !end_t_s.has_value()};
}

std::vector<StateSpan> state_spans(const StateTimeline& timeline, double duration_s) {
  std::vector<StateSpan> out;
  out.reserve(timeline.size());
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    const std::optional<double> next =
        i + 1 < timeline.size() ? std::optional<double>(timeline[i + 1].t_s) : std::nullopt;
    out.push_back({span_of(timeline[i].t_s, next, duration_s), timeline[i].state});
  }
  return out;
}

std::string route_owner(const Results& results, const std::string& link) {
  static const std::string kScpLan = "-SCP-lan";
  const auto site_of = [&](const std::string& code) -> const SiteResult* {
    for (const SiteResult& s : results.sites)
      if (s.code == code) return &s;
    return nullptr;
  };
  if (link.size() > kScpLan.size() && link.compare(link.size() - kScpLan.size(), kScpLan.size(), kScpLan) == 0) {
    const std::string site = link.substr(0, link.size() - kScpLan.size());
    if (site_of(site)) return site;
  }
  if (const std::size_t dash = link.find('-'); dash != std::string::npos) {
    const SiteResult* child = site_of(link.substr(dash + 1));
    if (child && child->parent == link.substr(0, dash)) return child->code;
  }
  for (const SiteResult& s : results.sites)
    if (s.parent.empty()) return s.code;
  return results.sites.empty() ? std::string() : results.sites.front().code;
}

std::vector<std::string> route_names(const Results& results) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  const auto add = [&](const std::string& name) {
    if (!name.empty() && seen.insert(name).second) out.push_back(name);
  };
  for (const LinkCapacity& l : results.links) add(l.link);
  for (const TransferRecord& t : results.transfers) add(t.link);
  for (const FaultView f : results.faults)
    if (f.kind == FaultKind::link_down || f.kind == FaultKind::link_degrade) add(std::string(f.target));
  for (const std::string& name : results.db_links.names) add(name);
  return out;
}

std::vector<std::size_t> assign_lanes(const std::vector<Span>& spans, std::size_t& lanes) {
  std::vector<std::size_t> order(spans.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // At one start time the input's order: a timeline's instant states (Available to download
  // and Downloading at one time) stay on its one row.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return spans[a].start_t_s < spans[b].start_t_s; });
  std::vector<std::size_t> lane_of(spans.size(), 0);
  std::vector<double> lane_end;  // when each lane is free again
  for (const std::size_t i : order) {
    std::size_t lane = 0;
    while (lane < lane_end.size() && lane_end[lane] > spans[i].start_t_s) ++lane;
    if (lane == lane_end.size()) lane_end.push_back(0);
    lane_end[lane] = spans[i].end_t_s;
    lane_of[i] = lane;
  }
  lanes = lane_end.size();
  return lane_of;
}

std::vector<Shown> flatten(const std::vector<Span>& spans) {
  // Boundaries in time order; at one instant the ends come before the starts, so a span that
  // ends where the next begins hands over without a gap.
  struct Boundary {
    double t_s;
    bool start;
    std::size_t index;
  };
  std::vector<Boundary> boundaries;
  boundaries.reserve(2 * spans.size());
  for (std::size_t i = 0; i < spans.size(); ++i) {
    boundaries.push_back({spans[i].start_t_s, true, i});
    boundaries.push_back({spans[i].end_t_s, false, i});
  }
  std::stable_sort(boundaries.begin(), boundaries.end(), [](const Boundary& a, const Boundary& b) {
    if (a.t_s != b.t_s) return a.t_s < b.t_s;
    return !a.start && b.start;
  });
  std::set<std::pair<double, std::size_t>> active;  // (start, index): the last is shown
  std::vector<Shown> out;
  for (std::size_t k = 0; k < boundaries.size();) {
    const double t = boundaries[k].t_s;
    for (; k < boundaries.size() && boundaries[k].t_s == t; ++k) {
      const Boundary& b = boundaries[k];
      const Span& s = spans[b.index];
      if (b.start && s.end_t_s > s.start_t_s)
        active.insert({s.start_t_s, b.index});
      else if (!b.start)
        active.erase({s.start_t_s, b.index});
    }
    const long shown = active.empty() ? -1 : static_cast<long>(active.rbegin()->second);
    if (out.empty() ? shown != -1 : out.back().index != shown) out.push_back({t, shown});
  }
  return out;
}

}  // namespace cmsim::reports::trace
