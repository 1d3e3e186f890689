// The floor of the performance target: the cheapest SimGrid program that moves the same bytes
// over the same platform as a `cmsim run`, in the same dependency order, with no domain logic.
//
//   cmsim_floor SCENARIO TRANSFERS_CSV [--timed] [--no-faults]
//
// SCENARIO is the scenario file the run simulated; TRANSFERS_CSV is that run's transfers.csv
// (one row per transfer: what, from, to, bytes, start_t_s, attempts, ...).
//
// What is the same as in cmsim:
//   * the engine configuration (SimEngine: network model, crosstraffic, context factory,
//     actor stack size) and the platform (build_platform: nested full zones, every host and
//     link), with the scenario's link fault profiles attached (fault_profile_hooks), unless
//     --no-faults;
//   * the horizon: run_until(duration), so the year of link state changes is processed;
//   * every row of transfers.csv is moved once, host to host (Comm::sendto), with the row's
//     byte count; a row cmsim tried N times is tried at most N times here;
//   * the order constraints, per update X ("2409", "2409 HFRU"):
//       payload X -> redists X -> easy setup payload copy X -> easy setup package X (all
//       parts to one primary) -> secondary upgrade X of each secondary of that primary,
//     where a missing stage is skipped, plus: the transfers into one site happen group by
//     group in the order cmsim started them (a group = the rows of one kind and update).
// What is not: no logs, status messages, checks, component states, sender limits, service
// windows, install or admin delays, no report. The parts of one group go out at once. One
// actor per receiving site. After a failed attempt the actor waits for the failing link to
// come back (from the fault plan) and tries again. With --timed a row also starts no
// earlier than cmsim started it (cmsim's timeline instead of "as soon as possible").
// cmsim's daily manifest/usage exchanges with the cloud are not transfer rows and are not
// replayed. Site server outages (an actor in cmsim) are not played.
//
// Prints one JSON object on stdout: setup_s (load + parse), sim_s (engine, platform, actors,
// run to the horizon: the part comparable to run.json's wall_s), wall_s (both), rows,
// attempts, failed, last_end_s, peak_rss_bytes.
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "models/fault_plan.hpp"
#include "models/hierarchy.hpp"
#include "models/scenario_loader.hpp"
#include "sim/fault_injector.hpp"
#include "sim/platform.hpp"
#include "sim/simgrid_engine.hpp"

namespace sg4 = simgrid::s4u;

namespace {

// ---- the plan: rows, groups, dependencies (no SimGrid) -----------------------------------

struct Row {
  std::string what, from, to;
  std::uint64_t bytes = 0;
  double start_s = 0;
  int attempts = 1;
};

struct Group {
  std::string site, kind, update;  // receiving site, "easy setup package", "2409"
  std::vector<std::size_t> rows;   // into rows_, in start order
  std::vector<std::size_t> preds;  // groups that must finish first
  // run-time state
  bool done = false;
  std::vector<sg4::Actor*> waiters;
};

// RFC 4180 fields of one line (no embedded newlines in cmsim's CSVs).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

std::vector<Row> read_rows(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = csv_fields(line);
  auto column = [&](const char* name) {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::runtime_error(path + ": no column " + name);
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t c_what = column("what"), c_from = column("from"), c_to = column("to"), c_bytes = column("bytes"),
                    c_start = column("start_t_s"), c_attempts = column("attempts");
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> f = csv_fields(line);
    if (f.size() < header.size()) throw std::runtime_error(path + ": short row: " + line);
    Row r;
    r.what = f[c_what];
    r.from = f[c_from];
    r.to = f[c_to];
    r.bytes = std::stoull(f[c_bytes]);
    r.start_s = std::stod(f[c_start]);
    r.attempts = std::max(1, std::stoi(f[c_attempts]));
    rows.push_back(std::move(r));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.start_s < b.start_s; });
  return rows;
}

