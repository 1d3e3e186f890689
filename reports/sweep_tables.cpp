#include "reports/sweep_tables.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include "models/record_views.hpp"
#include "reports/sweep_statistics.hpp"

namespace cmsim::sweep {
namespace {

using OJson = nlohmann::ordered_json;
using Json = nlohmann::json;

OJson axes_json(const std::vector<Axis>& axes) {
  OJson list = OJson::array();
  for (const Axis& a : axes) list.push_back(OJson{{"key", a.key}, {"values", a.values}});
  return list;
}

std::vector<Axis> axes_from_json(const Json& list) {
  std::vector<Axis> axes;
  for (const Json& a : list)
    axes.push_back(Axis{a.at("key").get<std::string>(), a.at("values").get<std::vector<std::string>>()});
  return axes;
}

std::optional<double> metric_from_json(const Json& value) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_number()) throw std::invalid_argument("a metric is neither a number nor null");
  return value.get<double>();
}

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
  for (std::size_t m = 0; m < defs.size(); ++m)
    metrics[defs[m].name] = distribution_json(distribution(columns[m]), defs[m].is_time);
  return OJson{{"point", point}, {"values", values}, {"runs", runs}, {"metrics", metrics}};
}

}  // namespace

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
  m.values.push_back(
      count_if(results.transfers, [](const TransferRecord& t) { return t.outcome == TransferStatus::failed; }));
  double errors = 0, no_connection = 0;
  for_each_status_message(results, [&](const StatusMessage& s) {
    errors += s.severity == Severity::error ? 1 : 0;
    no_connection += s.message_id == 11488 ? 1 : 0;
  });
  m.values.push_back(errors);
  m.values.push_back(no_connection);
  m.values.push_back(count_if(results.scp.checks, [](const ScpCheck& c) { return c.outcome == CheckOutcome::ok; }));
  m.values.push_back(count_if(results.scp.checks, [](const ScpCheck& c) { return c.outcome == CheckOutcome::failed; }));
  return m;
}

std::string run_record_json(const Plan& plan, const RunId& run, const RunMetrics& metrics) {
  OJson values = OJson::object();
  const auto point_vals = point_values(plan, run.point);
  for (std::size_t a = 0; a < plan.axes.size(); ++a) values[plan.axes[a].key] = point_vals[a];
  OJson m = OJson::object();
  const auto& defs = metric_defs();
  for (std::size_t i = 0; i < defs.size(); ++i) m[defs[i].name] = metric_value_json(metrics.values[i], defs[i].is_time);
  const OJson doc{{"format", "cmsim-sweep-run/1"},
                  {"sweep_id", plan.sweep_id},
                  {"point", run.point},
                  {"seed", run.seed},
                  {"values", values},
                  {"update", metrics.update},
                  {"metrics", m}};
  return doc.dump(2) + "\n";
}

std::optional<RunRecord> parse_run_record(const std::string& text, const Plan& plan, const RunId& run,
                                          std::string& error) {
  const Json doc = Json::parse(text, nullptr, false);
  try {
    if (doc.is_discarded()) throw std::invalid_argument("not JSON");
    if (doc.at("format") != "cmsim-sweep-run/1") throw std::invalid_argument("not a cmsim-sweep-run/1 file");
    if (doc.at("sweep_id") != plan.sweep_id)
      throw std::invalid_argument("from another sweep (id " + doc.at("sweep_id").dump() + ")");
    if (doc.at("point") != run.point || doc.at("seed") != run.seed)
      throw std::invalid_argument("point or seed differs from its name");
    RunRecord record{run.point, run.seed, {doc.at("update").get<std::string>(), {}}};
    for (const MetricDef& d : metric_defs())
      record.metrics.values.push_back(metric_from_json(doc.at("metrics").at(d.name)));
    return record;
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

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
    if (m.plan.replicas < 1 || m.shard.index < 1 || m.shard.index > m.shard.count)
      throw std::invalid_argument("replicas or shard out of range");
    for (const Axis& a : m.plan.axes)
      if (a.values.empty()) throw std::invalid_argument("an axis without values");
    return m;
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

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
