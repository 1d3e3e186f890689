// Link utilization in report.html (docs/modelling.md §5.3): what the old capacity planners
// called "Utilization of WAN links", per link over time against the threshold.
#include <optional>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

#include "models/link_usage.hpp"
#include "models/units.hpp"
#include "reports/html_svg.hpp"
#include "reports/html_table.hpp"
#include "reports/report_html_chart.hpp"
#include "reports/report_html_sections.hpp"

namespace cmsim::reports::html {
namespace {

// The busiest links get a row each; more rows would not fit a screen at 6,000 links.
constexpr std::size_t kHeatRows = 30;
constexpr std::size_t kTableRows = 100;
// Above this many cell runs in the chart the runs go without tooltips (each costs ~100
// bytes); every row keeps its own summary tooltip.
constexpr std::size_t kTitledRunsMax = 3000;
constexpr double kLinkRowH = 16;
constexpr double kCellH = 12;
constexpr double kRightX = kChartX + kChartW + 8;
constexpr std::size_t kLabelChars = 26;

// ---- text ------------------------------------------------------------------------------

// Plain text: escape it for HTML (Svg escapes its own titles and text).
std::string pct(double u) {
  if (u > 0 && u < 0.001) return "<0.1%";
  return num(u * 100) + "%";
}

// Decimal units as transfer sizes are quoted ("1.8 GB"), one decimal, locale-free.
std::string bytes_text(double bytes) {
  static const char* const kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  std::size_t i = 0;
  while (bytes >= 1000 && i + 1 < std::size(kUnits)) bytes /= 1000, ++i;
  return num(bytes) + " " + kUnits[i];
}

std::string bin_label(double bin_s) {
  const auto s = static_cast<long long>(bin_s);
  if (s % 86400 == 0) return std::to_string(s / 86400) + " d";
  if (s % 3600 == 0) return std::to_string(s / 3600) + " h";
  return std::to_string(s / 60) + " min";
}

// A row label that fits left of the chart; the full name is in the row's tooltip. Cut at a
// UTF-8 character boundary so a long non-ASCII name stays valid text.
std::string short_label(const std::string& name) {
  if (name.size() <= kLabelChars) return name;
  std::size_t cut = kLabelChars - 1;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return name.substr(0, cut) + "\xE2\x80\xA6";
}

bool known(const LinkUsageRow& l) { return l.capacity_Bps && *l.capacity_Bps > 0; }

// A bin's traffic: ConfigMgr's and the link's business traffic (docs/modelling.md §5.4).
double traffic(const LinkBin& b) { return b.bytes + b.background_bytes; }
bool carried(const LinkUsageRow& l) { return l.bytes + l.background_bytes > 0; }

// ---- rows of the heat map --------------------------------------------------------------

struct Cell {
  double u = 0;
  double bytes = 0;
  bool measured = false;  // bytes on a link of known capacity, so `u` means something
  LinkState state = LinkState::up;
  const std::string* busiest = nullptr;  // aggregate row: the link behind `u`
  int down = 0;                          // aggregate row: how many links were down, degraded
  int degraded = 0;
};

struct Track {
  std::string name;  // for tooltips
  std::string label;
  std::string title;
  std::string right;
  bool over = false;
  bool aggregate = false;
  std::vector<Cell> cells;  // one per bin
};

double utilization(const LinkUsageRow& l, const LinkBin& b, double bin_s) {
  return known(l) ? traffic(b) / (*l.capacity_Bps * bin_s) : 0;
}

std::string row_title(const LinkUsageRow& l, const LinkUsage& usage) {
  if (!known(l)) return l.link + ": capacity unknown, " + bytes_text(l.bytes);
  std::string t = l.link + ": " + units::format_rate(*l.capacity_Bps) + ", " + bytes_text(l.bytes);
  if (l.background_bytes > 0) t += " + " + bytes_text(l.background_bytes) + " business traffic";
  if (!carried(l)) return t + ", no traffic";
  t += ", peak " + pct(l.peak_utilization) + " at " + sim_time(l.peak_bin_t_s);
  if (l.bins_over_threshold > 0)
    t += ", " + short_duration(static_cast<double>(l.bins_over_threshold) * usage.bin_s) + " over the threshold";
  return t;
}

Track link_track(const LinkUsageRow& l, const LinkUsage& usage, std::size_t bins) {
  Track t{l.link, short_label(l.link), row_title(l, usage), "", false, false, std::vector<Cell>(bins)};
  for (const LinkBin& b : l.bins)
    if (b.bin < bins) t.cells[b.bin] = {utilization(l, b, usage.bin_s), traffic(b), known(l), b.state};
  if (known(l) && carried(l)) {
    t.right = pct(l.peak_utilization);
    t.over = l.peak_utilization >= usage.threshold;
  } else if (l.bytes > 0) {
    t.right = bytes_text(l.bytes);
  }
  return t;
}

void add_to_aggregate(Cell& c, const LinkUsageRow& l, const LinkBin& b, double bin_s) {
  const double u = utilization(l, b, bin_s);
  if (traffic(b) > 0 && known(l) && (!c.measured || u > c.u)) c.u = u, c.busiest = &l.link, c.measured = true;
  c.bytes += traffic(b);
  c.state = std::max(c.state, b.state);
  c.down += b.state == LinkState::down ? 1 : 0;
  c.degraded += b.state == LinkState::degraded ? 1 : 0;
}

// The links without a row of their own as one row: per bin the busiest of them, so a
// hot link hidden among thousands still shows, and the worst state among them.
Track others_track(const LinkUsage& usage, const std::vector<std::size_t>& rest, std::size_t bins) {
  const std::string name = std::to_string(rest.size()) + " other links";
  Track t{name, name, "", "", false, true, std::vector<Cell>(bins)};
  double peak = 0;
  std::size_t idle = 0, faulted = 0;
  for (const std::size_t i : rest) {
    const LinkUsageRow& l = usage.links[i];
    peak = std::max(peak, l.peak_utilization);
    idle += carried(l) ? 0 : 1;
    faulted +=
        std::any_of(l.bins.begin(), l.bins.end(), [](const LinkBin& b) { return b.state != LinkState::up; }) ? 1 : 0;
    for (const LinkBin& b : l.bins)
      if (b.bin < bins) add_to_aggregate(t.cells[b.bin], l, b, usage.bin_s);
  }
  t.title = name + " (" + std::to_string(idle) + " without traffic, " + std::to_string(faulted) +
            " down or degraded at some time): each bin shows the busiest of them; peak " + pct(peak);
  t.right = "max " + pct(peak);
  t.over = peak >= usage.threshold;
  return t;
}

// ---- cells -----------------------------------------------------------------------------

// 0: no traffic; 1..4: under 10 %, under 40 %, under the threshold, at or over it; 5: traffic
// on a route whose capacity is unknown.
int bucket(const Cell& c, double threshold) {
  if (c.bytes <= 0) return 0;
  if (!c.measured) return 5;
  if (c.u >= threshold) return 4;
  if (c.u >= 0.4) return 3;
  if (c.u >= 0.1) return 2;
  return 1;
}

const char* const kBucketClass[] = {"", "lu1", "lu2", "lu3", "lu4", "lu-na"};

struct Run {
  std::size_t a = 0;  // bins [a, b)
  std::size_t b = 0;
  int key = 0;
};

// Adjacent bins of the same colour as one rect: a 400-bin row is often a handful of rects.
template <class Key>
std::vector<Run> runs_of(const std::vector<Cell>& cells, Key key) {
  std::vector<Run> runs;
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const int v = key(cells[k]);
    if (!runs.empty() && runs.back().b == k && runs.back().key == v)
      runs.back().b = k + 1;
    else if (v != 0)
      runs.push_back({k, k + 1, v});
  }
  return runs;
}

std::string span_text(const Run& run, double bin_s, double horizon_s) {
  const double a = static_cast<double>(run.a) * bin_s;
  const double b = std::min(static_cast<double>(run.b) * bin_s, std::max(horizon_s, a));
  return sim_time(a) + " to " + sim_time(b);
}

std::string util_title(const Track& t, const Run& run, double bin_s, double horizon_s) {
  double lo = 1e300, hi = -1, bytes = 0;
  const Cell* top = nullptr;
  for (std::size_t k = run.a; k < run.b; ++k) {
    const Cell& c = t.cells[k];
    lo = std::min(lo, c.u), bytes += c.bytes;
    if (c.u > hi) hi = c.u, top = &c;
  }
  std::string v = run.key == 5 ? bytes_text(bytes) + ", capacity unknown"
                  : lo == hi   ? pct(hi)
                               : pct(lo) + " to " + pct(hi);
  if (t.aggregate && top && top->busiest) v = "the busiest at " + pct(hi) + " (" + *top->busiest + ")";
  if (t.aggregate && top && (top->down > 0 || top->degraded > 0))
    v += "; " + std::to_string(top->down) + " down, " + std::to_string(top->degraded) + " degraded";
  return t.name + ", " + span_text(run, bin_s, horizon_s) + ": " + v;
}

std::string state_title(const Track& t, const Run& run, double bin_s, double horizon_s) {
  const char* what = run.key == static_cast<int>(LinkState::down) ? "down" : "degraded";
  return t.name + ", " + span_text(run, bin_s, horizon_s) + ": " + what;
}

struct Drawn {
  Track track;
  std::vector<Run> util;
  std::vector<Run> states;
};

Drawn drawn(Track track, double threshold) {
  Drawn d{std::move(track), {}, {}};
  d.util = runs_of(d.track.cells, [&](const Cell& c) { return bucket(c, threshold); });
  // Among thousands of links one is nearly always down somewhere: outlining the aggregate row
  // would mark every bin, so its tooltips count the faulted links instead.
  if (!d.track.aggregate) d.states = runs_of(d.track.cells, [](const Cell& c) { return static_cast<int>(c.state); });
  return d;
}

void draw_track(Svg& svg, const TimeScale& scale, const Drawn& d, double y, double bin_s, double horizon_s,
                bool titled) {
  const Track& t = d.track;
  const auto x = [&](std::size_t k) { return scale.x(static_cast<double>(k) * bin_s); };
  svg.text(kChartX - 6, y + kCellH - 2, t.label, t.aggregate ? "rl lu-agg" : "rl");
  svg.rect(kChartX, y, kChartW, kCellH, "lu0", t.title);
  for (const Run& r : d.util)
    svg.rect(x(r.a), y, x(r.b) - x(r.a), kCellH, kBucketClass[r.key],
             titled ? util_title(t, r, bin_s, horizon_s) : std::string());
  // Outlines drawn over the colour, inset so neighbouring rows' outlines do not touch.
  for (const Run& r : d.states)
    svg.rect(x(r.a) + 0.75, y + 0.75, x(r.b) - x(r.a) - 1.5, kCellH - 1.5,
             r.key == static_cast<int>(LinkState::down) ? "ls ls-down" : "ls ls-degraded",
             titled ? state_title(t, r, bin_s, horizon_s) : std::string());
  if (!t.right.empty()) svg.text(kRightX, y + kCellH - 2, t.right, t.over ? "rr bad" : "rr");
}

// ---- chart -----------------------------------------------------------------------------

// Busiest first: by peak bin, then peak sending, then bytes; the platform's order breaks ties
// so the page is the same for the same run.
std::vector<std::size_t> busiest_first(const LinkUsage& usage) {
  std::vector<std::size_t> order(usage.links.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const LinkUsageRow &x = usage.links[a], &y = usage.links[b];
    if (x.peak_utilization != y.peak_utilization) return x.peak_utilization > y.peak_utilization;
    if (x.peak_transfer_utilization != y.peak_transfer_utilization)
      return x.peak_transfer_utilization > y.peak_transfer_utilization;
    return x.bytes > y.bytes;
  });
  return order;
}

