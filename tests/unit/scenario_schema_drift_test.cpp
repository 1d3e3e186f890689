// docs/scenario.schema.json and the loader cannot drift apart: for every object of the
// scenario format, the keys the schema lists under `properties` are exactly the keys the
// loader accepts there, and the event verbs and expectation kinds are the same words.
//
// The loader's side is read the way a user meets it: a scenario with one unknown key
// ("zz_probe") placed in that object is loaded, and the problem it gives lists the allowed
// keys ("unknown key 'zz_probe' (expected one of ...)"). So a key added to a reader in
// models/ shows up here without any list to keep in step, and the failure names the key,
// the JSON pointer and the schema location to fix.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "models/scenario_loader.hpp"

namespace cmsim {
namespace {

using Json = nlohmann::json;

constexpr const char* kSchemaFile = "docs/scenario.schema.json";
constexpr const char* kProbe = "zz_probe";

// A valid scenario that every probe changes in one place.
Json base_scenario() {
  return Json::parse(R"({
    "format": "cmsim-scenario/1", "name": "drift", "duration": "10d", "version": "2403",
    "sites": [{"code": "CAS", "type": "cas"},
              {"code": "P01", "type": "primary", "parent": "CAS"},
              {"code": "S01", "type": "secondary", "parent": "P01"}],
    "scp": {"site": "CAS"}
  })");
}

const Json& schema() {
  static const Json kSchema = [] {
    std::ifstream in(std::string(CMSIM_SOURCE_DIR) + "/" + kSchemaFile);
    return Json::parse(in);
  }();
  return kSchema;
}

std::set<std::string> words_after_one_of(const std::string& expected) {
  std::istringstream in(expected);
  std::string word;
  std::set<std::string> words;
  in >> word;  // "one"
  in >> word;  // "of"
  while (in >> word) words.insert(word);
  return words;
}

// The "one of ..." list of the problem the loader reports at `pointer`, or nothing when it
// reports none there (the test then fails naming the pointer).
std::optional<std::set<std::string>> allowed_at(const Json& scenario, const std::string& pointer) {
  const LoadResult loaded = load_scenario_text(scenario.dump(), "drift.json");
  for (const Problem& p : loaded.problems.list())
    if (p.pointer == pointer && p.expected.rfind("one of", 0) == 0) return words_after_one_of(p.expected);
  return std::nullopt;
}

// The keys the loader accepts in the object at `pointer` once it holds `object`.
std::optional<std::set<std::string>> loader_keys(const std::string& pointer, Json object) {
  Json scenario = base_scenario();
  object[kProbe] = 0;
  scenario[Json::json_pointer(pointer)] = object;
  return allowed_at(scenario, pointer + "/" + kProbe);
}

std::set<std::string> schema_keys(const std::string& def) {
  std::set<std::string> keys;
  const Json& node = def.empty() ? schema() : schema().at("$defs").at(def);
  for (const auto& item : node.at("properties").items()) keys.insert(item.key());
  return keys;
}

std::string schema_location(const std::string& def) {
  return std::string(kSchemaFile) + " " + (def.empty() ? "#/properties" : "#/$defs/" + def + "/properties");
}

// Every key on one side only, as one line each.
void expect_same_keys(const std::string& pointer, const std::set<std::string>& loader, const std::string& def) {
  const std::set<std::string> in_schema = schema_keys(def);
  for (const std::string& key : loader)
    EXPECT_TRUE(in_schema.count(key)) << "key '" << key << "' is accepted by the loader at "
                                      << (pointer.empty() ? "/" : pointer) << " but missing from "
                                      << schema_location(def);
  for (const std::string& key : in_schema)
    EXPECT_TRUE(loader.count(key)) << "key '" << key << "' is in " << schema_location(def)
                                   << " but the loader rejects it at " << (pointer.empty() ? "/" : pointer);
}

struct ObjectProbe {
  const char* pointer;  // where the object goes in the base scenario
  const char* object;   // what it holds besides the probe key
  const char* def;      // its schema: #/$defs/<def>; "" for the top level
};

const std::vector<ObjectProbe>& object_probes() {
  static const std::vector<ObjectProbe> kProbes{
      {"/sites/0", R"({"code": "CAS", "type": "cas"})", "site"},
      {"/sites/1/service_windows/0", R"({"from": "02:00", "hours": 4})", "service_window"},
      {"/link_defaults", "{}", "link_defaults"},
      {"/link_defaults/sender", "{}", "sender"},
      {"/link_defaults/rate_limit", R"({"mode": "unlimited"})", "rate_limit"},
      {"/link_defaults/schedule/0", R"({"priority": "all"})", "schedule_slot"},
      {"/link_defaults/background/0", R"({"percent": 10})", "background_load"},
      {"/links/0", R"({"between": ["CAS", "P01"]})", "link"},
      {"/internet", "{}", "internet"},
      {"/internet/proxy", "{}", "proxy"},
      {"/internet/root_certs", "{}", "root_certs"},
      {"/scp", R"({"site": "CAS"})", "scp"},
      {"/scp/lan", "{}", "scp_lan"},
      {"/releases", "{}", "releases"},
      {"/releases/add/0", R"({"version": "2409", "available": "1d"})", "release"},
      {"/admin", "{}", "admin"},
      {"/admin/install_at_top", R"({"after": "1d"})", "admin_policy"},
      {"/maintenance", "{}", "maintenance"},
      {"/maintenance/backup", "{}", "backup"},
      {"/faults", "{}", "faults"},
      {"/faults/random/0", R"({"target": "links", "mtbf": "10d", "mttr": "1h"})", "random_fault"},
      {"/expect/0", R"({"id": "x", "kind": "site_version", "site": "*", "version": "2403"})", "expectation"},
      {"/engine", "{}", "engine"},
      {"/logs", "{}", "logs"},
      {"/model", "{}", "model"},
      {"/model/usage_data", "{}", "usage_data"},
      {"/events/0/site", "{}", "added_site"},
      {"/events/0/link", "{}", "added_link"},
      {"/events/0/proxy", "{}", "proxy"},
  };
  return kProbes;
}

// The objects an event holds are probed inside the event that takes them.
Json enclosing_event(const std::string& pointer) {
  if (pointer == "/events/0/site" || pointer == "/events/0/link")
    return Json{{"at", "1h"}, {"do", "add_site"}, {"site", Json::object()}};
  if (pointer == "/events/0/proxy") return Json{{"at", "1h"}, {"do", "set_proxy"}};
  return nullptr;
}

TEST(ScenarioSchemaDrift, TopLevelKeysAreTheLoaders) {
  Json scenario = base_scenario();
  scenario[kProbe] = 0;
  const auto keys = allowed_at(scenario, std::string("/") + kProbe);
  ASSERT_TRUE(keys) << "the loader reported no unknown top-level key";
  expect_same_keys("", *keys, "");
}

TEST(ScenarioSchemaDrift, EveryObjectsKeysAreTheLoaders) {
  for (const ObjectProbe& probe : object_probes()) {
    SCOPED_TRACE(probe.pointer);
    Json scenario = base_scenario();
    if (Json event = enclosing_event(probe.pointer); !event.is_null()) scenario["events"] = Json::array({event});
    Json object = Json::parse(probe.object);
    object[kProbe] = 0;
    scenario[Json::json_pointer(probe.pointer)] = object;
    const auto keys = allowed_at(scenario, std::string(probe.pointer) + "/" + kProbe);
    ASSERT_TRUE(keys) << "the loader reported no unknown key at " << probe.pointer
                      << ": does it still read that object?";
    expect_same_keys(probe.pointer, *keys, probe.def);
  }
}

std::set<std::string> schema_words(const Json& enumeration) {
  std::set<std::string> words;
  for (const Json& w : enumeration) words.insert(w.get<std::string>());
  return words;
}

void expect_same_words(const char* what, const std::set<std::string>& loader, const std::set<std::string>& in_schema,
                       const std::string& location) {
  for (const std::string& w : loader)
    EXPECT_TRUE(in_schema.count(w)) << what << " '" << w << "' is accepted by the loader but missing from "
                                    << kSchemaFile << " " << location;
  for (const std::string& w : in_schema)
    EXPECT_TRUE(loader.count(w)) << what << " '" << w << "' is in " << kSchemaFile << " " << location
                                 << " but the loader rejects it";
}

std::set<std::string> loader_verbs() {
  Json scenario = base_scenario();
  scenario["events"] = Json::array({Json{{"at", "1h"}, {"do", kProbe}}});
  return allowed_at(scenario, "/events/0/do").value_or(std::set<std::string>{});
}

TEST(ScenarioSchemaDrift, EventVerbsAndTheirKeysAreTheLoaders) {
  const std::set<std::string> verbs = loader_verbs();
  ASSERT_FALSE(verbs.empty()) << "the loader listed no verbs for an unknown `do`";
  expect_same_words("event verb", verbs,
                    schema_words(schema().at("$defs").at("event").at("properties").at("do").at("enum")),
                    "#/$defs/event/properties/do/enum");
  for (const std::string& verb : verbs) {
    SCOPED_TRACE(verb);
    const std::string def = "event_" + verb;
    if (!schema().at("$defs").contains(def)) {
      ADD_FAILURE() << "event verb '" << verb << "' has no #/$defs/" << def << " in " << kSchemaFile;
      continue;
    }
    Json scenario = base_scenario();
    scenario["events"] = Json::array({Json{{"at", "1h"}, {"do", verb}, {kProbe, 0}}});
    const auto keys = allowed_at(scenario, std::string("/events/0/") + kProbe);
    ASSERT_TRUE(keys) << "the loader reported no unknown key in a " << verb << " event";
    expect_same_keys("/events/0 (do: " + verb + ")", *keys, def);
  }
}

TEST(ScenarioSchemaDrift, ExpectationKindsAreTheLoaders) {
  Json scenario = base_scenario();
  scenario["expect"] = Json::array({Json{{"id", "x"}, {"kind", kProbe}}});
  const auto kinds = allowed_at(scenario, "/expect/0/kind");
  ASSERT_TRUE(kinds) << "the loader listed no kinds for an unknown expectation kind";
  expect_same_words("expectation kind", *kinds,
                    schema_words(schema().at("$defs").at("expectation").at("properties").at("kind").at("enum")),
                    "#/$defs/expectation/properties/kind/enum");
}

// The probe itself can fail: a key the loader does not know must be reported where it was put.
TEST(ScenarioSchemaDrift, TheProbeFindsAKeyMissingFromTheSchema) {
  const auto keys = loader_keys("/engine", Json::object());
  ASSERT_TRUE(keys);
  EXPECT_TRUE(keys->count("network_model"));
  EXPECT_FALSE(keys->count(kProbe));  // the list is the allowed keys, not what was written
}

}  // namespace
}  // namespace cmsim
