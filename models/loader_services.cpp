// /internet, /scp, /releases, /admin, /maintenance, /engine.
#include <algorithm>
#include <cctype>

#include "loader_internal.hpp"
#include "release_catalog.hpp"
#include "units.hpp"

namespace cmsim::loader {
namespace {

std::optional<CertState> read_cert_state(const Fields& f, const char* key) {
  return f.choice<CertState>(key, {{"ok", CertState::ok},
                                   {"missing", CertState::missing},
                                   {"expired", CertState::expired},
                                   {"corrupt", CertState::corrupt}});
}

void read_root_certs(const Fields& f, Internet& internet) {
  const Json* value = f.object("root_certs");
  if (!value) return;
  Fields c(*value, f.at("root_certs"), f.problems(), {"baltimore", "digicert_g2"});
  internet.baltimore = read_cert_state(c, "baltimore").value_or(internet.baltimore);
  internet.digicert_g2 = read_cert_state(c, "digicert_g2").value_or(internet.digicert_g2);
}

std::vector<std::string> read_string_list(const Fields& f, const char* key) {
  std::vector<std::string> out;
  const Json* list = f.array(key);
  if (!list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    if ((*list)[i].is_string() && !(*list)[i].get<std::string>().empty())
      out.push_back((*list)[i].get<std::string>());
    else
      f.problems().add(pointer_join(f.at(key), i), "found " + excerpt((*list)[i].dump()), "a non-empty string");
  }
  return out;
}

void read_scp_lan(const Fields& f, Scp& scp) {
  const Json* value = f.object("lan");
  if (!value) return;
  Fields lan(*value, f.at("lan"), f.problems(), {"bandwidth", "latency"});
  scp.lan_bandwidth_Bps = lan.rate_Bps("bandwidth").value_or(scp.lan_bandwidth_Bps);
  scp.lan_latency_s = lan.latency_s("latency").value_or(scp.lan_latency_s);
}

void check_scp_rules(const Fields& f, const Scp& scp, const Context& ctx) {
  if (scp.intune && scp.mode == ScpMode::offline)
    ctx.problems.add(f.at("mode"), "offline mode with an Intune subscription", "online mode while intune is true");
  if (scp.server == ScpServer::site && (f.has("remote_access") || f.has("lan")))
    ctx.problems.add(f.at("server"), "remote_access and lan apply only to a remote SCP", "server: remote");
  if (scp.site.empty() || !ctx.hierarchy) return;
  if (!ctx.scenario.find_site(scp.site)) {
    ctx.problems.add(f.at("site"), "unknown site '" + scp.site + "'", "the code of the top-tier site");
  } else if (ctx.hierarchy->top_tier() != scp.site) {
    ctx.problems.add(f.at("site"), "the SCP is on '" + scp.site + "', which is not the top tier",
                     "the top-tier site '" + ctx.hierarchy->top_tier() + "'");
  }
}

std::optional<std::int64_t> read_available(const Fields& f, const Context& ctx) {
  const auto text = f.string("available", true);
  if (!text) return std::nullopt;
  if (units::looks_like_timestamp(*text)) {
    const auto ts = units::parse_utc_timestamp(*text);
    if (!ts) f.problems().add(f.at("available"), ts.error, ts.expected);
    return ts.value;
  }
  const auto offset = units::parse_duration_s(*text);
  if (!offset) {
    f.problems().add(f.at("available"), offset.error, "an offset such as 14d or a UTC timestamp");
    return std::nullopt;
  }
  return ctx.scenario.start_unix_s + static_cast<std::int64_t>(*offset);
}

Release read_release(const Json& value, const std::string& pointer, const Context& ctx) {
  Fields f(value, pointer, ctx.problems,
           {"version", "name", "kind", "available", "min_version", "payload", "redists", "build", "guid"});
  Release r;
  r.version = f.string("version", true).value_or("");
  if (!r.version.empty() && !is_version_string(r.version))
    ctx.problems.add(f.at("version"), "'" + r.version + "' is not a version", "YYMM such as 2409");
  r.kind = f.choice<ReleaseKind>("kind", {{"version", ReleaseKind::version}, {"hotfix", ReleaseKind::hotfix}})
               .value_or(ReleaseKind::version);
  r.name = f.string("name").value_or(r.kind == ReleaseKind::hotfix ? r.version + " HFRU" : r.version);
  const auto available = read_available(f, ctx);
  r.available_unix_s = r.early_ring_unix_s = r.ga_unix_s = available.value_or(0);
  r.min_version = f.string("min_version").value_or(r.kind == ReleaseKind::hotfix ? r.version : "0000");
  if (f.has("min_version") && !is_version_string(r.min_version))
    ctx.problems.add(f.at("min_version"), "'" + r.min_version + "' is not a version", "YYMM such as 2303");
  else if (r.kind == ReleaseKind::version && is_version_string(r.version) &&
           compare_versions(r.min_version, r.version) >= 0)
    ctx.problems.add(f.at("min_version"), "minimum source version " + r.min_version + " is not below " + r.version,
                     "a version older than the release itself");
  const bool hotfix = r.kind == ReleaseKind::hotfix;
  r.payload_bytes =
      f.size_bytes("payload").value_or(hotfix ? defaults::kHotfixPayload_bytes : defaults::kVersionPayload_bytes);
  r.redists_bytes =
      f.size_bytes("redists").value_or(hotfix ? defaults::kHotfixRedists_bytes : defaults::kVersionRedists_bytes);
  if (r.payload_bytes == 0) ctx.problems.add(f.at("payload"), "an empty payload", "a size above zero");
  r.build = static_cast<int>(f.integer("build", 0, 99999).value_or(0));
  r.package_guid = f.string("guid").value_or("");
  return r;
}

void read_release_list(const Json& list, const std::string& pointer, const Context& ctx, std::vector<Release>& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    Release r = read_release(list[i], pointer_join(pointer, i), ctx);
    const bool duplicate = std::any_of(out.begin(), out.end(), [&](const Release& o) { return o.name == r.name; });
    if (duplicate) {
      ctx.problems.add(pointer_join(pointer_join(pointer, i), "version"),
                       "release '" + r.name + "' is already in the catalog", "each version or hotfix once");
      continue;
    }
    out.push_back(std::move(r));
  }
}

}  // namespace

