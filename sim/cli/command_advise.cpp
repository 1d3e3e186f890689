#include "sim/cli/command_advise.hpp"

#include <filesystem>
#include <optional>

#include "models/advice_result.hpp"
#include "models/scenario_loader.hpp"
#include "models/sweep_plan.hpp"
#include "models/units.hpp"
#include "models/version.hpp"
#include "reports/advice_document.hpp"
#include "reports/advice_html.hpp"
#include "reports/advice_records.hpp"
#include "reports/atomic_file.hpp"
#include "sim/cli/command_sweep.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupts.hpp"
#include "sim/cli/run_pool.hpp"
#include "sim/cli/sweep_options.hpp"
#include "sim/simulation.hpp"

namespace cmsim {
namespace {

namespace fs = std::filesystem;
using namespace advice;

constexpr const char* kManifest = "advise.json";
constexpr double kSlaMaxFactor = 64;  // the SLA search tries the bottleneck up to 64 times today's bandwidth

struct Prepared {
  AdviseRequest request;
  std::string text;  // the scenario file's bytes: every run loads them with its own overrides
  Scenario scenario;
  Target target;
  sweep::Shard shard;
  std::string advise_id;
  fs::path out;
};

// One simulation: a name under runs/ and the overrides on top of the request's own.
struct RunSpec {
  std::string name;
  std::vector<std::string> overrides;
};

std::vector<std::string> all_overrides(const Prepared& prep, const std::vector<std::string>& extra) {
  std::vector<std::string> all = prep.request.overrides;
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

// ---- the request ---------------------------------------------------------------------------

bool known_site(const Scenario& s, const std::string& code) {
  if (s.find_site(code)) return true;
  for (const Event& e : s.events)
    if ((e.new_site && e.new_site->code == code) || (e.verb == EventVerb::expand_to_cas && e.code == code)) return true;
  return false;
}

bool in_catalog(const Scenario& s, const std::string& update) {
  for (const Release& r : s.releases.catalog)
    if (r.name == update || r.version == update) return true;
  return false;
}

void check_options(const AdviseRequest& r, const Scenario& s, Prepared& prep, std::vector<std::string>& errors) {
  std::string why;
  if (auto target = parse_target(r.target, why))
    prep.target = *target;
  else
    errors.push_back(why);
  if (prep.target.kind == TargetKind::site && !known_site(s, prep.target.site))
    errors.push_back("--target site:" + prep.target.site.substr(0, 20) + ": no such site in " + r.file);
  if (!r.sla.empty()) {
    const auto sla = units::parse_duration_s(r.sla);
    if (!sla || *sla <= 0)
      errors.push_back("--sla '" + r.sla.substr(0, 40) +
                       "' is not a duration (expected a positive duration such as 14d)");
    else
      prep.target.sla_s = *sla;
  }
  if (!r.update.empty() && !in_catalog(s, r.update))
    errors.push_back("--update '" + r.update.substr(0, 60) +
                     "' is not an update of the scenario's release catalog "
                     "(expected a version such as 2409 or a release name such as \"2409 HFRU\")");
  if (!(r.factor > 1 && r.factor <= 16)) errors.push_back("--factor must be above 1 and at most 16");
  if (auto shard = sweep::parse_shard(r.shard, why))
    prep.shard = *shard;
  else
    errors.push_back(why);
}

// Everything a result depends on, in the id that tells a resume from a changed request.
std::string advise_id(const Prepared& prep) {
  const AdviseRequest& r = prep.request;
  std::vector<std::string> settings = r.overrides;
  settings.insert(settings.end(), {"target=" + r.target, "sla=" + r.sla, "update=" + r.update,
                                   "max_links=" + std::to_string(r.max_links), "factor=" + std::to_string(r.factor)});
  return sweep::make_sweep_id(prep.text, 0, {{"cmsim-advise", settings}}, kCmsimVersion);
}

std::optional<Prepared> prepare(const AdviseRequest& request, std::ostream& err) {
  Problems unreadable;
  const auto text = read_scenario_text(request.file, unreadable);
  if (!text) {
    for (const std::string& line : format_problems(request.file, unreadable)) err << line << '\n';
    return std::nullopt;
  }
  LoadResult loaded = load_scenario_text(*text, request.file, request.overrides);
  if (!loaded.scenario) {
    for (const std::string& line : format_problems(request.file, loaded.problems)) err << line << '\n';
    return std::nullopt;
  }
  Prepared prep{request, *text, std::move(*loaded.scenario), {}, {}, {}, {}};
  std::vector<std::string> errors;
  check_options(request, prep.scenario, prep, errors);
  for (const std::string& e : errors) err << "advise: " << e << '\n';
  if (!errors.empty()) return std::nullopt;
  prep.advise_id = advise_id(prep);
  prep.out = request.out_dir.empty() ? fs::path("out") / (prep.scenario.name + "-advise") : fs::path(request.out_dir);
  return prep;
}

// What advise itself puts in DIR: shards that share a folder may find each other's runs/
// and manifest (or its temporary file) before their own manifest exists.
bool advise_entry(const fs::path& entry) {
  const std::string name = entry.filename().string();
  if (name == "runs") return true;
  for (const char* own : {kManifest, "advice.json", "advice.csv", "advice.html"})
    if (name == own || name.rfind(std::string(own) + ".tmp-", 0) == 0) return true;
  return false;
}

std::string foreign_entry(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (!advise_entry(entry.path())) return entry.path().filename().string();
  return {};
}

// DIR holds this advise (resume), or is new, or holds only advise's own files; anything
// else is not ours to mix into.
bool claim_out_dir(const Prepared& prep, std::ostream& err) {
  std::error_code ec;
  const std::string manifest = "{\"format\": \"cmsim-advise/1\", \"advise_id\": \"" + prep.advise_id +
                               "\", \"scenario\": \"" + prep.scenario.name + "\"}\n";
  if (fs::exists(prep.out, ec) && !fs::is_directory(prep.out, ec)) {
    err << "advise: --out " << prep.out.string() << ": exists and is not a folder (expected a folder for the advice)\n";
    return false;
  }
  if (fs::exists(prep.out / kManifest, ec)) {
    if (sweep_files::read_text(prep.out / kManifest) == manifest) return true;
    err << "advise: " << prep.out.string() << ": holds another advise (" << (prep.out / kManifest).string()
        << " differs); use another --out, or delete it to start over\n";
    return false;
  }
  if (fs::exists(prep.out, ec)) {
    if (const std::string other = foreign_entry(prep.out); !other.empty()) {
      err << "advise: " << prep.out.string() << ": exists and is not an advise folder (no " << kManifest
          << ", and it holds " << other << "); use another --out\n";
      return false;
    }
  }
  fs::create_directories(prep.out / "runs");
  reports::write_file_atomically(prep.out / kManifest, manifest);
  return true;
}

// ---- runs ----------------------------------------------------------------------------------

fs::path run_file(const Prepared& prep, const RunSpec& spec) { return prep.out / "runs" / (spec.name + ".json"); }

std::optional<RunDigest> finished(const Prepared& prep, const RunSpec& spec) {
  std::string why;
  return reports::parse_advise_run(sweep_files::read_text(run_file(prep, spec)), prep.advise_id, spec.name,
                                   all_overrides(prep, spec.overrides), why);
}

// Child side. Every run keeps the scenario's seed: the variations see the same random
// faults as the baseline (common random numbers), so a difference is the change's own. A
// variation whose overrides break the scenario is a finished run too: skipped, with the
// loader's first problem as the reason, so a resume does not try it again.
std::string simulate_run(const Prepared& prep, const RunSpec& spec) {
  detach_from_terminal_signals();
  const auto overrides = all_overrides(prep, spec.overrides);
  LoadResult loaded = load_scenario_text(prep.text, prep.request.file, overrides);
  RunDigest run;
  if (loaded.scenario) {
    RunStats stats;
    const Results results = simulate(*loaded.scenario, SimulationOptions{}, &stats);
    run = digest(results, *loaded.scenario, prep.target,
                 spec.name == "baseline" ? DigestDetail::with_paths : DigestDetail::target_only);
  } else {
    const auto lines = format_problems(prep.request.file, loaded.problems);
    run.skipped = lines.empty() ? "the variation does not load" : lines.front();
  }
  reports::write_file_atomically(run_file(prep, spec),
                                 reports::advise_run_json(prep.advise_id, spec.name, overrides, run));
  return {};
}

int interrupted_exit(const Prepared& prep, int signal, std::ostream& err) {
  err << "advise: interrupted by " << interruption_name(signal) << "; the finished runs are kept in "
      << (prep.out / "runs").string() << ": run the same command again to resume\n";
  return 128 + signal;
}

// Runs the specs whose file is not finished yet; kExitOk when every one is.
int ensure(const Prepared& prep, const std::vector<RunSpec>& specs, const std::string& what, std::ostream& err) {
  std::vector<PoolJob> jobs;
  for (const RunSpec& spec : specs)
    if (!finished(prep, spec)) jobs.push_back({spec.name, [&prep, spec] { return simulate_run(prep, spec); }});
  if (jobs.empty()) return kExitOk;
  const std::size_t parallel = prep.request.jobs > 0 ? prep.request.jobs : usable_cpus();
  const PoolOutcome outcome = run_pool(jobs, parallel, prep.out / "runs", what, err);
  if (outcome.interrupted_by) return interrupted_exit(prep, outcome.interrupted_by, err);
  if (outcome.failed > 0) {
    err << "advise: " << outcome.failed << " run(s) failed; run the same command again to retry only those\n";
    return kExitInternalError;
  }
  return kExitOk;
}

RunDigest read_run(const Prepared& prep, const RunSpec& spec) {
  auto d = finished(prep, spec);
  if (!d) throw std::runtime_error(run_file(prep, spec).string() + ": not a finished run");
  return std::move(*d);
}

// ---- the variations ------------------------------------------------------------------------

std::string variation_run_name(std::size_t k) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "v%03zu", k);
  return buffer;
}

std::vector<RunSpec> variation_runs(const std::vector<Variation>& variations) {
  std::vector<RunSpec> runs;
  for (std::size_t k = 0; k < variations.size(); ++k) runs.push_back({variation_run_name(k), variations[k].overrides});
  return runs;
}

std::vector<RunSpec> shard_share(const Prepared& prep, const std::vector<RunSpec>& runs) {
  std::vector<RunSpec> share;
  for (std::size_t k = 0; k < runs.size(); ++k)
    if (sweep::in_shard(k, prep.shard)) share.push_back(runs[k]);
  return share;
}

// ---- the advice ----------------------------------------------------------------------------

// The measured update: --update, else the newest the baseline made Ready to install, else
// the newest any variation did (an offline SCP switched online, say).
void choose_update(const Prepared& prep, const RunDigest& baseline, const std::vector<RunDigest>& runs,
                   Advice& advice) {
  if (!prep.request.update.empty()) {
    const UpdateOutcome* u = find_update(baseline, prep.request.update);
    advice.update = u ? u->update : prep.request.update;
    advice.update_why = "chosen with --update";
    return;
  }
  if (const UpdateOutcome* u = headline_update(baseline)) {
    advice.update = u->update;
    advice.update_why = "the newest update the baseline made Ready to install";
    return;
  }
  RunDigest any;
  for (const RunDigest& run : runs) any.updates.insert(any.updates.end(), run.updates.begin(), run.updates.end());
  if (const UpdateOutcome* u = headline_update(any)) {
    advice.update = u->update;
    advice.update_why = "the baseline made no update Ready to install; the newest a change did";
    return;
  }
  advice.update_why = "no run made an update Ready to install";
}

void rank_effects(const RunDigest& baseline, const std::vector<RunDigest>& runs, Advice& advice) {
  const UpdateOutcome* base = find_update(baseline, advice.update);
  if (base) advice.baseline = *base;
  std::vector<Effect> effects;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    Effect e = effect_of(k, find_update(runs[k], advice.update), base);
    e.skipped = runs[k].skipped;
    effects.push_back(std::move(e));
  }
  advice.ranked = ranked(std::move(effects));
}

