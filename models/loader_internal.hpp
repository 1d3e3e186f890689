// Shared by the loader's section readers; not part of the public interface.
#pragma once

#include <map>
#include <set>
#include <string>

#include "hierarchy.hpp"
#include "json_fields.hpp"
#include "json_reader.hpp"
#include "scenario.hpp"

namespace cmsim::loader {

// What the section readers share while reading one scenario.
struct Context {
  Scenario& scenario;
  Problems& problems;
  const Hierarchy* hierarchy = nullptr;        // set once /sites has been read
  std::set<std::string> site_codes;            // initial sites plus those events add
  std::map<std::string, SiteType> site_types;  // of the sites events add
  std::set<std::string> added_links;           // links those sites come with
  // False for `validate`: of the events read, only those that add sites or links are kept
  // (Scenario::all_links, which later checks use, needs them); the rest are checked and dropped.
  bool keep_every_event = true;

  SiteType type_of(const std::string& code) const {
    if (const Site* s = scenario.find_site(code)) return s->type;
    auto it = site_types.find(code);
    return it == site_types.end() ? SiteType::secondary : it->second;
  }
};

void read_sites(const Fields& top, Context& ctx);
void read_links(const Fields& top, Context& ctx);
void read_internet(const Fields& top, Context& ctx);
void read_scp(const Fields& top, Context& ctx);
void read_releases(const Fields& top, Context& ctx);
void read_admin(const Fields& top, Context& ctx);
void read_maintenance(const Fields& top, Context& ctx);
void read_engine(const Fields& top, Context& ctx);
// `spooled`: /events' elements when the reader kept them out of the document, else null.
void read_events(const Fields& top, Context& ctx, const JsonSpool* spooled);
void read_faults(const Fields& top, Context& ctx);
void read_expectations(const Fields& top, Context& ctx);

// Pieces several sections share.
void read_link_settings(const Fields& f, Link& link);
Proxy read_proxy(const Json& value, const std::string& pointer, Problems& problems, Proxy proxy);
bool valid_site_code(const std::string& code, const std::string& pointer, Problems& problems);
// `computer`: a remote SCP server's name (a Windows computer name); nullopt when absent or bad.
std::optional<std::string> read_scp_computer(const Fields& f, const Context& ctx);
// Windows computer names are case-insensitive.
bool same_computer_name(const std::string& a, const std::string& b);
// An event or expectation time: an offset ("10d2h") or an absolute UTC timestamp.
std::optional<double> read_time_s(const Fields& f, const char* key, const Context& ctx, bool required);

inline constexpr const char* kRelativeKeys = "bandwidth latency sender rate_limit schedule degraded_after failed_after";

}  // namespace cmsim::loader