std::size_t bin_count(const Results& r, const LinkUsage& usage) {
  auto n = static_cast<std::size_t>(std::ceil(r.duration_s / usage.bin_s));
  for (const LinkUsageRow& l : usage.links)
    if (!l.bins.empty()) n = std::max(n, l.bins.back().bin + 1);  // a sending past the end
  return std::max<std::size_t>(n, 1);
}

// One row per link when they all fit, else the busiest and one row for the rest (one
// "other link" row would hide nothing, so it gets its own).
std::vector<Drawn> tracks(const LinkUsage& usage, const std::vector<std::size_t>& order, std::size_t bins) {
  const std::size_t own = order.size() <= kHeatRows + 1 ? order.size() : kHeatRows;
  std::vector<Drawn> out;
  for (std::size_t i = 0; i < own; ++i)
    out.push_back(drawn(link_track(usage.links[order[i]], usage, bins), usage.threshold));
  if (own < order.size()) {
    const std::vector<std::size_t> rest(order.begin() + static_cast<long>(own), order.end());
    out.push_back(drawn(others_track(usage, rest, bins), usage.threshold));
  }
  return out;
}

std::string heat_map(const Results& r, const LinkUsage& usage, const std::vector<Drawn>& rows, std::size_t bins) {
  const TimeScale scale{0, static_cast<double>(bins) * usage.bin_s, kChartX, kChartW};
  const double bottom = kTop + static_cast<double>(rows.size()) * kLinkRowH;
  Svg svg(kWidth, bottom + 6, "Link utilization by time bin");
  std::size_t runs = 0;
  for (const Drawn& d : rows) runs += d.util.size() + d.states.size();
  time_axis(svg, scale, kTop - 6, bottom, r.start_unix_s);
  for (std::size_t i = 0; i < rows.size(); ++i)
    draw_track(svg, scale, rows[i], kTop + static_cast<double>(i) * kLinkRowH, usage.bin_s, r.duration_s,
               runs <= kTitledRunsMax);
  return "<div class=\"scroll\">\n" + svg.finish() + "</div>\n";
}

