// Estimates scenario keys from a real hierarchy's site-server logs (docs/modelling.md §13):
// each link's effective throughput from sender.log's sendings, and the model's step
// durations from the lines that open and close each step (hman.log, distmgr.log,
// despool.log, CMUpdate.log, dmpdownloader.log), each with its spread and sample count.
// Pure: the logs come in already read (models/log_reader.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/log_reader.hpp"

namespace cmsim {

// Sendings smaller than this are left out of a link's throughput: their time is mostly
// connection set-up and latency, not bandwidth (instruction files, status, DDRs). Assumed.
inline constexpr std::uint64_t kMinThroughputSending_bytes = 1000000;

// One site server's logs, by log name without extension ("sender", "CMUpdate").
struct SiteLogs {
  std::string site;    // site code: the sending end of its sender.log's links
  std::string folder;  // as given on the command line, for the record
  std::map<std::string, LogRead> logs;
};

struct Spread {
  std::size_t samples = 0;
  double min = 0, median = 0, max = 0, mean = 0, sd = 0;  // sd: population standard deviation
};

enum class EstimateUnit : std::uint8_t { bytes_per_s, seconds };

struct Estimate {
  std::string key;    // dotted scenario key (docs/scenario.md §1.8): "links.CAS-P01.bandwidth"
  std::string value;  // as the overlay sets it: "99.53Mbps", "300s"
  double number = 0;  // the same in bytes/s or seconds
  EstimateUnit unit = EstimateUnit::seconds;
  Spread spread;                   // of the samples (durations, or busy periods' throughput)
  std::string method;              // how `number` comes from the samples, in a few words
  std::vector<std::string> from;   // log files the samples came from ("sender.log")
  std::vector<std::string> sites;  // site folders they came from
  // Links only: `number` is the throughput the sendings got; `value` is the bandwidth that
  // gives them that throughput in the simulated engine (`bandwidth_Bps` = number / share).
  double bandwidth_Bps = 0;
  double engine_share = 1;
  std::size_t sendings = 0;
  std::uint64_t bytes = 0;
  double busy_s = 0;
};

// Something seen in the logs that no estimate uses, counted, with why.
struct CalibrationSkip {
  std::string what;  // "sendings without a size"
  std::size_t count = 0;
  std::string why;
};

struct Calibration {
  std::vector<Estimate> estimates;  // sorted by key
  std::vector<CalibrationSkip> skipped;
  std::vector<std::string> not_estimated;  // keys the logs held no sample of
};

// The engine the overlay is meant for (the scenario's `engine`, docs/scenario.md §2.9).
struct SimulatedEngine {
  std::string network_model = "LV08";
  bool crosstraffic = true;
};

// The share of a link's bandwidth a bulk sending gets in SimGrid 3.32 (docs/modelling.md
// §12.4.4, §13): LV08 corrects bandwidth by 0.97 (its `network/bandwidth-factor`), and cross
// traffic puts a reverse flow of 5 % of the bytes on the same shared link, so LV08 with cross
// traffic gives 0.97 / 1.05. nullopt for SMPI, whose factors depend on the message size.
std::optional<double> simulated_share_of_bandwidth(const SimulatedEngine& engine);

// nullopt for an engine simulated_share_of_bandwidth has no share for.
std::optional<Calibration> calibrate(const std::vector<SiteLogs>& sites, const SimulatedEngine& engine = {});

// Min, median, max, mean and sd of `samples` (any order).
Spread spread_of(std::vector<double> samples);

// "300s", "312.5s": seconds to at most millisecond precision, as scenario durations read them.
std::string format_seconds(double seconds);

// Every key calibrate can estimate, in a fixed order (the docs list them).
const std::vector<std::string>& calibrated_model_keys();

}  // namespace cmsim
