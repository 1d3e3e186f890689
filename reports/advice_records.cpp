#include "reports/advice_records.hpp"

#include <nlohmann/json.hpp>

namespace cmsim::reports {
namespace {

using Json = nlohmann::ordered_json;
using advice::RunDigest;
using advice::UpdateOutcome;

constexpr const char* kFormat = "cmsim-advise-run/1";

Json time_json(const SimTime& t) { return t ? Json(*t) : Json(nullptr); }
SimTime time_of(const Json& v) { return v.is_null() ? SimTime{} : SimTime{v.get<double>()}; }

Json pairs_json(const std::vector<std::pair<std::string, double>>& pairs) {
  Json out = Json::array();
  for (const auto& [name, seconds] : pairs) out.push_back(Json::array({name, seconds}));
  return out;
}

std::vector<std::pair<std::string, double>> pairs_of(const Json& v) {
  std::vector<std::pair<std::string, double>> out;
  for (const Json& p : v) out.emplace_back(p.at(0).get<std::string>(), p.at(1).get<double>());
  return out;
}

// Every DelayKind by its name; the critical path's own enum order.
std::optional<DelayKind> delay_kind(const std::string& name) {
  for (int k = 0; k <= static_cast<int>(DelayKind::upgrade_not_requested); ++k)
    if (name == to_string(static_cast<DelayKind>(k))) return static_cast<DelayKind>(k);
  return std::nullopt;
}

Json update_json(const UpdateOutcome& u) {
  Json delays = Json::array();
  for (const auto& [kind, seconds] : u.delays) delays.push_back(Json::array({to_string(kind), seconds}));
  return Json{{"update", u.update},
              {"version", u.version},
              {"kind", u.kind == ReleaseKind::version ? "version" : "hotfix"},
              {"ready_t_s", time_json(u.ready_t_s)},
              {"target_t_s", time_json(u.target_t_s)},
              {"installed", u.installed},
              {"of", u.of},
              {"delays", delays},
              {"path_links", pairs_json(u.path_links)}};
}

UpdateOutcome update_of(const Json& v) {
  UpdateOutcome u;
  u.update = v.at("update").get<std::string>();
  u.version = v.at("version").get<std::string>();
  u.kind = v.at("kind") == "version" ? ReleaseKind::version : ReleaseKind::hotfix;
  u.ready_t_s = time_of(v.at("ready_t_s"));
  u.target_t_s = time_of(v.at("target_t_s"));
  u.installed = v.at("installed").get<std::size_t>();
  u.of = v.at("of").get<std::size_t>();
  for (const Json& d : v.at("delays")) {
    const auto kind = delay_kind(d.at(0).get<std::string>());
    if (!kind) throw std::runtime_error("unknown delay kind " + d.at(0).dump());
    u.delays.emplace_back(*kind, d.at(1).get<double>());
  }
  u.path_links = pairs_of(v.at("path_links"));
  return u;
}

}  // namespace

std::string advise_run_json(const std::string& advise_id, const std::string& run,
                            const std::vector<std::string>& overrides, const RunDigest& digest) {
  Json updates = Json::array();
  for (const UpdateOutcome& u : digest.updates) updates.push_back(update_json(u));
  const Json doc{{"format", kFormat},
                 {"advise_id", advise_id},
                 {"run", run},
                 {"overrides", overrides},
                 {"skipped", digest.skipped},
                 {"updates", updates},
                 {"busy_links", pairs_json(digest.busy_links)}};
  return doc.dump() + "\n";
}

std::optional<RunDigest> parse_advise_run(const std::string& text, const std::string& advise_id, const std::string& run,
                                          const std::vector<std::string>& overrides, std::string& error) {
  const Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = "not a complete JSON document";
    return std::nullopt;
  }
  if (doc.value("format", "") != kFormat || doc.value("advise_id", "") != advise_id || doc.value("run", "") != run ||
      doc.value("overrides", std::vector<std::string>{}) != overrides) {
    error = "a run of another advise";
    return std::nullopt;
  }
  try {
    RunDigest digest;
    digest.skipped = doc.value("skipped", "");
    for (const Json& u : doc.at("updates")) digest.updates.push_back(update_of(u));
    digest.busy_links = pairs_of(doc.at("busy_links"));
    return digest;
  } catch (const std::exception& e) {
    error = std::string("unreadable: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace cmsim::reports