Proxy read_proxy(const Json& value, const std::string& pointer, Problems& problems, Proxy proxy) {
  Fields f(value, pointer, problems, {"enabled", "auth", "account_valid", "bandwidth", "latency"});
  proxy.enabled = f.boolean("enabled").value_or(true);
  proxy.auth = f.choice<std::string>("auth", {{"computer", "computer"}, {"account", "account"}}).value_or(proxy.auth);
  proxy.account_valid = f.boolean("account_valid").value_or(proxy.account_valid);
  proxy.bandwidth_Bps = f.rate_Bps("bandwidth").value_or(proxy.bandwidth_Bps);
  proxy.latency_s = f.latency_s("latency").value_or(proxy.latency_s);
  return proxy;
}

void read_internet(const Fields& top, Context& ctx) {
  const Json* value = top.object("internet");
  if (!value) return;
  Fields f(*value, "/internet", ctx.problems, {"bandwidth", "latency", "proxy", "tls12", "root_certs", "blocked"});
  Internet& internet = ctx.scenario.internet;
  internet.bandwidth_Bps = f.rate_Bps("bandwidth").value_or(internet.bandwidth_Bps);
  internet.latency_s = f.latency_s("latency").value_or(internet.latency_s);
  if (const Json* proxy = f.object("proxy"))
    internet.proxy = read_proxy(*proxy, f.at("proxy"), ctx.problems, internet.proxy);
  internet.tls12 = f.boolean("tls12").value_or(internet.tls12);
  read_root_certs(f, internet);
  internet.blocked = read_string_list(f, "blocked");
}

