// One span of a request as the recorder keeps it while the request is in
// flight: engine times and indices only; names, ids and wall-clock times are
// given when the request's line is written (otlp_line.hpp).
#pragma once

#include <cstdint>

#include "trace/run_observer.hpp"

namespace svcsim::trace {

inline constexpr std::uint32_t kNoSpan = UINT32_MAX;

enum class SpanRole : std::uint8_t {
  root,    // the request: a CLIENT span of `client`, named after the workload (`what` = workload)
  client,  // a try: a CLIENT span on the caller, named `callee.endpoint` (`what` = the callee's program)
  server,  // a run of an endpoint on an instance: a SERVER span (`what` = its program)
};

struct RecordedSpan {
  std::int64_t start = 0;
  std::int64_t end = -1;      // -1: still open
  std::int64_t wait_ns = 0;   // servers: time waited for a worker
  std::uint32_t parent = kNoSpan;  // index in the request's spans
  std::uint32_t node = 0;          // its resource: a node index, or the node count for `client`
  std::uint32_t instance = 0;
  std::uint32_t what = 0;
  SpanRole role = SpanRole::root;
  SpanTry try_kind = SpanTry::first;
  SpanOutcome outcome = SpanOutcome::unfinished;
};

}  // namespace svcsim::trace
