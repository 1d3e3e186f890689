// /events and /faults.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "components.hpp"
#include "loader_internal.hpp"
#include "scp_lifecycle.hpp"
#include "scenario_loader.hpp"
#include "units.hpp"

namespace cmsim::loader {
namespace {

struct VerbSpec {
  const char* word;
  EventVerb verb;
  std::vector<const char*> keys;  // besides "at", "do" and "note"
};

const std::vector<VerbSpec>& verb_specs() {
  static const std::vector<VerbSpec> kSpecs{
      {"set_scp_mode", EventVerb::set_scp_mode, {"mode"}},
      {"restart_component", EventVerb::restart_component, {"site", "component", "server"}},
      {"restart_service", EventVerb::restart_service, {"site", "service", "server"}},
      {"check_for_updates", EventVerb::check_for_updates, {"site"}},
      {"sct_prepare", EventVerb::sct_prepare, {}},
      {"sct_connect", EventVerb::sct_connect, {"download"}},
      {"sct_import", EventVerb::sct_import, {}},
      {"install_update", EventVerb::install_update, {"version"}},
      {"upgrade_secondary", EventVerb::upgrade_secondary, {"site"}},
      {"retry_content_replication", EventVerb::retry_content_replication, {"version"}},
      {"link_down", EventVerb::link_down, {"link", "for"}},
      {"link_up", EventVerb::link_up, {"link"}},
      {"link_degrade", EventVerb::link_degrade, {"link", "bandwidth", "for"}},
      {"site_down", EventVerb::site_down, {"site", "for", "computer"}},
      {"internet_fault", EventVerb::internet_fault, {"kind", "status", "endpoint", "for"}},
      {"set_root_cert", EventVerb::set_root_cert, {"cert", "state"}},
      {"set_proxy", EventVerb::set_proxy, {"proxy"}},
      {"uninstall_scp", EventVerb::uninstall_scp, {}},
      {"install_scp", EventVerb::install_scp, {"site", "server", "computer", "remote_access"}},
      {"move_scp", EventVerb::move_scp, {"server", "computer", "remote_access"}},
      {"renew_tenant_secret", EventVerb::renew_tenant_secret, {}},
      {"set_usage_level", EventVerb::set_usage_level, {"level"}},
      {"expand_to_cas", EventVerb::expand_to_cas, {"code", "bandwidth", "latency"}},
      {"add_site", EventVerb::add_site, {"site", "link"}},
      {"console_notification", EventVerb::console_notification, {"site"}},
      {"run_prerequisite_check", EventVerb::run_prerequisite_check, {"version"}},
      {"ignore_prerequisite_warnings", EventVerb::ignore_prerequisite_warnings, {}},
      {"retry_installation", EventVerb::retry_installation, {"site"}},
      {"set_prerequisites", EventVerb::set_prerequisites, {"site", "prerequisites"}},
  };
  return kSpecs;
}

const VerbSpec* find_verb(const std::string& word) {
  for (const VerbSpec& spec : verb_specs())
    if (word == spec.word) return &spec;
  return nullptr;
}

std::string verb_list() {
  std::string out = "one of";
  for (const VerbSpec& spec : verb_specs()) out += std::string(" ") + spec.word;
  return out;
}

// The admin installs what the console lists: a release's version or its name.
bool names_a_release(const Context& ctx, const std::string& text) {
  for (const Release& r : ctx.scenario.releases.catalog)
    if (r.version == text || r.name == text) return true;
  return false;
}

void require_site(const Fields& f, Context& ctx, Event& e, bool required, std::optional<SiteType> type = {}) {
  const auto code = f.string("site", required);
  if (!code) return;
  e.site = *code;
  if (!ctx.site_codes.count(*code)) {
    ctx.problems.add(f.at("site"), "unknown site '" + *code + "'", "the code of a site in /sites or added earlier");
    return;
  }
  const Site* site = ctx.scenario.find_site(*code);
  if (type && site && site->type != *type)
    ctx.problems.add(f.at("site"), "'" + *code + "' is a " + to_string(site->type) + " site",
                     std::string("a ") + to_string(*type) + " site");
}

// The prerequisite check runs on the CAS and primaries only (docs/modelling.md §4.4).
// docs/scenario.md §3: "site" (default) restarts on the site server, "scp" on the server that
// hosts the service connection point.
RestartTarget read_restart_target(const Fields& f) {
  return f.choice<RestartTarget>("server", {{"site", RestartTarget::site_server}, {"scp", RestartTarget::scp_server}})
      .value_or(RestartTarget::site_server);
}

// install_scp, move_scp: the server the role goes on. The platform builds its remote servers
// before the run, at the scenario's initial top tier (docs/scenario.md §2.4), so a remote role
// can only go there.
void read_scp_server(const Fields& f, Context& ctx, Event& e, bool required) {
  e.scp_server = f.choice<ScpServer>("server", {{"site", ScpServer::site}, {"remote", ScpServer::remote}}, required);
  e.computer = read_scp_computer(f, ctx).value_or("");
  if (f.has("computer") && e.scp_server != ScpServer::remote)
    ctx.problems.add(f.at("computer"), "computer names a remote SCP server", "server: remote");
  e.remote_access =
      f.choice<RemoteAccess>("remote_access", {{"site_server_admin", RemoteAccess::site_server_admin},
                                               {"installation_account", RemoteAccess::installation_account},
                                               {"none", RemoteAccess::none}})
          .value_or(ctx.scenario.scp ? ctx.scenario.scp->remote_access : RemoteAccess::site_server_admin);
  if (e.scp_server != ScpServer::remote) {
    if (f.has("remote_access"))
      ctx.problems.add(f.at("remote_access"), "remote_access applies only to a remote SCP", "server: remote");
    return;
  }
  const std::string initial_top = ctx.hierarchy ? ctx.hierarchy->top_tier() : "";
  const std::string site = e.verb == EventVerb::install_scp ? e.site : initial_top;
  const bool expanded = std::any_of(ctx.site_types.begin(), ctx.site_types.end(), [&](const auto& entry) {
    return entry.second == SiteType::cas && !ctx.scenario.find_site(entry.first);
  });
  if (site != initial_top || expanded)
    ctx.problems.add(
        f.at("server"), "a remote SCP server here would be at a site added during the run",
        "server: remote only at the scenario's initial top-tier site " + initial_top + ", before any expand_to_cas");
}

void require_site_server(const Fields& f, Context& ctx, const Event& e) {
  const Site* site = e.site.empty() ? nullptr : ctx.scenario.find_site(e.site);
  if (site && site->type == SiteType::secondary)
    ctx.problems.add(f.at("site"), "'" + e.site + "' is a secondary site",
                     "the CAS or a primary: secondary upgrades run no prerequisite check of their own");
}

void require_link(const Fields& f, Context& ctx, Event& e) {
  const auto name = f.string("link", true);
  if (!name) return;
  e.link = *name;
  const bool known = ctx.scenario.find_link(*name) || ctx.added_links.count(*name) || *name == "internet";
  if (!known)
    ctx.problems.add(f.at("link"), "unknown link '" + *name + "'", "PARENT-CHILD of a parent-child pair, or internet");
}

void read_internet_fault(const Fields& f, Context& ctx, Event& e) {
  e.fault_kind = f.choice<InternetFaultKind>("kind",
                                             {{"proxy_status", InternetFaultKind::proxy_status},
                                              {"tls", InternetFaultKind::tls},
                                              {"timeout", InternetFaultKind::timeout},
                                              {"dns", InternetFaultKind::dns},
                                              {"blocked", InternetFaultKind::blocked}},
                                             true);
  if (e.fault_kind == InternetFaultKind::proxy_status)
    e.status = static_cast<int>(f.integer("status", 100, 599, true).value_or(0));
  if (e.fault_kind == InternetFaultKind::blocked) e.endpoint = f.string("endpoint", true).value_or("");
  (void)ctx;
}

void read_new_site(const Fields& f, Context& ctx, Event& e) {
  const Json* site = f.object("site", true);
  if (!site) return;
  Fields s(*site, f.at("site"), ctx.problems, {"code", "type", "parent", "service_windows"});
  Site added;
  if (const auto code = s.string("code", true); code && valid_site_code(*code, s.at("code"), ctx.problems)) {
    added.code = *code;
    if (ctx.site_codes.count(*code))
      ctx.problems.add(s.at("code"), "site '" + *code + "' already exists", "a new site code");
  }
  added.type = s.choice<SiteType>("type", {{"primary", SiteType::primary}, {"secondary", SiteType::secondary}}, true)
                   .value_or(SiteType::secondary);
  added.parent = s.string("parent", true).value_or("");
  if (!added.parent.empty() && !ctx.site_codes.count(added.parent)) {
    ctx.problems.add(s.at("parent"), "unknown parent '" + added.parent + "'", "an existing site");
  } else if (!added.parent.empty()) {
    // docs/modelling.md §1.2: a primary joins under a CAS, a secondary under a primary.
    const SiteType parent_type = ctx.type_of(added.parent);
    const bool fits = added.type == SiteType::primary ? parent_type == SiteType::cas : parent_type == SiteType::primary;
    if (!fits)
      ctx.problems.add(s.at("parent"),
                       std::string("a ") + to_string(added.type) + " cannot join under the " + to_string(parent_type) +
                           " site '" + added.parent + "'",
                       added.type == SiteType::primary ? "a CAS" : "a primary site");
  }
  Link link;
  link.parent = added.parent;
  link.child = added.code;
  if (const Json* l = f.object("link")) {
    Fields lf(*l, f.at("link"), ctx.problems,
              {"bandwidth", "latency", "sender", "rate_limit", "schedule", "degraded_after", "failed_after"});
    read_link_settings(lf, link);
  }
  e.new_site = added;
  e.new_link = link;
  if (!added.code.empty() && !added.parent.empty()) ctx.added_links.insert(link.name());
  if (!added.code.empty()) {
    ctx.site_codes.insert(added.code);
    ctx.site_types[added.code] = added.type;
  }
}

void read_verb_fields(const Fields& f, Context& ctx, Event& e) {
  switch (e.verb) {
    case EventVerb::set_scp_mode:
      e.mode = f.choice<ScpMode>("mode", {{"online", ScpMode::online}, {"offline", ScpMode::offline}}, true);
      break;
    case EventVerb::restart_component:
      require_site(f, ctx, e, true);
      e.server = read_restart_target(f);
      e.component = f.string("component", true).value_or("");
      if (f.has("component") && !component::is_known(e.component))
        ctx.problems.add(f.at("component"), "'" + excerpt(e.component) + "' is not a site server component",
                         "a component such as SMS_DMP_DOWNLOADER, SMS_EXECUTIVE or SMS_SENDER");
      break;
    case EventVerb::restart_service:
      require_site(f, ctx, e, true);
      e.server = read_restart_target(f);
      e.component =
          f.choice<std::string>("service", {{component::kExecutive, component::kExecutive},
                                            {component::kCmUpdate, component::kCmUpdate},
                                            {component::kSiteComponentManager, component::kSiteComponentManager}})
              .value_or(component::kExecutive);
      break;
    case EventVerb::check_for_updates:
    case EventVerb::console_notification:
      require_site(f, ctx, e, false);
      break;
    case EventVerb::sct_connect:
      e.download = f.choice<SctDownload>("download", {{"latest", SctDownload::latest},
                                                      {"all", SctDownload::all},
                                                      {"hotfixes", SctDownload::hotfixes},
                                                      {"site_version", SctDownload::site_version}})
                       .value_or(SctDownload::latest);
      break;
    case EventVerb::retry_installation:
      require_site(f, ctx, e, false);
      require_site_server(f, ctx, e);
      break;
    case EventVerb::set_prerequisites:
      require_site(f, ctx, e, true);
      require_site_server(f, ctx, e);
      e.prerequisites = f.choice<PrereqOutcome>(
          "prerequisites",
          {{"passed", PrereqOutcome::passed}, {"warning", PrereqOutcome::warning}, {"failed", PrereqOutcome::failed}},
          true);
      break;
    case EventVerb::install_update:
    case EventVerb::run_prerequisite_check:
    case EventVerb::retry_content_replication:
      e.version = f.string("version").value_or("");
      if (f.has("version") && !names_a_release(ctx, e.version))
        ctx.problems.add(f.at("version"), "'" + excerpt(e.version) + "' is not an update of the release catalog",
                         "a version such as 2409 or a hotfix rollup such as \"2403 HFRU\" from /releases");
      break;
    case EventVerb::upgrade_secondary:
      require_site(f, ctx, e, true, SiteType::secondary);
      break;
    case EventVerb::link_down:
      require_link(f, ctx, e);
      e.for_s = f.duration_s("for");
      break;
    case EventVerb::link_up:
      require_link(f, ctx, e);
      break;
    case EventVerb::link_degrade:
      require_link(f, ctx, e);
      e.bandwidth_Bps = f.rate_Bps("bandwidth", true);
      e.for_s = f.duration_s("for");
      break;
    case EventVerb::site_down:
      require_site(f, ctx, e, true);
      e.for_s = f.duration_s("for", true);
      e.computer = read_scp_computer(f, ctx).value_or("");
      break;
    case EventVerb::internet_fault:
      read_internet_fault(f, ctx, e);
      e.for_s = f.duration_s("for");
      break;
    case EventVerb::set_root_cert:
      e.cert = f.choice<std::string>("cert", {{"baltimore", "baltimore"}, {"digicert_g2", "digicert_g2"}}, true)
                   .value_or("");
      e.cert_state = f.choice<CertState>("state",
                                         {{"ok", CertState::ok},
                                          {"missing", CertState::missing},
                                          {"expired", CertState::expired},
                                          {"corrupt", CertState::corrupt}},
                                         true);
      break;
    case EventVerb::set_proxy:
      if (const Json* proxy = f.object("proxy", true))
        e.proxy = read_proxy(*proxy, f.at("proxy"), ctx.problems, ctx.scenario.internet.proxy);
      break;
    case EventVerb::install_scp:
      require_site(f, ctx, e, true);
      // The role belongs at the top tier (docs/modelling.md §2.1): a secondary can never hold it.
      if (!e.site.empty() && ctx.site_codes.count(e.site) && ctx.type_of(e.site) == SiteType::secondary)
        ctx.problems.add(f.at("site"), "'" + e.site + "' is a secondary site",
                         "the top-tier site (the CAS, or a stand-alone primary)");
      read_scp_server(f, ctx, e, false);
      break;
    case EventVerb::move_scp:
      read_scp_server(f, ctx, e, true);
      break;
    case EventVerb::set_usage_level:
      e.usage_level = f.choice<UsageLevel>(
          "level", {{"basic", UsageLevel::basic}, {"enhanced", UsageLevel::enhanced}, {"full", UsageLevel::full}},
          true);
      break;
    case EventVerb::expand_to_cas: {
      const auto code = f.string("code", true);
      if (code && valid_site_code(*code, f.at("code"), ctx.problems)) {
        e.code = *code;
        // Asking again after a refusal (the SCP was still on the primary) is a retry, not a new site.
        const bool retry =
            ctx.site_types.count(*code) && ctx.site_types.at(*code) == SiteType::cas && !ctx.scenario.find_site(*code);
        if (ctx.site_codes.count(*code) && !retry)
          ctx.problems.add(f.at("code"), "site '" + *code + "' already exists", "a new site code");
        ctx.site_codes.insert(*code);
      }
      if (ctx.hierarchy && ctx.hierarchy->size() > 0 && ctx.scenario.find_site(ctx.hierarchy->top_tier()) &&
          ctx.scenario.find_site(ctx.hierarchy->top_tier())->type == SiteType::cas)
        ctx.problems.add(f.at("do"), "the hierarchy already has a CAS",
                         "expand_to_cas only above a stand-alone primary");
      Link link;
      read_link_settings(f, link);
      link.parent = e.code;
      link.child = ctx.hierarchy ? ctx.hierarchy->top_tier() : "";
      e.new_link = link;
      ctx.added_links.insert(link.name());
      ctx.site_types[e.code] = SiteType::cas;
      break;
    }
    case EventVerb::add_site:
      read_new_site(f, ctx, e);
      break;
    case EventVerb::sct_prepare:
    case EventVerb::sct_import:
    case EventVerb::uninstall_scp:
    case EventVerb::renew_tenant_secret:
    case EventVerb::ignore_prerequisite_warnings:
      break;
  }
}

std::optional<Event> read_event(const Json& value, const std::string& pointer, Context& ctx) {
  // First pass: find the verb, so the second can check the keys that verb takes.
  if (!value.is_object()) {
    ctx.problems.add(pointer, std::string("found ") + json_type_name(value), "an event object");
    return std::nullopt;
  }
  const auto verb_it = value.find("do");
  if (verb_it == value.end() || !verb_it->is_string()) {
    ctx.problems.add(pointer_join(pointer, "do"), "missing or not a string", verb_list());
    return std::nullopt;
  }
  const VerbSpec* spec = find_verb(verb_it->get<std::string>());
  if (!spec) {
    ctx.problems.add(pointer_join(pointer, "do"), "unknown event '" + verb_it->get<std::string>() + "'", verb_list());
    return std::nullopt;
  }
  std::vector<const char*> keys{"at", "do", "note"};
  keys.insert(keys.end(), spec->keys.begin(), spec->keys.end());
  Fields f(value, pointer, ctx.problems, keys);
  Event e;
  e.verb = spec->verb;
  e.pointer = pointer;
  const auto at = read_time_s(f, "at", ctx, true);
  e.at_s = at.value_or(0);
  read_verb_fields(f, ctx, e);
  if (!at) return std::nullopt;
  return e;
}

// An event time's text read as seconds from start, or why it cannot be.
struct TimeRead {
  std::optional<double> s;
  std::string error, expected;
};

TimeRead time_from_text(const std::string& text, const Context& ctx) {
  double t = 0;
  if (units::looks_like_timestamp(text)) {
    const auto ts = units::parse_utc_timestamp(text);
    if (!ts) return {std::nullopt, ts.error, ts.expected};
    t = static_cast<double>(*ts - ctx.scenario.start_unix_s);
  } else {
    const auto offset = units::parse_duration_s(text);
    if (!offset) return {std::nullopt, offset.error, "an offset from start such as 10d2h, or a UTC timestamp"};
    t = *offset;
  }
  if (t < 0 || t > ctx.scenario.duration_s)
    return {std::nullopt, "'" + text + "' is outside the simulated period",
            "a time between start and start + duration (" + units::format_duration(ctx.scenario.duration_s) + ")"};
  return {t, {}, {}};
}

// What read_time_s reads for `at`, only to sort by: its problems are reported when the event
// itself is read. An unreadable time sorts first.
double sort_time_s(const std::optional<Json>& at, const Context& ctx) {
  if (!at || !at->is_string()) return -1.0;
  return time_from_text(at->get_ref<const std::string&>(), ctx).s.value_or(-1.0);
}

// What checks after the events are read still need when validate drops the rest: the sites
// and links events add (the fault checks), and the remote SCP servers and their outages
// (check_scp_server_outages).
bool needed_after_reading(const Event& e) {
  switch (e.verb) {
    case EventVerb::add_site:
    case EventVerb::expand_to_cas:
    case EventVerb::install_scp:
    case EventVerb::move_scp:
      return true;
    case EventVerb::site_down:
      return !e.computer.empty();
    default:
      return false;
  }
}

// /events' elements, from the document or decoded one at a time from the reader's spool.
class EventElements {
 public:
  EventElements(const Json& list, const JsonSpool* spooled) : list_(list), spooled_(spooled) {}
  std::size_t size() const { return spooled_ ? spooled_->size() : list_.size(); }
  // Element i; a spooled one is decoded into `scratch`, valid until the next call.
  const Json& at(std::size_t i, Json& scratch) const {
    if (!spooled_) return list_[i];
    scratch = spooled_->element(i);
    return scratch;
  }
  // Element i's "at", or nullopt when it is not an object or has none.
  std::optional<Json> at_of(std::size_t i) const {
    if (spooled_) return spooled_->member(i);
    const Json& value = list_[i];
    if (!value.is_object() || !value.contains("at")) return std::nullopt;
    return value["at"];
  }

