// The STATMSG echo line of a status message (how the product writes a status message it
// raises into the component's log): a product format, so it lives with the domain.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/results.hpp"

namespace cmsim {

// The text of the STATMSG echo a site-server component writes when it raises a status
// message (docs/modelling.md §7.4, docs/modelling.md §12.1.4), to be used as a LogRecord's text:
//   STATMSG: ID=<id> SEV=<I|W|E> LEV=M SOURCE="SMS Server" COMP="<COMPONENT>"
//   SYS=<server> SITE=<code> PID=<pid> TID=<tid> GMTDATE=<Www Mmm dd HH:MM:SS.mmm yyyy>
//   ISTR0="..." ... ISTR9="..." NUMATTRS=<n> [AID0=<id> AVAL0="<val>" ...]
// Always ten insertion strings (missing ones empty, extra ones dropped). The format has no
// escaping, so a '"' inside a value becomes '\'' to keep the fields parseable.
struct StatMsg {
  int id = 0;
  Severity severity = Severity::info;
  std::string component;  // "SMS_HIERARCHY_MANAGER"
  std::string server;     // SYS=, the site server's FQDN
  std::string site;       // SITE=, the site code
  std::uint32_t pid = 0;
  std::uint32_t tid = 0;
  double gmt_unix_s = 0;  // GMTDATE, absolute UTC seconds (start + t)
  std::vector<std::string> insertion_strings;
  std::vector<std::pair<std::uint32_t, std::string>> attributes;  // (AID, AVAL)
};
std::string statmsg_line(const StatMsg& message);

}  // namespace cmsim
