// The update timelines of report.html: one Gantt per update (rows = sites, or tiers when
// there are more than kHtmlTimelineDetailMaxRows sites), fault windows shaded over them. Missing times are normal (a
// site the update never reached, a run that ended mid-install): such a phase is drawn open to the end of the chart, or
// not at all.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reports/html_svg.hpp"
#include "reports/report_html.hpp"
#include "reports/report_html_chart.hpp"
#include "models/critical_path.hpp"
#include "reports/report_html_sections.hpp"

namespace cmsim::reports::html {
namespace {

constexpr double kRightX = kChartX + kChartW + 8;

// One bar of a row; `end` empty means "not reached by the end of the run".
struct Bar {
  double start = 0;
  std::optional<double> end;
  std::string cls;
  std::string title;
  bool marker = false;  // a point in time (a median, a phase end) rather than a span
};

struct Row {
  std::string label;
  std::string right;
  std::string right_cls;
  std::vector<Bar> bars;
  // What a fault must touch to shade the row: a site's server or the link into it, or (the
  // download row) the internet.
  std::set<std::string> sites;
  bool internet = false;
};

struct Milestone {
  SimTime t;
  const char* name;
};

// ---- rows of one update ---------------------------------------------------------------

Row download_row(const Results& r, const UpdateResult& u) {
  Row row{"download at top", "", "", {}, {}, true};
  for (const SiteResult& site : r.sites)
    if (site.parent.empty()) row.sites.insert(site.code);
  if (!u.available_t_s) return row;
  row.bars.push_back({*u.available_t_s, u.ready_to_install_t_s, "ph dl",
                      "download at the top: available " + sim_time(u.available_t_s) + ", ready to install " +
                          sim_time(u.ready_to_install_t_s)});
  return row;
}

struct Phase {
  const char* name;
  const char* cls;
  SimTime start;
  SimTime end;
};

std::vector<Phase> site_phases(const UpdateResult& u, const UpdateSiteResult& s) {
  // Show Status's Replication phase when the run recorded it: it starts when the site's copy
  // starts (not when the admin could first have pressed Install), and a secondary's is the
  // copy of the upgrade files from its parent, which can take days on a slow link.
  if (const PhaseRecord* rep = find_phase(s.phases, ServicingPhase::replication)) {
    const SimTime install_start = s.install_started_t_s ? s.install_started_t_s
                                  : s.installed_t_s     ? s.prereq_done_t_s
                                                        : std::nullopt;
    return {{"replication", "ph rep", rep->start_t_s, rep->end_t_s},
            {"prereq check", "ph pre", rep->end_t_s ? s.content_replicated_t_s : std::nullopt, s.prereq_done_t_s},
            {"install", "ph ins", install_start, s.installed_t_s}};
  }
  const SimTime replication_start = u.ready_to_install_t_s ? u.ready_to_install_t_s : u.available_t_s;
  // Without a recorded install start, an install that finished is drawn from prereq done.
  const SimTime install_start = s.install_started_t_s ? s.install_started_t_s
                                : s.installed_t_s     ? s.prereq_done_t_s
                                                      : std::nullopt;
  return {{"replication", "ph rep", replication_start, s.content_replicated_t_s},
          {"prereq check", "ph pre", s.content_replicated_t_s, s.prereq_done_t_s},
          {"install", "ph ins", install_start, s.installed_t_s}};
}

bool any_time(const Phase& p) { return p.start.has_value() || p.end.has_value(); }

std::string site_label(const std::string& code, const std::string& type) {
  const std::string word = type == "cas" ? "CAS" : type;
  return code == word ? code : code + " " + word;
}

// A phase with both ends is a bar. One whose start is unknown (a secondary gets no content
// replication, say) is a mark at its end, claiming no duration. One that started and never
// ended is drawn open, but only if nothing later happened, since then it is where the site
// stopped.
Row site_row(const UpdateResult& u, const UpdateSiteResult& s, const std::string& type) {
  const char* tone = s.state == UpdateState::installed ? "ok" : s.state == UpdateState::failed ? "bad" : "";
  Row row{site_label(s.site, type), to_string(s.state), tone, {}, {s.site}, false};
  const std::vector<Phase> phases = site_phases(u, s);
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const Phase& p = phases[i];
    const bool later = std::any_of(phases.begin() + static_cast<long>(i) + 1, phases.end(), any_time);
    if (!p.end && (!p.start || later)) continue;
    const std::string title = s.site + " " + p.name + ": " + (p.start ? sim_time(p.start) + " to " : "done at ") +
                              (p.end ? sim_time(p.end) : "not finished by the end of the run");
    if (p.start)
      row.bars.push_back({*p.start, p.end, p.cls, title});
    else
      row.bars.push_back({*p.end, p.end, p.cls, title, true});
  }
  if (s.prereq_done_t_s && s.install_started_t_s && *s.install_started_t_s > *s.prereq_done_t_s)
    row.bars.push_back(
        {*s.prereq_done_t_s, s.install_started_t_s, "ph wait",
         s.site + " waiting to install: " + sim_time(s.prereq_done_t_s) + " to " + sim_time(s.install_started_t_s)});
  return row;
}

using TypeOf = std::map<std::string, std::string>;  // site code -> type

TypeOf types_of(const Results& r) {
  TypeOf types;
  for (const SiteResult& s : r.sites) types.emplace(s.code, s.type);
  return types;
}

std::string type_of(const TypeOf& types, const std::string& code) {
  const auto it = types.find(code);
  return it == types.end() ? "other" : it->second;
}

// Rows in hierarchy order; sites the hierarchy does not list come last, as given.
std::vector<Row> detail_rows(const Results& r, const UpdateResult& u) {
  std::map<std::string, const UpdateSiteResult*> by_site;
  for (const UpdateSiteResult& s : u.sites) by_site.emplace(s.site, &s);
  const TypeOf types = types_of(r);
  std::vector<Row> rows{download_row(r, u)};
  std::set<std::string> done;
  for (const std::string& code : sites_depth_first(r)) {
    const auto it = by_site.find(code);
    if (it == by_site.end()) continue;
    rows.push_back(site_row(u, *it->second, type_of(types, code)));
    done.insert(code);
  }
  for (const UpdateSiteResult& s : u.sites)
    if (done.insert(s.site).second) rows.push_back(site_row(u, s, type_of(types, s.site)));
  return rows;
}

struct TierMilestone {
  const char* name;
  const char* cls;
  SimTime UpdateSiteResult::*time;
  // Where the record keeps it otherwise: a secondary's copy from its parent and its
  // prerequisite check are Show Status phases, not the primary's milestones.
  std::optional<ServicingPhase> phase;
};

const TierMilestone kTierMilestones[] = {
    {"replicated", "ph rep", &UpdateSiteResult::content_replicated_t_s, ServicingPhase::replication},
    {"prereq done", "ph pre", &UpdateSiteResult::prereq_done_t_s, ServicingPhase::prerequisites_check},
    {"install started", "ph wait", &UpdateSiteResult::install_started_t_s, std::nullopt},
    {"installed", "ph ins", &UpdateSiteResult::installed_t_s, std::nullopt},
};

SimTime milestone_time(const UpdateSiteResult& s, const TierMilestone& m) {
  if (s.*m.time || !m.phase) return s.*m.time;
  const PhaseRecord* phase = find_phase(s.phases, *m.phase);
  return phase ? phase->end_t_s : SimTime{};
}

// Above this many sites a tier's rows are not shaded: among thousands of sites some fault is
// always somewhere, and the rows would be shaded end to end.
constexpr std::size_t kShadedTierMaxSites = 50;

// min to max as a translucent bar, the median as a marker (lower median for even counts).
Row tier_row(const std::string& tier, const TierMilestone& m, const std::vector<const UpdateSiteResult*>& sites) {
  std::vector<double> times;
  for (const UpdateSiteResult* s : sites)
    if (const SimTime t = milestone_time(*s, m)) times.push_back(*t);
  std::sort(times.begin(), times.end());
  Row row{tier + ": " + m.name,
          std::to_string(times.size()) + "/" + std::to_string(sites.size()),
          times.size() == sites.size() ? "ok" : "",
          {},
          {},
          false};
  if (sites.size() <= kShadedTierMaxSites)
    for (const UpdateSiteResult* s : sites) row.sites.insert(s->site);
  if (times.empty()) return row;
  const double median = times[(times.size() - 1) / 2];
  const std::string title = tier + " " + m.name + ": " + std::to_string(times.size()) + " of " +
                            std::to_string(sites.size()) + " sites; min " + sim_time(times.front()) + ", median " +
                            sim_time(median) + ", max " + sim_time(times.back());
  row.bars.push_back({times.front(), times.back(), std::string(m.cls) + " range", title});
  row.bars.push_back({median, median, "median", title, true});
  return row;
}

std::vector<Row> tier_rows(const Results& r, const UpdateResult& u) {
  const TypeOf types = types_of(r);
  std::map<std::pair<int, std::string>, std::vector<const UpdateSiteResult*>> by_tier;
  const auto rank = [](const std::string& t) { return t == "cas" ? 0 : t == "primary" ? 1 : t == "secondary" ? 2 : 3; };
  for (const UpdateSiteResult& s : u.sites) {
    const std::string type = type_of(types, s.site);
    by_tier[{rank(type), type}].push_back(&s);
  }
  std::vector<Row> rows{download_row(r, u)};
  for (const auto& [key, sites] : by_tier) {
    std::vector<Row> tier;
    for (const TierMilestone& m : kTierMilestones) tier.push_back(tier_row(key.second, m, sites));
    // A milestone no site of the tier has while some installed is not one the tier goes
    // through (the run records no prerequisite check for a secondary): no "0/6250" row.
    const bool installed = !tier.back().bars.empty();
    for (Row& row : tier)
      if (!(installed && row.bars.empty())) rows.push_back(std::move(row));
  }
  return rows;
}

// ---- drawing ---------------------------------------------------------------------------

bool has_open_bar(const std::vector<Row>& rows) {
  return std::any_of(rows.begin(), rows.end(), [](const Row& row) {
    return std::any_of(row.bars.begin(), row.bars.end(), [](const Bar& b) { return !b.end; });
  });
}

// The chart's time window: every reached time. Open bars run to the end of the run when
// that at most doubles the window; otherwise they run off the right edge (dashed, with the
// end of the run in their tooltip), so one failed install does not squash a rollout that
// took days into a sliver of a 90-day axis.
std::optional<TimeScale> window_of(const std::vector<Row>& rows, const std::vector<Milestone>& milestones,
                                   double horizon_s) {
  std::vector<double> times;
  bool open = false;
  for (const Row& row : rows)
    for (const Bar& b : row.bars) {
      times.push_back(b.start);
      if (b.end)
        times.push_back(*b.end);
      else
        open = true;
    }
  for (const Milestone& m : milestones)
    if (m.t) times.push_back(*m.t);
  if (times.empty()) return std::nullopt;
  const auto [lo, hi] = std::minmax_element(times.begin(), times.end());
  const double t0 = *lo;
  double t1 = std::max(*hi, t0 + 60);  // at least a minute wide: no division by zero
  if (open) t1 = horizon_s - t1 <= t1 - t0 ? std::max(t1, horizon_s) : t1 + (t1 - t0) * 0.1;
  const double pad = (t1 - t0) * 0.02;
  return TimeScale{std::max(0.0, t0 - pad), t1 + pad, kChartX, kChartW};
}

// What a fault shades: a site's server down, the link into it ("PS1-S17" into S17) down or
// degraded, or for the download row the internet. Empty `site` with `internet` false: nothing.
struct FaultTouch {
  std::string_view site;
  bool internet = false;
};

FaultTouch touch_of(const FaultView& f) {
  switch (f.kind) {
    case FaultKind::internet_fault:
      return {{}, true};
    case FaultKind::site_down:
      return {f.target, false};
    case FaultKind::link_down:
    case FaultKind::link_degrade: {
      const auto dash = f.target.rfind('-');
      // "internet", "proxy" and a remote SCP's "<SITE>-SCP-lan" are on the download's way.
      if (dash == std::string_view::npos || f.target.compare(dash, 4, "-lan") == 0) return {{}, true};
      return {f.target.substr(dash + 1), false};
    }
  }
  return {};
}

// The faults by what they touch, built once per report: a year of random link faults is
// tens of thousands of windows, and every row of every update's chart asks for its own.
class FaultsByTouch {
 public:
  explicit FaultsByTouch(const FaultWindows& faults) : faults_(faults) {
    for (std::size_t i = 0; i < faults.size(); ++i) {
      const FaultTouch touch = touch_of(faults[i]);
      if (touch.internet)
        internet_.push_back(i);
      else if (!touch.site.empty())
        by_site_[touch.site].push_back(i);
    }
  }

