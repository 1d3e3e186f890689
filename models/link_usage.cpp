#include "models/link_usage.hpp"

#include <algorithm>
#include <cmath>
#include <map>

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

using Bins = std::map<std::size_t, LinkBin>;

LinkBin& bin_at(Bins& bins, std::size_t b) {
  LinkBin& x = bins[b];
  x.bin = b;
  return x;
}

// Bytes at an even rate over [a, b], split at the bin edges.
void spread(Bins& bins, double bin_s, double a, double b, double bytes) {
  if (b <= a) {
    bin_at(bins, static_cast<std::size_t>(a / bin_s)).bytes += bytes;
    return;
  }
  const double rate = bytes / (b - a);
  for (auto k = static_cast<std::size_t>(a / bin_s); k * bin_s < b; ++k) {
    const double from = std::max(a, k * bin_s), to = std::min(b, (k + 1) * bin_s);
    if (to > from) bin_at(bins, k).bytes += rate * (to - from);
  }
}

void mark(Bins& bins, double bin_s, double a, double b, LinkState state) {
  for (auto k = static_cast<std::size_t>(a / bin_s); k * bin_s < b || k == static_cast<std::size_t>(a / bin_s); ++k) {
    LinkBin& x = bin_at(bins, k);
    x.state = std::max(x.state, state);
  }
}

}  // namespace

LinkUsage link_usage(const Results& r, double threshold) {
  LinkUsage usage;
  usage.bin_s = usage_bin_s(r.duration_s);
  usage.threshold = threshold;
  std::map<std::string, std::size_t> index;
  auto row_of = [&](const std::string& link) -> LinkUsageRow& {
    auto [it, added] = index.emplace(link, usage.links.size());
    if (added) usage.links.push_back(LinkUsageRow{link, std::nullopt, 0, 0, 0, 0, 0, {}});
    return usage.links[it->second];
  };
  for (const LinkCapacity& c : r.links) row_of(c.link).capacity_Bps = c.bandwidth_Bps;
  std::vector<Bins> bins(usage.links.size());
  auto bins_of = [&](const std::string& link) -> Bins& {
    row_of(link);
    bins.resize(usage.links.size());
    return bins[index.at(link)];
  };
  for (const TransferRecord& t : r.transfers)
    if (t.outcome == TransferStatus::ok && !t.link.empty()) {
      spread(bins_of(t.link), usage.bin_s, t.start_t_s, t.end_t_s, static_cast<double>(t.bytes));
      LinkUsageRow& row = row_of(t.link);
      row.bytes += static_cast<double>(t.bytes);
      if (row.capacity_Bps && *row.capacity_Bps > 0 && t.end_t_s > t.start_t_s)
        row.peak_transfer_utilization =
            std::max(row.peak_transfer_utilization,
                     static_cast<double>(t.bytes) / (t.end_t_s - t.start_t_s) / *row.capacity_Bps);
    }
  for (const FaultRecord& f : r.faults) {
    if (f.kind != FaultKind::link_down && f.kind != FaultKind::link_degrade) continue;
    if (!index.count(f.target)) continue;  // a fault on a link nothing is known about
    mark(bins_of(f.target), usage.bin_s, f.t_s, f.end_t_s.value_or(r.duration_s),
         f.kind == FaultKind::link_down ? LinkState::down : LinkState::degraded);
  }
  for (std::size_t i = 0; i < usage.links.size(); ++i) {
    LinkUsageRow& row = usage.links[i];
    for (auto& [k, b] : bins[i]) {
      row.bins.push_back(b);
      if (!row.capacity_Bps || *row.capacity_Bps <= 0) continue;
      const double u = b.bytes / (*row.capacity_Bps * usage.bin_s);
      if (u > row.peak_utilization) {
        row.peak_utilization = u;
        row.peak_bin_t_s = static_cast<double>(k) * usage.bin_s;
      }
      if (u > threshold) ++row.bins_over_threshold;
    }
  }
  return usage;
}

}  // namespace cmsim