RunSpec probe_spec(const Prepared& prep, const std::string& route, double factor) {
  char name[48];
  std::snprintf(name, sizeof name, "sla-%.6g", factor);
  return {name, bandwidth_overrides(prep.scenario, route, factor)};
}

// Runs one probe (or reads it back) and records it; kExitOk or the code to stop with.
int probe(const Prepared& prep, const Advice& advice, SlaAnswer& sla, double factor, std::ostream& err) {
  const RunSpec spec = probe_spec(prep, sla.route, factor);
  if (const int code = ensure(prep, {spec}, "advise: SLA probe x" + std::to_string(factor).substr(0, 6), err))
    return code;
  const RunDigest run = read_run(prep, spec);
  const UpdateOutcome* u = find_update(run, advice.update);
  sla.probes.push_back(
      {factor, u ? u->target_t_s : SimTime{}, u ? u->ready_t_s : SimTime{}, u ? u->installed : 0, u ? u->of : 0});
  return kExitOk;
}

// The bottleneck: the route with the most time on the baseline's critical path.
std::string bottleneck(const Prepared& prep, const Advice& advice) {
  if (!advice.baseline) return {};
  for (const auto& [route, seconds] : advice.baseline->path_links)
    if (scalable(prep.scenario, route)) return route;
  return {};
}

