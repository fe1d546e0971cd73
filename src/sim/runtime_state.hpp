// Runtime records of a running simulation: requests, tasks (an endpoint being
// run on one instance), calls, instances and per-node accounting. Plain data
// kept in pools and vectors; the engine (engine.cpp) gives them behaviour.
#pragma once

#include <array>
#include <boost/unordered/unordered_flat_map.hpp>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/breakdown_pool.hpp"
#include "sim/hash_ring.hpp"
#include "sim/item_cache.hpp"
#include "sim/slot_pool.hpp"
#include "sim/station/adaptive_limit.hpp"
#include "sim/station/wait_queue.hpp"
#include "sim/zipf_sampler.hpp"
#include "svcsim/histogram.hpp"
#include "svcsim/random.hpp"
#include "svcsim/results.hpp"

namespace svcsim::detail {

/// How a call (or a whole request) ended, as the caller sees it.
enum class Outcome : std::uint8_t { ok, failed, rejected, timed_out };

/// One execution of an endpoint program on one instance.
struct Task {
  std::uint32_t generation = 0;  // bumped when freed; also guards scheduled events
  std::uint32_t node = 0;
  std::uint32_t instance = 0;
  std::uint32_t pc = 0;
  std::uint32_t parent_try = kNone;  // the try this task answers
  /// A request's entry call sent with no Try (engine_direct_calls.cpp): the
  /// workload (kNone: not such a task) and its user, whom the task answers.
  std::uint32_t direct_workload = kNone;
  std::uint32_t direct_user = kNone;
  std::uint32_t epoch = 0;            // bumped each time the task stops waiting: late answers are ignored
  std::int64_t arrival = 0;
  std::int64_t enqueued_at = 0;
  std::int64_t waited_ns = 0;
  /// When the work step in progress ends (a cut-short step counts what it
  /// did); on a node with shared cores, when it (or this part of it) began.
  std::int64_t work_end = 0;
  /// Its next work step's time (slowdowns applied), drawn when it was handed
  /// a worker, or the work a preempted step still needs (-1: none).
  std::int64_t drawn_work = -1;
  // (On shared cores its CPU job, and under adaptive_concurrency the calls its
  // instance held when it arrived, are kept by the engine beside the pool:
  // few nodes need them, and every task would pay for the bytes.)
  SliceRef time;              // its parent try's: where its queueing and service add up
  std::int64_t calls_sent_at = -1;  // while it waits on a step's calls: when it sent them
  std::uint32_t queue_prev = kNone;
  std::uint32_t queue_next = kNone;
  std::uint32_t on_instance_prev = kNone;  // the instance's list of all its tasks
  std::uint32_t on_instance_next = kNone;
  std::uint32_t program = 0;
  // (its request's item key is its parent try's: Engine::task_key; a Task stays small)
  // the step it waits on
  // 16 bits suffice: a parallel step has at most 64 calls, repeat at most 1000
  // (the loader's limits); a small Task is cheaper to reset for every call.
  std::uint16_t pending = 0;   // calls not yet answered
  std::uint16_t need = 0;      // successes that end the step
  std::uint16_t succeeded = 0;
  std::uint16_t failed = 0;
  std::uint16_t repeat_left = 0;
  Outcome failure = Outcome::failed;  // what a failed step reports upwards
  Criticality level = Criticality::critical;  // its call's (SPEC 7.2)
  /// A cache with `coalesce`: this task's miss makes the item's one origin
  /// call (leader), or it waits for another's (waiter, linked through its
  /// queue fields into the fill's list: it is in no wait queue then).
  enum class Fill : std::uint8_t { none, leader, waiter } fill = Fill::none;
  bool holds_worker = false;
  bool in_work = false;  // in a work step (counted in NodeState::working)
  bool started = false;  // got its first worker (or needed none)
  bool queued = false;
  bool waited = false;
  bool degraded = false;
  bool measured = false;
};

enum class OwnerKind : std::uint8_t { request, task };

/// The most tries of one call outstanding at once (the first try plus hedges,
/// which the loader caps at 10).
inline constexpr int kMaxLiveTries = 12;

/// What delivering a finished call needs from it: its owner, its call site
/// and when it was sent. finish_call copies just this part before releasing
/// the record (the owner may send a new call at once, reusing the slot); a
/// copy of the whole Call, with its try arrays, showed in profiles.
///
/// A workload request has no record of its own: it is its entry call (owner
/// kind `request`), which lives exactly as long as the request does. Its
/// owner is the workload, its owner_generation the closed workload's user.
struct CallHead {
  std::uint32_t generation = 0;
  OwnerKind owner_kind = OwnerKind::task;
  bool measured = false;               // sent inside the measured window
  std::uint32_t owner = 0;             // the task, or the workload of a request
  std::uint32_t owner_generation = 0;  // the task slot's generation when the call was sent; a request's user
  std::uint32_t owner_epoch = 0;       // tasks: the step the call belongs to
  std::uint32_t site = 0;              // the step's call site (its policies)
  std::int64_t started_at = 0;         // when it was sent (tail attribution); a request's arrival
  SliceRef owner_time;                 // the owner's sums (a request's critical path, tail attribution)

