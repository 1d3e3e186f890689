// Turns scheduled and random faults into SimGrid link and host states, and internet
// conditions into what the SCP sees. Overlapping faults on one resource are counted, so the
// resource comes back only when the last of them ends.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "sim/world.hpp"

namespace cmsim {
class DrsMonitor;
}

namespace cmsim {

class FaultInjector {
 public:
  // `on_site_up` runs when a site server comes back (SMS_EXECUTIVE starts again).
  FaultInjector(World& world, DrsMonitor& drs, std::function<void(const std::string&)> on_site_up);

  void link_down(const std::string& link, std::optional<double> for_s, const std::string& detail = "");
  void link_up(const std::string& link);
  void link_degrade(const std::string& link, double bandwidth_Bps, std::optional<double> for_s);
  void site_down(const std::string& site, double for_s);
  void internet_fault(const ActiveInternetFault& fault, std::optional<double> for_s);

 private:
  void end_after(double for_s, std::function<void()> end);
  std::size_t record(const char* kind, const std::string& target, std::string detail, std::optional<double> for_s);
  void close_open(const char* kind, const std::string& target);

  World& world_;
  DrsMonitor& drs_;
  std::function<void(const std::string&)> on_site_up_;
  std::map<std::string, int> links_down_;
  std::map<std::string, int> sites_down_;
  std::map<std::string, double> nominal_bandwidth_Bps_;
};

}  // namespace cmsim
