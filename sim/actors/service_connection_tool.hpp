// The service connection tool (docs/modelling.md §3.6) for an offline SCP: prepare exports usage data
// on the SCP, connect downloads from an internet-connected PC, import brings the content
// onto the SCP, after which the update is Ready to install. Each run of the tool writes its
// ServiceConnectionTool.log afresh, next to the tool on the computer it runs on.
#pragma once

#include <vector>

#include "sim/world.hpp"

namespace cmsim {

// The internet-connected computer Connect runs on: its log folder (assumed name).
inline constexpr const char* kSctConnectPc = "CONNECT-PC";

class ServiceConnectionTool {
 public:
  explicit ServiceConnectionTool(World& world) : world_(world) {}

  void prepare();
  void connect(SctDownload option);
  void import();

 private:
  std::vector<const Release*> select(SctDownload option) const;
  bool download(const Release& release);
  // `on`: the computer the tool runs on now (the SCP server, or kSctConnectPc).
  void log(const std::string& on, const std::string& text, Severity severity = Severity::info);
  void setup_log(const std::string& text);  // ConfigMgrSetup.log on the connect PC
  void begin_run(const std::string& on);

  World& world_;
  std::optional<std::string> prepared_version_;  // the site version the usage-data cab names
  std::vector<const Release*> downloaded_;       // what connect brought back
};

}  // namespace cmsim