// "easy setup package 2409 part 2/5" -> {"easy setup package", "2409"}
std::pair<std::string, std::string> kind_and_update(const std::string& what) {
  static const char* const kinds[] = {"easy setup payload copy", "easy setup package", "secondary upgrade", "payload",
                                      "redists"};
  std::string rest = what;
  if (auto p = rest.find(" part "); p != std::string::npos) rest.erase(p);
  for (const char* k : kinds) {
    const std::string prefix = std::string(k) + " ";
    if (rest.compare(0, prefix.size(), prefix) == 0) return {k, rest.substr(prefix.size())};
  }
  return {rest, ""};  // unknown kind: ordered only among the site's own groups
}

struct Plan {
  std::vector<Row> rows;
  std::vector<Group> groups;
  std::map<std::string, std::vector<std::size_t>> site_groups;  // receiving site -> its groups in order
};

Plan make_plan(std::vector<Row> rows) {
  Plan plan;
  plan.rows = std::move(rows);
  std::map<std::string, std::size_t> open_group;                                     // site -> its current group
  std::map<std::pair<std::string, std::string>, std::size_t> last_stage;             // (kind, update) -> last group
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> at_site;  // (site, kind, update)
  for (std::size_t i = 0; i < plan.rows.size(); ++i) {
    const Row& r = plan.rows[i];
    auto [kind, update] = kind_and_update(r.what);
    auto it = open_group.find(r.to);
    if (it == open_group.end() || plan.groups[it->second].kind != kind || plan.groups[it->second].update != update) {
      Group g;
      g.site = r.to;
      g.kind = kind;
      g.update = update;
      if (it != open_group.end()) g.preds.push_back(it->second);  // the site's previous group
      auto stage = [&](const char* k) -> std::optional<std::size_t> {
        auto s = last_stage.find({k, update});
        if (s == last_stage.end()) return std::nullopt;
        return s->second;
      };
      std::optional<std::size_t> upstream;
      if (!update.empty()) {
        if (kind == "redists") {
          upstream = stage("payload");
        } else if (kind == "easy setup payload copy") {
          upstream = stage("redists");
          if (!upstream) upstream = stage("payload");
        } else if (kind == "easy setup package" || kind == "secondary upgrade") {
          if (kind == "secondary upgrade")
            if (auto p = at_site.find({r.from, "easy setup package", update}); p != at_site.end()) upstream = p->second;
          for (const char* k : {"easy setup payload copy", "redists", "payload"})
            if (!upstream) upstream = stage(k);
        }
      }
      if (upstream) g.preds.push_back(*upstream);
      const std::size_t gi = plan.groups.size();
      plan.groups.push_back(std::move(g));
      open_group[r.to] = gi;
      last_stage[{kind, update}] = gi;
      at_site[{r.to, kind, update}] = gi;
      plan.site_groups[r.to].push_back(gi);
    }
    plan.groups[open_group[r.to]].rows.push_back(i);
  }
  return plan;
}

// ---- the replay (SimGrid) ---------------------------------------------------------------

struct Replay {
  Plan& plan;
  const cmsim::Platform& platform;
  const cmsim::FaultPlan* faults;  // null with --no-faults
  double horizon_s;
  bool timed;
  std::uint64_t attempts = 0, failed = 0;
  double last_end_s = 0;

  sg4::Host* host(const std::string& name) const {
    return platform.host(name == "internet" ? std::string(cmsim::kCloudHost) : name);
  }

  void wait_for(Group& g) {
    while (!g.done) {
      g.waiters.push_back(sg4::Actor::self());
      sg4::this_actor::suspend();
    }
  }
  void finish(Group& g) {
    g.done = true;
    for (sg4::Actor* a : g.waiters) a->resume();
    g.waiters.clear();
  }

  // When every link of the route that is down now is up again (the fault plan's windows).
  double route_back_up_s(const Row& r) const {
    if (faults == nullptr) return horizon_s;
    const double now = sg4::Engine::get_clock();
    double back = now;
    const std::string from = r.from == "internet" ? cmsim::kCloudHost : r.from;
    for (const std::string& link : platform.route(from, r.to).link_names) {
      auto it = faults->link_down.find(link);
      if (it == faults->link_down.end()) continue;
      for (const cmsim::Interval& w : it->second)
        if (w.start_s <= now && now <= w.end_s) back = std::max(back, w.end_s);
    }
    return back;
  }

