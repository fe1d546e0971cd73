// The narrow hook through which a run tells an observer what happens to each
// request (trace export, SPEC 8.1): requests starting and ending, tries sent
// and answered, calls arriving at a node and their answers leaving it. The
// engine calls it only when RunOptions::observer is set (a null pointer check
// otherwise), with its own ids, which stay valid between the calls that name
// them; the observer keeps whatever it needs beside them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace svcsim {

/// What a try is to its call (SPEC 8.1's `svcsim.try`).
enum class SpanTry : std::uint8_t { first, retry, hedge, fallback };

/// How a span ended (SPEC 8.1's `svcsim.outcome`). `cancelled`: the caller
/// took another try's answer; `lost`: the call was taken and never answered;
/// `unfinished`: still open when the run ended.
enum class SpanOutcome : std::uint8_t { ok, degraded, failed, rejected, timed_out, cancelled, lost, unfinished };

/// Names of what the ids in the hooks index, given once before the run.
struct RunNames {
  std::uint64_t seed = 0;
  std::vector<std::string> nodes;             // by node index; the outside world is nodes.size()
  std::vector<std::string> workloads;         // by workload index
  std::vector<std::uint32_t> program_node;    // by program (endpoint) id: its node
  std::vector<std::string> program_endpoint;  // by program id: the endpoint's name
};

/// Who sent a first try: a request's entry call, or a task (by the try it answers).
struct TryParent {
  bool request = false;
  std::uint32_t id = 0;  // the request, or the owner task's parent try (UINT32_MAX: none)
};

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void on_run_start(const RunNames& names) = 0;
  /// `request`: an id unique among the requests in flight (reused after it ends).
  virtual void on_request_start(std::uint32_t request, std::uint32_t workload, std::int64_t now) = 0;
  virtual void on_request_end(std::uint32_t request, SpanOutcome outcome, std::int64_t now) = 0;
  /// A try leaves its caller for endpoint `program`. A first try names its
  /// parent; later tries (retries, hedges, fallbacks) belong to call `call`,
  /// whose first try was sent before them.
  virtual void on_try_sent(std::uint32_t try_id, std::uint32_t call, SpanTry kind, TryParent parent,
                           std::uint32_t program, std::int64_t now) = 0;
  /// The caller stops waiting for a try: its answer came back, or it gave up.
  /// Called again when an answer comes back after the caller gave up (ignore it).
  virtual void on_try_end(std::uint32_t try_id, SpanOutcome outcome, std::int64_t now) = 0;
  /// A try reaches instance `instance` of its node.
  virtual void on_call_arrive(std::uint32_t try_id, std::uint32_t instance, std::int64_t now) = 0;
  /// The time the run of a try waited for a worker, just before it answers.
  virtual void on_call_waited(std::uint32_t try_id, std::int64_t waited_ns) = 0;
  /// The answer to a try leaves the node (or, `lost`, none ever will).
  virtual void on_call_answer(std::uint32_t try_id, SpanOutcome outcome, std::int64_t now) = 0;
  virtual void on_run_end(std::int64_t now) = 0;
};

}  // namespace svcsim
