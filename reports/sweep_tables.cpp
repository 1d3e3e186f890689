#include "reports/sweep_tables.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include "models/record_views.hpp"
#include "reports/sweep_metrics.hpp"
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

std::optional<double> metric_from_json(const OJson& value) {
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

const SweepValue* find_value(const RunRecord& r, const std::string& name, std::size_t hint) {
  if (hint < r.metrics.size() && r.metrics[hint].name == name) return &r.metrics[hint];
  for (const SweepValue& v : r.metrics)
    if (v.name == name) return &v;
  return nullptr;
}

std::string record_line(const Plan& plan, const RunRecord& r, const std::vector<std::string>& columns) {
  std::string line = std::to_string(r.point) + "," + std::to_string(r.seed);
  for (const std::string& v : point_values(plan, r.point)) line += "," + csv_field(v);
  line += "," + (r.update.empty() ? std::string(kCsvMissing) : csv_field(r.update));
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const SweepValue* v = find_value(r, columns[c], c);
    line += "," + (v ? format_metric(v->value, !v->integral) : std::string(kCsvMissing));
  }
  return line + "\n";
}

// Integral when every present value of the metric is a whole-number type in its records.
std::vector<bool> integral_columns(const std::vector<RunRecord>& records, const std::vector<std::string>& columns) {
  std::vector<bool> integral(columns.size(), true);
  for (const RunRecord& r : records)
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const SweepValue* v = find_value(r, columns[c], c);
      if (v && v->value && !v->integral) integral[c] = false;
    }
  return integral;
}

OJson point_summary(const Plan& plan, std::size_t point, const std::vector<RunRecord>& records,
                    const std::vector<std::string>& columns, const std::vector<bool>& integral) {
  OJson values = OJson::object();
  const auto point_vals = point_values(plan, point);
  for (std::size_t a = 0; a < plan.axes.size(); ++a) values[plan.axes[a].key] = point_vals[a];
  std::vector<std::vector<std::optional<double>>> data(columns.size());
  std::size_t runs = 0;
  for (const RunRecord& r : records) {
    if (r.point != point) continue;
    ++runs;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const SweepValue* v = find_value(r, columns[c], c);
      data[c].push_back(v ? v->value : std::nullopt);
    }
  }
  OJson metrics = OJson::object();
  for (std::size_t c = 0; c < columns.size(); ++c)
    metrics[columns[c]] = statistics_json(statistics(data[c]), integral[c]);
  return OJson{{"point", point}, {"values", values}, {"runs", runs}, {"metrics", metrics}};
}

OJson spec_json(const MetricSpec& spec) {
  OJson user = OJson::array();
  for (const UserMetric& u : spec.user) user.push_back(OJson{{"name", u.name}, {"pointer", u.pointer}});
  return OJson{{"update", spec.update.empty() ? OJson(nullptr) : OJson(spec.update)},
               {"per_site", spec.per_site},
               {"per_link", spec.per_link},
               {"user", user}};
}

