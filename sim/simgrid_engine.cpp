#include "sim/simgrid_engine.hpp"

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/version.h>
#include <xbt/log.h>

#include <malloc.h>

#include <array>
#include <stdexcept>

// The platform layout, profile semantics and API calls here were verified against 3.32 only
// docs/modelling.md §12.4; newer releases changed the routing and actor APIs.
static_assert(SIMGRID_VERSION_MAJOR == 3 && SIMGRID_VERSION_MINOR == 32,
              "cmsim is pinned to SimGrid 3.32: check docs/modelling.md §12.4 before porting");

XBT_LOG_NEW_CATEGORY(cmsim, "cmsim: the simulated ConfigMgr components' decisions");

namespace cmsim {
namespace {

namespace sg4 = simgrid::s4u;

void silence_simgrid_log() {
  xbt_log_control_set("root.thres:critical");
  // Named too: ker_engine warns "Process called exit when leaving" whenever actors are still
  // alive at the horizon, which is the normal end of every run here.
  xbt_log_control_set("ker_engine.thres:critical");
}

// Headers and library must agree, or the version written into every report would lie.
void check_library_version() {
  int major = 0;
  int minor = 0;
  int patch = 0;
  sg_version_get(&major, &minor, &patch);
  if (major != SIMGRID_VERSION_MAJOR || minor != SIMGRID_VERSION_MINOR)
    throw std::runtime_error("SimGrid library " + std::to_string(major) + "." + std::to_string(minor) +
                             " does not match the headers (" + SimEngine::simgrid_version() + ")");
}

// SimGrid calloc()s every actor's stack. With glibc's default, the mmap threshold rises
// to 256 KiB once the first stack is freed, so every later stack comes from the heap:
// calloc zeroes all of it (touching every page) and the pages stay resident after the actor
// ends. Thousands of sendings then cost ~40 MB of RSS in the largest hierarchy. A fixed
// threshold keeps each stack its own mapping, which costs only the pages the actor uses.
void keep_actor_stacks_mapped() { mallopt(M_MMAP_THRESHOLD, 128 * 1024); }

void apply_options(const EngineOptions& options) {
  sg4::Engine::set_config("network/model", options.network_model);
  sg4::Engine::set_config("network/crosstraffic", options.crosstraffic);
  // Our actors are shallow (no recursion): 256 KiB stacks instead of 8 MiB keep thousands
  // of concurrent sendings cheap.
  sg4::Engine::set_config("contexts/stack-size", kActorStackKiB);
}

// The context factory is chosen while the engine is built, so it goes in as an argument.
std::unique_ptr<sg4::Engine> make_engine() {
#ifdef CMSIM_UNDER_SANITIZER
  // ASan cannot follow the raw context switches (it reports a kill's unwinding as a stack
  // use after scope); system threads it understands. 30x slower, fine for the test sizes.
  std::string name = "cmsim", factory = "--cfg=contexts/factory:thread";
  char* argv[] = {name.data(), factory.data(), nullptr};
  int argc = 2;
  return std::make_unique<sg4::Engine>(&argc, argv);
#else
  return std::make_unique<sg4::Engine>("cmsim");
#endif
}

}  // namespace

SimEngine::SimEngine(const EngineOptions& options, bool verbose, const std::vector<std::string>& log_settings)
    : options_(options), time_advances_(std::make_shared<std::uint64_t>(0)) {
  if (!is_known_network_model(options.network_model))
    throw std::invalid_argument("unknown SimGrid network model '" + options.network_model +
                                "' (expected LV08, CM02, Constant, SMPI or IB)");
  if (sg4::Engine::has_instance())
    throw std::logic_error("a SimGrid engine already exists in this process (one per process)");
  check_library_version();
  if (!verbose) silence_simgrid_log();
  for (const std::string& setting : log_settings) xbt_log_control_set(setting.c_str());
  keep_actor_stacks_mapped();
  engine_ = make_engine();
  apply_options(options);
  std::shared_ptr<std::uint64_t> counter = time_advances_;
  sg4::Engine::on_time_advance_cb([counter](double) { ++*counter; });
}

SimEngine::~SimEngine() = default;

void SimEngine::run_until(double horizon_s) {
  // 3.32 dereferences the root zone unconditionally: without a platform it is a SIGSEGV.
  if (engine_->get_netzone_root() == nullptr)
    throw std::logic_error("SimEngine::run_until: no platform has been built");
  engine_->run_until(horizon_s);
}

// The round it takes is no simulated instant: the events figure stays what the run processed.
void SimEngine::kill_all_actors() {
  sg4::Actor::kill_all();
  const std::uint64_t advances = *time_advances_;
  engine_->run_until(now_s());
  *time_advances_ = advances;
}

double SimEngine::now_s() const { return sg4::Engine::get_clock(); }

std::string SimEngine::simgrid_version() {
  std::string version = std::to_string(SIMGRID_VERSION_MAJOR) + "." + std::to_string(SIMGRID_VERSION_MINOR);
  if (SIMGRID_VERSION_PATCH != 0) version += "." + std::to_string(SIMGRID_VERSION_PATCH);
  return version;
}

bool SimEngine::is_known_network_model(const std::string& model) {
  static constexpr std::array<const char*, 5> kModels{"LV08", "CM02", "Constant", "SMPI", "IB"};
  for (const char* known : kModels)
    if (model == known) return true;
  return false;
}

}  // namespace cmsim
