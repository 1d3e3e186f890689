#include "reports/output_set.hpp"

#include "reports/report_html.hpp"

#include "models/record_views.hpp"
#include "models/version.hpp"
#include "reports/atomic_file.hpp"
#include "reports/csv_tables.hpp"
#include "reports/report_json.hpp"
#include "reports/run_json.hpp"

namespace cmsim::reports {

void write_run_outputs(const std::filesystem::path& dir, const Results& results, const RunStats& stats,
                       const OutputOptions& options) {
  const std::int64_t start = options.start_unix_s.value_or(results.start_unix_s);
  std::filesystem::create_directories(dir);
  write_file_streamed(dir / "report.json", [&](const TextDrain& d) { write_report_json(results, d); });
  write_file_atomically(dir / "run.json", run_json_text(stats, kCmsimVersion, results.engine.version));
  write_file_streamed(dir / "sites.csv", [&](const TextDrain& d) { write_sites_csv(results, start, d); });
  write_file_streamed(dir / "transfers.csv", [&](const TextDrain& d) { write_transfers_csv(results, start, d); });
  write_file_streamed(dir / "status_messages.csv", [&](const TextDrain& d) { write_status_messages_csv(results, start, d); });
  write_file_atomically(dir / "report.html", report_html(results, options.scenario));
  const std::filesystem::path logs = dir / "logs";
  std::filesystem::remove_all(logs);
  std::filesystem::create_directories(logs);
  write_logs(logs, results.logs, start, options.max_log_bytes);
  for_each_replication_log(results, [&](const std::vector<LogRecord>& file) {
    write_logs(logs, file, start, options.max_log_bytes);
  });
}

}  // namespace cmsim::reports