int search_sla(const Prepared& prep, Advice& advice, std::ostream& err) {
  SlaAnswer sla;
  sla.sla_s = *prep.target.sla_s;
  sla.max_factor = kSlaMaxFactor;
  sla.baseline_meets = advice.baseline && meets(advice.baseline->target_t_s, advice.baseline->ready_t_s, sla.sla_s);
  for (const Effect& e : advice.ranked)
    if (e.skipped.empty() && meets(e.target_t_s, e.ready_t_s, sla.sla_s)) sla.meeting.push_back(e.variation);
  if (!sla.baseline_meets) sla.route = bottleneck(prep, advice);
  if (!sla.route.empty()) {
    sla.route_bandwidth_Bps = route_bandwidth_Bps(prep.scenario, sla.route);
    if (const int code = probe(prep, advice, sla, kSlaMaxFactor, err)) return code;
    if (meets(sla.probes.back().target_t_s, sla.probes.back().ready_t_s, sla.sla_s)) {
      Bisection search{1, kSlaMaxFactor, 0.05};
      while (const auto next = search.next()) {
        if (const int code = probe(prep, advice, sla, *next, err)) return code;
        search.record(*next, meets(sla.probes.back().target_t_s, sla.probes.back().ready_t_s, sla.sla_s));
      }
      sla.factor = search.hi;
    }
  }
  advice.sla = std::move(sla);
  return kExitOk;
}

