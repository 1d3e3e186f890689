#include "models/sweep_grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "models/record_views.hpp"

namespace cmsim::sweep {
namespace {

using OJson = nlohmann::ordered_json;
using Json = nlohmann::json;

// ---- --vary ------------------------------------------------------------------------------

// Splits on commas that are not nested in brackets, braces or a quoted string.
std::vector<std::string> split_top_level(const std::string& text) {
  std::vector<std::string> parts(1);
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted && c == '\\' && i + 1 < text.size()) {
      parts.back() += c;
      parts.back() += text[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '[' || c == '{')) ++depth;
    if (!quoted && (c == ']' || c == '}')) --depth;
    if (c == ',' && depth == 0 && !quoted) {
      parts.emplace_back();
      continue;
    }
    parts.back() += c;
  }
  return parts;
}

std::optional<Axis> vary_failure(std::string& error, std::string why) {
  error = std::move(why);
  return std::nullopt;
}

// ---- hashing -----------------------------------------------------------------------------

std::uint64_t fnv1a(std::uint64_t hash, const std::string& text) {
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string hex16(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

// ---- JSON helpers --------------------------------------------------------------------------

OJson axes_json(const std::vector<Axis>& axes) {
  OJson list = OJson::array();
  for (const Axis& a : axes) list.push_back(OJson{{"key", a.key}, {"values", a.values}});
  return list;
}

std::vector<Axis> axes_from_json(const Json& list) {
  std::vector<Axis> axes;
  for (const Json& a : list) axes.push_back(Axis{a.at("key").get<std::string>(), a.at("values").get<std::vector<std::string>>()});
  return axes;
}

OJson metric_value_json(const std::optional<double>& value, bool is_time) {
  if (!value) return nullptr;
  if (is_time) return *value;
  return static_cast<std::int64_t>(std::llround(*value));
}

std::optional<double> metric_from_json(const Json& value) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_number()) throw std::invalid_argument("a metric is neither a number nor null");
  return value.get<double>();
}

// ---- metrics -------------------------------------------------------------------------------

const UpdateResult* first_ready(const Results& results) {
  const UpdateResult* first = nullptr;
  for (const UpdateResult& u : results.updates) {
    if (!u.ready_to_install_t_s) continue;
    if (!first || *u.ready_to_install_t_s < *first->ready_to_install_t_s) first = &u;
  }
  return first;
}

template <class T, class Pred>
double count_if(const std::vector<T>& items, Pred pred) {
  return static_cast<double>(std::count_if(items.begin(), items.end(), pred));
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string record_line(const Plan& plan, const RunRecord& r) {
  std::string line = std::to_string(r.point) + "," + std::to_string(r.seed);
  for (const std::string& v : point_values(plan, r.point)) line += "," + csv_field(v);
  line += "," + csv_field(r.metrics.update);
  const auto& defs = metric_defs();
  for (std::size_t m = 0; m < defs.size(); ++m) line += "," + format_metric(r.metrics.values[m], defs[m].is_time);
  return line + "\n";
}

OJson point_summary(const Plan& plan, std::size_t point, const std::vector<RunRecord>& records) {
  OJson values = OJson::object();
  const auto point_vals = point_values(plan, point);
  for (std::size_t a = 0; a < plan.axes.size(); ++a) values[plan.axes[a].key] = point_vals[a];
  const auto& defs = metric_defs();
  std::vector<std::vector<std::optional<double>>> columns(defs.size());
  std::size_t runs = 0;
  for (const RunRecord& r : records) {
    if (r.point != point) continue;
    ++runs;
    for (std::size_t m = 0; m < defs.size(); ++m) columns[m].push_back(r.metrics.values[m]);
  }
  OJson metrics = OJson::object();
  for (std::size_t m = 0; m < defs.size(); ++m) metrics[defs[m].name] = distribution_json(distribution(columns[m]), defs[m].is_time);
  return OJson{{"point", point}, {"values", values}, {"runs", runs}, {"metrics", metrics}};
}

}  // namespace

// ---- parsing ---------------------------------------------------------------------------------