std::string legend(const LinkUsage& usage, bool unknown) {
  const std::string thr = num(usage.threshold * 100) + "%";
  std::string out = "<p class=\"legend\">Utilization of a bin:<span class=\"k lu0\"></span>no traffic";
  // The buckets under the threshold that it leaves room for (see bucket()).
  if (usage.threshold <= 0.1) {
    out += "<span class=\"k lu1\"></span>under " + thr;
  } else {
    out += "<span class=\"k lu1\"></span>under 10%<span class=\"k lu2\"></span>10 to ";
    out += usage.threshold > 0.4 ? "40%<span class=\"k lu3\"></span>40 to " + thr : thr;
  }
  out += "<span class=\"k lu4\"></span>" + thr + " or more (the threshold)";
  if (unknown) out += "<span class=\"k lu-na\"></span>traffic on a route of unknown capacity";
  return out +
         "; outlined: <span class=\"k ls-degraded\"></span>link degraded <span class=\"k ls-down\"></span>link "
         "down (a fault in the bin). Right: the busiest bin. Hover for details.</p>\n";
}

bool any_business_traffic(const LinkUsage& usage) {
  return std::any_of(usage.links.begin(), usage.links.end(),
                     [](const LinkUsageRow& l) { return l.background_bytes > 0; });
}