 private:
  const Json& list_;
  const JsonSpool* spooled_;
};

std::size_t resources_of(const RandomFault& f, const Context& ctx) {
  switch (f.target) {
    case RandomFaultTarget::links:
      return ctx.scenario.all_links().size();
    case RandomFaultTarget::site_servers:
      return ctx.site_codes.size();
    case RandomFaultTarget::link:
    case RandomFaultTarget::internet:
      return 1;
  }
  return 1;
}

// A tiny MTBF over a long run would mean hundreds of millions of outages: refuse it clearly
// instead of running for hours.
void check_fault_volume(const Fields& r, const RandomFault& f, const Context& ctx) {
  if (f.mtbf_s <= 0) return;
  const double expected = static_cast<double>(resources_of(f, ctx)) * ctx.scenario.duration_s / (f.mtbf_s + f.mttr_s);
  if (expected > defaults::kMaxRandomFaults)
    ctx.problems.add(r.at("mtbf"),
                     "about " + std::to_string(static_cast<long long>(expected)) + " random outages over the run",
                     "at most 1000000: a longer mtbf, fewer targets or a shorter duration");
}

}  // namespace

std::optional<double> read_time_s(const Fields& f, const char* key, const Context& ctx, bool required) {
  const auto text = f.string(key, required);
  if (!text) return std::nullopt;
  TimeRead read = time_from_text(*text, ctx);
  if (!read.s) f.problems().add(f.at(key), std::move(read.error), std::move(read.expected));
  return read.s;
}

// A remote SCP server named like a site that an event adds *later* in time (read_scp_computer
// saw only the sites known by then) would be a second host of that name.
static void check_scp_computer_names(Context& ctx) {
  auto check = [&](const std::string& name, const std::string& pointer) {
    if (name.empty()) return;
    for (const std::string& code : ctx.site_codes)
      if (same_computer_name(code, name)) {
        ctx.problems.add(pointer, "'" + name + "' is also the code of a site an event adds",
                         "a computer name that is not a site code");
        return;
      }
  };
  if (ctx.scenario.scp) check(ctx.scenario.scp->computer, "/scp/computer");
  for (const Event& e : ctx.scenario.events)
    if (e.verb == EventVerb::install_scp || e.verb == EventVerb::move_scp) check(e.computer, e.pointer + "/computer");
}

// site_down with `computer`: a remote SCP server of that site that the run has (the
// scenario's, or one an event installs or moves the role to), wherever that event stands.
static void check_scp_server_outages(Context& ctx) {
  const std::vector<RemoteScpServer> servers = remote_scp_servers(ctx.scenario);
  for (const Event& e : ctx.scenario.events) {
    if (e.verb != EventVerb::site_down || e.computer.empty()) continue;
    const auto it = std::find_if(servers.begin(), servers.end(),
                                 [&](const RemoteScpServer& s) { return s.computer == e.computer; });
    if (it != servers.end() && it->site == e.site) continue;
    std::string names;
    for (const RemoteScpServer& s : servers)
      if (s.site == e.site) names += (names.empty() ? "" : ", ") + s.computer;
    const std::string expected = "the name of a remote SCP server of " + e.site + (names.empty() ? "" : ": " + names);
    ctx.problems.add(e.pointer + "/computer", "no remote SCP server '" + e.computer + "' at " + e.site, expected);
  }
}

void read_events(const Fields& top, Context& ctx, const JsonSpool* spooled) {
  const Json* list = top.array("events");
  if (!list) return;
  const EventElements elements(*list, spooled);
  // Events are read in time order, so that an event may name a site once an add_site or
  // expand_to_cas *earlier in time* created it, wherever the two stand in the list.
  // Problems are still reported in list order.
  const std::size_t n = elements.size();
  if (n > kMaxEvents) {
    ctx.problems.add("/events", std::to_string(n) + " events", "at most " + std::to_string(kMaxEvents) + " events");
    return;
  }
  Json scratch;
  std::vector<double> when(n);
  for (std::size_t i = 0; i < n; ++i) when[i] = sort_time_s(elements.at_of(i), ctx);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return when[a] < when[b]; });
  // Read in time order (ties in list order), each valid event is appended where a stable sort
  // by time would put it: one copy of each Event, no sort of a million large structs after.
  // A good event has when[i] == its at_s (the same text read the same way).
  std::map<std::size_t, Problems> found;  // only the events with problems
  if (ctx.keep_every_event) ctx.scenario.events.reserve(n);
  for (std::size_t i : order) {
    Problems problems;
    Context one{ctx.scenario,
                problems,
                ctx.hierarchy,
                std::move(ctx.site_codes),
                std::move(ctx.site_types),
                std::move(ctx.added_links),
                ctx.keep_every_event};
    auto event = read_event(elements.at(i, scratch), pointer_join("/events", i), one);
    ctx.site_codes = std::move(one.site_codes);
    ctx.site_types = std::move(one.site_types);
    ctx.added_links = std::move(one.added_links);
    if (!problems.empty()) found.emplace(i, std::move(problems));
    if (event && (ctx.keep_every_event || needed_after_reading(*event)))
      ctx.scenario.events.push_back(std::move(*event));
  }
  for (const auto& [i, problems] : found)
    for (const Problem& p : problems.list()) ctx.problems.add(p.pointer, p.message, p.expected);
  check_scp_computer_names(ctx);
  check_scp_server_outages(ctx);
}

