#include "reports/output_set.hpp"

#include <mutex>
#include <optional>

#include "models/replication_logs.hpp"
#include "models/version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/csv_tables.hpp"
#include "reports/parallel_writers.hpp"
#include "reports/report_html.hpp"
#include "reports/report_json.hpp"
#include "reports/run_json.hpp"
#include "reports/trace_chrome.hpp"
#include "reports/trace_paje.hpp"

namespace cmsim::reports {

namespace {

// The folder is replaced as a whole, so logs of an earlier run into the same directory
// (other sites, other files) cannot be mistaken for this run's.
void write_log_folder(const std::filesystem::path& logs, const Results& results, std::int64_t start,
                      std::size_t max_log_bytes) {
  LogFolder folder(logs, start, max_log_bytes);
  folder.add(results.logs);
  ReplicationLogs monitor(results.replication);
  for (std::size_t f = 0; f < monitor.files(); ++f)
    folder.add_file(monitor.lines(f), [&](std::size_t i) { return monitor.line(f, i); });
  folder.commit();
}

}  // namespace

void write_run_outputs(const std::filesystem::path& dir, const Results& results, const RunStats& stats,
                       const OutputOptions& options) {
  const std::int64_t start = options.start_unix_s.value_or(results.start_unix_s);
  std::filesystem::create_directories(dir);
  // One link usage for report.json, links.csv and report.html, computed by the first writer
  // that needs it while the other thread writes the logs: with business traffic on thousands
  // of links it is a large part of the writing.
  std::mutex usage_mutex;
  std::optional<LinkUsage> usage_value;
  const auto usage = [&]() -> const LinkUsage* {
    const std::lock_guard<std::mutex> lock(usage_mutex);
    if (!usage_value) usage_value = link_usage(results);
    return &*usage_value;
  };
  const auto streamed = [&](const char* name, auto write) {
    return [&dir, name, write] { write_file_streamed(dir / name, [&](const TextDrain& d) { write(d); }); };
  };
  // Longest first, as measured on the largest example (tests/bench/README.md): the log
  // folder, report.html and report.json take most of the time; the tables fill in around them.
  std::vector<OutputWriter> writers = {
      [&] { write_log_folder(dir / "logs", results, start, options.max_log_bytes); },
      [&] { write_file_atomically(dir / "report.html", report_html(results, options.scenario, usage())); },
      streamed("report.json", [&](const TextDrain& d) { write_report_json(results, d, usage()); }),
      streamed("status_messages.csv", [&](const TextDrain& d) { write_status_messages_csv(results, start, d); }),
      streamed("servicing_status.csv", [&](const TextDrain& d) { write_servicing_status_csv(results, start, d); }),
      streamed("sites.csv", [&](const TextDrain& d) { write_sites_csv(results, start, d); }),
      streamed("links.csv", [&](const TextDrain& d) { write_links_csv(results, start, d, usage()); }),
      streamed("update_states.csv", [&](const TextDrain& d) { write_update_states_csv(results, start, d); }),
      streamed("transfers.csv", [&](const TextDrain& d) { write_transfers_csv(results, start, d); }),
      [&] { write_file_atomically(dir / "run.json", run_json_text(stats, kCmsimVersion, results.engine.version)); },
  };
  // The traces, when asked for, are the longest of all (each sorts its events in memory).
  if (options.traces.paje)
    writers.insert(writers.begin(), streamed("trace.paje", [&](const TextDrain& d) { write_trace_paje(results, d); }));
  if (options.traces.chrome)
    writers.insert(writers.begin(),
                   streamed("trace.json", [&](const TextDrain& d) { write_trace_chrome(results, d); }));
  run_writers(writers);
}

}  // namespace cmsim::reports
