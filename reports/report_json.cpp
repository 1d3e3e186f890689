#include "reports/report_json.hpp"

#include "models/units.hpp"

namespace cmsim::reports {
namespace {

using Json = nlohmann::ordered_json;

Json time_or_null(const SimTime& t) { return t ? Json(*t) : Json(nullptr); }

// The contract uses null, not "", for "there is none" (top tier's parent, no SCP).
Json string_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

template <class T, class Fn>
Json array_of(const std::vector<T>& items, Fn to_json) {
  Json out = Json::array();
  for (const T& item : items) out.push_back(to_json(item));
  return out;
}

Json engine_json(const EngineInfo& e) {
  Json j;
  j["name"] = e.name;
  j["version"] = e.version;
  j["network_model"] = e.network_model;
  j["crosstraffic"] = e.crosstraffic;
  return j;
}

Json version_change_json(const VersionChange& v) {
  Json j;
  j["version"] = v.version;
  j["installed_t_s"] = v.installed_t_s;
  return j;
}

Json site_json(const SiteResult& s) {
  Json j;
  j["code"] = s.code;
  j["type"] = s.type;
  j["parent"] = string_or_null(s.parent);
  j["initial_version"] = s.initial_version;
  j["final_version"] = s.final_version;
  j["versions"] = array_of(s.versions, version_change_json);
  return j;
}

Json update_site_json(const UpdateSiteResult& s) {
  Json j;
  j["site"] = s.site;
  j["content_replicated_t_s"] = time_or_null(s.content_replicated_t_s);
  j["prereq_done_t_s"] = time_or_null(s.prereq_done_t_s);
  j["install_started_t_s"] = time_or_null(s.install_started_t_s);
  j["installed_t_s"] = time_or_null(s.installed_t_s);
  j["state"] = s.state;
  return j;
}

Json update_json(const UpdateResult& u) {
  Json j;
  j["version"] = u.version;
  j["name"] = u.name;
  j["package_guid"] = u.package_guid;
  j["available_t_s"] = time_or_null(u.available_t_s);
  j["ready_to_install_t_s"] = time_or_null(u.ready_to_install_t_s);
  j["install_started_t_s"] = time_or_null(u.install_started_t_s);
  j["all_primaries_t_s"] = time_or_null(u.all_primaries_t_s);
  j["all_sites_t_s"] = time_or_null(u.all_sites_t_s);
  j["state"] = u.state;
  j["sites"] = array_of(u.sites, update_site_json);
  return j;
}

Json mode_change_json(const ModeChange& m) {
  Json j;
  j["t_s"] = m.t_s;
  j["configured"] = m.configured;
  j["effective"] = m.effective;
  j["cause"] = m.cause;
  return j;
}

Json scp_check_json(const ScpCheck& c) {
  Json j;
  j["t_s"] = c.t_s;
  j["effective_mode"] = c.effective_mode;
  j["outcome"] = c.outcome;
  j["reason"] = c.reason;
  j["offered"] = c.offered;
  return j;
}

Json scp_json(const ScpResult& s) {
  Json j;
  j["site"] = string_or_null(s.site);
  j["modes"] = array_of(s.modes, mode_change_json);
  j["checks"] = array_of(s.checks, scp_check_json);
  return j;
}

Json transfer_json(const TransferRecord& t) {
  Json j;
  j["what"] = t.what;
  j["from"] = t.from;
  j["to"] = t.to;
  j["link"] = t.link;
  j["bytes"] = t.bytes;
  j["start_t_s"] = t.start_t_s;
  j["end_t_s"] = t.end_t_s;
  j["attempts"] = t.attempts;
  j["outcome"] = t.outcome;
  j["reason"] = t.reason;
  return j;
}

Json status_message_json(const StatusMessage& m) {
  Json j;
  j["t_s"] = m.t_s;
  j["site"] = m.site;
  j["component"] = m.component;
  j["message_id"] = m.message_id;
  j["severity"] = m.severity;
  j["text"] = m.text;
  return j;
}

Json component_status_json(const ComponentStatusChange& c) {
  Json j;
  j["t_s"] = c.t_s;
  j["site"] = c.site;
  j["component"] = c.component;
  j["status"] = c.status;
  return j;
}

Json db_link_json(const DbLinkChange& d) {
  Json j;
  j["t_s"] = d.t_s;
  j["link"] = d.link;
  j["state"] = d.state;
  return j;
}

Json fault_json(const FaultRecord& f) {
  Json j;
  j["t_s"] = f.t_s;
  j["end_t_s"] = time_or_null(f.end_t_s);
  j["kind"] = f.kind;
  j["target"] = f.target;
  j["detail"] = f.detail;
  return j;
}

Json expectation_json(const ExpectationResult& e) {
  Json j;
  j["id"] = e.id;
  j["kind"] = e.kind;
  j["passed"] = e.passed;
  j["detail"] = e.detail;
  return j;
}

}  // namespace

Json report_to_json(const Results& r) {
  Json j;
  j["format"] = "cmsim-report/1";
  j["scenario"] = r.scenario;
  j["seed"] = r.seed;
  j["start"] = units::format_utc_iso(r.start_unix_s);
  j["duration_s"] = r.duration_s;
  j["engine"] = engine_json(r.engine);
  j["sites"] = array_of(r.sites, site_json);
  j["updates"] = array_of(r.updates, update_json);
  j["scp"] = scp_json(r.scp);
  j["transfers"] = array_of(r.transfers, transfer_json);
  j["status_messages"] = array_of(r.status_messages, status_message_json);
  j["component_status"] = array_of(r.component_status, component_status_json);
  j["db_links"] = array_of(r.db_links, db_link_json);
  // Not in the §4.1 skeleton ("add more as you need"): the injected fault windows, so a
  // reader can tell a slow rollout from one that waited out a link outage.
  j["faults"] = array_of(r.faults, fault_json);
  j["expectations"] = array_of(r.expectations, expectation_json);
  return j;
}

std::string report_json_text(const Results& results) {
  // Replace rather than throw on invalid UTF-8: a stray byte in one status text must not
  // cost the user the report of a run that may have taken minutes.
  return report_to_json(results).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace cmsim::reports