std::optional<Axis> parse_vary(const std::string& text, std::string& error) {
  const auto eq = text.find('=');
  if (eq == std::string::npos) return vary_failure(error, "'" + text + "' has no '=' (expected KEY=V1,V2,...)");
  Axis axis{text.substr(0, eq), split_top_level(text.substr(eq + 1))};
  if (axis.key.empty()) return vary_failure(error, "'" + text + "' has an empty key (expected KEY=V1,V2,...)");
  std::set<std::string> seen;
  for (const std::string& v : axis.values) {
    if (v.empty()) return vary_failure(error, "'" + text + "' has an empty value (expected KEY=V1,V2,...)");
    if (!seen.insert(v).second) return vary_failure(error, "'" + text + "' lists the value '" + v + "' twice");
  }
  return axis;
}

std::vector<Axis> parse_vary_list(const std::vector<std::string>& texts, std::vector<std::string>& errors) {
  std::vector<Axis> axes;
  std::set<std::string> keys;
  for (const std::string& text : texts) {
    std::string error;
    auto axis = parse_vary(text, error);
    if (!axis) {
      errors.push_back("--vary " + error);
    } else if (axis->key == "seed") {
      errors.push_back("--vary seed: seeds come from --replicas (scenario seed + replica), not from --vary");
    } else if (!keys.insert(axis->key).second) {
      errors.push_back("--vary " + axis->key + ": the key is varied twice (give all its values in one --vary)");
    } else {
      axes.push_back(std::move(*axis));
    }
  }
  return axes;
}

std::optional<Shard> parse_shard(const std::string& text, std::string& error) {
  if (text.empty()) return Shard{};
  unsigned long long index = 0, count = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%llu/%llu%c", &index, &count, &extra) != 2 || text[0] == '-' ||
      text.find("/-") != std::string::npos || index < 1 || count < 1 || index > count) {
    error = "--shard '" + text + "' (expected I/N with 1 <= I <= N, e.g. 1/4)";
    return std::nullopt;
  }
  return Shard{static_cast<std::size_t>(index), static_cast<std::size_t>(count)};
}

// ---- plan and numbering -------------------------------------------------------------------------

std::size_t Plan::point_count() const {
  std::size_t n = 1;
  for (const Axis& a : axes) n *= a.values.size();
  return n;
}

bool Plan::operator==(const Plan& o) const {
  return scenario == o.scenario && base_seed == o.base_seed && replicas == o.replicas && axes == o.axes &&
         sweep_id == o.sweep_id;
}

std::string make_sweep_id(const std::string& scenario_text, std::size_t replicas, const std::vector<Axis>& axes,
                          const std::string& cmsim_version) {
  // Separators outside any scenario or key text, so ("a","bc") and ("ab","c") differ.
  std::string header = "cmsim-sweep/1\x1f" + cmsim_version + "\x1f" + std::to_string(replicas) + "\x1f";
  for (const Axis& a : axes) {
    header += a.key + "\x1e";
    for (const std::string& v : a.values) header += v + "\x1d";
    header += "\x1f";
  }
  return hex16(fnv1a(fnv1a(0xcbf29ce484222325ULL, header), scenario_text));
}

std::vector<std::string> point_values(const Plan& plan, std::size_t point) {
  std::vector<std::string> values(plan.axes.size());
  for (std::size_t a = plan.axes.size(); a-- > 0;) {
    const std::size_t size = plan.axes[a].values.size();
    values[a] = plan.axes[a].values[point % size];
    point /= size;
  }
  return values;
}

std::vector<std::string> point_overrides(const Plan& plan, std::size_t point) {
  const auto values = point_values(plan, point);
  std::vector<std::string> overrides;
  for (std::size_t a = 0; a < plan.axes.size(); ++a) overrides.push_back(plan.axes[a].key + "=" + values[a]);
  return overrides;
}

std::string point_label(const Plan& plan, std::size_t point) {
  if (plan.axes.empty()) return "(no --vary)";
  std::string label;
  for (const std::string& o : point_overrides(plan, point)) label += (label.empty() ? "" : ", ") + o;
  return label;
}

RunId run_at(const Plan& plan, std::size_t k) {
  const std::size_t replica = k % plan.replicas;
  return RunId{k, k / plan.replicas, replica, plan.base_seed + replica};
}

bool in_shard(std::size_t k, const Shard& shard) { return k % shard.count == shard.index - 1; }

std::vector<RunId> shard_runs(const Plan& plan, const Shard& shard) {
  std::vector<RunId> runs;
  for (std::size_t k = 0; k < plan.run_count(); ++k)
    if (in_shard(k, shard)) runs.push_back(run_at(plan, k));
  return runs;
}