  // Retries a failed row (blocking) until it succeeds or runs out of cmsim's attempts.
  void retry(const Row& r, int used) {
    for (; used < r.attempts; ++used) {
      const double back = route_back_up_s(r);
      if (!(back < horizon_s)) break;
      if (back > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(back);
      ++attempts;
      try {
        sg4::Comm::sendto(host(r.from), host(r.to), r.bytes);
        return;
      } catch (const simgrid::Exception&) {
      }
    }
    ++failed;
  }

  void site_actor(const std::string& site) {
    for (std::size_t gi : plan.site_groups.at(site)) {
      Group& g = plan.groups[gi];
      for (std::size_t p : g.preds) wait_for(plan.groups[p]);
      std::vector<sg4::CommPtr> comms;
      for (std::size_t ri : g.rows) {
        const Row& r = plan.rows[ri];
        if (timed && r.start_s > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(r.start_s);
        ++attempts;
        comms.push_back(sg4::Comm::sendto_async(host(r.from), host(r.to), r.bytes));
      }
      for (std::size_t k = 0; k < comms.size(); ++k) {
        try {
          comms[k]->wait();
        } catch (const simgrid::Exception&) {
          retry(plan.rows[g.rows[k]], 1);
        }
      }
      last_end_s = std::max(last_end_s, sg4::Engine::get_clock());
      finish(g);
    }
  }
};

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

}  // namespace

int main(int argc, char** argv) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  std::vector<std::string> positional;
  bool timed = false, with_faults = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--timed")
      timed = true;
    else if (a == "--no-faults")
      with_faults = false;
    else
      positional.push_back(a);
  }
  if (positional.size() != 2) {
    std::cerr << "usage: cmsim_floor SCENARIO TRANSFERS_CSV [--timed] [--no-faults]\n";
    return 2;
  }
  try {
    cmsim::LoadResult loaded = cmsim::load_scenario_file(positional[0]);
    if (!loaded.scenario) {
      std::cerr << positional[0] << ": invalid scenario\n";
      return 2;
    }
    const cmsim::Scenario& scenario = *loaded.scenario;
    Plan plan = make_plan(read_rows(positional[1]));
    cmsim::Problems problems;
    const cmsim::Hierarchy hierarchy = cmsim::Hierarchy::build(scenario.sites, problems);
    const auto t1 = clock::now();

    cmsim::SimEngine engine(scenario.engine, false);
    const cmsim::FaultPlan faults = with_faults ? cmsim::build_fault_plan(scenario) : cmsim::FaultPlan{};
    const cmsim::Platform platform = cmsim::build_platform(
        scenario, hierarchy,
        with_faults ? cmsim::fault_profile_hooks(scenario, faults, scenario.duration_s) : cmsim::PlatformHooks{});
    Replay replay{plan, platform, with_faults ? &faults : nullptr, scenario.duration_s, timed};
    for (const auto& [site, groups] : plan.site_groups) {
      (void)groups;
      std::string name = site;
      sg4::Actor::create("floor-" + site, replay.host(site), [&replay, name] { replay.site_actor(name); });
    }
    engine.run_until(scenario.duration_s);
    const auto t2 = clock::now();

    const double setup_s = std::chrono::duration<double>(t1 - t0).count();
    const double sim_s = std::chrono::duration<double>(t2 - t1).count();
    std::printf(
        "{\"setup_s\": %.6f, \"sim_s\": %.6f, \"wall_s\": %.6f, \"rows\": %zu, \"groups\": %zu, \"actors\": %zu, "
        "\"attempts\": %llu, \"failed\": %llu, \"last_end_s\": %.3f, \"faults\": %s, \"timed\": %s, "
        "\"peak_rss_bytes\": %llu}\n",
        setup_s, sim_s, setup_s + sim_s, plan.rows.size(), plan.groups.size(), plan.site_groups.size(),
        static_cast<unsigned long long>(replay.attempts), static_cast<unsigned long long>(replay.failed),
        replay.last_end_s, with_faults ? "true" : "false", timed ? "true" : "false",
        static_cast<unsigned long long>(peak_rss_bytes()));
    std::fflush(stdout);
    return 0;  // tears the platform and engine down, as cmsim's process does
  } catch (const std::exception& e) {
    std::cerr << "cmsim_floor: " << e.what() << "\n";
    return 1;
  }
}