  // The row's faults in the run's order (the order the bands' tooltips name the first of).
  std::vector<FaultView> touching(const Row& row) const {
    std::vector<std::size_t> picked;
    if (row.internet) picked = internet_;
    for (const std::string& site : row.sites)
      if (const auto it = by_site_.find(site); it != by_site_.end())
        picked.insert(picked.end(), it->second.begin(), it->second.end());
    std::sort(picked.begin(), picked.end());
    std::vector<FaultView> out;
    out.reserve(picked.size());
    for (const std::size_t i : picked) out.push_back(faults_[i]);
    return out;
  }

 private:
  const FaultWindows& faults_;
  std::vector<std::size_t> internet_;
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_site_;
};

void draw_bar(Svg& svg, const TimeScale& scale, const Bar& b, double y) {
  const double xa = scale.x(b.start);
  if (b.marker) {
    svg.rect(xa - 1.5, y - 2, 3, kBarH + 4, b.cls, b.title);
    return;
  }
  const double xb = scale.x(b.end.value_or(scale.t1));
  const std::string cls = b.end ? b.cls : b.cls + " open";
  const double h = b.cls == "ph wait" ? 4 : kBarH;  // waiting is a thin line between bars
  svg.rect(xa, y + (kBarH - h) / 2, std::max(xb - xa, 1.5), h, cls, b.title);
}

void draw_row(Svg& svg, const TimeScale& scale, const Row& row, double y) {
  svg.text(kChartX - 6, y + kBarH - 2, row.label, "rl");
  for (const Bar& b : row.bars) draw_bar(svg, scale, b, y);
  if (!row.right.empty()) svg.text(kRightX, y + kBarH - 2, row.right, "rr " + row.right_cls);
}

// Milestones as dashed verticals, each labelled on its own line under the chart.
void draw_milestones(Svg& svg, const TimeScale& scale, const std::vector<Milestone>& milestones, double y_top,
                     double y_bottom) {
  double label_y = y_bottom + 14;
  for (const Milestone& m : milestones) {
    if (!m.t) continue;
    const double x = scale.x(*m.t);
    const std::string label = std::string(m.name) + " " + sim_time(m.t);
    svg.line(x, y_top, x, y_bottom + 4, "milestone", label);
    svg.text(x, label_y, label, "ml");
    label_y += 13;
  }
}

std::string gantt_svg(const Results& r, const FaultsByTouch& faults, const UpdateResult& u,
                      const std::vector<Row>& rows) {
  const std::vector<Milestone> milestones = {{u.install_started_t_s, "install started at top"},
                                             {u.all_primaries_t_s, "all primaries"},
                                             {u.all_sites_t_s, "all sites"}};
  const auto scale = window_of(rows, milestones, r.duration_s);
  if (!scale) return "<p>This update never became available during the run.</p>\n";
  const double rows_bottom = kTop + static_cast<double>(rows.size()) * kRowH;
  Svg svg(kWidth, rows_bottom + 14 + 13 * 3 + 4, "Timeline of update " + u.version);
  time_axis(svg, *scale, kTop - 6, rows_bottom, r.start_unix_s);
  if (has_open_bar(rows) && r.duration_s > scale->t1)  // where open bars would end; above the ticks
    svg.text(scale->x_end(), kTop - 26, "run ends " + sim_time(r.duration_s) + " \xE2\x86\x92", "rl");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double y = kTop + static_cast<double>(i) * kRowH;
    fault_bands(svg, *scale, faults.touching(rows[i]), y, kRowH, r.duration_s);
    draw_row(svg, *scale, rows[i], y + 4);
  }
  draw_milestones(svg, *scale, milestones, kTop - 4, rows_bottom);
  return svg.finish();
}