bool same_computer_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::toupper(x) == std::toupper(y);
         });
}

// A NetBIOS computer name has at most 15 characters; cmsim also keeps the names its own
// hosts use ("cloud", "CONNECT-PC") and the site codes apart, as each names a log folder.
std::optional<std::string> read_scp_computer(const Fields& f, const Context& ctx) {
  const auto name = f.string("computer");
  if (!name) return std::nullopt;
  const bool shaped =
      !name->empty() && name->size() <= 15 && name->front() != '-' && name->back() != '-' &&
      std::all_of(name->begin(), name->end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; });
  const bool taken = same_computer_name(*name, "cloud") || same_computer_name(*name, "CONNECT-PC") ||
                     std::any_of(ctx.site_codes.begin(), ctx.site_codes.end(),
                                 [&](const std::string& code) { return same_computer_name(code, *name); });
  if (shaped && !taken) return name;
  f.problems().add(f.at("computer"),
                   shaped ? "'" + *name + "' is already the name of a site server or of cmsim's own hosts"
                          : "'" + *name + "' is not a computer name",
                   "1 to 15 letters, digits and inner hyphens, not a site code, 'cloud' or 'CONNECT-PC'");
  return std::nullopt;
}

void read_scp(const Fields& top, Context& ctx) {
  const Json* value = top.object("scp");
  if (!value) return;
  Fields f(*value, "/scp", ctx.problems,
           {"site", "server", "computer", "remote_access", "lan", "mode", "usage_level", "tenant_attach", "intune",
            "check_interval"});
  Scp scp;
  scp.site = f.string("site", true).value_or("");
  scp.server =
      f.choice<ScpServer>("server", {{"site", ScpServer::site}, {"remote", ScpServer::remote}}).value_or(scp.server);
  scp.remote_access =
      f.choice<RemoteAccess>("remote_access", {{"site_server_admin", RemoteAccess::site_server_admin},
                                               {"installation_account", RemoteAccess::installation_account},
                                               {"none", RemoteAccess::none}})
          .value_or(scp.remote_access);
  if (const auto computer = read_scp_computer(f, ctx)) {
    if (scp.server == ScpServer::remote)
      scp.computer = *computer;
    else
      ctx.problems.add(f.at("computer"), "computer names a remote SCP server", "server: remote");
  }
  read_scp_lan(f, scp);
  scp.mode = f.choice<ScpMode>("mode", {{"online", ScpMode::online}, {"offline", ScpMode::offline}}).value_or(scp.mode);
  scp.usage_level = f.choice<UsageLevel>(
                         "usage_level",
                         {{"basic", UsageLevel::basic}, {"enhanced", UsageLevel::enhanced}, {"full", UsageLevel::full}})
                        .value_or(scp.usage_level);
  scp.tenant_attach = f.boolean("tenant_attach").value_or(scp.tenant_attach);
  scp.intune = f.boolean("intune").value_or(scp.intune);
  scp.check_interval_s = f.duration_s("check_interval").value_or(scp.check_interval_s);
  if (ctx.scenario.duration_s / scp.check_interval_s > defaults::kMaxScpChecks)
    ctx.problems.add(f.at("check_interval"), "more than 100000 syncs over the run",
                     "a longer check_interval (the product's is 24h) or a shorter duration");
  check_scp_rules(f, scp, ctx);
  ctx.scenario.scp = scp;
}

