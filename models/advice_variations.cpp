#include "models/advice_variations.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "models/units.hpp"

namespace cmsim::advice {
namespace {

bool is_internet(const std::string& route) { return route == "internet" || route == "proxy+internet"; }

// Bytes per second with three decimals: exact enough for any rate, and read back by the
// loader as it reads a planner's own "12.5MBps".
std::string rate_value(double bytes_per_s) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3fBps", bytes_per_s);
  return buffer;
}

Variation bandwidth_change(const Scenario& s, const std::string& route, double factor) {
  const double now = route_bandwidth_Bps(s, route);
  Variation v;
  v.kind = is_internet(route) ? ChangeKind::internet_bandwidth : ChangeKind::link_bandwidth;
  v.subject = is_internet(route) ? "internet" : route;
  v.id = std::string(is_internet(route) ? "internet-bandwidth-" : "link-bandwidth-") + factor_text(factor) + ":" +
         v.subject;
  v.label = v.subject + " bandwidth " + units::format_rate(now) + " -> " + units::format_rate(now * factor);
  v.factor = factor;
  v.overrides = bandwidth_overrides(s, route, factor);
  return v;
}

// The routes to vary one by one: on the measured update's critical path first (they decided
// the last site's time), then the busiest, each once, and the internet whenever it was used.
std::vector<std::string> chosen_routes(const Scenario& s, const RunDigest& baseline, const UpdateOutcome* measured,
                                       std::size_t limit) {
  std::vector<std::string> routes;
  std::set<std::string> seen;
  auto take = [&](const std::string& route) {
    const std::string key = is_internet(route) ? "internet" : route;
    if (routes.size() < limit && scalable(s, route) && seen.insert(key).second) routes.push_back(route);
  };
  if (measured)
    for (const auto& [route, seconds] : measured->path_links) take(route);
  for (const auto& [route, seconds] : baseline.busy_links) take(route);
  // The download is a resource of its own kind: tried even when WAN links fill the limit.
  for (const auto& [route, seconds] : baseline.busy_links)
    if (is_internet(route) && seen.insert("internet").second) routes.push_back(route);
  return routes;
}

void add_tier_bandwidth(const Scenario& s, SiteType child_type, double factor, std::vector<Variation>& out) {
  Variation v;
  v.kind = ChangeKind::tier_bandwidth;
  v.subject = child_type == SiteType::primary ? "links to primaries" : "links to secondaries";
  v.factor = factor;
  for (const Link& link : s.links) {
    const Site* child = s.find_site(link.child);
    if (child && child->type == child_type)
      v.overrides.push_back("links." + link.name() + ".bandwidth=" + rate_value(link.bandwidth_Bps * factor));
  }
  if (v.overrides.size() < 2) return;  // one link is already tried on its own
  v.id = std::string("tier-bandwidth-") + factor_text(factor) + ":" +
         (child_type == SiteType::primary ? "primaries" : "secondaries");
  v.label = "every one of the " + std::to_string(v.overrides.size()) + " " + v.subject + " " + factor_text(factor);
  out.push_back(std::move(v));
}

// Rate limits, schedules and senders of the chosen links, then of every other link, at most `limit` each.
void add_sender_changes(const Scenario& s, const std::vector<std::string>& routes, std::size_t limit,
                        std::vector<Variation>& out) {
  std::vector<const Link*> order;
  for (const std::string& r : routes)
    if (const Link* l = s.find_link(r)) order.push_back(l);
  for (const Link& l : s.links)
    if (std::find(order.begin(), order.end(), &l) == order.end()) order.push_back(&l);
  std::size_t limited = 0, scheduled = 0;
  for (const Link* l : order) {
    if (l->rate_limit.mode != RateLimitMode::unlimited && limited++ < limit)
      out.push_back({"rate-limit-lifted:" + l->name(),
                     ChangeKind::rate_limit_lifted,
                     l->name(),
                     l->name() + " rate limit lifted (unlimited)",
                     0,
                     {"links." + l->name() + ".rate_limit={\"mode\":\"unlimited\"}"}});
    if (!l->schedule.empty() && scheduled++ < limit)
      out.push_back({"schedule-opened:" + l->name(),
                     ChangeKind::schedule_opened,
                     l->name(),
                     l->name() + " schedule removed (open for all priorities)",
                     0,
                     {"links." + l->name() + ".schedule=[]"}});
  }
}

// A sending site of a chosen link whose sender caps the sendings to its children.
void add_sender_widened(const Scenario& s, const std::vector<std::string>& routes, std::vector<Variation>& out) {
  std::set<std::string> sites;
  for (const std::string& r : routes)
    if (const Link* l = s.find_link(r)) sites.insert(l->parent);
  for (const std::string& site : sites) {
    Variation v{"sender-widened:" + site, ChangeKind::sender_widened, site, "", 0, {}};
    std::size_t children = 0;
    for (const Link& l : s.links) {
      if (l.parent != site) continue;
      ++children;
      const int max = std::min(999, l.sender.max_concurrent * 2);
      const int per_site = std::min(max, l.sender.per_site * 2);
      v.overrides.push_back("links." + l.name() + ".sender.max_concurrent=" + std::to_string(max));
      v.overrides.push_back("links." + l.name() + ".sender.per_site=" + std::to_string(per_site));
    }
    if (children < 2) continue;
    v.label = "sender at " + site + ": twice the concurrent sendings (all " + std::to_string(children) + " routes)";
    out.push_back(std::move(v));
  }
}

void add_site_and_admin_changes(const Scenario& s, std::size_t limit, std::vector<Variation>& out) {
  std::size_t windows = 0;
  bool warning = false, secondaries = false;
  for (const Site& site : s.sites) {
    if (!site.service_windows.empty() && windows++ < limit)
      out.push_back({"service-window-removed:" + site.code,
                     ChangeKind::service_window_removed,
                     site.code,
                     site.code + " service windows removed (install any time)",
                     0,
                     {"sites." + site.code + ".service_windows=[]"}});
    warning |= site.prerequisites == PrereqOutcome::warning;
    secondaries |= site.type == SiteType::secondary;
  }
  if (!s.admin.install_at_top_after_s || *s.admin.install_at_top_after_s > 0)
    out.push_back({"install-at-top-sooner",
                   ChangeKind::install_at_top_sooner,
                   "admin",
                   "the admin installs at the top tier as soon as the update is Ready to install",
                   0,
                   {"admin.install_at_top={\"after\":\"0s\"}"}});
  if (secondaries && (!s.admin.secondary_upgrade_after_s || *s.admin.secondary_upgrade_after_s > 0))
    out.push_back({"secondary-upgrade-sooner",
                   ChangeKind::secondary_upgrade_sooner,
                   "admin",
                   "the admin upgrades each secondary as soon as its parent runs the update",
                   0,
                   {"admin.secondary_upgrade={\"after\":\"0s\"}"}});
  if (warning && !s.admin.ignore_prereq_warnings)
    out.push_back({"prerequisite-warnings-ignored",
                   ChangeKind::prerequisite_warnings_ignored,
                   "admin",
                   "the admin ignores prerequisite check warnings",
                   0,
                   {"admin.ignore_prereq_warnings=true"}});
}

void add_scp_changes(const Scenario& s, std::vector<Variation>& out) {
  if (!s.scp) return;
  if (s.scp->mode == ScpMode::offline && !s.scp->intune)
    out.push_back(
        {"scp-online", ChangeKind::scp_online, "scp", "the service connection point online", 0, {"scp.mode=online"}});
  const bool remote = s.scp->server == ScpServer::remote;
  out.push_back({remote ? "scp-moved:site" : "scp-moved:remote",
                 ChangeKind::scp_server_moved,
                 "scp",
                 remote ? "the service connection point moved onto the site server"
                        : "the service connection point moved to a server of its own",
                 0,
                 {remote ? "scp.server=site" : "scp.server=remote"}});
}

}  // namespace

