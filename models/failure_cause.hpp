// Why bytes did not arrive: one name per cause, whichever component was sending, so that the
// same site server going down reads the same in transfers, logs and reports.
#pragma once

#include <string>

namespace cmsim {

enum class FailureCause { none, network_failure, server_down, timeout };

inline const char* to_string(FailureCause cause) {
  switch (cause) {
    case FailureCause::none:
      return "";
    case FailureCause::network_failure:
      return "network failure";
    case FailureCause::server_down:
      return "site server down";
    case FailureCause::timeout:
      return "timeout";
  }
  return "";
}

}  // namespace cmsim
