#include "models/link_usage.hpp"

#include "models/link_bandwidth.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

namespace cmsim {

const char* to_string(LinkState state) {
  switch (state) {
    case LinkState::up:
      return "up";
    case LinkState::degraded:
      return "degraded";
    case LinkState::down:
      return "down";
  }
  return "?";
}

double usage_bin_s(double duration_s) {
  for (double bin : {60.0, 300.0, 900.0, 3600.0, 21600.0, 86400.0})
    if (duration_s / bin <= 400) return bin;
  return 7 * 86400.0;
}

namespace {

// A link's bins as they are filled: unsorted pieces, merged by bin at the end. Thousands of
// links with a few busy bins each stay small, and no lookup runs per piece.
using Pieces = std::vector<LinkBin>;

// Bytes at an even rate over [a, b], split at the bin edges.
void spread(Pieces& pieces, double bin_s, double a, double b, double bytes) {
  const auto first = static_cast<std::size_t>(a / bin_s);
  if (b <= a) {
    pieces.push_back({first, bytes, LinkState::up, 0});
    return;
  }
  const double rate = bytes / (b - a);
  for (std::size_t k = first; static_cast<double>(k) * bin_s < b; ++k) {
    const double from = std::max(a, static_cast<double>(k) * bin_s);
    const double to = std::min(b, static_cast<double>(k + 1) * bin_s);
    if (to > from) pieces.push_back({k, rate * (to - from), LinkState::up, 0});
  }
}

void mark(Pieces& pieces, double bin_s, double a, double b, LinkState state) {
  const auto first = static_cast<std::size_t>(a / bin_s);
  for (std::size_t k = first; k == first || static_cast<double>(k) * bin_s < b; ++k) pieces.push_back({k, 0, state, 0});
}

std::vector<LinkBin> merged(Pieces& pieces) {
  std::sort(pieces.begin(), pieces.end(), [](const LinkBin& x, const LinkBin& y) { return x.bin < y.bin; });
  std::vector<LinkBin> bins;
  for (const LinkBin& p : pieces) {
    if (bins.empty() || bins.back().bin != p.bin) {
      bins.push_back(p);
      continue;
    }
    bins.back().bytes += p.bytes;
    bins.back().background_bytes += p.background_bytes;
    bins.back().state = std::max(bins.back().state, p.state);
  }
  return bins;
}

// The business traffic's bytes in each bin: capacity minus what it leaves, between the
// moments that changes (docs/modelling.md §5.4).
void add_background(Pieces& pieces, double bin_s, const LinkCapacity& c, std::int64_t start_unix_s, double end_s) {
  const auto steps = available_bandwidth(c.bandwidth_Bps, {}, c.background, start_unix_s, end_s);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const double taken_Bps = c.bandwidth_Bps - steps[i].bandwidth_Bps;
    const double until = i + 1 < steps.size() ? steps[i + 1].t_s : end_s;
    if (taken_Bps <= 0 || until <= steps[i].t_s) continue;
    Pieces spread_out;
    spread(spread_out, bin_s, steps[i].t_s, until, taken_Bps * (until - steps[i].t_s));
    for (LinkBin& b : spread_out) pieces.push_back({b.bin, 0, LinkState::up, b.bytes});
  }
}

}  // namespace

LinkUsage link_usage(const Results& r, double threshold) {
  LinkUsage usage;
  usage.bin_s = usage_bin_s(r.duration_s);
  usage.threshold = threshold;
  // Keys view the names in `r` (links, transfers), which outlive this call; faults look up by view.
  std::unordered_map<std::string_view, std::size_t> index;
  std::vector<Pieces> pieces;
  auto row_of = [&](const std::string& link) -> std::size_t {
    if (auto it = index.find(link); it != index.end()) return it->second;
    index.emplace(link, usage.links.size());
    usage.links.push_back(LinkUsageRow{link, std::nullopt, 0, 0, 0, 0, 0, 0, {}});
    pieces.emplace_back();
    return usage.links.size() - 1;
  };
  for (const LinkCapacity& c : r.links) {
    const std::size_t i = row_of(c.link);
    usage.links[i].capacity_Bps = c.bandwidth_Bps;
    if (!c.background.empty()) add_background(pieces[i], usage.bin_s, c, r.start_unix_s, r.duration_s);
  }
  for (const TransferRecord& t : r.transfers) {
    if (t.outcome != TransferStatus::ok || t.link.empty()) continue;
    const std::size_t i = row_of(t.link);
    spread(pieces[i], usage.bin_s, t.start_t_s, t.end_t_s, static_cast<double>(t.bytes));
    LinkUsageRow& row = usage.links[i];
    row.bytes += static_cast<double>(t.bytes);
    if (row.capacity_Bps && *row.capacity_Bps > 0 && t.end_t_s > t.start_t_s)
      row.peak_transfer_utilization = std::max(
          row.peak_transfer_utilization, static_cast<double>(t.bytes) / (t.end_t_s - t.start_t_s) / *row.capacity_Bps);
  }
  for (const FaultView f : r.faults) {
    if (f.kind != FaultKind::link_down && f.kind != FaultKind::link_degrade) continue;
    const auto it = index.find(f.target);
    if (it == index.end()) continue;  // a fault on a link nothing is known about
    mark(pieces[it->second], usage.bin_s, f.t_s, f.end_t_s.value_or(r.duration_s),
         f.kind == FaultKind::link_down ? LinkState::down : LinkState::degraded);
  }
  for (std::size_t i = 0; i < usage.links.size(); ++i) {
    LinkUsageRow& row = usage.links[i];
    row.bins = merged(pieces[i]);
    for (const LinkBin& b : row.bins) row.background_bytes += b.background_bytes;
    if (!row.capacity_Bps || *row.capacity_Bps <= 0) continue;
    for (const LinkBin& b : row.bins) {
      const double u = (b.bytes + b.background_bytes) / (*row.capacity_Bps * usage.bin_s);
      if (u > row.peak_utilization) {
        row.peak_utilization = u;
        row.peak_bin_t_s = static_cast<double>(b.bin) * usage.bin_s;
      }
      if (u > threshold) ++row.bins_over_threshold;
    }
  }
  return usage;
}

LinkUsage link_usage(const Results& r) { return link_usage(r, r.link_busy_threshold_percent / 100.0); }

double union_length(std::vector<std::pair<double, double>> intervals) {
  std::sort(intervals.begin(), intervals.end());
  double total = 0, start = 0, end = 0;
  bool open = false;
  for (const auto& [a, b] : intervals) {
    if (open && a <= end) {
      end = std::max(end, b);
      continue;
    }
    if (open) total += end - start;
    start = a, end = b, open = true;
  }
  return open ? total + (end - start) : total;
}

}  // namespace cmsim
