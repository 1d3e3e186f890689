#include "scenario_loader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "json_reader.hpp"
#include "loader_internal.hpp"
#include "overrides.hpp"
#include "release_catalog.hpp"
#include "units.hpp"

namespace cmsim {
namespace {

constexpr const char* kFormat = "cmsim-scenario/1";
constexpr const char* kDefaultStart = "2026-01-05T00:00:00Z";  // assumed: the spec's example start

bool safe_name(const std::string& name) {
  // The name becomes the default output folder (out/<name>).
  return !name.empty() && name.size() <= 100 && name[0] != '.' && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

void read_identity(const Fields& top, Scenario& s, Problems& problems) {
  if (const auto format = top.string("format", true); format && *format != kFormat)
    problems.add("/format", "unknown format '" + *format + "'", std::string("\"") + kFormat + "\"");
  s.name = top.string("name", true).value_or("");
  if (top.has("name") && !s.name.empty() && !safe_name(s.name))
    problems.add("/name", "name '" + s.name + "' cannot name an output folder", "letters, digits, '-', '_' and '.'");
  if (top.has("name") && s.name.empty()) problems.add("/name", "empty name", "a non-empty name");
  s.description = top.string("description").value_or("");
  s.seed = static_cast<std::uint64_t>(top.integer("seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(0));
  const auto start = units::parse_utc_timestamp(top.string("start").value_or(kDefaultStart));
  if (!start) problems.add("/start", start.error, start.expected);
  s.start_unix_s = start.value.value_or(0);
  s.duration_s = top.duration_s("duration", true).value_or(0);
  if (s.duration_s > defaults::kMaxHorizon_s)
    problems.add("/duration", "longer than ten years", "a duration of at most 3650d");
  s.version = top.string("version", true).value_or("");
  if (top.has("version") && !is_version_string(s.version))
    problems.add("/version", "'" + s.version + "' is not a version", "YYMM such as 2403");
}

void read_logs(const Fields& top, Scenario& s, Problems& problems) {
  const Json* value = top.object("logs");
  if (!value) return;
  Fields f(*value, "/logs", problems, {"max_file_size"});
  if (const auto size = f.size_bytes("max_file_size")) {
    // docs/modelling.md §7.3: MaxFileSize is at least 10,000 bytes.
    if (*size < 10000)
      problems.add("/logs/max_file_size", "below the product's minimum", "at least 10000 bytes");
    else
      s.max_log_bytes = *size;
  }
}

void read_model(const Fields& top, Scenario& s, Problems& problems) {
  const Json* value = top.object("model");
  if (!value) return;
  Fields f(*value, "/model", problems,
           {"first_check_delay",
            "manifest_size",
            "manifest_processing",
            "payload_extraction",
            "usage_data",
            "sct_prepare",
            "sct_import",
            "esp_snapshot",
            "despool",
            "prereq_check",
            "install",
            "secondary_install",
            "cmupdate_poll",
            "drs_interval",
            "sender_object_size",
            "sender_job_retry",
            "cas_install",
            "db_snapshot_size",
            "bcp_load",
            "post_install_task",
            "ignore_warnings_resume",
            "link_busy_threshold_percent"});
  ModelTimings& m = s.model;
  m.first_check_delay_s = f.duration_s("first_check_delay", false, true).value_or(m.first_check_delay_s);
  m.manifest_bytes = f.size_bytes("manifest_size").value_or(m.manifest_bytes);
  m.manifest_processing_s = f.duration_s("manifest_processing", false, true).value_or(m.manifest_processing_s);
  m.payload_extraction_s = f.duration_s("payload_extraction", false, true).value_or(m.payload_extraction_s);
  m.sct_prepare_s = f.duration_s("sct_prepare", false, true).value_or(m.sct_prepare_s);
  m.sct_import_s = f.duration_s("sct_import", false, true).value_or(m.sct_import_s);
  m.esp_snapshot_s = f.duration_s("esp_snapshot", false, true).value_or(m.esp_snapshot_s);
  m.despool_s = f.duration_s("despool", false, true).value_or(m.despool_s);
  m.prereq_check_s = f.duration_s("prereq_check", false, true).value_or(m.prereq_check_s);
  m.install_s = f.duration_s("install", false, true).value_or(m.install_s);
  m.secondary_install_s = f.duration_s("secondary_install", false, true).value_or(m.secondary_install_s);
  m.cmupdate_poll_s = f.duration_s("cmupdate_poll").value_or(m.cmupdate_poll_s);
  m.drs_interval_s = f.duration_s("drs_interval").value_or(m.drs_interval_s);
  m.sender_object_bytes = f.size_bytes("sender_object_size");
  if (m.sender_object_bytes && *m.sender_object_bytes < defaults::kMinSenderObject_bytes)
    problems.add("/model/sender_object_size", "sendings of " + std::to_string(*m.sender_object_bytes) + " bytes",
                 "at least 1MB, or a package splits into millions of sendings");
  m.sender_job_retry_s = f.duration_s("sender_job_retry").value_or(m.sender_job_retry_s);
  m.cas_install_s = f.duration_s("cas_install", false, true).value_or(m.cas_install_s);
  m.db_snapshot_bytes = f.size_bytes("db_snapshot_size").value_or(m.db_snapshot_bytes);
  m.bcp_load_s = f.duration_s("bcp_load", false, true).value_or(m.bcp_load_s);
  m.post_install_task_s = f.duration_s("post_install_task", false, true).value_or(m.post_install_task_s);
  m.ignore_warnings_resume_s = f.duration_s("ignore_warnings_resume", false, true).value_or(m.ignore_warnings_resume_s);
  m.link_busy_threshold_percent =
      static_cast<int>(f.integer("link_busy_threshold_percent", 1, 100).value_or(m.link_busy_threshold_percent));
  if (const Json* usage = f.object("usage_data")) {
    Fields u(*usage, "/model/usage_data", problems, {"basic", "enhanced", "full"});
    m.usage_basic_bytes = u.size_bytes("basic").value_or(m.usage_basic_bytes);
    m.usage_enhanced_bytes = u.size_bytes("enhanced").value_or(m.usage_enhanced_bytes);
    m.usage_full_bytes = u.size_bytes("full").value_or(m.usage_full_bytes);
  }
}

// `events`: /events' elements when the reader spooled them, else null (they are in `root`).
void read_scenario(const Json& root, const JsonSpool* events, bool keep_every_event, Scenario& s, Problems& problems) {
  // "$schema": where an editor finds docs/scenario.schema.json (README); nothing for the model.
  Fields top(root, "", problems,
             {"$schema", "format",        "name",   "description", "seed", "start",    "duration", "version",
              "sites",   "link_defaults", "links",  "internet",    "scp",  "releases", "admin",    "maintenance",
              "events",  "faults",        "expect", "engine",      "logs", "model"});
  if (!top.ok()) return;
  read_identity(top, s, problems);
  loader::Context ctx{s, problems, nullptr, {}, {}, {}, keep_every_event};
  loader::read_sites(top, ctx);
  const Hierarchy hierarchy = Hierarchy::build(s.sites, problems);
  ctx.hierarchy = &hierarchy;
  loader::read_links(top, ctx);
  loader::read_internet(top, ctx);
  loader::read_scp(top, ctx);
  loader::read_releases(top, ctx);
  loader::read_admin(top, ctx);
  loader::read_maintenance(top, ctx);
  loader::read_engine(top, ctx);
  read_logs(top, s, problems);
  read_model(top, s, problems);
  loader::read_events(top, ctx, events);
  loader::read_faults(top, ctx);
  loader::read_expectations(top, ctx);
}

// --set events.0.at edits an event in the document, so only then is the whole of /events built
// as one document; otherwise its elements are spooled as they are read.
bool overrides_touch_events(const std::vector<std::string>& overrides) {
  return std::any_of(overrides.begin(), overrides.end(),
                     [](const std::string& item) { return item.rfind("events", 0) == 0; });
}

std::optional<Json> read_document(const std::string& text, const std::vector<std::string>& overrides, JsonSpool& events,
                                  Problems& problems) {
  if (overrides_touch_events(overrides)) return read_json_strictly(text, problems);
  return read_json_strictly(text, problems, events);
}

void read_document_into(LoadResult& result, Json& root, const JsonSpool& events,
                        const std::vector<std::string>& overrides, bool keep_every_event = true) {
  apply_overrides(root, overrides, result.problems);
  Scenario scenario;
  scenario.file = result.file;
  read_scenario(root, events.holds_elements() ? &events : nullptr, keep_every_event, scenario, result.problems);
  if (result.problems.empty()) result.scenario = std::move(scenario);
}

}  // namespace

LoadResult load_scenario_text(const std::string& text, const std::string& file,
                              const std::vector<std::string>& overrides) {
  LoadResult result;
  result.file = file;
  JsonSpool events("at");  // read_events sorts by "at" before it reads the rest
  auto root = read_document(text, overrides, events, result.problems);
  if (root) read_document_into(result, *root, events, overrides);
  return result;
}

namespace {

// Why `path` cannot be read as a scenario, or "" when it can. Checked before opening: a FIFO
// with no writer would block forever, /dev/zero would be read until memory ran out.
std::string unreadable_because(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::string("cannot read the file: ") + std::strerror(errno);
  if (S_ISDIR(st.st_mode)) return "is a directory, not a scenario file";
  if (!S_ISREG(st.st_mode)) return "not a regular file (a device, FIFO or socket cannot hold a scenario)";
  if (static_cast<std::uint64_t>(st.st_size) > kMaxScenarioFile_bytes)
    return "the file has " + std::to_string(st.st_size) + " bytes, more than the " +
           std::to_string(kMaxScenarioFile_bytes / (1024 * 1024)) + " MiB a scenario may have";
  return "";
}

}  // namespace

std::optional<std::string> read_scenario_text(const std::string& path, Problems& problems) {
  if (const std::string why = unreadable_because(path); !why.empty()) {
    problems.add("", why, "a readable scenario file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.add("", "cannot read the file", "a readable scenario file");
    return std::nullopt;
  }
  // Straight into one buffer: a stream copy would hold the text twice.
  std::string text;
  std::error_code size_unknown;
  if (const auto size = std::filesystem::file_size(path, size_unknown); !size_unknown) text.reserve(size);
  std::array<char, 1 << 16> chunk;
  while (in.read(chunk.data(), chunk.size()), in.gcount() > 0) text.append(chunk.data(), in.gcount());
  if (in.bad()) {
    problems.add("", "cannot read the file", "a readable scenario file");
    return std::nullopt;
  }
  return text;
}

namespace {

LoadResult load_file(const std::string& path, const std::vector<std::string>& overrides, bool keep_every_event) {
  LoadResult result;
  result.file = path;
  JsonSpool events("at");  // read_events sorts by "at" before it reads the rest
  std::optional<Json> root;
  {
    const auto text = read_scenario_text(path, result.problems);
    if (!text) return result;
    root = read_document(*text, overrides, events, result.problems);
  }  // the text is freed here, before the events are read
  if (root) read_document_into(result, *root, events, overrides, keep_every_event);
  return result;
}

}  // namespace

LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  return load_file(path, overrides, true);
}

LoadResult check_scenario_file(const std::string& path) { return load_file(path, {}, false); }

}  // namespace cmsim
