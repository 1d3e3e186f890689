#include "reports/output_set.hpp"

#include <future>

#include "models/record_views.hpp"
#include "models/version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/csv_tables.hpp"
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
  for_each_replication_log(results, [&](const std::vector<LogRecord>& file) { folder.add(file); });
  folder.commit();
}

}  // namespace

void write_run_outputs(const std::filesystem::path& dir, const Results& results, const RunStats& stats,
                       const OutputOptions& options) {
  const std::int64_t start = options.start_unix_s.value_or(results.start_unix_s);
  std::filesystem::create_directories(dir);
  // Two halves of about the same work, written side by side: the log folder (thousands of
  // small files) with the status message table, and the other files. Both only read `results`.
  std::future<void> side = std::async(std::launch::async, [&] {
    write_log_folder(dir / "logs", results, start, options.max_log_bytes);
    write_file_streamed(dir / "status_messages.csv",
                        [&](const TextDrain& d) { write_status_messages_csv(results, start, d); });
  });
  // One link usage for report.json, links.csv and report.html: with business traffic on
  // thousands of links it is a large part of the writing.
  const LinkUsage usage = link_usage(results);
  write_file_streamed(dir / "report.json", [&](const TextDrain& d) { write_report_json(results, d, &usage); });
  write_file_atomically(dir / "run.json", run_json_text(stats, kCmsimVersion, results.engine.version));
  write_file_streamed(dir / "sites.csv", [&](const TextDrain& d) { write_sites_csv(results, start, d); });
  write_file_streamed(dir / "transfers.csv", [&](const TextDrain& d) { write_transfers_csv(results, start, d); });
  write_file_streamed(dir / "update_states.csv",
                      [&](const TextDrain& d) { write_update_states_csv(results, start, d); });
  write_file_streamed(dir / "servicing_status.csv",
                      [&](const TextDrain& d) { write_servicing_status_csv(results, start, d); });
  write_file_streamed(dir / "links.csv", [&](const TextDrain& d) { write_links_csv(results, start, d, &usage); });
  write_file_atomically(dir / "report.html", report_html(results, options.scenario, &usage));
  if (options.traces.chrome)
    write_file_streamed(dir / "trace.json", [&](const TextDrain& d) { write_trace_chrome(results, d); });
  if (options.traces.paje)
    write_file_streamed(dir / "trace.paje", [&](const TextDrain& d) { write_trace_paje(results, d); });
  side.get();  // rethrows the other half's error, if any
}

}  // namespace cmsim::reports
