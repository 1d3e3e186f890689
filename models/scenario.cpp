#include "scenario.hpp"

#include <algorithm>

namespace cmsim {

const Site* Scenario::find_site(const std::string& code) const {
  auto it = std::find_if(sites.begin(), sites.end(), [&](const Site& s) { return s.code == code; });
  return it == sites.end() ? nullptr : &*it;
}

const Link* Scenario::find_link(const std::string& name) const {
  auto it = std::find_if(links.begin(), links.end(), [&](const Link& l) { return l.name() == name; });
  return it == links.end() ? nullptr : &*it;
}

std::vector<const Link*> Scenario::all_links() const {
  std::vector<const Link*> out;
  for (const Link& l : links) out.push_back(&l);
  for (const Event& e : events)
    if ((e.verb == EventVerb::add_site || e.verb == EventVerb::expand_to_cas) && e.new_link)
      out.push_back(&*e.new_link);
  return out;
}

const Link* Scenario::find_any_link(const std::string& name) const {
  for (const Link* l : all_links())
    if (l->name() == name) return l;
  return nullptr;
}

const char* to_string(SiteType type) {
  switch (type) {
    case SiteType::cas:
      return "cas";
    case SiteType::primary:
      return "primary";
    case SiteType::secondary:
      return "secondary";
  }
  return "?";
}

const char* to_string(ScpMode mode) { return mode == ScpMode::online ? "online" : "offline"; }

const char* to_string(CertState state) {
  switch (state) {
    case CertState::ok:
      return "ok";
    case CertState::missing:
      return "missing";
    case CertState::expired:
      return "expired";
    case CertState::corrupt:
      return "corrupt";
  }
  return "?";
}

}  // namespace cmsim
