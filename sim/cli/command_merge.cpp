#include "sim/cli/command_merge.hpp"

#include <filesystem>
#include <map>
#include <optional>

#include "models/sweep_plan.hpp"
#include "reports/sweep_statistics.hpp"
#include "reports/sweep_tables.hpp"
#include "sim/cli/sweep_options.hpp"
#include "sim/cli/command_sweep.hpp"
#include "sim/cli/commands.hpp"

namespace cmsim {
namespace {

namespace fs = std::filesystem;
using sweep::Manifest;
using sweep::RunId;
using sweep::RunRecord;

// Long lists (a whole shard missing) are cut: the first few say enough.
constexpr std::size_t kMaxListed = 10;

struct MergeProblems {
  std::vector<std::string> lines;
  std::size_t unlisted = 0;
  void add(std::string line) {
    if (lines.size() < kMaxListed)
      lines.push_back(std::move(line));
    else
      ++unlisted;
  }
  bool empty() const { return lines.empty(); }
};

std::vector<Manifest> read_manifests(const std::vector<std::string>& dirs, MergeProblems& problems) {
  std::vector<Manifest> manifests;
  for (const std::string& dir : dirs) {
    std::string error;
    auto m = sweep_files::read_manifest(dir, error);
    if (m)
      manifests.push_back(std::move(*m));
    else
      problems.add(error);
  }
  return manifests;
}

// Same sweep, same N, and shards 1..N each exactly once.
void check_shards(const std::vector<std::string>& dirs, const std::vector<Manifest>& manifests,
                  MergeProblems& problems) {
  const Manifest& first = manifests.front();
  std::map<std::size_t, std::string> seen;  // shard index -> dir
  for (std::size_t i = 0; i < manifests.size(); ++i) {
    const Manifest& m = manifests[i];
    if (!(m.plan == first.plan))
      problems.add(dirs[i] + ": from another sweep (id " + m.plan.sweep_id + ", scenario " + m.plan.scenario +
                   ") than " + dirs[0] + " (id " + first.plan.sweep_id + ", scenario " + first.plan.scenario + ")");
    else if (m.shard.count != first.shard.count)
      problems.add(dirs[i] + ": shard " + std::to_string(m.shard.index) + "/" + std::to_string(m.shard.count) +
                   " of a split into " + std::to_string(m.shard.count) + ", but " + dirs[0] + " is of a split into " +
                   std::to_string(first.shard.count));
    else if (!seen.emplace(m.shard.index, dirs[i]).second)
      problems.add(dirs[i] + ": shard " + std::to_string(m.shard.index) + "/" + std::to_string(m.shard.count) +
                   " given twice (also " + seen[m.shard.index] + ")");
  }
  if (!problems.empty()) return;  // a missing shard is noise next to a mismatch
  for (std::size_t s = 1; s <= first.shard.count; ++s)
    if (!seen.count(s))
      problems.add("shard " + std::to_string(s) + "/" + std::to_string(first.shard.count) + " is missing");
}

// Every run of the plan, found in exactly one of the folders.
std::vector<RunRecord> collect_runs(const std::vector<std::string>& dirs, const sweep::Plan& plan,
                                    MergeProblems& problems) {
  std::vector<RunRecord> records;
  for (std::size_t k = 0; k < plan.run_count(); ++k) {
    const RunId run = sweep::run_at(plan, k);
    std::vector<std::string> found_in;
    std::optional<RunRecord> record;
    for (const std::string& dir : dirs) {
      const fs::path path = sweep_files::run_path(dir, run);
      std::error_code ec;
      if (!fs::exists(path, ec)) continue;
      std::string error;
      record = sweep::parse_run_record(sweep_files::read_text(path), plan, run, error);
      if (!record) problems.add(path.string() + ": " + error);
      found_in.push_back(dir);
    }
    if (found_in.empty())
      problems.add("run " + std::to_string(k) + " (" + sweep::run_file_name(run) +
                   ") is in none of the folders; rerun its shard");
    else if (found_in.size() > 1)
      problems.add("run " + std::to_string(k) + " (" + sweep::run_file_name(run) + ") is in " + found_in[0] + " and " +
                   found_in[1]);
    else if (record)
      records.push_back(std::move(*record));
  }
  return records;
}

int report(const MergeProblems& problems, std::ostream& err) {
  for (const std::string& line : problems.lines) err << "merge: " << line << '\n';
  if (problems.unlisted > 0) err << "merge: ... and " << problems.unlisted << " more\n";
  err << "merge: nothing written\n";
  return kExitInvalidInput;
}

}  // namespace

int command_merge(const std::vector<std::string>& dirs, const std::string& out_dir, std::ostream& out,
                  std::ostream& err) {
  MergeProblems problems;
  const auto manifests = read_manifests(dirs, problems);
  if (!problems.empty()) return report(problems, err);
  check_shards(dirs, manifests, problems);
  if (!problems.empty()) return report(problems, err);
  const sweep::Plan& plan = manifests.front().plan;
  const auto records = collect_runs(dirs, plan, problems);
  if (!problems.empty()) return report(problems, err);
  try {
    sweep_files::write_results(out_dir, plan, records);
  } catch (const std::exception& e) {
    err << "merge: " << e.what() << '\n';
    return kExitInternalError;
  }
  out << "merged " << records.size() << " runs of sweep " << plan.sweep_id << " from " << dirs.size() << " shard(s)\n"
      << "runs: " << (fs::path(out_dir) / "runs.csv").string()
      << "\nsummary: " << (fs::path(out_dir) / "summary.json").string()
      << "\npage: " << (fs::path(out_dir) / "sweep.html").string() << '\n';
  return kExitOk;
}

}  // namespace cmsim
