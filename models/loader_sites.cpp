// /sites, /link_defaults and /links.
#include <algorithm>
#include <cctype>

#include "loader_internal.hpp"

namespace cmsim::loader {
namespace {

std::vector<ServiceWindow> read_service_windows(const Fields& f) {
  std::vector<ServiceWindow> windows;
  const Json* list = f.array("service_windows");
  if (!list) return windows;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Fields w((*list)[i], pointer_join(f.at("service_windows"), i), f.problems(), {"days", "from", "hours"});
    ServiceWindow window;
    window.days_mask = w.days_mask("days").value_or(0x7F);
    window.from_minute = w.clock_minutes("from", true).value_or(0);
    if (const auto hours = w.integer("hours", 1, 24 * 7, true))
      window.duration_s = static_cast<double>(*hours) * 3600.0;
    windows.push_back(window);
  }
  return windows;
}

Site read_site(const Json& value, const std::string& pointer, Context& ctx) {
  Fields f(value, pointer, ctx.problems,
           {"code", "type", "parent", "service_windows", "name", "description", "prerequisites"});
  Site site;
  if (const auto code = f.string("code", true); code && valid_site_code(*code, f.at("code"), ctx.problems))
    site.code = *code;
  site.type =
      f.choice<SiteType>(
           "type", {{"cas", SiteType::cas}, {"primary", SiteType::primary}, {"secondary", SiteType::secondary}}, true)
          .value_or(SiteType::primary);
  site.parent = f.string("parent").value_or("");
  site.service_windows = read_service_windows(f);
  site.prerequisites = f.choice<PrereqOutcome>("prerequisites", {{"passed", PrereqOutcome::passed},
                                                                 {"warning", PrereqOutcome::warning},
                                                                 {"failed", PrereqOutcome::failed}})
                           .value_or(PrereqOutcome::passed);
  if (site.type == SiteType::secondary && f.has("prerequisites"))
    ctx.problems.add(f.at("prerequisites"), "secondary site upgrades do not run the prerequisite check",
                     "prerequisites only on the CAS and primaries");
  if (site.type == SiteType::secondary && !site.service_windows.empty())
    ctx.problems.add(f.at("service_windows"), "secondary sites do not support service windows",
                     "service windows only on the CAS and primaries");
  return site;
}

std::vector<ScheduleSlot> read_schedule(const Fields& f) {
  std::vector<ScheduleSlot> slots;
  const Json* list = f.array("schedule");
  if (!list) return slots;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Fields s((*list)[i], pointer_join(f.at("schedule"), i), f.problems(), {"days", "from", "to", "priority"});
    ScheduleSlot slot;
    slot.days_mask = s.days_mask("days").value_or(0x7F);
    slot.from_minute = s.clock_minutes("from").value_or(0);
    slot.to_minute = s.clock_minutes("to").value_or(24 * 60);
    slot.priority = s.choice<SchedulePriority>("priority",
                                               {{"all", SchedulePriority::all},
                                                {"medium_high", SchedulePriority::medium_high},
                                                {"high", SchedulePriority::high},
                                                {"closed", SchedulePriority::closed}},
                                               true)
                        .value_or(SchedulePriority::all);
    if (slot.to_minute <= slot.from_minute)
      f.problems().add(s.at("to"), "slot ends before it starts", "'to' later than 'from' on the same day");
    slots.push_back(slot);
  }
  return slots;
}

// docs/modelling.md §5.4: business traffic by day and hour, as a share of the link.
std::vector<BackgroundLoad> read_background(const Fields& f) {
  std::vector<BackgroundLoad> loads;
  const Json* list = f.array("background");
  if (!list) return loads;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Fields b((*list)[i], pointer_join(f.at("background"), i), f.problems(), {"days", "from", "to", "percent"});
    BackgroundLoad load;
    load.days_mask = b.days_mask("days").value_or(0x7F);
    load.from_minute = b.clock_minutes("from").value_or(0);
    load.to_minute = b.clock_minutes("to").value_or(24 * 60);
    // 95 % at most: a link its business traffic fills completely would never finish a sending.
    load.share = static_cast<double>(b.integer("percent", 0, 95, true).value_or(0)) / 100.0;
    if (load.to_minute <= load.from_minute)
      f.problems().add(b.at("to"), "background load ends before it starts", "'to' later than 'from' on the same day");
    loads.push_back(load);
  }
  return loads;
}

void read_rate_limit(const Fields& f, RateLimit& limit) {
  const Json* value = f.object("rate_limit");
  if (!value) return;
  Fields r(*value, f.at("rate_limit"), f.problems(), {"mode", "block", "delay", "percent"});
  limit.mode = r.choice<RateLimitMode>("mode",
                                       {{"unlimited", RateLimitMode::unlimited},
                                        {"pulse", RateLimitMode::pulse},
                                        {"hourly", RateLimitMode::hourly}},
                                       true)
                   .value_or(RateLimitMode::unlimited);
  if (const auto block = r.size_bytes("block")) {
    // docs/modelling.md §5.1: pulse blocks are 1-256 KB.
    if (*block < 1000 || *block > 262144)
      f.problems().add(r.at("block"), "pulse block of " + std::to_string(*block) + " bytes", "1KB to 256KiB");
    else
      limit.block_bytes = *block;
  }
  if (const auto delay = r.duration_s("delay")) {
    if (*delay < 1 || *delay > 30)
      f.problems().add(r.at("delay"), "pulse delay out of range", "1s to 30s");
    else
      limit.delay_s = *delay;
  }
  limit.percent.fill(100);
  if (const Json* percent = r.array("percent", limit.mode == RateLimitMode::hourly)) {
    if (percent->size() != 24)
      f.problems().add(r.at("percent"), "has " + std::to_string(percent->size()) + " entries",
                       "24 numbers, one per hour");
    for (std::size_t h = 0; h < std::min<std::size_t>(24, percent->size()); ++h) {
      const Json& p = (*percent)[h];
      if (!p.is_number_integer() || p.get<int>() < 0 || p.get<int>() > 100)
        f.problems().add(pointer_join(r.at("percent"), h), "found " + excerpt(p.dump()),
                         "an integer percentage from 0 to 100");
      else
        limit.percent[h] = p.get<int>();
    }
  }
}

