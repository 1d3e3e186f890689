// The tidy CSV tables of a run (docs/scenario.md §4; docs/modelling.md §12.3.1): sites.csv, transfers.csv,
// update_states.csv, servicing_status.csv and status_messages.csv. One observation per row, a header row, RFC 4180
// quoting, LF line ends, '.' decimals. Every row starts with `scenario,seed` so the tables of a sweep concatenate
// without losing which run a row came from. Every time appears twice: as simulated seconds since start (`*_t_s`, same
// numbers as report.json) and as ISO 8601 UTC with milliseconds (`*_utc`, start + t); a time that never came is an
// empty field in both, which pandas and R read as missing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "models/link_usage.hpp"
#include "models/results.hpp"
#include "reports/atomic_file.hpp"

namespace cmsim::reports {

// One row per site per update, sites in Results order, updates in Results order:
//   scenario,seed,site,site_type,parent,tier,initial_version,final_version,
//   update_version,content_replicated_t_s,content_replicated_utc,prereq_done_t_s,
//   prereq_done_utc,install_started_t_s,install_started_utc,installed_t_s,installed_utc,
//   state
// `tier` is the depth below the top of the hierarchy (0 = CAS or stand-alone primary).
// A site the update never reached gets empty times and state. With no updates, one row
// per site with the update columns empty, so the site list is never lost.
std::string sites_csv(const Results& results, std::int64_t start_unix_s);

// One row per transfer, in Results order:
//   scenario,seed,what,from,to,link,bytes,start_t_s,start_utc,end_t_s,end_utc,
//   duration_s,attempts,outcome,reason
std::string transfers_csv(const Results& results, std::int64_t start_unix_s);

// The console states over the run (Updates and Servicing, then each site's Show Status), one
// row per change, updates in Results order, the update's own rows first (site empty):
//   scenario,seed,update_version,site,t_s,t_utc,state
std::string update_states_csv(const Results& results, std::int64_t start_unix_s);

// Show Status's phases and their steps, updates in Results order: each phase is one row (step
// empty) followed by one row per step, in the order they started; the update's Download phase
// first (site: the top tier that downloaded it), then each site's phases in the console's order.
// A phase or step still going at the end of the run has empty end times:
//   scenario,seed,update_version,site,phase,step,start_t_s,start_utc,end_t_s,end_utc,status
std::string servicing_status_csv(const Results& results, std::int64_t start_unix_s);

// One row per status message, in Results order:
//   scenario,seed,t_s,t_utc,site,component,message_id,severity,text
std::string status_messages_csv(const Results& results, std::int64_t start_unix_s);

// The same tables handed to `drain` in chunks, for runs too large to hold a table in memory.
void write_sites_csv(const Results& results, std::int64_t start_unix_s, const TextDrain& drain);
void write_transfers_csv(const Results& results, std::int64_t start_unix_s, const TextDrain& drain);
void write_status_messages_csv(const Results& results, std::int64_t start_unix_s, const TextDrain& drain);
void write_update_states_csv(const Results& results, std::int64_t start_unix_s, const TextDrain& drain);
void write_servicing_status_csv(const Results& results, std::int64_t start_unix_s, const TextDrain& drain);
void write_links_csv(const Results& results, std::int64_t start_unix_s, const TextDrain& drain,
                     const LinkUsage* usage = nullptr);

// Exposed for tests and other tables: the RFC 4180 form of one field (quoted only when
// it holds a comma, a double quote, CR or LF; quotes doubled), and the number format
// used for every double (shortest text that reads back to the same value; empty when
// the value is not finite).
std::string csv_field(std::string_view text);
std::string csv_number(double value);

}  // namespace cmsim::reports
