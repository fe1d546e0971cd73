// Runtime records of a running simulation: requests, tasks (an endpoint being
// run on one instance), calls, instances and per-node accounting. Plain data
// kept in pools and vectors; the engine (engine.cpp) gives them behaviour.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/slot_pool.hpp"
#include "svcsim/histogram.hpp"
#include "svcsim/random.hpp"

namespace svcsim::detail {

/// How a call (or a whole request) ended, as the caller sees it.
enum class Outcome : std::uint8_t { ok, failed, rejected, timed_out };

/// A workload request: the client's side of one entry call.
struct Request {
  std::uint32_t generation = 0;
  std::uint32_t workload = 0;
  std::uint32_t user = kNone;  // closed workloads
  std::int64_t arrival = 0;
  bool measured = false;
};

/// One execution of an endpoint program on one instance.
struct Task {
  std::uint32_t generation = 0;  // bumped when freed; also guards scheduled events
  std::uint32_t node = 0;
  std::uint32_t instance = 0;
  std::uint32_t pc = 0;
  std::uint32_t parent_call = kNone;  // the call this task answers
  std::uint32_t epoch = 0;            // bumped each time the task stops waiting: late answers are ignored
  std::int64_t arrival = 0;
  std::int64_t enqueued_at = 0;
  std::int64_t waited_ns = 0;
  std::uint32_t queue_prev = kNone;
  std::uint32_t queue_next = kNone;
  // the step it waits on
  // 16 bits suffice: a parallel step has at most 64 calls, repeat at most 1000
  // (the loader's limits); a small Task is cheaper to reset for every call.
  std::uint16_t pending = 0;   // calls not yet answered
  std::uint16_t need = 0;      // successes that end the step
  std::uint16_t succeeded = 0;
  std::uint16_t failed = 0;
  std::uint16_t repeat_left = 0;
  Outcome failure = Outcome::failed;  // what a failed step reports upwards
  bool holds_worker = false;
  bool started = false;  // got its first worker (or needed none)
  bool queued = false;
  bool waited = false;
  bool degraded = false;
  bool measured = false;
};

enum class OwnerKind : std::uint8_t { request, task };

/// A call from a task (or a request) to a callee instance. It lives until its
/// answer comes back, even when the caller stopped waiting (the callee's work
/// still happens), so the answer can always find its way.
struct Call {
  std::uint32_t generation = 0;
  OwnerKind owner_kind = OwnerKind::task;
  std::uint32_t owner = 0;
  std::uint32_t owner_generation = 0;  // the owner slot's generation when the call was sent
  std::uint32_t owner_epoch = 0;       // tasks: the step the call belongs to
  std::uint32_t site = 0;
  std::uint32_t instance = 0;
  std::int64_t sent_at = 0;
  bool abandoned = false;  // the caller no longer waits for it
  bool measured = false;   // reached the callee inside the measured window
};

/// A time-weighted integral of a piecewise-constant count. It accumulates
/// from time 0; the measured window's share is the difference of two
/// snapshots taken at its edges (cheaper than clipping every update).
struct TimeIntegral {
  std::int64_t value = 0;
  std::int64_t last = 0;
  double area_ns = 0;
  double area_at_window_start = 0;
  double area_at_window_end = 0;

  void add(std::int64_t now, std::int64_t delta) {
    area_ns += static_cast<double>(value) * static_cast<double>(now - last);
    last = now;
    value += delta;
  }
  double snapshot(std::int64_t now) {
    add(now, 0);
    return area_ns;
  }
  double window_area() const { return area_at_window_end - area_at_window_start; }
};

struct InstanceState {
  std::int64_t busy = 0;         // workers held
  std::int64_t queued = 0;
  std::int64_t outstanding = 0;  // calls sent to it and not yet answered (balancing)
  std::uint32_t queue_head = kNone;
  std::uint32_t queue_tail = kNone;
};

struct NodeState {
  std::int64_t workers = 0;      // per instance; INT64_MAX = unlimited
  std::int64_t queue_limit = 0;  // per instance; INT64_MAX = unlimited
  std::int64_t queue_timeout_ns = 0;
  bool async = false;
  double hit_ratio = 1.0;
  std::vector<InstanceState> instances;
  std::uint64_t round_robin_next = 0;
  RandomStream work_rng;
  RandomStream route_rng;    // probability, choose, cache hits
  RandomStream balance_rng;  // random and power_of_two balancing
  // accounting
  std::int64_t queued_total = 0;
  std::int64_t working = 0;  // tasks in a work step (not waiting on calls)
  TimeIntegral busy;
  TimeIntegral queue;
  TimeIntegral in_system;
  std::int64_t queue_max = 0;
  std::uint64_t requests = 0, admitted = 0, rejected = 0, succeeded = 0, degraded = 0, failed = 0,
                timed_out = 0, waited = 0, cache_lookups = 0, cache_hits = 0;
  LatencyHistogram latency;
  LatencyHistogram wait;
};

struct WorkloadState {
  RandomStream arrival_rng;
  RandomStream think_rng;
  double peak_rate = 0;  // thinning bound for scheduled rates
  std::uint64_t requests = 0, succeeded = 0, degraded = 0, failed = 0, timed_out = 0, rejected = 0;
  LatencyHistogram latency;
};

}  // namespace svcsim::detail
