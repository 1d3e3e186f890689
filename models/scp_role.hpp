// Where the service connection point may be installed (docs/modelling.md §2.1): one per
// hierarchy, at the top-tier site. Both the console and the expansion obey this.
#pragma once

#include <optional>
#include <string>

namespace cmsim {

// Why installing the role on `site` is refused, or nullopt when it may go there.
inline std::optional<std::string> scp_install_refusal(bool already_installed, const std::string& site,
                                                      const std::string& top_tier) {
  if (already_installed) return "the hierarchy already has one";
  if (site != top_tier) return "it is not the top-tier site";
  return std::nullopt;
}

}  // namespace cmsim