void read_sender(const Fields& f, SenderPolicy& sender) {
  const Json* value = f.object("sender");
  if (!value) return;
  Fields s(*value, f.at("sender"), f.problems(), {"max_concurrent", "per_site", "retries", "retry_delay"});
  sender.max_concurrent = static_cast<int>(s.integer("max_concurrent", 1, 999).value_or(sender.max_concurrent));
  sender.per_site = static_cast<int>(s.integer("per_site", 1, 999).value_or(sender.per_site));
  sender.retries = static_cast<int>(s.integer("retries", 0, 99).value_or(sender.retries));
  sender.retry_delay_s = s.duration_s("retry_delay", false, true).value_or(sender.retry_delay_s);
  if (sender.per_site > sender.max_concurrent)
    f.problems().add(s.at("per_site"), "more sendings per site than in total", "per_site <= max_concurrent");
}

std::optional<std::pair<std::string, std::string>> read_between(const Fields& f) {
  const Json* between = f.array("between", true);
  if (!between) return std::nullopt;
  if (between->size() != 2 || !(*between)[0].is_string() || !(*between)[1].is_string()) {
    f.problems().add(f.at("between"), "found " + excerpt(between->dump()), "two site codes [PARENT, CHILD]");
    return std::nullopt;
  }
  return std::make_pair((*between)[0].get<std::string>(), (*between)[1].get<std::string>());
}

}  // namespace

bool valid_site_code(const std::string& code, const std::string& pointer, Problems& problems) {
  const bool shape = code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) {
                       return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'A' && c <= 'Z');
                     });
  if (!shape) {
    problems.add(pointer, "site code '" + code + "' is not 3 upper-case letters or digits",
                 "a code such as CAS, P01 or S01");
    return false;
  }
  if (is_reserved_site_code(code)) {
    problems.add(pointer, "site code '" + code + "' is reserved by Windows or ConfigMgr",
                 "a code other than AUX, CON, NUL, PRN, SMS, ENV");
    return false;
  }
  return true;
}

void read_link_settings(const Fields& f, Link& link) {
  link.bandwidth_Bps = f.rate_Bps("bandwidth").value_or(link.bandwidth_Bps);
  link.latency_s = f.latency_s("latency").value_or(link.latency_s);
  read_sender(f, link.sender);
  read_rate_limit(f, link.rate_limit);
  if (f.has("schedule")) link.schedule = read_schedule(f);
  if (f.has("background")) link.background = read_background(f);
  link.degraded_after = static_cast<int>(f.integer("degraded_after", 1, 10000).value_or(link.degraded_after));
  link.failed_after = static_cast<int>(f.integer("failed_after", 1, 10000).value_or(link.failed_after));
  if (link.failed_after <= link.degraded_after)
    f.problems().add(f.at("failed_after"), "failed threshold not above the degraded threshold",
                     "failed_after > degraded_after (defaults 24 and 12)");
}

void read_sites(const Fields& top, Context& ctx) {
  const Json* list = top.array("sites", true);
  if (!list) return;
  if (list->empty()) ctx.problems.add("/sites", "no sites", "at least one site");
  for (std::size_t i = 0; i < list->size(); ++i) {
    ctx.scenario.sites.push_back(read_site((*list)[i], pointer_join("/sites", i), ctx));
    ctx.site_codes.insert(ctx.scenario.sites.back().code);
  }
}

void read_links(const Fields& top, Context& ctx) {
  Link defaults;
  if (const Json* value = top.object("link_defaults")) {
    Fields f(
        *value, "/link_defaults", ctx.problems,
        {"bandwidth", "latency", "sender", "rate_limit", "schedule", "background", "degraded_after", "failed_after"});
    read_link_settings(f, defaults);
  }
  for (const Site& site : ctx.scenario.sites) {
    if (site.parent.empty() || !ctx.scenario.find_site(site.parent)) continue;
    Link link = defaults;
    link.parent = site.parent;
    link.child = site.code;
    ctx.scenario.links.push_back(link);
  }
  const Json* list = top.array("links");
  if (!list) return;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Fields f((*list)[i], pointer_join("/links", i), ctx.problems,
             {"between", "bandwidth", "latency", "sender", "rate_limit", "schedule", "background", "degraded_after",
              "failed_after"});
    const auto ends = read_between(f);
    if (!ends) continue;
    auto it = std::find_if(ctx.scenario.links.begin(), ctx.scenario.links.end(), [&](const Link& l) {
      return (l.parent == ends->first && l.child == ends->second) ||
             (l.parent == ends->second && l.child == ends->first);
    });
    if (it == ctx.scenario.links.end()) {
      ctx.problems.add(f.at("between"), "'" + ends->first + "' and '" + ends->second + "' are not parent and child",
                       "a parent-child pair of /sites");
      continue;
    }
    if (!seen.insert(it->name()).second)
      ctx.problems.add(f.at("between"), "second entry for link " + it->name(), "one entry per link");
    read_link_settings(f, *it);
  }
}

}  // namespace cmsim::loader
