#include "sim/recorder.hpp"

#include <simgrid/s4u/Engine.hpp>

#include "models/units.hpp"

namespace cmsim {
namespace {

char severity_letter(const char* severity) {
  const std::string s = severity;
  return s == "error" ? 'E' : s == "warning" ? 'W' : 'I';
}

// "Mon Jan 05 00:05:00.000 2026", the GMTDATE of a STATMSG echo (domain §7.4).
std::string gmtdate(double unix_s) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const units::CivilTime t = units::civil_from_unix(unix_s);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %s %02u %02u:%02u:%02u.%03u %04d", kDays[t.weekday], kMonths[t.month - 1], t.day,
                t.hour, t.minute, t.second, t.millisecond, t.year);
  return buf;
}

}  // namespace

double Recorder::now_s() const { return simgrid::s4u::Engine::get_clock(); }

void Recorder::log(const std::string& site, const char* file, const char* component, LogSeverity severity,
                   std::string text, LogFraming framing) {
  LogRecord r;
  r.t_s = now_s();
  r.site = site;
  r.file = file;
  r.component = component;
  r.thread = thread_of(site, component);
  r.severity = severity;
  r.framing = framing;
  r.text = std::move(text);
  results_.logs.push_back(std::move(r));
}

void Recorder::status_message(const std::string& site, const char* component, const char* log_file, int id,
                              const char* severity, std::string text, LogFraming framing) {
  const std::uint32_t tid = thread_of(site, component);
  std::string echo = "STATMSG: ID=" + std::to_string(id) + " SEV=" + severity_letter(severity) +
                     " LEV=M SOURCE=\"SMS Server\" COMP=\"" + component + "\" SYS=" + site +
                     ".contoso.com SITE=" + site + " PID=2316 TID=" + std::to_string(tid) +
                     " GMTDATE=" + gmtdate(static_cast<double>(start_unix_s_) + now_s()) + " ISTR0=\"" + text +
                     "\" ISTR1=\"\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" "
                     "ISTR9=\"\" NUMATTRS=0";
  log(site, log_file, component, LogSeverity::info, std::move(echo), framing);
  results_.status_messages.push_back(StatusMessage{now_s(), site, component, id, severity, std::move(text)});
}

void Recorder::component_status(const std::string& site, const char* component, const char* status) {
  auto& current = status_[{site, component}];
  if (current.empty()) current = "ok";
  if (current == status) return;
  current = status;
  results_.component_status.push_back(ComponentStatusChange{now_s(), site, component, status});
}

std::string Recorder::current_status(const std::string& site, const char* component) const {
  auto it = status_.find({site, component});
  return it == status_.end() ? "ok" : it->second;
}

void Recorder::mode_change(const std::string& configured, const std::string& effective, std::string cause) {
  results_.scp.modes.push_back(ModeChange{now_s(), configured, effective, std::move(cause)});
}

void Recorder::check(double t_s, std::string effective_mode, std::string outcome, std::string reason,
                     std::string offered) {
  results_.scp.checks.push_back(ScpCheck{t_s, std::move(effective_mode), std::move(outcome), std::move(reason),
                                         std::move(offered)});
}

std::size_t Recorder::begin_transfer(TransferRecord row) {
  results_.transfers.push_back(std::move(row));
  return results_.transfers.size() - 1;
}

std::uint32_t Recorder::thread_of(const std::string& site, const char* component) {
  auto [it, inserted] = threads_.emplace(std::make_pair(site, std::string(component)), 0);
  // Thread ids as Windows shows them: multiples of 4, distinct per component of a site.
  if (inserted) it->second = 1000 + 4 * static_cast<std::uint32_t>(threads_.size());
  return it->second;
}

}  // namespace cmsim