const char* to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::link_bandwidth:
      return "link_bandwidth";
    case ChangeKind::internet_bandwidth:
      return "internet_bandwidth";
    case ChangeKind::tier_bandwidth:
      return "tier_bandwidth";
    case ChangeKind::rate_limit_lifted:
      return "rate_limit_lifted";
    case ChangeKind::schedule_opened:
      return "schedule_opened";
    case ChangeKind::sender_widened:
      return "sender_widened";
    case ChangeKind::service_window_removed:
      return "service_window_removed";
    case ChangeKind::install_at_top_sooner:
      return "install_at_top_sooner";
    case ChangeKind::secondary_upgrade_sooner:
      return "secondary_upgrade_sooner";
    case ChangeKind::prerequisite_warnings_ignored:
      return "prerequisite_warnings_ignored";
    case ChangeKind::scp_online:
      return "scp_online";
    case ChangeKind::scp_server_moved:
      return "scp_server_moved";
  }
  return "?";
}

bool scalable(const Scenario& s, const std::string& route) { return is_internet(route) || s.find_link(route); }

double route_bandwidth_Bps(const Scenario& s, const std::string& route) {
  if (is_internet(route))
    return s.internet.proxy.enabled ? std::min(s.internet.bandwidth_Bps, s.internet.proxy.bandwidth_Bps)
                                    : s.internet.bandwidth_Bps;
  const Link* link = s.find_link(route);
  return link ? link->bandwidth_Bps : 0;
}

std::vector<std::string> bandwidth_overrides(const Scenario& s, const std::string& route, double factor) {
  if (is_internet(route)) {
    std::vector<std::string> out{"internet.bandwidth=" + rate_value(s.internet.bandwidth_Bps * factor)};
    if (s.internet.proxy.enabled)  // the route is the slower of the two: scale both
      out.push_back("internet.proxy.bandwidth=" + rate_value(s.internet.proxy.bandwidth_Bps * factor));
    return out;
  }
  const Link* link = s.find_link(route);
  if (!link) return {};
  return {"links." + link->name() + ".bandwidth=" + rate_value(link->bandwidth_Bps * factor)};
}

std::vector<Variation> variations(const Scenario& s, const RunDigest& baseline, const UpdateOutcome* measured,
                                  const VariationOptions& options) {
  std::vector<Variation> out;
  const auto routes = chosen_routes(s, baseline, measured, options.max_links);
  for (const std::string& route : routes) {
    out.push_back(bandwidth_change(s, route, options.factor));
    out.push_back(bandwidth_change(s, route, 1 / options.factor));
  }
  add_tier_bandwidth(s, SiteType::primary, options.factor, out);
  add_tier_bandwidth(s, SiteType::secondary, options.factor, out);
  add_sender_changes(s, routes, options.max_links, out);
  add_sender_widened(s, routes, out);
  add_site_and_admin_changes(s, options.max_links, out);
  add_scp_changes(s, out);
  return out;
}

std::string factor_text(double factor) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", factor >= 1 ? factor : 1 / factor);
  return std::string(factor >= 1 ? "x" : "/") + buffer;
}

}  // namespace cmsim::advice
