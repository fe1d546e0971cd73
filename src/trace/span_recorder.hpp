// The trace exporter's observer (SPEC 8.1): keeps the spans of each request
// in flight in a buffer of its own (buffers are pooled: the steady state
// allocates nothing), decides at the request's end whether it is kept
// (sampled from its workload's own random stream, or slower than a
// threshold), and writes the kept ones as OTLP/JSON lines. A request that is
// not sampled, when there is no threshold, is never recorded at all; an
// unkept one's buffer is dropped as soon as it ends. So memory holds only
// requests in flight (and those whose calls still run after they ended).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcsim/random.hpp"
#include "trace/otlp_line.hpp"
#include "trace/recorded_span.hpp"
#include "trace/run_observer.hpp"

namespace svcsim::trace {

struct TraceOptions {
  double sample = 0.01;                       // --trace-sample: the share of requests kept at random
  std::optional<std::int64_t> slower_than_ns;  // --trace-slower-than: also keep requests slower than this
  std::int64_t start_unix_ns = 1'735'689'600'000'000'000;  // --trace-start: 2025-01-01T00:00:00Z
};

class SpanRecorder final : public RunObserver {
 public:
  /// `sink` receives the lines, in large pieces, in the order requests ended.
  SpanRecorder(TraceOptions options, std::function<void(std::string_view)> sink);

  std::uint64_t requests_written() const { return written_; }

  void on_run_start(const RunNames& names) override;
  void on_request_start(std::uint32_t request, std::uint32_t workload, std::int64_t now) override;
  void on_request_end(std::uint32_t request, SpanOutcome outcome, std::int64_t now) override;
  void on_try_sent(std::uint32_t try_id, std::uint32_t call, SpanTry kind, TryParent parent, std::uint32_t program,
                   std::int64_t now) override;
  void on_try_end(std::uint32_t try_id, SpanOutcome outcome, std::int64_t now) override;
  void on_call_arrive(std::uint32_t try_id, std::uint32_t instance, std::int64_t now) override;
  void on_call_waited(std::uint32_t try_id, std::int64_t waited_ns) override;
  void on_call_answer(std::uint32_t try_id, SpanOutcome outcome, std::int64_t now) override;
  void on_run_end(std::int64_t now) override;

 private:
  struct Request {
    std::uint32_t generation = 0;  // bumped when the slot is freed: stale references find a new one
    std::uint32_t workload = 0;
    std::uint64_t number = 0;      // among its workload's requests
    bool live = false;
    bool sampled = false;
    bool root_done = false;
    bool kept = false;             // decided when the request ends
    std::uint32_t open = 0;        // spans not yet ended
    std::vector<RecordedSpan> spans;
  };
  /// A span of a request slot, valid while the slot keeps its generation.
  struct SpanRef {
    std::uint32_t slot = kNoSpan;
    std::uint32_t generation = 0;
    std::uint32_t span = kNoSpan;
  };
  struct TryRefs {
    SpanRef client;                 // the try's CLIENT span
    std::uint32_t server = kNoSpan; // its SERVER span, in the same request
  };

  Request* request_of(const SpanRef& ref);
  std::uint32_t add_span(Request& r, const RecordedSpan& span);
  void end_span(std::uint32_t slot, std::uint32_t span, SpanOutcome outcome, std::int64_t now);
  /// The request ended and none of its spans is open: written if kept, then freed.
  void settle(std::uint32_t slot);
  void free_slot(std::uint32_t slot);
  /// Makes room for `id` in a table by engine id (growing like the engine's pools).
  template <typename T>
  static void grow(std::vector<T>& v, std::uint32_t id) {
    if (id >= v.size()) v.resize(static_cast<std::size_t>(id) + 1 + v.size() / 2);
  }

  TraceOptions options_;
  std::function<void(std::string_view)> sink_;
  RunNames names_;
  std::vector<RandomStream> sample_rng_;  // per workload: "workload:NAME/trace-sample"
  std::vector<std::uint64_t> numbers_;    // per workload: requests started
  std::vector<Request> requests_;
  std::vector<std::uint32_t> free_;
  std::vector<SpanRef> by_request_;  // by the engine's request id: its root span
  std::vector<TryRefs> by_try_;      // by try id
  std::vector<SpanRef> by_call_;     // by call id: the span its tries descend from
  std::string out_;
  std::uint64_t written_ = 0;
};

}  // namespace svcsim::trace