  std::uint32_t workload() const { return owner; }
  std::uint32_t user() const { return owner_generation; }  // kNone: an open workload
};

/// A logical call from a task (or a request) to a call site: its resilience
/// state (retries, hedges, the fallback reached, the overall timeout). It ends
/// when it answers its owner; its tries may outlive it.
struct Call : CallHead {
  std::uint32_t key = kNone;           // the request's item key (ring_hash, caches)
  std::uint32_t target_site = 0;       // the site tried now: the step's, or a fallback
  std::uint16_t fallback_index = 0;    // 0: the primary target; k: the k-th fallback
  std::uint16_t retries = 0;
  std::uint16_t hedges = 0;
  std::uint16_t live = 0;              // tries in live_tries
  // Only the first `live` entries mean anything: left uninitialised, so that
  // taking a Call from its pool does not clear them (SlotPool default-initialises).
  std::uint32_t live_tries[kMaxLiveTries];
  std::uint32_t live_try_generations[kMaxLiveTries];
  std::int64_t last_backoff_ns = 0;    // decorrelated jitter remembers the previous sleep
  bool retry_pending = false;
  Criticality level = Criticality::critical;  // every try's (SPEC 7.2)
};

/// One attempt of a call at one callee instance. It lives until its answer
/// comes back (even when the call no longer waits: the callee still works),
/// or, when no answer can come (blackhole, partition), until the call stops
/// waiting for it.
struct Try {
  std::uint32_t generation = 0;
  std::uint32_t call = kNone;   // kNone: a plain call, which has no Call record (see `plain`)
  std::uint32_t call_generation = 0;
  std::uint32_t site = 0;       // the target site
  std::uint32_t instance = 0;
  std::uint32_t task = kNone;   // the callee's task while it exists (for cancel_on_timeout)
  std::uint32_t task_generation = 0;
  std::uint32_t key = kNone;    // the request's item key, for the callee's task
  std::int64_t sent_at = 0;
  SliceRef time;                // its call's owner's sums, or its own when the call is isolated
  bool owns_time = false;
  bool abandoned = false;       // the call no longer waits for it
  bool lost = false;            // no answer will come
  bool short_circuited = false; // refused by the caller's open breaker, never sent
  bool for_request = false;     // its call is a request's entry call (the client takes its answer)
  bool throttle_counts = false; // its site is throttled: an answer other than `rejected` is an accept
  Criticality level = Criticality::critical;  // the callee's task runs at this level
  /// A plain call (no retry, hedge, fallback, timeout or breaker, and its
  /// answer always lands on the caller's path) has exactly one try, whose
  /// answer is the call's: the try carries the call's head itself, and no
  /// Call record is made. Unused when `call` names a Call.
  CallHead plain;
};

/// The try whose answer ended a call: its time lies on the caller's critical
/// path. Not answered(): the call ended without one (its timeout, or a last
/// try that timed out).
struct Answer {
  SliceRef time;               // the answering try's own sums (isolated calls), still held
  std::int64_t sent_at = -1;   // when that try was sent; -1: no try answered
  bool answered() const { return sent_at >= 0; }
};

enum class TryKind : std::uint8_t { first, retry, hedge, fallback };

/// A breaker's failure-rate window: `kBreakerBuckets` buckets of window/10.
inline constexpr int kBreakerBuckets = 10;
enum class BreakerState : std::uint8_t { closed, open, half_open };

struct Breaker {
  BreakerState state = BreakerState::closed;
  std::int64_t opened_at = 0;
  std::int64_t bucket_ns = 1;
  std::int64_t bucket_start = 0;    // start time of the current bucket
  int bucket = 0;
  std::uint32_t calls[kBreakerBuckets] = {};
  std::uint32_t failures[kBreakerBuckets] = {};
  int half_open_permits = 0;        // trial calls still allowed
  int half_open_done = 0;
  int half_open_failed = 0;
  std::vector<std::pair<std::int64_t, BreakerState>> timeline;  // changes, for the results
};

/// A node's retry budget: first tries and retries sent to it over the last
/// 10 s, in 1 s buckets.
struct RetryBudgetState {
  std::int64_t bucket_start = 0;
  int bucket = 0;
  std::uint32_t first_tries[10] = {};
  std::uint32_t retries[10] = {};
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

/// An instance slot's place in the autoscaler's life cycle. Nodes without
/// autoscaling keep every instance `ready` for the whole run.
enum class ScalePhase : std::uint8_t {
  ready,     // takes new calls
  starting,  // added; takes calls from `ready_at` on
  draining,  // removed; finishes what it has, takes nothing new
  off,       // a preallocated slot not in use
};

struct InstanceState {
  std::int64_t busy = 0;         // workers held
  std::int64_t holding = 0;      // adaptive_concurrency only: calls admitted and not yet answered
  std::int64_t outstanding = 0;  // calls sent to it and not yet answered (balancing)
  WaitQueue queue;               // calls waiting for a worker, in the node's discipline
  std::uint32_t tasks_head = kNone;  // every task on the instance (to fail them when it goes down)
  // fault state, recomputed from the active faults whenever one changes
  bool down = false;       // refuses calls (outage refuse, crash)
  bool blackhole = false;  // takes calls and never answers
  bool healthy = true;     // the health check's view (balancers use it when there is a check)
  int probe_failures = 0;
  int probe_successes = 0;
  double slow_factor = 1.0;
  std::int64_t slow_add_ns = 0;
  double error_ratio = 0;  // from `errors` faults
  std::vector<std::int64_t> endpoint_active;  // per program: calls in progress (bulkheads)
  // autoscaling
  bool serving = true;     // phase == ready: balancers may pick it
  ScalePhase phase = ScalePhase::ready;
  std::int64_t ready_at = 0;  // starting: when it becomes ready
};

struct NodeState {
  std::int64_t workers = 0;      // per instance; INT64_MAX = unlimited
  std::int64_t queue_limit = 0;  // per instance; INT64_MAX = unlimited
  std::int64_t queue_timeout_ns = 0;
  bool async = false;
  double hit_ratio = 1.0;
  std::vector<InstanceState> instances;  // with autoscaling: `max` slots, preallocated
  /// Balancers look at instances [0, span): all of them without autoscaling;
  /// with it, up to the highest slot that serves.
  std::uint32_t span = 0;
  std::uint32_t autoscaler = kNone;  // index in the engine's autoscalers
  std::uint64_t round_robin_next = 0;
  RandomStream work_rng;
  RandomStream route_rng;    // probability, choose, cache hits
  RandomStream balance_rng;  // random and power_of_two balancing
  RandomStream error_rng;    // node `errors` and `errors` faults
  RandomStream retry_rng;    // backoff jitter of the calls this node makes
  std::int64_t routable = 0; // instances a balancer may pick now
  // caches with capacity (engine_caches.cpp); empty for every other node
  std::vector<ItemCache> item_caches;                   // per instance
  std::vector<std::vector<std::uint32_t>> prewarm_keys;  // ring_hash + prewarm: each instance's share, most popular first
  std::uint32_t prewarm_count = 0;                      // without ring_hash: items 1..prewarm_count
  // balancing: ring_hash
  HashRing ring;
  std::vector<bool> ring_live;  // the instances the ring routes to now
  std::uint64_t window_lookups = 0, window_hits = 0;  // caches: since the last time-series tick
  bool has_health_check = false;
  // Hot-path shortcuts, fixed when the engine is built (Engine::mark_fast_paths):
  /// Some fault can take its instances down, or it autoscales: each instance
  /// keeps the list of its tasks (to fail them, or to know it is quiet).
  bool tracks_tasks = true;
  /// No errors, faults, rate limit or bulkheads: nothing but a full queue
  /// turns a call away (on_call_arrive skips the other checks) and no
  /// slowdown stretches its work (run_task skips that check).
  bool bare = false;
  bool has_retry_budget = false;  // the scenario's retry_budget is set
  // The station beyond workers and a FIFO queue (SPEC 7; the rest is the
  // engine's stations_[node], StationState). Flags only, in what was padding.
  bool shares_cpu = false;  // shared cores (processor sharing, a CPU quota): StationState::cpu_first
  bool counts_cpu = false;  // `cores` without sharing (one per worker or more): busy cores are working workers
  bool preemptive = false;  // discipline: priority_preemptive
  bool admission = false;   // `shed` or adaptive_concurrency (station_admits)
  RetryBudgetState retry_budget;
  double tokens = 0;         // rate limit bucket
  std::int64_t tokens_at = 0;
  std::uint64_t retries = 0, hedges = 0, timeouts = 0;  // on the calls this node makes (caller side)
  // accounting
  std::int64_t queued_total = 0;
  std::int64_t working = 0;  // tasks in a work step (not waiting on calls)
  TimeIntegral busy;
  TimeIntegral queue;
  TimeIntegral in_system;
  std::int64_t queue_max = 0;
  /// `arrived` counts every call that reached the node (refused ones too),
  /// from time 0: the window's `requests` and the time series' arrivals are
  /// differences of it (StationState keeps its value at the window's edges).
  std::uint64_t arrived = 0, admitted = 0, rejected = 0, succeeded = 0, degraded = 0, failed = 0,
                timed_out = 0, waited = 0, cache_lookups = 0, cache_hits = 0;
  LatencyHistogram latency;
  LatencyHistogram wait;
};

/// A node's station state beyond its workers and queue (SPEC 7), kept beside
/// NodeState (Engine::stations_): only nodes that use these keys touch it,
/// and NodeState keeps the size the hot path was tuned for (a larger one
/// measured 5 % slower on the M/M/1 benchmark: heap layout, not instructions).
struct StationState {
  /// Shared cores: instance i's CPU is the engine's cpus_[cpu_first + i].
  std::uint32_t cpu_first = kNone;
  bool has_shed = false;
  std::array<std::int64_t, kCriticalityLevels> shed_at = {};  // per level; INT64_MAX: never
  std::vector<AdaptiveLimit> limits;  // adaptive_concurrency: per instance slot; empty without it
  std::vector<std::pair<std::int64_t, int>> limit_timeline;  // the first instance's limit at each change
  RandomStream throttle_rng;  // client-side throttling of the calls this node makes
  TimeIntegral cpu_busy;       // busy cores, in thousandths (nodes with cores or cpu_limit)
  TimeIntegral throttled_instances;  // instances throttled by cpu_limit
  std::uint64_t shed = 0, limited = 0, throttled = 0;  // rejected by shed / the adaptive limit; rejected locally (caller side)
  std::uint64_t refused = 0;  // measured calls refused: no instance up, or the one picked was down
  /// NodeState::arrived and the number in system at the measured window's edges.
  std::uint64_t arrived_at_start = 0, arrived_at_end = 0;
  std::int64_t in_system_at_start = 0, in_system_at_end = 0;
  /// Caches with `coalesce`: per instance, the items whose origin call is out,
  /// each with the task that made it and the tasks waiting for its answer.
  struct PendingFill {
    std::uint32_t leader = kNone;
    std::uint32_t head = kNone, tail = kNone;  // waiters, in arrival order
  };
  std::vector<boost::unordered_flat_map<std::uint32_t, PendingFill>> fills;
  // Unequal instances (SPEC 10), kept here for the same reason.
  std::vector<double> speed;          // per instance slot; empty: all 1
  std::vector<double> wrr_current;    // weighted_round_robin: each instance's current weight (nginx's smooth WRR)
};

/// The HPA of one node (engine_autoscaling.cpp).
struct Autoscaler {
  std::uint32_t node = 0;
  int desired = 0;           // the replica count decided last (ready + starting aim at it)
  int ready = 0;             // instances in phase ready
  /// Instances whose workers count: ready or draining, and not down or
  /// blackholed. Over a sync period it is the utilisation's denominator.
  TimeIntegral capacity;
  double busy_at_sync = 0, capacity_at_sync = 0;     // the integrals at the previous sync
  std::int64_t synced_at = 0;                         // the previous sync (0 before the first)
  double capacity_at_tick = 0;                        // at the previous time-series tick
  /// Recommendations of the last `stabilization_window`, a ring of (time, count).
  std::vector<std::pair<std::int64_t, int>> recommendations;
  std::size_t next_recommendation = 0;
  std::vector<std::pair<std::int64_t, int>> timeline;  // (time, ready) at each change, from time 0
};

struct WorkloadState {
  RandomStream arrival_rng;
  RandomStream catalog_rng;  // item keys (workloads with a catalog)
  ZipfSampler catalog;
  RandomStream think_rng;
  double peak_rate = 0;  // thinning bound for scheduled rates
  bool steady_poisson = false;  // Poisson at a positive rate, no schedule: gaps at peak_rate, no thinning
  bool direct_entry = false;    // its entry call needs no Try (engine_direct_calls.cpp)
  // mmpp: the state now and when it ends (sojourns from their own stream)
  RandomStream mmpp_rng;
  std::uint32_t mmpp_state = 0;
  std::int64_t mmpp_state_end = 0;
  std::size_t trace_next = 0;  // trace: the next arrival to replay
  std::uint64_t requests = 0, succeeded = 0, degraded = 0, failed = 0, timed_out = 0, rejected = 0;
  /// Succeeded requests from time 0, whenever they arrived, and its value at
  /// the window's edges: their difference is what left inside the window.
  std::uint64_t ok_total = 0, ok_at_start = 0, ok_at_end = 0;
  LatencyHistogram latency;
  TailBreakdown tail;
};

}  // namespace svcsim::detail
