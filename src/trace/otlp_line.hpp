// Writing one request's spans as one line of OTLP/JSON, in the form of the
// OpenTelemetry Collector's file exporter: `{"resourceSpans": […]}`, a
// resource per node instance (`service.name`, `service.instance.id`) and
// `client` for the outside world; ids as lower-case hex (32 digits for the
// trace, 16 for a span), times as decimal strings of Unix nanoseconds, kinds
// and status codes as integers (OTLP's JSON Protobuf Encoding).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/recorded_span.hpp"
#include "trace/run_observer.hpp"

namespace svcsim::trace {

/// A request's trace id, from the run's seed and the request (its workload
/// and its number among that workload's requests): the same in every run.
struct TraceIdBits {
  std::uint64_t high = 0, low = 0;
};
TraceIdBits trace_id_of(std::uint64_t seed, std::uint32_t workload, std::uint64_t number);
/// Span `index` of a trace: never 0 (OTLP's "no parent").
std::uint64_t span_id_of(const TraceIdBits& trace, std::uint32_t index);

/// Appends the request's line (ending in '\n') to `out`. `start_unix_ns`:
/// the wall-clock time of simulated time 0.
void append_otlp_line(std::string& out, const RunNames& names, std::int64_t start_unix_ns, const TraceIdBits& trace,
                      std::uint32_t workload, const std::vector<RecordedSpan>& spans);

}  // namespace svcsim::trace