// ---- the outputs ---------------------------------------------------------------------------

void write_outputs(const Prepared& prep, const Advice& advice) {
  reports::write_file_atomically(prep.out / "advice.json", reports::advice_json(advice).dump(2) + "\n");
  reports::write_file_atomically(prep.out / "advice.csv", reports::advice_csv(advice));
  reports::write_file_atomically(prep.out / "advice.html", reports::advice_html(advice));
}

std::string effect_line(const Advice& advice, std::size_t rank, const Effect& e) {
  const Variation& v = advice.variations.at(e.variation);
  std::string when = !e.skipped.empty() ? "skipped"
                     : e.target_t_s     ? "+" + units::format_duration(*e.target_t_s)
                                        : std::to_string(e.installed) + "/" + std::to_string(e.of) + " sites";
  std::string gain = e.gain_s ? (*e.gain_s >= 0 ? "-" : "+") + units::format_duration(std::abs(*e.gain_s))
                     : e.reached_when_baseline_did_not ? "reached"
                                                       : "";
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "  %3zu  %-62.62s %14s %12s", rank, v.label.c_str(), when.c_str(), gain.c_str());
  return buffer;
}

void print_summary(const Prepared& prep, const Advice& advice, std::ostream& out) {
  out << "advise: " << advice.scenario << ": " << advice.variations.size()
      << " changes tried, target: " << describe(advice.target) << " runs "
      << (advice.update.empty() ? std::string("(no update)") : advice.update) << " (" << advice.update_why << ")\n";
  if (advice.baseline)
    out << "baseline: "
        << reports::outcome_text(advice, advice.baseline->target_t_s, advice.baseline->installed, advice.baseline->of,
                                 advice.baseline->ready_t_s)
        << '\n';
  const std::size_t shown = std::min<std::size_t>(advice.ranked.size(), 10);
  if (shown > 0) out << "best " << shown << " of " << advice.ranked.size() << ":\n";
  for (std::size_t k = 0; k < shown; ++k) out << effect_line(advice, k + 1, advice.ranked[k]) << '\n';
  if (advice.sla) out << "SLA: " << reports::sla_text(advice) << '\n';
  out << "json: " << (prep.out / "advice.json").string() << "\ntable: " << (prep.out / "advice.csv").string()
      << "\npage: " << (prep.out / "advice.html").string() << '\n';
}

