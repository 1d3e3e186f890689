// The service connection tool (docs/modelling.md §3.6) for an offline SCP: prepare exports usage data
// on the SCP, connect downloads from an internet-connected PC, import brings the content
// onto the SCP, after which the update is Ready to install. ServiceConnectionTool.log.
#pragma once

#include <vector>

#include "sim/world.hpp"

namespace cmsim {

class ServiceConnectionTool {
 public:
  explicit ServiceConnectionTool(World& world) : world_(world) {}

  void prepare();
  void connect(SctDownload option);
  void import();

 private:
  std::vector<const Release*> select(SctDownload option) const;
  bool download(const Release& release);
  void log(const std::string& text, Severity severity = Severity::info);

  World& world_;
  std::optional<std::string> prepared_version_;  // the site version the usage-data cab names
  std::vector<const Release*> downloaded_;       // what connect brought back
};

}  // namespace cmsim
