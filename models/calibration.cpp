#include "models/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "models/units.hpp"

namespace cmsim {
namespace {

// The message without the product's leading '~' markers and spaces.
std::string_view body(std::string_view text) {
  while (!text.empty() && (text.front() == '~' || text.front() == ' ')) text.remove_prefix(1);
  return text;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return body(text).substr(0, prefix.size()) == prefix;
}
bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// ---- step durations -------------------------------------------------------------------

// A step opens at a line starting with `start` and closes at the first later line starting
// with one of `ends`; a second opening before a close restarts the step (the product redoes
// a step after SMS_EXECUTIVE restarts), and a close with nothing open is not a sample.
struct StepRule {
  const char* key;
  const char* log;  // file name without extension
  const char* start;
  std::vector<const char*> ends;
};

const std::vector<StepRule>& step_rules() {
  static const std::vector<StepRule> kRules = {
      // docs/modelling.md §4.4 step 2 (R20-R22) at each CAS and primary.
      {"model.payload_extraction",
       "CMUpdate",
       "Checking if the CMU Staging folder already has the content extracted",
       {"Extracted "}},
      // §3.4: the SCP verifies and extracts the downloaded payload.
      {"model.payload_extraction",
       "dmpdownloader",
       "Verify the payload signature, hash value and extract the payload",
       {"File "}},  // "File '...\<guid>.cab' has been extracted with 0~~"
      // §4.4 steps 3-4 (R24 to R25/R26/R27 or the product's pass line).
      {"model.prereq_check",
       "CMUpdate",
       "Running prereq checking against Server",
       {"Prerequisite check passed", "Continue configuration manager update as it is configured to ignore prereq",
        "There are site server reporting WARNING in prereq check", "ERROR: Prerequisite check failed",
        "Update package will not install as it is marked for prereq check only"}},
      // §4.5: from CMUpdate waiting for the service to apply the update to R30.
      {"model.install",
       "CMUpdate",
       "INFO: Waiting for CONFIGURATION_MANAGER_SERVICE to be ready to apply update",
       {"INFO: Successfully notified HMan that update package is installed"}},
      // §4.3 step 9 (R14) at each child primary.
      {"model.despool", "despool", "Received package ", {"Stored Package "}},
      // §4.3 step 4 (R5) at the top tier.
      {"model.esp_snapshot",
       "distmgr",
       "Taking package snapshot for package ",
       {"Successfully created/updated the package "}},
  };
  return kRules;
}

bool closes(const StepRule& rule, std::string_view text) {
  if (std::string_view(rule.log) == "dmpdownloader")  // the extraction's close names the .cab
    return starts_with(text, "File '") && contains(text, "has been extracted with");
  return std::any_of(rule.ends.begin(), rule.ends.end(), [&](const char* e) { return starts_with(text, e); });
}

struct Samples {
  std::vector<double> values;
  std::set<std::string> from, sites;
};

void collect_step(const StepRule& rule, const SiteLogs& site, std::map<std::string, Samples>& by_key,
                  std::size_t& unclosed) {
  const auto log = site.logs.find(rule.log);
  if (log == site.logs.end()) return;
  bool open = false;  // a plain flag: GCC's -Wmaybe-uninitialized misreads an optional here
  double opened_at = 0;
  for (const LogEntry& e : log->second.entries) {
    if (starts_with(e.text, rule.start)) {
      if (open) ++unclosed;
      open = true;
      opened_at = e.utc_unix_s;
    } else if (open && closes(rule, e.text)) {
      Samples& s = by_key[rule.key];
      s.values.push_back(e.utc_unix_s - opened_at);
      s.from.insert(std::string(rule.log) + ".log");
      s.sites.insert(site.site);
      open = false;
    }
  }
  if (open) ++unclosed;
}

// HMAN's applicability pass (model.manifest_processing) runs on the site server after the
// SCP (maybe on its own server) hands over the manifest: the two lines are in different
// files, so they are paired in time order across every folder.
void collect_manifest_processing(const std::vector<SiteLogs>& sites, std::map<std::string, Samples>& by_key) {
  struct Mark {
    double t;
    bool start;
    std::string site;
  };
  std::vector<Mark> marks;
  for (const SiteLogs& site : sites) {
    if (const auto d = site.logs.find("dmpdownloader"); d != site.logs.end())
      for (const LogEntry& e : d->second.entries)
        if (starts_with(e.text, "Manifest.cab was successfully moved to the connector outbox"))
          marks.push_back({e.utc_unix_s, true, site.site});
    if (const auto h = site.logs.find("hman"); h != site.logs.end())
      for (const LogEntry& e : h->second.entries)
        if (starts_with(e.text, "Processing Configuration Manager Update manifest file") ||
            (starts_with(e.text, "Configuration Manager Update (PackageGuid=") && contains(e.text, ") is applicable")))
          marks.push_back({e.utc_unix_s, false, site.site});
  }
  // At one instant the hand-over comes first: a zero processing time is a sample, not a miss.
  std::stable_sort(marks.begin(), marks.end(),
                   [](const Mark& a, const Mark& b) { return a.t < b.t || (a.t == b.t && a.start && !b.start); });
  bool open = false;
  double opened_at = 0;
  for (const Mark& m : marks) {
    if (m.start) {
      open = true;
      opened_at = m.t;
    } else if (open) {
      Samples& s = by_key["model.manifest_processing"];
      s.values.push_back(m.t - opened_at);
      s.from.insert("dmpdownloader.log");
      s.from.insert("hman.log");
      s.sites.insert(m.site);
      open = false;
    }
  }
}

// scp.check_interval: the time between the starts of two successive syncs ("Hasn't synced
// recently.", state message 0), unless the later one was a console request.
void collect_check_interval(const std::vector<SiteLogs>& sites, std::map<std::string, Samples>& by_key) {
  for (const SiteLogs& site : sites) {
    const auto d = site.logs.find("dmpdownloader");
    if (d == site.logs.end()) continue;
    bool seen = false, requested = false;
    double last = 0;
    for (const LogEntry& e : d->second.entries) {
      if (contains(e.text, "Check for updates was requested from the console")) requested = true;
      if (!starts_with(e.text, "Hasn't synced recently")) continue;
      if (seen && !requested) {
        Samples& s = by_key["scp.check_interval"];
        s.values.push_back(e.utc_unix_s - last);
        s.from.insert("dmpdownloader.log");
        s.sites.insert(site.site);
      }
      seen = true;
      last = e.utc_unix_s;
      requested = false;
    }
  }
}

// ---- sendings -------------------------------------------------------------------------

struct Sending {
  std::string site, destination;
  double start = 0, end = 0;
  std::uint64_t bytes = 0;
};

// Reads a number at the start of `text`; nullopt when there is none.
std::optional<std::uint64_t> leading_number(std::string_view text) {
  std::uint64_t value = 0;
  std::size_t i = 0;
  for (; i < text.size() && i < 19 && text[i] >= '0' && text[i] <= '9'; ++i) value = value * 10 + (text[i] - '0');
  if (i == 0) return std::nullopt;
  return value;
}

// "Attempt to write N bytes to U at position P" / "Wrote N bytes to U at position P".
struct WriteLine {
  std::uint64_t bytes = 0, position = 0;
  std::string target;
};

std::optional<WriteLine> parse_write(std::string_view text, std::string_view verb) {
  text = body(text);
  if (text.substr(0, verb.size()) != verb) return std::nullopt;
  text.remove_prefix(verb.size());
  const auto n = leading_number(text);
  constexpr std::string_view kBytesTo = " bytes to ";
  const auto to = text.find(kBytesTo);
  constexpr std::string_view kAt = " at position ";
  const auto at = text.rfind(kAt);
  if (!n || to == std::string_view::npos || at == std::string_view::npos || at < to) return std::nullopt;
  const auto position = leading_number(text.substr(at + kAt.size()));
  if (!position) return std::nullopt;
  return WriteLine{*n, *position, std::string(text.substr(to + kBytesTo.size(), at - to - kBytesTo.size()))};
}

// "Sending Started [F]" / "Sending completed [F]" -> F.
std::optional<std::string> bracketed(std::string_view text, std::string_view prefix) {
  text = body(text);
  if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
  text.remove_prefix(prefix.size());
  const auto close = text.rfind(']');
  if (close == std::string_view::npos) return std::nullopt;
  return std::string(text.substr(0, close));
}

struct SenderCounts {
  std::size_t without_size = 0, without_destination = 0, never_completed = 0;
};

// One sender.log. The product gives each sending its own thread; cmsim writes every
// sending of a site on one thread, interleaved, and the remote file (the send request's
// .PCK on the destination's SMS_SITE share) tells them apart. Both read the same way:
//   Sending Started [F]            opens a start on the thread,
//   Attempt to write .. to U ..    binds that start to U (the first write after it),
//   Wrote N bytes to U at P        the sending's size is the largest P + N,
//   Sending completed [F]          closes the sending of the thread's last write,
//   Finished sending .. to site D  names the destination of what just closed (or, if it
//                                  comes first, of the thread's last write).
// A second start on U (a retry) replaces the first: only the attempt that got through is timed.
void read_sender_log(const SiteLogs& site, const LogRead& log, std::vector<Sending>& out, SenderCounts& counts) {
  struct Open {
    double start = 0;
    std::string file;
    std::uint64_t bytes = 0;
    std::string destination;  // when the package line came before the completion
  };
  struct Thread {
    std::optional<std::pair<double, std::string>> pending;  // started, not yet bound to a target
    std::map<std::string, Open> open;                       // by target
    std::string last_written;
    std::optional<std::size_t> last_closed;  // index into `out`, awaiting its destination
  };
  std::map<std::uint32_t, Thread> threads;
  for (const LogEntry& e : log.entries) {
    Thread& th = threads[e.thread];
    if (auto f = bracketed(e.text, "Sending Started [")) {
      if (th.pending) ++counts.never_completed;
      th.pending = std::make_pair(e.utc_unix_s, *f);
      continue;
    }
    if (auto w = parse_write(e.text, "Attempt to write ")) {
      if (th.pending) {
        if (th.open.count(w->target)) ++counts.never_completed;  // a failed attempt, retried
        th.open[w->target] = Open{th.pending->first, th.pending->second, 0, ""};
        th.pending.reset();
      }
      continue;
    }
    if (auto w = parse_write(e.text, "Wrote ")) {
      if (auto it = th.open.find(w->target); it != th.open.end()) {
        it->second.bytes = std::max(it->second.bytes, w->position + w->bytes);
        th.last_written = w->target;
      }
      continue;
    }
    if (auto f = bracketed(e.text, "Sending completed [")) {
      th.last_closed.reset();
      if (th.pending && th.pending->second == *f) {  // nothing written: an instruction file
        th.pending.reset();
        ++counts.without_size;
        continue;
      }
      const auto it = th.open.find(th.last_written);
      if (it == th.open.end() || it->second.file != *f) {
        ++counts.without_size;
        continue;
      }
      out.push_back(Sending{site.site, it->second.destination, it->second.start, e.utc_unix_s, it->second.bytes});
      th.last_closed = out.size() - 1;
      th.open.erase(it);
      th.last_written.clear();
      continue;
    }
    constexpr std::string_view kToSite = " to site ";
    if (starts_with(e.text, "Finished sending SWD package ")) {
      const std::string_view text = body(e.text);
      const auto to = text.rfind(kToSite);
      if (to == std::string_view::npos) continue;
      std::string_view dest = text.substr(to + kToSite.size());
      dest = dest.substr(0, dest.find_first_of(" .~"));
      if (th.last_closed) {
        out[*th.last_closed].destination = std::string(dest);
      } else if (auto it = th.open.find(th.last_written); it != th.open.end()) {
        it->second.destination = std::string(dest);
      }
      th.last_closed.reset();
    }
  }
  for (auto& [id, th] : threads) counts.never_completed += th.open.size() + (th.pending ? 1 : 0);
}

// A link's sendings, merged into busy periods (sendings that overlap share the link, so
// their throughput is the period's bytes over the period's length).
struct LinkSamples {
  std::vector<Sending> sendings;
  std::uint64_t bytes_forward = 0, bytes_back = 0;  // by the pair's first-named direction
};

Estimate link_estimate(const std::string& name, LinkSamples& link, double share) {
  std::sort(link.sendings.begin(), link.sendings.end(), [](const Sending& a, const Sending& b) {
    return a.start < b.start || (a.start == b.start && a.end < b.end);
  });
  std::vector<double> rates;
  double busy_s = 0;
  std::uint64_t bytes = 0;
  std::set<std::string> sites;
  for (std::size_t i = 0; i < link.sendings.size();) {
    double begin = link.sendings[i].start, end = link.sendings[i].end;
    std::uint64_t period_bytes = 0;
    for (; i < link.sendings.size() && link.sendings[i].start < end; ++i) {
      end = std::max(end, link.sendings[i].end);
      period_bytes += link.sendings[i].bytes;
      sites.insert(link.sendings[i].site);
    }
    if (end <= begin) continue;  // a sending logged in no time says nothing of the bandwidth
    rates.push_back(static_cast<double>(period_bytes) / (end - begin));
    busy_s += end - begin;
    bytes += period_bytes;
  }
  Estimate e;
  e.key = "links." + name + ".bandwidth";
  e.unit = EstimateUnit::bytes_per_s;
  e.number = busy_s > 0 ? static_cast<double>(bytes) / busy_s : 0;
  e.engine_share = share;
  e.bandwidth_Bps = e.number / share;
  e.value = units::format_rate(e.bandwidth_Bps);
  e.spread = spread_of(rates);
  e.method = "bytes over busy time (sendings that overlap form one busy period)";
  e.from = {"sender.log"};
  e.sites.assign(sites.begin(), sites.end());
  e.sendings = link.sendings.size();
  e.bytes = bytes;
  e.busy_s = busy_s;
  return e;
}

void add_skip(Calibration& c, const char* what, std::size_t count, const char* why) {
  if (count > 0) c.skipped.push_back(CalibrationSkip{what, count, why});
}

}  // namespace

Spread spread_of(std::vector<double> samples) {
  Spread s;
  s.samples = samples.size();
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  s.min = samples.front();
  s.max = samples.back();
  s.median = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
  double sum = 0;
  for (double v : samples) sum += v;
  s.mean = sum / static_cast<double>(n);
  double squares = 0;
  for (double v : samples) squares += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(squares / static_cast<double>(n));
  return s;
}

std::string format_seconds(double seconds) {
  std::string text = fmt::format("{:.3f}", std::max(0.0, seconds));
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text + "s";
}

const std::vector<std::string>& calibrated_model_keys() {
  static const std::vector<std::string> kKeys = {"model.manifest_processing", "model.payload_extraction",
                                                 "model.esp_snapshot",        "model.despool",
                                                 "model.prereq_check",        "model.install",
                                                 "scp.check_interval"};
  return kKeys;
}

std::optional<double> simulated_share_of_bandwidth(const SimulatedEngine& engine) {
  constexpr double kLv08BandwidthFactor = 0.97;  // SimGrid 3.32's LV08 default
  constexpr double kCrossTrafficShare = 0.05;    // the reverse flow's share of the bytes
  double share = 1;
  if (engine.network_model == "LV08") {
    share = kLv08BandwidthFactor;
  } else if (engine.network_model != "CM02") {
    return std::nullopt;
  }
  return engine.crosstraffic ? share / (1 + kCrossTrafficShare) : share;
}

std::optional<Calibration> calibrate(const std::vector<SiteLogs>& sites, const SimulatedEngine& engine) {
  const auto share = simulated_share_of_bandwidth(engine);
  if (!share) return std::nullopt;
  Calibration result;
  std::map<std::string, Samples> by_key;
  std::size_t unclosed = 0;
  for (const StepRule& rule : step_rules())
    for (const SiteLogs& site : sites) collect_step(rule, site, by_key, unclosed);
  collect_manifest_processing(sites, by_key);
  collect_check_interval(sites, by_key);
  for (const std::string& key : calibrated_model_keys()) {
    const auto it = by_key.find(key);
    if (it == by_key.end()) {
      result.not_estimated.push_back(key);
      continue;
    }
    Estimate e;
    e.key = key;
    e.unit = EstimateUnit::seconds;
    e.spread = spread_of(it->second.values);
    e.number = e.spread.median;
    e.value = format_seconds(e.number);
    e.method = "median of the samples";
    e.from.assign(it->second.from.begin(), it->second.from.end());
    e.sites.assign(it->second.sites.begin(), it->second.sites.end());
    result.estimates.push_back(std::move(e));
  }

  std::vector<Sending> sendings;
  SenderCounts counts;
  for (const SiteLogs& site : sites)
    if (const auto log = site.logs.find("sender"); log != site.logs.end())
      read_sender_log(site, log->second, sendings, counts);
  std::map<std::string, LinkSamples> links;  // by the pair in alphabetical order, "A-B"
  std::size_t small = 0;
  for (const Sending& s : sendings) {
    if (s.destination.empty() || s.destination == s.site) {
      ++counts.without_destination;
      continue;
    }
    if (s.bytes < kMinThroughputSending_bytes) {
      ++small;
      continue;
    }
    const bool forward = s.site < s.destination;
    LinkSamples& link = links[forward ? s.site + "-" + s.destination : s.destination + "-" + s.site];
    link.sendings.push_back(s);
    (forward ? link.bytes_forward : link.bytes_back) += s.bytes;
  }
  for (auto& [pair, link] : links) {
    // Named in the direction that carried most: the parent's package to its child.
    const auto dash = pair.find('-');
    const std::string name =
        link.bytes_back > link.bytes_forward ? pair.substr(dash + 1) + "-" + pair.substr(0, dash) : pair;
    result.estimates.push_back(link_estimate(name, link, *share));
  }
  std::sort(result.estimates.begin(), result.estimates.end(),
            [](const Estimate& a, const Estimate& b) { return a.key < b.key; });
  add_skip(result, "steps opened and never closed", unclosed,
           "a step started again, or was still running when the log ends; only closed steps are samples");
  add_skip(result, "sendings without a size", counts.without_size,
           "no 'Wrote N bytes ... at position P' line between their start and completion (instruction files)");
  add_skip(result, "sendings without a destination", counts.without_destination,
           "no 'Finished sending SWD package ... to site D' line after their completion");
  add_skip(result, "sendings that never completed", counts.never_completed,
           "a failed or retried attempt, or still sending when the log ends");
  add_skip(result, "sendings below 1 MB", small, "too small to measure bandwidth: latency dominates (assumed)");
  return result;
}

}  // namespace cmsim