std::string explanation(const LinkUsage& usage) {
  const std::string bin = bin_label(usage.bin_s);
  return "<p>" + bin + " bins; threshold " + num(usage.threshold * 100) +
         "% (model.link_busy_threshold_percent). Each completed transfer's bytes are spread evenly over its "
         "interval; a bin's utilization is its bytes against the link's capacity over the bin (bytes \xC3\xB7 "
         "(capacity \xC3\x97 " +
         bin +
         ")). A long bin averages a short saturating sending away: the table's peak transfer column keeps "
         "it." +
         (any_business_traffic(usage) ? " Business traffic (links[].background) counts with ConfigMgr's bytes." : "") +
         "</p>\n";
}

std::string others_note(std::size_t links) {
  if (links <= kHeatRows + 1) return {};
  return "<p class=\"note\">The " + std::to_string(kHeatRows) + " busiest of " + std::to_string(links) +
         " links have a row each; the last row stands for the other " + std::to_string(links - kHeatRows) +
         ", each bin showing the busiest of them. Every link and bin is in links.csv.</p>\n";
}

// ---- over threshold --------------------------------------------------------------------

// Listed: a bin at or over the threshold, what the capacity planners listed. A single sending
// runs near the link's rate, so nearly every link that carried one would pass on its peak
// transfer: those are counted, not listed.
bool reached(const LinkUsageRow& l, double threshold) { return known(l) && l.peak_utilization >= threshold; }

bool reached_in_a_sending_only(const LinkUsageRow& l, double threshold) {
  return known(l) && !reached(l, threshold) && l.peak_transfer_utilization >= threshold;
}

std::string over_row(const LinkUsageRow& l, const LinkUsage& usage) {
  const double over_s = static_cast<double>(l.bins_over_threshold) * usage.bin_s;
  return table_row(
      {escape(l.link), escape(units::format_rate(*l.capacity_Bps)),
       bytes_text(l.bytes) + (l.background_bytes > 0 ? " + " + bytes_text(l.background_bytes) + " business" : ""),
       escape(pct(l.peak_utilization)), sim_time(l.peak_bin_t_s),
       over_s > 0 ? escape(short_duration(over_s)) : "\xE2\x80\x94", escape(pct(l.peak_transfer_utilization))},
      l.peak_utilization >= usage.threshold ? "lu-over" : "");
}

