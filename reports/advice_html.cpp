#include "reports/advice_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "models/units.hpp"
#include "reports/advice_document.hpp"
#include "reports/html_svg.hpp"

namespace cmsim::reports {
namespace {

using namespace advice;
using html::escape;
using html::short_duration;

constexpr const char* kCss = R"css(
body{font:14px/1.4 system-ui,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 40px;color:#222}
h1{font-size:22px;margin:18px 0 4px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:3px;margin-top:28px}
table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}
thead th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}small{color:#666}
p.answer{font-size:15px;background:#eef5ff;border-left:4px solid #1f77b4;padding:8px 12px}
svg{font:11px system-ui,"DejaVu Sans",sans-serif;display:block}
rect.sooner{fill:#2e7d32}rect.later{fill:#c62828}rect.never{fill:#c62828;fill-opacity:.35;stroke:#c62828;stroke-dasharray:3 2}
rect.reach{fill:#1f77b4}line.base{stroke:#111;stroke-width:2}.grid{stroke:#e6e6e6}.tick{text-anchor:middle;fill:#666;font-size:10px}
.rl{text-anchor:end;fill:#333}.rr{fill:#444}tr.meets td{background:#e8f5e9}tr.skipped td{color:#888}
)css";

std::string time_text(const SimTime& t) { return t ? "+" + short_duration(*t) : "not reached"; }

std::string gain_text(const Effect& e) {
  if (!e.skipped.empty()) return "skipped";
  if (e.reached_when_baseline_did_not) return "reached (the baseline did not)";
  if (!e.gain_s) return "–";
  if (std::fabs(*e.gain_s) < 0.5) return "no change";
  return std::string(*e.gain_s > 0 ? "−" : "+") + short_duration(std::fabs(*e.gain_s));
}

struct Bar {
  const Effect* effect;
  const Variation* variation;
};

struct TornadoRow {
  std::string label;
  std::vector<Bar> bars;
  double weight = 0;  // how far its farthest bar lies from the baseline
};

double end_of(const Effect& e, double horizon_s) { return e.target_t_s ? *e.target_t_s : horizon_s; }

// Bandwidth variations of one route share a row (x2 to the left, /2 to the right, as a
// tornado shows one input's range); every other change is a row of its own.
std::vector<TornadoRow> tornado_rows(const Advice& a, double base_t, double horizon_s) {
  std::map<std::string, std::size_t> by_subject;
  std::vector<TornadoRow> rows;
  for (const Effect& e : a.ranked) {
    if (!e.skipped.empty()) continue;
    const Variation& v = a.variations.at(e.variation);
    const std::string key = v.factor > 0 ? std::string(to_string(v.kind)) + ":" + v.subject : v.id;
    auto [it, added] = by_subject.emplace(key, rows.size());
    if (added) rows.push_back({v.factor > 0 ? v.subject + " bandwidth" : v.label, {}, 0});
    TornadoRow& row = rows[it->second];
    row.bars.push_back({&e, &v});
    row.weight = std::max(row.weight, std::fabs(end_of(e, horizon_s) - base_t) + (e.target_t_s ? 0 : horizon_s));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const TornadoRow& x, const TornadoRow& y) { return x.weight > y.weight; });
  return rows;
}

std::string bar_title(const Bar& b) {
  return b.variation->label + ": " + time_text(b.effect->target_t_s) + " (" + gain_text(*b.effect) + ")";
}

void draw_bar(html::Svg& svg, const html::TimeScale& scale, const Bar& b, double base_t, double horizon_s, double y,
              double h) {
  const double t = end_of(*b.effect, horizon_s);
  const double xa = scale.x(std::min(t, base_t)), xb = scale.x(std::max(t, base_t));
  const char* cls = !b.effect->target_t_s                     ? "never"
                    : b.effect->reached_when_baseline_did_not ? "reach"
                    : t <= base_t                             ? "sooner"
                                                              : "later";
  svg.rect(xa, y, std::max(1.0, xb - xa), h, cls, bar_title(b));
}

std::string tornado(const Advice& a) {
  constexpr std::size_t kMaxRows = 25;
  constexpr double kLabelW = 370, kPlotW = 620, kRowH = 22, kTop = 24;
  const double horizon = a.duration_s;
  const double base_t = a.baseline && a.baseline->target_t_s ? *a.baseline->target_t_s : horizon;
  auto rows = tornado_rows(a, base_t, horizon);
  if (rows.empty()) return "<p>No variation ran.</p>\n";
  const std::size_t shown = std::min(rows.size(), kMaxRows);
  double lo = base_t, hi = base_t;
  for (std::size_t r = 0; r < shown; ++r)
    for (const Bar& b : rows[r].bars) {
      lo = std::min(lo, end_of(*b.effect, horizon));
      hi = std::max(hi, end_of(*b.effect, horizon));
    }
  const double pad = std::max(3600.0, (hi - lo) * 0.05);
  const html::TimeScale scale{std::max(0.0, lo - pad), hi + pad, kLabelW, kPlotW};
  const double height = kTop + kRowH * static_cast<double>(shown) + 8;
  html::Svg svg(kLabelW + kPlotW + 190, height, "effect of each change on the target time");
  html::time_axis(svg, scale, kTop - 6, height - 4, a.start_unix_s);
  for (std::size_t r = 0; r < shown; ++r) {
    const double y = kTop + kRowH * static_cast<double>(r);
    svg.text(kLabelW - 6, y + 14, rows[r].label, "rl");
    const double h = (kRowH - 6) / static_cast<double>(rows[r].bars.size());
    std::string effects;
    for (std::size_t k = 0; k < rows[r].bars.size(); ++k) {
      draw_bar(svg, scale, rows[r].bars[k], base_t, horizon, y + 3 + h * static_cast<double>(k), h);
      const Variation& v = *rows[r].bars[k].variation;
      effects +=
          (k ? ", " : "") + (v.factor > 0 ? factor_text(v.factor) + " " : "") + gain_text(*rows[r].bars[k].effect);
    }
    svg.text(scale.x_end() + 6, y + 14, effects, "rr");
  }
  svg.line(scale.x(base_t), kTop - 6, scale.x(base_t), height - 4, "base",
           "baseline: " + time_text(a.baseline ? a.baseline->target_t_s : SimTime{}));
  std::string note = rows.size() > shown
                         ? "<p><small>The " + std::to_string(shown) + " changes with the largest effect of " +
                               std::to_string(rows.size()) + "; every one is in the table below.</small></p>\n"
                         : "";
  return svg.finish() + note;
}

std::string row(const std::vector<std::string>& cells, const std::string& cls = {}, const char* tag = "td") {
  std::string out = cls.empty() ? "<tr>" : "<tr class=\"" + cls + "\">";
  for (const std::string& c : cells) out += std::string("<") + tag + ">" + c + "</" + tag + ">";
  return out + "</tr>\n";
}

std::string ranked_table(const Advice& a) {
  std::string s = "<h2 id=\"ranked\">Every change, best first</h2><table><thead>" +
                  row({"#", "change", "target time", "vs baseline", "within SLA", "sites", "--set"}, {}, "th") +
                  "</thead><tbody>\n";
  for (std::size_t k = 0; k < a.ranked.size(); ++k) {
    const Effect& e = a.ranked[k];
    const Variation& v = a.variations.at(e.variation);
    const bool met = a.target.sla_s && e.skipped.empty() && meets(e.target_t_s, e.ready_t_s, *a.target.sla_s);
    std::string sets;
    for (const std::string& o : v.overrides) sets += (sets.empty() ? "" : "<br>") + escape(o);
    if (v.overrides.size() > 3)
      sets = escape(v.overrides.front()) + "<br><small>and " + std::to_string(v.overrides.size() - 1) + " more</small>";
    const std::string sla = !a.target.sla_s ? "" : !e.skipped.empty() ? "&ndash;" : met ? "yes" : "no";
    s += row({std::to_string(k + 1),
              escape(v.label) + (e.skipped.empty() ? "" : "<br><small>" + escape(e.skipped) + "</small>"),
              e.skipped.empty() ? time_text(e.target_t_s) : "&ndash;", escape(gain_text(e)), sla,
              std::to_string(e.installed) + " / " + std::to_string(e.of), "<small>" + sets + "</small>"},
             met                 ? "meets"
             : e.skipped.empty() ? ""
                                 : "skipped");
  }
  return s + "</tbody></table>\n";
}

std::string sla_section(const Advice& a) {
  if (!a.sla) return "";
  const SlaAnswer& sla = *a.sla;
  std::string s = "<h2 id=\"sla\">Within " + units::format_duration(sla.sla_s) +
                  " of Ready to install?</h2>\n<p class=\"answer\">" + escape(sla_text(a)) + "</p>\n";
  if (sla.probes.empty()) return s;
  s += "<p>The search ran " + std::to_string(sla.probes.size()) + " simulations of " + escape(sla.route) +
       " at a bandwidth between today's and x" + html::num(sla.max_factor) +
       ", halving the gap on a log scale until it was within 5 %.</p><table><thead>" +
       row({"run", "bandwidth", "factor", "target time", "within SLA"}, {}, "th") + "</thead><tbody>\n";
  for (std::size_t k = 0; k < sla.probes.size(); ++k) {
    const Probe& p = sla.probes[k];
    const bool met = meets(p.target_t_s, p.ready_t_s, sla.sla_s);
    s += row({std::to_string(k + 1), units::format_rate(sla.route_bandwidth_Bps * p.factor), factor_text(p.factor),
              p.target_t_s ? "+" + units::format_duration(*p.target_t_s) : "not reached", met ? "yes" : "no"},
             met ? "meets" : "");
  }
  return s + "</tbody></table>\n";
}

std::string baseline_section(const Advice& a) {
  std::string s = "<h2 id=\"baseline\">Baseline</h2>\n<p>" +
                  (a.baseline ? escape(outcome_text(a, a.baseline->target_t_s, a.baseline->installed, a.baseline->of,
                                                    a.baseline->ready_t_s))
                              : std::string("The baseline never saw the update.")) +
                  ".</p>\n";
  if (!a.baseline || a.baseline->delays.empty()) return s;
  s += "<p>Where the time on its critical path went (report.html of the baseline run shows the chain):</p><table>"
       "<thead>" +
       row({"delay", "time"}, {}, "th") + "</thead><tbody>\n";
  for (const auto& [kind, seconds] : a.baseline->delays) s += row({to_string(kind), short_duration(seconds)});
  for (const auto& [link, seconds] : a.baseline->path_links)
    s += row({"on " + escape(link) + " (queued and sending)", short_duration(seconds)});
  return s + "</tbody></table>\n";
}

}  // namespace

std::string advice_html(const Advice& a) {
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cmsim advise: " + escape(a.scenario) +
      "</title><style>" + kCss + "</style></head><body>\n";
  page += "<h1>What-if advice: " + escape(a.scenario) + "</h1>\n<p>Target: <b>" + escape(describe(a.target)) +
          "</b> runs <b>" + (a.update.empty() ? std::string("(no update)") : escape(a.update)) + "</b> <small>(" +
          escape(a.update_why) + ")</small>" +
          (a.target.sla_s ? ", within " + units::format_duration(*a.target.sla_s) : std::string()) + ". Seed " +
          std::to_string(a.seed) + "; " + std::to_string(a.variations.size()) +
          " changes, each tried on its own against the baseline.</p>\n";
  page += sla_section(a);
  page +=
      "<h2 id=\"tornado\">Effect of each change</h2>\n<p>Each bar runs from the baseline's time (the black "
      "line) to the time with the change: green sooner, red later, hatched never within the run; a bandwidth "
      "row shows x" +
      html::num(a.options.factor) + " and /" + html::num(a.options.factor) + ".</p>\n" + tornado(a);
  page += baseline_section(a) + ranked_table(a);
  return page +
         "<footer><small>cmsim advise; advice.json and advice.csv hold the same "
         "figures.</small></footer>\n</body></html>\n";
}

}  // namespace cmsim::reports