void read_faults(const Fields& top, Context& ctx) {
  const Json* value = top.object("faults");
  if (!value) return;
  Fields f(*value, "/faults", ctx.problems, {"random"});
  const Json* list = f.array("random");
  if (!list) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Fields r((*list)[i], pointer_join("/faults/random", i), ctx.problems,
             {"target", "link", "mtbf", "mttr", "distribution"});
    RandomFault fault;
    fault.target = r.choice<RandomFaultTarget>("target",
                                               {{"links", RandomFaultTarget::links},
                                                {"link", RandomFaultTarget::link},
                                                {"site_servers", RandomFaultTarget::site_servers},
                                                {"internet", RandomFaultTarget::internet}},
                                               true)
                       .value_or(RandomFaultTarget::links);
    if (fault.target == RandomFaultTarget::link) {
      fault.link = r.string("link", true).value_or("");
      if (!fault.link.empty() && !ctx.scenario.find_any_link(fault.link))
        ctx.problems.add(r.at("link"), "unknown link '" + fault.link + "'", "PARENT-CHILD of a parent-child pair");
    }
    fault.mtbf_s = r.duration_s("mtbf", true).value_or(0);
    fault.mttr_s = r.duration_s("mttr", true).value_or(0);
    fault.distribution = r.choice<Distribution>("distribution", {{"exponential", Distribution::exponential},
                                                                 {"fixed", Distribution::fixed}})
                             .value_or(Distribution::exponential);
    ctx.scenario.random_faults.push_back(fault);
    check_fault_volume(r, fault, ctx);
  }
}

}  // namespace cmsim::loader

namespace cmsim {

// The scenario's own word for the verb, from the table the loader reads it with.
const char* to_string(EventVerb verb) {
  for (const loader::VerbSpec& spec : loader::verb_specs())
    if (spec.verb == verb) return spec.word;
  return "?";
}

}  // namespace cmsim
