// Per-endpoint latency of a run, for `svcsim calibrate`: an observer of the
// run (run_observer.hpp) that times every call at the node it reaches, from
// its arrival to its answer leaving, per `node.endpoint` — what a server
// span of an exported trace measures (SPEC 8.1), and what the results keep
// only per node.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "svcsim/histogram.hpp"
#include "trace/run_observer.hpp"

namespace svcsim::trace {

class EndpointLatencies : public RunObserver {
 public:
  /// Calls that arrive before `from_ns` (the warm-up) are not timed.
  explicit EndpointLatencies(std::int64_t from_ns) : from_ns_(from_ns) {}

  /// By `node.endpoint`: the latency of the calls answered with success.
  const std::map<std::string, LatencyHistogram>& by_endpoint() const { return by_endpoint_; }

  void on_run_start(const RunNames& names) override;
  void on_request_start(std::uint32_t, std::uint32_t, std::int64_t) override {}
  void on_request_end(std::uint32_t, SpanOutcome, std::int64_t) override {}
  void on_try_sent(std::uint32_t try_id, std::uint32_t call, SpanTry kind, TryParent parent, std::uint32_t program,
                   std::int64_t now) override;
  void on_try_end(std::uint32_t, SpanOutcome, std::int64_t) override {}
  void on_call_arrive(std::uint32_t try_id, std::uint32_t instance, std::int64_t now) override;
  void on_call_waited(std::uint32_t, std::int64_t) override {}
  void on_call_answer(std::uint32_t try_id, SpanOutcome outcome, std::int64_t now) override;
  void on_run_end(std::int64_t) override {}

 private:
  std::int64_t from_ns_;
  std::vector<LatencyHistogram*> of_program_;  // by program id, into by_endpoint_
  std::vector<std::uint32_t> program_of_try_;  // by try id (ids are reused: set at each send)
  std::vector<std::int64_t> arrived_at_;       // by try id; -1: not timed
  std::map<std::string, LatencyHistogram> by_endpoint_;
};

}  // namespace svcsim::trace