void read_releases(const Fields& top, Context& ctx) {
  Releases& releases = ctx.scenario.releases;
  const Json* value = top.raw("releases");
  bool builtin = true;
  if (value && value->is_array()) {
    builtin = false;
    read_release_list(*value, "/releases", ctx, releases.catalog);
  } else {
    if (value) {
      Fields f(*value, "/releases", ctx.problems, {"catalog", "ring", "add"});
      builtin = f.choice<bool>("catalog", {{"builtin", true}, {"none", false}}).value_or(true);
      releases.ring = f.choice<Ring>("ring", {{"early", Ring::early}, {"ga", Ring::ga}}).value_or(Ring::early);
      if (builtin) releases.catalog = builtin_catalog(releases.ring);
      if (const Json* add = f.array("add")) read_release_list(*add, "/releases/add", ctx, releases.catalog);
    } else {
      releases.catalog = builtin_catalog(releases.ring);
    }
  }
  std::stable_sort(releases.catalog.begin(), releases.catalog.end(),
                   [](const Release& a, const Release& b) { return a.available_unix_s < b.available_unix_s; });
  const std::string& v = ctx.scenario.version;
  const bool known = std::any_of(releases.catalog.begin(), releases.catalog.end(),
                                 [&](const Release& r) { return r.kind == ReleaseKind::version && r.version == v; });
  if (!v.empty() && !known && builtin)
    ctx.problems.add("/version", "version '" + v + "' is not a current-branch release",
                     "a version of the built-in catalog such as 2403 or 2409");
}

void read_admin(const Fields& top, Context& ctx) {
  const Json* value = top.object("admin");
  if (!value) return;
  Fields f(*value, "/admin", ctx.problems, {"install_at_top", "secondary_upgrade", "ignore_prereq_warnings"});
  Admin& admin = ctx.scenario.admin;
  auto after = [&](const char* key) -> std::optional<double> {
    const Json* policy = f.object(key);
    if (!policy) return std::nullopt;
    Fields p(*policy, f.at(key), ctx.problems, {"after"});
    return p.duration_s("after", true, true);
  };
  admin.install_at_top_after_s = after("install_at_top");
  admin.secondary_upgrade_after_s = after("secondary_upgrade");
  admin.ignore_prereq_warnings = f.boolean("ignore_prereq_warnings").value_or(false);
}

void read_maintenance(const Fields& top, Context& ctx) {
  // docs/modelling.md §2.7: Backup Site Server is enabled by default at a CAS only.
  const Site* cas = nullptr;
  for (const Site& s : ctx.scenario.sites)
    if (s.type == SiteType::cas) cas = &s;
  if (cas) ctx.scenario.backup = Backup{cas->code, true, defaults::kBackupDailyAtMinute};
  const Json* value = top.object("maintenance");
  if (!value) return;
  Fields f(*value, "/maintenance", ctx.problems, {"backup"});
  const Json* backup = f.object("backup");
  if (!backup) return;
  Fields b(*backup, "/maintenance/backup", ctx.problems, {"site", "enabled", "daily_at"});
  Backup result = ctx.scenario.backup.value_or(
      Backup{ctx.hierarchy ? ctx.hierarchy->top_tier() : "", false, defaults::kBackupDailyAtMinute});
  if (!b.has("enabled") && !ctx.scenario.backup) result.enabled = true;  // configuring it means using it
  result.site = b.string("site").value_or(result.site);
  result.enabled = b.boolean("enabled").value_or(result.enabled);
  result.daily_at_minute = b.clock_minutes("daily_at").value_or(result.daily_at_minute);
  const Site* site = ctx.scenario.find_site(result.site);
  if (!site)
    ctx.problems.add(b.at("site"), "unknown site '" + result.site + "'", "the code of a CAS or primary site");
  else if (site->type == SiteType::secondary)
    ctx.problems.add(b.at("site"), "the Backup Site Server task is not available at secondary sites",
                     "a CAS or primary site");
  ctx.scenario.backup = result;
}

void read_engine(const Fields& top, Context& ctx) {
  const Json* value = top.object("engine");
  if (!value) return;
  Fields f(*value, "/engine", ctx.problems, {"network_model", "crosstraffic"});
  ctx.scenario.engine.network_model =
      f.choice<std::string>("network_model", {{"LV08", "LV08"}, {"CM02", "CM02"}, {"SMPI", "SMPI"}})
          .value_or(ctx.scenario.engine.network_model);
  ctx.scenario.engine.crosstraffic = f.boolean("crosstraffic").value_or(ctx.scenario.engine.crosstraffic);
}

}  // namespace cmsim::loader