// The console's story of the update, as Updates and Servicing showed it over the run.
std::string console_states_line(const StateTimeline& states) {
  if (states.empty()) return "";
  std::string out = "<p class=\"states\">Console: ";
  for (std::size_t i = 0; i < states.size(); ++i)
    out += std::string(i ? " \xE2\x86\x92 " : "") + escape(to_string(states[i].state)) + " <small>" +
           sim_time(states[i].t_s) + "</small>";
  return out + "</p>\n";
}

// docs/modelling.md §4.9: who held the rollout up on the way to the last site.
std::string critical_path_block(const Results& r, const UpdateResult& u) {
  const auto path = critical_path(r, u, r.duration_s);
  if (!path) return {};
  std::string out = "<details class=\"path\"><summary>Critical path: " +
                    std::string(path->complete ? "last site " : "still without it: ") + escape(path->last_site) +
                    (path->complete ? " at " + sim_time(path->end_t_s) : std::string(" at the end of the run")) +
                    " \xE2\x80\x94 ";
  const auto totals = delay_totals(*path);
  for (std::size_t i = 0; i < totals.size() && i < 3; ++i)
    out += std::string(i ? ", " : "") + escape(to_string(totals[i].first)) + " " + short_duration(totals[i].second);
  out +=
      "</summary>\n<table class=\"path\"><thead><tr><th>site</th><th>what</th><th>from</th><th>to</th>"
      "<th>for</th><th>link</th></tr></thead><tbody>\n";
  for (const PathSegment& s : path->segments)
    out += "<tr><td>" + escape(s.site) + "</td><td>" + escape(to_string(s.kind)) + "</td><td>" + sim_time(s.start_t_s) +
           "</td><td>" + sim_time(s.end_t_s) + "</td><td>" + short_duration(s.end_t_s - s.start_t_s) + "</td><td>" +
           escape(s.link) + "</td></tr>\n";
  return out + "</tbody></table></details>\n";
}

