// The trace files `cmsim run --trace` adds to the output folder (docs/scenario.md §4.10): none
// by default, so the default outputs stay as they were.
#pragma once

#include <optional>
#include <string_view>

namespace cmsim::reports {

enum class TraceFormat {
  chrome,  // trace.json: Chrome trace-event JSON (Perfetto, chrome://tracing)
  paje,    // trace.paje: the Paje format (PajeNG's pj_dump, ViTE)
};

struct TraceFormats {
  bool chrome = false;
  bool paje = false;
  bool any() const { return chrome || paje; }
  void add(TraceFormat format) { (format == TraceFormat::chrome ? chrome : paje) = true; }
};

// "chrome" or "paje"; nullopt for any other word.
std::optional<TraceFormat> parse_trace_format(std::string_view word);

}  // namespace cmsim::reports