// "2 of 42 links were at or over 80% in a 6 h bin; 40 more reached it only during a single
// sending ...".
std::string over_summary(const LinkUsage& usage, std::size_t in_bin) {
  const std::string thr = num(usage.threshold * 100) + "%";
  std::size_t in_sending = 0;
  for (const LinkUsageRow& l : usage.links) in_sending += reached_in_a_sending_only(l, usage.threshold) ? 1 : 0;
  std::string out = in_bin == 0 && in_sending == 0
                        ? "<p>No link reached the " + thr + " threshold in a " + bin_label(usage.bin_s) + " bin"
                        : "<p>" + std::to_string(in_bin) + " of " + std::to_string(usage.links.size()) +
                              " links were at or over " + thr + " in a " + bin_label(usage.bin_s) + " bin";
  if (in_sending > 0)
    out += "; " + std::to_string(in_sending) + (in_bin ? " more" : "") +
           " reached it only during a single sending (a sending runs near the link's rate, which a long bin "
           "averages away; their peak transfer is in report.json)";
  return out + ".</p>\n";
}

std::string over_table(const LinkUsage& usage, const std::vector<std::size_t>& order) {
  std::vector<std::size_t> over;
  for (const std::size_t i : order)
    if (reached(usage.links[i], usage.threshold)) over.push_back(i);
  // The longest time over the threshold is what a planner acts on; peak bin breaks ties.
  std::stable_sort(over.begin(), over.end(), [&](std::size_t a, std::size_t b) {
    return usage.links[a].bins_over_threshold > usage.links[b].bins_over_threshold;
  });
  const std::string thr = num(usage.threshold * 100) + "%";
  std::string out = "<h3>Links over the threshold</h3>\n" + over_summary(usage, over.size());
  if (over.empty()) return out;
  const std::size_t shown = std::min(over.size(), kTableRows);
  if (shown < over.size())
    out += "<p class=\"note\">Showing the first " + std::to_string(shown) + " of " + std::to_string(over.size()) +
           "; all links are in links.csv and report.json (link_usage).</p>\n";
  out += "<table class=\"lu\">\n" +
         table_head({"link", "capacity", "bytes", "peak bin", "peak bin at", "time over threshold", "peak transfer"}) +
         "<tbody>\n";
  for (std::size_t i = 0; i < shown; ++i) out += over_row(usage.links[over[i]], usage);
  return out + "</tbody></table>\n";
}

bool any_traffic(const LinkUsage& usage) {
  return std::any_of(usage.links.begin(), usage.links.end(), [](const LinkUsageRow& l) { return carried(l); });
}

bool unknown_traffic(const std::vector<Drawn>& rows) {
  return std::any_of(rows.begin(), rows.end(), [](const Drawn& d) {
    return std::any_of(d.util.begin(), d.util.end(), [](const Run& r) { return r.key == 5; });
  });
}

}  // namespace

const char* links_css() {
  return R"css(
.lu0{--c:#f3f3f3}.lu1{--c:#a9cbe8}.lu2{--c:#6baed6}.lu3{--c:#2171b5}.lu4{--c:#d62728}.lu-na{--c:#a0a0a0}
svg rect.ls{fill:none;stroke-width:1.5}rect.ls-down{stroke:#111}rect.ls-degraded{stroke:#ff9800;stroke-dasharray:3 2}
.k.ls-down{background:#fff;border:2px solid #111}.k.ls-degraded{background:#fff;border:2px dashed #ff9800}
.lu-agg{font-style:italic}tr.lu-over td:first-child{font-weight:600}
)css";
}

std::string links_section(const Results& results, const LinkUsage* given) {
  std::string out = "<section id=\"links\">\n<h2>Link utilization</h2>\n";
  std::optional<LinkUsage> own;
  const LinkUsage& usage = given ? *given : own.emplace(link_usage(results));
  if (!any_traffic(usage)) {
    const char* why = results.transfers.empty() ? "There were no transfers in this run"
                                                : "No transfer completed over a link in this run";
    return out + "<p>" + why + ", so no link utilization to show.</p>\n</section>\n";
  }
  const std::vector<std::size_t> order = busiest_first(usage);
  const std::size_t bins = bin_count(results, usage);
  const std::vector<Drawn> rows = tracks(usage, order, bins);
  out += explanation(usage) + legend(usage, unknown_traffic(rows)) + others_note(order.size());
  out += heat_map(results, usage, rows, bins);
  return out + over_table(usage, order) + "</section>\n";
}

}  // namespace cmsim::reports::html
