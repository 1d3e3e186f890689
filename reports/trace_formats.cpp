#include "reports/trace_formats.hpp"

namespace cmsim::reports {

std::optional<TraceFormat> parse_trace_format(std::string_view word) {
  if (word == "chrome") return TraceFormat::chrome;
  if (word == "paje") return TraceFormat::paje;
  return std::nullopt;
}

}  // namespace cmsim::reports