MetricSpec spec_from_json(const Json& j) {
  MetricSpec spec;
  if (j.is_null()) return spec;
  if (!j.at("update").is_null()) spec.update = j.at("update").get<std::string>();
  spec.per_site = j.at("per_site").get<bool>();
  spec.per_link = j.at("per_link").get<bool>();
  for (const Json& u : j.at("user"))
    spec.user.push_back(UserMetric{u.at("name").get<std::string>(), u.at("pointer").get<std::string>()});
  return spec;
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

std::string run_record_json(const Plan& plan, const RunId& run, const SweepMetrics& metrics) {
  OJson values = OJson::object();
  const auto point_vals = point_values(plan, run.point);
  for (std::size_t a = 0; a < plan.axes.size(); ++a) values[plan.axes[a].key] = point_vals[a];
  OJson m = OJson::object();
  for (const SweepValue& v : metrics.values) m[v.name] = metric_value_json(v.value, !v.integral);
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
  const OJson doc = OJson::parse(text, nullptr, false);
  try {
    if (doc.is_discarded()) throw std::invalid_argument("not JSON");
    if (doc.at("format") != "cmsim-sweep-run/1") throw std::invalid_argument("not a cmsim-sweep-run/1 file");
    if (doc.at("sweep_id") != plan.sweep_id)
      throw std::invalid_argument("from another sweep (id " + doc.at("sweep_id").dump() + ")");
    if (doc.at("point") != run.point || doc.at("seed") != run.seed)
      throw std::invalid_argument("point or seed differs from its name");
    RunRecord record{run.point, run.seed, doc.at("update").get<std::string>(), {}};
    for (const auto& [name, value] : doc.at("metrics").items())
      record.metrics.push_back(SweepValue{name, metric_from_json(value), value.is_number_integer()});
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
                  {"metrics", spec_json(plan.metrics)},
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
    if (doc.contains("metrics")) m.plan.metrics = spec_from_json(doc.at("metrics"));
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
  if (!value) return kCsvMissing;
  return metric_value_json(value, is_time).dump();
}

std::vector<std::string> metric_columns(const std::vector<RunRecord>& records) {
  std::vector<std::string> columns;
  std::set<std::string> seen;
  for (const RunRecord& r : sorted_records(records))
    for (const SweepValue& v : r.metrics)
      if (seen.insert(v.name).second) columns.push_back(v.name);
  return columns;
}

std::string runs_csv(const Plan& plan, const std::vector<RunRecord>& records) {
  const auto columns = metric_columns(records);
  std::string text = "point,seed";
  for (const Axis& a : plan.axes) text += "," + csv_field(a.key);
  text += ",update";
  for (const std::string& c : columns) text += "," + csv_field(c);
  text += "\n";
  for (const RunRecord& r : sorted_records(records)) text += record_line(plan, r, columns);
  return text;
}

std::string summary_json(const Plan& plan, const std::vector<RunRecord>& records) {
  const auto sorted = sorted_records(records);
  const auto columns = metric_columns(sorted);
  const auto integral = integral_columns(sorted, columns);
  OJson metrics = OJson::array();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const MetricInfo info = describe_metric(columns[c], plan.metrics);
    metrics.push_back(OJson{{"name", columns[c]},
                            {"unit", to_string(info.unit)},
                            {"family", info.family},
                            {"integral", static_cast<bool>(integral[c])}});
  }
  OJson points = OJson::array();
  for (std::size_t p = 0; p < plan.point_count(); ++p)
    points.push_back(point_summary(plan, p, sorted, columns, integral));
  const OJson methods{
      {"percentiles",
       "nearest rank: the smallest value with at least p% of the values at or below it, sorted[ceil(p/100 n) - 1] "
       "(Hyndman-Fan type 1; R quantile(type = 1), numpy method 'inverted_cdf'); always one of the data"},
      {"missing",
       "runs without a value (a time never reached before the horizon, a --metric absent in that run) are counted "
       "in missing and excluded from every statistic; runs = n + missing"},
      {"sd", "sample standard deviation, n - 1 denominator; null below n = 2"},
      {"mean_ci95", "mean +- t(0.975, n - 1) sd / sqrt(n), Student t; null below n = 2"},
      {"median_ci95",
       "distribution-free order-statistic interval [x(j), x(n+1-j)], j the largest rank with P(Bin(n, 1/2) < j) <= "
       "0.025; coverage is its exact confidence (>= 0.95); null below n = 6"}};
  const OJson doc{{"format", "cmsim-sweep-summary/1"},
                  {"scenario", plan.scenario},
                  {"sweep_id", plan.sweep_id},
                  {"base_seed", plan.base_seed},
                  {"replicas", plan.replicas},
                  {"vary", axes_json(plan.axes)},
                  {"metric_options", spec_json(plan.metrics)},
                  {"percentiles", "nearest rank; nulls (never reached) excluded and counted as missing"},
                  {"methods", methods},
                  {"metrics", metrics},
                  {"points", points}};
  return doc.dump(2) + "\n";
}

}  // namespace cmsim::sweep