std::string run_file_name(const RunId& run) {
  return "p" + std::to_string(run.point) + "-" + std::to_string(run.seed) + ".json";
}

// ---- metrics ---------------------------------------------------------------------------------------

const std::vector<MetricDef>& metric_defs() {
  static const std::vector<MetricDef> defs{
      {"ready_to_install_t_s", true}, {"all_primaries_t_s", true}, {"all_sites_t_s", true},
      {"transfers", false},           {"failed_transfers", false}, {"error_messages", false},
      {"status_11488", false},        {"scp_checks_ok", false},    {"scp_checks_failed", false}};
  return defs;
}

RunMetrics metrics_from_results(const Results& results) {
  RunMetrics m;
  const UpdateResult* update = first_ready(results);
  if (update) m.update = update->name.empty() ? update->version : update->name;
  m.values.push_back(update ? update->ready_to_install_t_s : std::nullopt);
  m.values.push_back(update ? update->all_primaries_t_s : std::nullopt);
  m.values.push_back(update ? update->all_sites_t_s : std::nullopt);
  m.values.push_back(static_cast<double>(results.transfers.size()));
  m.values.push_back(count_if(results.transfers, [](const TransferRecord& t) { return t.outcome == "failed"; }));
  double errors = 0, no_connection = 0;
  for_each_status_message(results, [&](const StatusMessage& s) {
    errors += s.severity == "error" ? 1 : 0;
    no_connection += s.message_id == 11488 ? 1 : 0;
  });
  m.values.push_back(errors);
  m.values.push_back(no_connection);
  m.values.push_back(count_if(results.scp.checks, [](const ScpCheck& c) { return c.outcome == "ok"; }));
  m.values.push_back(count_if(results.scp.checks, [](const ScpCheck& c) { return c.outcome == "failed"; }));
  return m;
}

std::string run_record_json(const Plan& plan, const RunId& run, const RunMetrics& metrics) {
  OJson values = OJson::object();
  const auto point_vals = point_values(plan, run.point);
  for (std::size_t a = 0; a < plan.axes.size(); ++a) values[plan.axes[a].key] = point_vals[a];
  OJson m = OJson::object();
  const auto& defs = metric_defs();
  for (std::size_t i = 0; i < defs.size(); ++i) m[defs[i].name] = metric_value_json(metrics.values[i], defs[i].is_time);
  const OJson doc{{"format", "cmsim-sweep-run/1"}, {"sweep_id", plan.sweep_id}, {"point", run.point},
                  {"seed", run.seed},               {"values", values},         {"update", metrics.update},
                  {"metrics", m}};
  return doc.dump(2) + "\n";
}

