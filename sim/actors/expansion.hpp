// Growing the hierarchy during a run (docs/modelling.md §1.4): expand_to_cas puts a new CAS above the
// stand-alone primary (refused while the SCP is still on the primary), is complete once the
// service connection point is installed again at the new top tier, and add_site brings in a new
// primary or secondary. The report lists the expansion's steps in the product's order.
#pragma once

#include <functional>
#include <string>

#include <optional>

#include "sim/world.hpp"

namespace cmsim {

class ScpService;

class Expansion {
 public:
  // `installing`: the update still on its way through the stand-alone primary, if any.
  Expansion(World& world, ScpService& scp, std::function<std::string()> installing)
      : world_(world), scp_(scp), installing_(std::move(installing)) {}

  void expand_to_cas(const Event& event);
  // The service connection point was installed on `site` (ScpService::install).
  void scp_installed(const std::string& site);
  // An install_scp refused (not the top tier, say): a waiting expansion says why it still waits.
  void scp_install_refused(const std::string& site, const std::string& refusal);
  // renew_tenant_secret: the expansion steps that waited for it are done.
  void tenant_secret_renewed();
  void add_site(const Event& event);
  // At the end of the run: the first update that reached every site after the expansion.
  void finish();

 private:
  void refuse(ExpansionResult x, std::string reason);
  void set_up_cas(std::size_t index, Link link);
  void step(std::size_t index, const char* name, SimTime t_s);

  World& world_;
  ScpService& scp_;
  std::function<std::string()> installing_;
};

}  // namespace cmsim