std::string update_block(const Results& r, const FaultsByTouch& faults, const UpdateResult& u) {
  const bool aggregate = u.sites.size() > kHtmlTimelineDetailMaxRows;
  std::string out = "<h3>" + escape(u.version) +
                    (u.name.empty() || u.name == u.version ? "" : " \xE2\x80\x94 " + escape(u.name)) +
                    " <span class=\"state\">" + escape(to_string(u.state)) + "</span></h3>\n";
  out += console_states_line(u.states);
  out += critical_path_block(r, u);
  if (u.sites.empty() && u.available_t_s)
    out += "<p class=\"note\">No site-level progress recorded for this update.</p>\n";
  if (aggregate)
    out += "<p class=\"note\">" + std::to_string(u.sites.size()) +
           " sites: one row per site type and milestone, bar from the first to the last site, the "
           "mark at the median; the count is how many sites reached it. A tier of more than " +
           std::to_string(kShadedTierMaxSites) + " sites is not shaded for faults (the Fault windows list them).</p>\n";
  const std::vector<Row> rows = aggregate ? tier_rows(r, u) : detail_rows(r, u);
  return out + "<div class=\"scroll\">\n" + gantt_svg(r, faults, u, rows) + "</div>\n";
}

const char* kTimelineLegend =
    "<p class=\"legend\"><span class=\"k ph dl\"></span>download at top "
    "<span class=\"k ph rep\"></span>content replication <span class=\"k ph pre\"></span>prerequisite check "
    "<span class=\"k ph wait\"></span>waiting to install <span class=\"k ph ins\"></span>install "
    "<span class=\"k open\"></span>not finished by the end of the run; shaded: "
    "<span class=\"k fault f-link\"></span>link fault <span class=\"k fault f-site\"></span>site down "
    "<span class=\"k fault f-net\"></span>internet fault. Times are since the start of the run; hover "
    "for details.</p>\n";

}  // namespace

std::string timelines_section(const Results& results) {
  std::string out = "<section id=\"timelines\">\n<h2>Update timelines</h2>\n";
  if (results.updates.empty()) return out + "<p>No update became available during the run.</p>\n</section>\n";
  out += kTimelineLegend;
  const FaultsByTouch faults(results.faults);
  for (const UpdateResult& u : results.updates) out += update_block(results, faults, u);
  return out + "</section>\n";
}

}  // namespace cmsim::reports::html
