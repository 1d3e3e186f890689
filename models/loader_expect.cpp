// /expect: the expectations `cmsim test` checks (docs/scenario.md §2.5).
#include <set>

#include "components.hpp"
#include "loader_internal.hpp"
#include "release_catalog.hpp"

namespace cmsim::loader {
namespace {

std::string read_version(const Fields& f, const Context& ctx) {
  const auto version = f.string("version", true);
  if (!version) return {};
  if (!is_version_string(*version))
    ctx.problems.add(f.at("version"), "'" + *version + "' is not a version", "YYMM such as 2409");
  return *version;
}

void read_site_or_star(const Fields& f, const Context& ctx, Expectation& x, bool required) {
  const auto site = f.string("site", required);
  if (!site) return;
  x.site = *site;
  if (*site != "*" && !ctx.site_codes.count(*site))
    ctx.problems.add(f.at("site"), "unknown site '" + *site + "'", "a site code or *");
}

// The console's words for an update (docs/modelling.md §3.5).
void read_console_state(const Fields& f, const Context& ctx, Expectation& x) {
  const std::string words = f.string("state", true).value_or("");
  if (const auto state = parse_console_state(words)) {
    x.console_state = *state;
    return;
  }
  if (!f.has("state")) return;
  std::string expected = "one of:";
  for (UpdateState state : console_states()) expected += std::string(" '") + to_string(state) + "'";
  ctx.problems.add(f.at("state"), "unknown console state '" + words + "'", expected);
}

void read_kind_fields(const Fields& f, Context& ctx, Expectation& x) {
  switch (x.kind) {
    case ExpectationKind::site_version:
      read_site_or_star(f, ctx, x, true);
      x.version = read_version(f, ctx);
      x.by_s = read_time_s(f, "by", ctx, false);
      break;
    case ExpectationKind::update_state:
      x.version = read_version(f, ctx);
      read_console_state(f, ctx, x);
      read_site_or_star(f, ctx, x, false);
      if (x.site == "*") x.site.clear();  // "*" and no site both mean the update itself
      x.reached = f.boolean("reached").value_or(false);
      x.by_s = read_time_s(f, "by", ctx, false);
      break;
    case ExpectationKind::propagation:
      x.version = read_version(f, ctx);
      x.scope = f.choice<std::string>("scope", {{"top", "top"}, {"primaries", "primaries"}, {"all", "all"}}, true)
                    .value_or("");
      x.max_s = f.duration_s("max", true);
      break;
    case ExpectationKind::status_message:
      x.message_id = static_cast<int>(f.integer("message_id", 0, 65535, true).value_or(0));
      read_site_or_star(f, ctx, x, false);
      x.min_count = f.integer("min", 0, 1000000000);
      x.max_count = f.integer("max", 0, 1000000000);
      if (x.min_count && x.max_count && *x.min_count > *x.max_count)
        ctx.problems.add(f.at("min"), "min above max", "min <= max");
      if (!x.min_count && !x.max_count) ctx.problems.add(f.pointer(), "neither min nor max", "min, max or both");
      break;
    case ExpectationKind::component_status:
      x.component = f.string("component", true).value_or("");
      if (f.has("component") && !component::is_known(x.component))
        ctx.problems.add(f.at("component"), "'" + excerpt(x.component) + "' is not a site server component",
                         "a component such as SMS_SERVICE_CONNECTOR or SMS_SENDER");
      read_site_or_star(f, ctx, x, false);
      x.status = f.choice<ComponentStatus>("status",
                                           {{to_string(ComponentStatus::ok), ComponentStatus::ok},
                                            {to_string(ComponentStatus::warning), ComponentStatus::warning},
                                            {to_string(ComponentStatus::critical), ComponentStatus::critical}},
                                           true)
                     .value_or(ComponentStatus::ok);
      x.at_s = read_time_s(f, "at", ctx, true);
      break;
    case ExpectationKind::effective_mode:
      x.mode = f.choice<ScpMode>("mode", {{"online", ScpMode::online}, {"offline", ScpMode::offline}}, true);
      x.at_s = read_time_s(f, "at", ctx, true);
      break;
    case ExpectationKind::link_state:
      x.link = f.string("link", true).value_or("");
      if (!x.link.empty() && !ctx.scenario.find_any_link(x.link))
        ctx.problems.add(f.at("link"), "unknown link '" + x.link + "'", "PARENT-CHILD of a parent-child pair");
      x.link_state = f.choice<ReplicationLinkState>(
                          "state",
                          {{to_string(ReplicationLinkState::active), ReplicationLinkState::active},
                           {to_string(ReplicationLinkState::degraded), ReplicationLinkState::degraded},
                           {to_string(ReplicationLinkState::failed), ReplicationLinkState::failed},
                           {to_string(ReplicationLinkState::being_configured), ReplicationLinkState::being_configured}},
                          true)
                         .value_or(ReplicationLinkState::active);
      x.at_s = read_time_s(f, "at", ctx, true);
      break;
    case ExpectationKind::no_status_severity:
      x.severity = f.choice<Severity>("severity",
                                      {{to_string(Severity::info), Severity::info},
                                       {to_string(Severity::warning), Severity::warning},
                                       {to_string(Severity::error), Severity::error}},
                                      true)
                       .value_or(Severity::error);
      break;
  }
}

}  // namespace

void read_expectations(const Fields& top, Context& ctx) {
  const Json* list = top.array("expect");
  if (!list) return;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string pointer = pointer_join("/expect", i);
    const Json& value = (*list)[i];
    Fields f(value, pointer, ctx.problems,
             {"id", "kind", "note", "site", "version", "by", "state", "scope", "max", "message_id", "min", "component",
              "status", "at", "mode", "link", "severity", "reached"});
    if (!f.ok()) continue;
    Expectation x;
    x.id = f.string("id", true).value_or("");
    if (f.has("id") && x.id.empty())
      ctx.problems.add(f.at("id"), "an empty id", "a non-empty id (it names the JUnit test case)");
    if (!x.id.empty() && !ids.insert(x.id).second)
      ctx.problems.add(f.at("id"), "duplicate expectation id '" + x.id + "'",
                       "unique ids (they name JUnit test cases)");
    const auto kind = f.choice<ExpectationKind>("kind",
                                                {{"site_version", ExpectationKind::site_version},
                                                 {"update_state", ExpectationKind::update_state},
                                                 {"propagation", ExpectationKind::propagation},
                                                 {"status_message", ExpectationKind::status_message},
                                                 {"component_status", ExpectationKind::component_status},
                                                 {"effective_mode", ExpectationKind::effective_mode},
                                                 {"link_state", ExpectationKind::link_state},
                                                 {"no_status_severity", ExpectationKind::no_status_severity}},
                                                true);
    if (!kind) continue;
    x.kind = *kind;
    read_kind_fields(f, ctx, x);
    ctx.scenario.expectations.push_back(std::move(x));
  }
}

}  // namespace cmsim::loader
