#include "models/critical_path.hpp"

#include <algorithm>
#include <map>

namespace cmsim {

const char* to_string(DelayKind kind) {
  switch (kind) {
    case DelayKind::install_not_started:
      return "install not started";
    case DelayKind::package_creation:
      return "package creation";
    case DelayKind::queued_for_sender:
      return "queued for the sender";
    case DelayKind::transfer:
      return "sending";
    case DelayKind::content_processing:
      return "content processing";
    case DelayKind::prerequisites:
      return "prerequisite check";
    case DelayKind::stopped_by_prerequisites:
      return "stopped by prerequisites";
    case DelayKind::parent_notification:
      return "parent's install reaching the site";
    case DelayKind::service_window:
      return "service window closed";
    case DelayKind::install:
      return "install";
    case DelayKind::upgrade_not_requested:
      return "upgrade not requested";
  }
  return "?";
}

namespace {

struct Walk {
  const Results& results;
  const UpdateResult& update;
  std::map<std::string, std::string> parent;
  std::map<std::string, const UpdateSiteResult*> rows;
  std::vector<PathSegment> out;

  void emit(const std::string& site, DelayKind kind, double a, double b, const std::string& link = {}) {
    if (b <= a) return;
    if (!out.empty() && out.back().site == site && out.back().kind == kind && out.back().link == link &&
        out.back().end_t_s == a) {
      out.back().end_t_s = b;
      return;
    }
    out.push_back(PathSegment{site, kind, a, b, link});
  }

  // The sending of `prefix` to `site` (all its parts): first start, last end, route.
  std::optional<TransferRecord> sending_to(const std::string& site, const std::string& prefix, double a, double b) {
    std::optional<TransferRecord> found;
    for (const TransferRecord& t : results.transfers) {
      if (t.to != site || t.what.rfind(prefix, 0) != 0 || t.start_t_s < a || t.start_t_s > b) continue;
      if (!found) {
        found = t;
        continue;
      }
      found->start_t_s = std::min(found->start_t_s, t.start_t_s);
      found->end_t_s = std::max(found->end_t_s, t.end_t_s);
    }
    return found;
  }

  // queued, then on the link, then what follows, within [a, b].
  void sending(const std::string& site, const std::string& what, DelayKind after, double a, double b) {
    const std::string name = update.name.empty() ? update.version : update.name;
    const auto t = sending_to(site, what + " " + name, a, b);
    if (!t) {
      emit(site, DelayKind::transfer, a, b);
      return;
    }
    const double start = std::clamp(t->start_t_s, a, b), end = std::clamp(t->end_t_s, start, b);
    emit(site, DelayKind::queued_for_sender, a, start, t->link);
    emit(site, DelayKind::transfer, start, end, t->link);
    emit(site, after, end, b);
  }

  std::optional<double> installed_at(const std::string& site) const {
    auto it = rows.find(site);
    return it == rows.end() ? std::nullopt : it->second->installed_t_s;
  }

  // While `site` waits for its parent, the parent's own path; after the parent installed, `late`.
  void via_parent(const std::string& site, DelayKind late, double a, double b) {
    auto p = parent.find(site);
    if (p == parent.end() || p->second.empty() || !rows.count(p->second)) {
      emit(site, late, a, b);
      return;
    }
    const auto done = installed_at(p->second);
    const double split = done ? std::clamp(*done, a, b) : b;
    walk(p->second, a, split);
    emit(site, late, split, b);
  }

  void state(const std::string& site, UpdateState s, double a, double b) {
    const bool top = parent.count(site) == 0 || parent.at(site).empty();
    switch (s) {
      case UpdateState::waiting:
        if (top)
          emit(site, DelayKind::package_creation, a, b);
        else
          via_parent(site, DelayKind::package_creation, a, b);
        return;
      case UpdateState::replicating_content:
        return sending(site, "easy setup package", DelayKind::content_processing, a, b);
      case UpdateState::upgrading:
        return sending(site, "secondary upgrade", DelayKind::install, a, b);
      case UpdateState::checking_prerequisites:
      case UpdateState::prerequisite_check_passed:
        return emit(site, DelayKind::prerequisites, a, b);
      case UpdateState::prerequisite_warning:
      case UpdateState::prerequisites_failed:
        return emit(site, DelayKind::stopped_by_prerequisites, a, b);
      case UpdateState::waiting_for_parent:
        return via_parent(site, DelayKind::parent_notification, a, b);
      case UpdateState::not_upgraded:
        return via_parent(site, DelayKind::upgrade_not_requested, a, b);
      case UpdateState::waiting_for_service_window:
        return emit(site, DelayKind::service_window, a, b);
      default:
        return emit(site, DelayKind::install, a, b);
    }
  }

  // What `site` did over [a, b], its waits handed up the hierarchy.
  void walk(const std::string& site, double a, double b) {
    const UpdateSiteResult& row = *rows.at(site);
    const StateTimeline& states = row.states;
    if (states.empty() || a < states.front().t_s) {
      const double until = states.empty() ? b : std::min(b, states.front().t_s);
      const bool top = parent.count(site) == 0 || parent.at(site).empty();
      if (top)
        emit(site, DelayKind::install_not_started, a, until);
      else
        via_parent(site, DelayKind::install_not_started, a, until);
      a = until;
    }
    for (std::size_t i = 0; i < states.size() && a < b; ++i) {
      const double s = states[i].t_s, e = i + 1 < states.size() ? states[i + 1].t_s : b;
      const double from = std::max(a, s), to = std::min(b, e);
      if (to <= from) continue;
      state(site, states[i].state, from, to);
      a = to;
    }
  }
};

}  // namespace

std::optional<CriticalPath> critical_path(const Results& results, const UpdateResult& update, double horizon_s) {
  if (!update.ready_to_install_t_s || update.sites.empty()) return std::nullopt;
  Walk w{results, update, {}, {}, {}};
  for (const SiteResult& s : results.sites) w.parent[s.code] = s.parent;
  for (const UpdateSiteResult& s : update.sites) w.rows[s.site] = &s;
  CriticalPath path;
  path.start_t_s = *update.ready_to_install_t_s;
  path.complete = static_cast<bool>(update.all_sites_t_s);
  const UpdateSiteResult* last = nullptr;
  for (const UpdateSiteResult& s : update.sites) {
    if (path.complete && s.installed_t_s && (!last || *s.installed_t_s > *last->installed_t_s)) last = &s;
    if (!path.complete && !s.installed_t_s) {
      last = &s;
      break;
    }
  }
  if (!last) return std::nullopt;  // a record whose times disagree (hand-made): no chain to show
  path.last_site = last->site;
  path.end_t_s = path.complete ? *last->installed_t_s : horizon_s;
  w.walk(last->site, path.start_t_s, path.end_t_s);
  path.segments = std::move(w.out);
  return path;
}

std::vector<std::pair<DelayKind, double>> delay_totals(const CriticalPath& path) {
  std::map<DelayKind, double> by_kind;
  for (const PathSegment& s : path.segments) by_kind[s.kind] += s.end_t_s - s.start_t_s;
  std::vector<std::pair<DelayKind, double>> totals(by_kind.begin(), by_kind.end());
  std::stable_sort(totals.begin(), totals.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  return totals;
}

}  // namespace cmsim