Advice start_advice(const Prepared& prep) {
  Advice advice;
  advice.scenario = prep.scenario.name;
  advice.seed = prep.scenario.seed;
  advice.start_unix_s = prep.scenario.start_unix_s;
  advice.duration_s = prep.scenario.duration_s;
  advice.target = prep.target;
  advice.options = {prep.request.max_links, prep.request.factor};
  return advice;
}

int advise(const Prepared& prep, std::ostream& out, std::ostream& err) {
  const RunSpec base{"baseline", {}};
  if (const int code = ensure(prep, {base}, "advise: baseline", err)) return code;
  const RunDigest baseline = read_run(prep, base);
  Advice advice = start_advice(prep);
  advice.variations =
      variations(prep.scenario, baseline, headline_update(baseline, prep.request.update), advice.options);
  const std::vector<RunSpec> specs = variation_runs(advice.variations);
  if (const int code = ensure(prep, shard_share(prep, specs), "advise", err)) return code;
  if (prep.shard.count > 1) {
    out << "shard " << prep.shard.index << "/" << prep.shard.count << ": its runs are in "
        << (prep.out / "runs").string() << "; run the same command without --shard on that folder to rank them\n";
    return kExitOk;
  }
  std::vector<RunDigest> runs;
  for (const RunSpec& spec : specs) runs.push_back(read_run(prep, spec));
  choose_update(prep, baseline, runs, advice);
  rank_effects(baseline, runs, advice);
  if (prep.target.sla_s)
    if (const int code = search_sla(prep, advice, err)) return code;
  write_outputs(prep, advice);
  print_summary(prep, advice, out);
  return kExitOk;
}

}  // namespace

int command_advise(const AdviseRequest& request, std::ostream& out, std::ostream& err) {
  auto prep = prepare(request, err);
  if (!prep) return kExitInvalidInput;
  try {
    if (!claim_out_dir(*prep, err)) return kExitInvalidInput;
    return advise(*prep, out, err);
  } catch (const std::exception& e) {
    err << "advise: " << e.what() << '\n';
    return kExitInternalError;
  }
}

}  // namespace cmsim