std::optional<RunRecord> parse_run_record(const std::string& text, const Plan& plan, const RunId& run,
                                          std::string& error) {
  const Json doc = Json::parse(text, nullptr, false);
  try {
    if (doc.is_discarded()) throw std::invalid_argument("not JSON");
    if (doc.at("format") != "cmsim-sweep-run/1") throw std::invalid_argument("not a cmsim-sweep-run/1 file");
    if (doc.at("sweep_id") != plan.sweep_id) throw std::invalid_argument("from another sweep (id " + doc.at("sweep_id").dump() + ")");
    if (doc.at("point") != run.point || doc.at("seed") != run.seed) throw std::invalid_argument("point or seed differs from its name");
    RunRecord record{run.point, run.seed, {doc.at("update").get<std::string>(), {}}};
    for (const MetricDef& d : metric_defs()) record.metrics.values.push_back(metric_from_json(doc.at("metrics").at(d.name)));
    return record;
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

// ---- manifest -----------------------------------------------------------------------------------------

std::string manifest_json(const Plan& plan, const Shard& shard, std::size_t shard_runs) {
  const OJson doc{{"format", "cmsim-sweep-shard/1"},
                  {"sweep_id", plan.sweep_id},
                  {"scenario", plan.scenario},
                  {"base_seed", plan.base_seed},
                  {"replicas", plan.replicas},
                  {"vary", axes_json(plan.axes)},
                  {"shard", OJson{{"index", shard.index}, {"count", shard.count}}},
                  {"runs", shard_runs},
                  {"total_runs", plan.run_count()}};
  return doc.dump(2) + "\n";
}

std::optional<Manifest> parse_manifest(const std::string& text, std::string& error) {
  const Json doc = Json::parse(text, nullptr, false);
  try {
    if (doc.is_discarded()) throw std::invalid_argument("not JSON");
    if (doc.at("format") != "cmsim-sweep-shard/1") throw std::invalid_argument("not a cmsim-sweep-shard/1 manifest");
    Manifest m;
    m.plan.sweep_id = doc.at("sweep_id").get<std::string>();
    m.plan.scenario = doc.at("scenario").get<std::string>();
    m.plan.base_seed = doc.at("base_seed").get<std::uint64_t>();
    m.plan.replicas = doc.at("replicas").get<std::size_t>();
    m.plan.axes = axes_from_json(doc.at("vary"));
    m.shard = Shard{doc.at("shard").at("index").get<std::size_t>(), doc.at("shard").at("count").get<std::size_t>()};
    if (m.plan.replicas < 1 || m.shard.index < 1 || m.shard.index > m.shard.count) throw std::invalid_argument("replicas or shard out of range");
    for (const Axis& a : m.plan.axes)
      if (a.values.empty()) throw std::invalid_argument("an axis without values");
    return m;
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

// ---- statistics -----------------------------------------------------------------------------------------

double nearest_rank(const std::vector<double>& sorted, double percent) {
  const auto n = static_cast<double>(sorted.size());
  // The epsilon keeps 0.95 * 20 = 19.000000000000004 from becoming rank 20.
  auto rank = static_cast<std::size_t>(std::ceil(percent / 100.0 * n - 1e-9));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

Distribution distribution(const std::vector<std::optional<double>>& values) {
  Distribution d;
  std::vector<double> present;
  for (const auto& v : values) {
    if (v) present.push_back(*v);
    else ++d.missing;
  }
  d.n = present.size();
  if (present.empty()) return d;
  std::sort(present.begin(), present.end());
  d.p50 = nearest_rank(present, 50);
  d.p90 = nearest_rank(present, 90);
  d.p95 = nearest_rank(present, 95);
  d.p99 = nearest_rank(present, 99);
  d.max = present.back();
  return d;
}

nlohmann::ordered_json distribution_json(const Distribution& d, bool is_time) {
  return OJson{{"n", d.n},
               {"missing", d.missing},
               {"p50", metric_value_json(d.p50, is_time)},
               {"p90", metric_value_json(d.p90, is_time)},
               {"p95", metric_value_json(d.p95, is_time)},
               {"p99", metric_value_json(d.p99, is_time)},
               {"max", metric_value_json(d.max, is_time)}};
}

// ---- aggregated outputs -----------------------------------------------------------------------------------

std::vector<RunRecord> sorted_records(std::vector<RunRecord> records) {
  std::sort(records.begin(), records.end(), [](const RunRecord& a, const RunRecord& b) {
    return a.point != b.point ? a.point < b.point : a.seed < b.seed;
  });
  return records;
}

std::string format_metric(const std::optional<double>& value, bool is_time) {
  if (!value) return "";
  return metric_value_json(value, is_time).dump();
}

std::string runs_csv(const Plan& plan, const std::vector<RunRecord>& records) {
  std::string text = "point,seed";
  for (const Axis& a : plan.axes) text += "," + csv_field(a.key);
  text += ",update";
  for (const MetricDef& d : metric_defs()) text += std::string(",") + d.name;
  text += "\n";
  for (const RunRecord& r : sorted_records(records)) text += record_line(plan, r);
  return text;
}

std::string summary_json(const Plan& plan, const std::vector<RunRecord>& records) {
  OJson points = OJson::array();
  for (std::size_t p = 0; p < plan.point_count(); ++p) points.push_back(point_summary(plan, p, records));
  const OJson doc{{"format", "cmsim-sweep-summary/1"},
                  {"scenario", plan.scenario},
                  {"sweep_id", plan.sweep_id},
                  {"base_seed", plan.base_seed},
                  {"replicas", plan.replicas},
                  {"vary", axes_json(plan.axes)},
                  {"percentiles", "nearest rank; nulls (never reached) excluded and counted as missing"},
                  {"points", points}};
  return doc.dump(2) + "\n";
}

}  // namespace cmsim::sweep
