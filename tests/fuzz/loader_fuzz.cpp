// libFuzzer target: any bytes as a scenario file, through the strict JSON reader, the
// loader and every validation rule (with a --set override, so the override path is fuzzed
// too). The contract it checks: no crash, no hang, no sanitizer report, and either a
// scenario or at least one problem, each with a pointer and a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "models/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const cmsim::LoadResult plain = cmsim::load_scenario_text(text, "fuzz.json");
  if (!plain.scenario && plain.problems.empty()) std::abort();  // refused without saying why
  for (const cmsim::Problem& p : plain.problems.list())
    if (p.message.empty() || (!p.pointer.empty() && p.pointer[0] != '/')) std::abort();
  const cmsim::LoadResult overridden = cmsim::load_scenario_text(text, "fuzz.json", {"internet.bandwidth=50Mbps"});
  if (!overridden.scenario && overridden.problems.empty()) std::abort();
  return 0;
}
