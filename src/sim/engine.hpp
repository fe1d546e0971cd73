// The event loop of one simulation run: owns the runtime state built from a
// Scenario and moves requests through nodes until the last one has finished.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/event_queue.hpp"
#include "program/program.hpp"
#include "sim/runtime_state.hpp"
#include "sim/station/client_throttle.hpp"
#include "sim/station/cpu_share.hpp"
#include "sim/timer_lines.hpp"
#include "svcsim/results.hpp"
#include "svcsim/scenario.hpp"
#include "svcsim/simulation.hpp"
#include "trace/run_observer.hpp"

namespace svcsim::detail {

static_assert(EventQueue::kEndOfTime == Duration::max().ns, "the clock ends where durations saturate");

class Engine {
 public:
  Engine(const Scenario& scenario, const RunOptions& options);
  Results run();
  /// After run() threw std::bad_alloc: the run stopped where the failed
  /// allocation cut its event short, with the figures up to there (the
  /// counters stay whole; the event's own changes may be partly done).
  Results out_of_memory();

 private:
  // event handlers
  [[gnu::always_inline]] inline void dispatch(const Event& e);  // once per event: inlined into run()
  void on_window_edge(bool start);
  void on_open_arrival(std::uint32_t workload);
  void on_user_wake(std::uint32_t workload, std::uint32_t user);
  void on_call_arrive(std::uint32_t try_id);
  void on_work_done(std::uint32_t task, std::uint32_t generation);
  void on_call_response(std::uint32_t try_id, Outcome outcome, bool degraded);
  void on_call_timeout(std::uint32_t call, std::uint32_t generation);
  void on_try_timeout(std::uint32_t try_id, std::uint32_t generation);
  void on_retry_timer(std::uint32_t call, std::uint32_t generation);
  void on_hedge_timer(std::uint32_t call, std::uint32_t generation);
  void on_queue_timeout(std::uint32_t task, std::uint32_t generation);
  void on_fault_edge(std::uint32_t fault, bool start);
  void on_crash_toggle(std::uint32_t fault, std::uint32_t instance);
  void on_health_probe(std::uint32_t node);
  void on_probe_result(std::uint32_t node, std::uint32_t instance, bool ok);
  void on_series_tick();
  void record_for_series_and_faults(const CallHead& request, Outcome outcome);

  // requests and calls
  [[gnu::always_inline]] inline void start_request(std::uint32_t workload, std::uint32_t user);
  /// `call`: the request's entry call, just finished.
  void finish_request(const CallHead& call, Outcome outcome, bool degraded, Answer answer);
  /// `owner_time`: the owner's sums, which a first try of a plain call adds to;
  /// `key`: the request's item key (kNone without a catalog).
  /// `inherited`: the owner's criticality, which the call keeps unless its step names one.
  void send_call(OwnerKind kind, std::uint32_t owner, std::uint32_t owner_generation, std::uint32_t owner_epoch,
                 std::uint32_t site, SliceRef owner_time, std::uint32_t key, Criticality inherited);
  // Direct calls, and a request's entry call with no Try record
  // (engine_direct_calls.cpp); the task steps they share with the general
  // path (task_steps.hpp).
  void mark_direct_calls();
  /// Sends a plain try already filled in over a direct site (site_direct_);
  /// `time`, `key`, `level`: the try's (the owner's sums, item key, inherited level).
  void send_direct(std::uint32_t try_id, const CallSite& site, SliceRef time, std::uint32_t key, Criticality level);
  /// A direct call's way to its callee: the try counted, its instance picked
  /// (`instance`), then arrive_at_bare (the new task, or kNone: turned away).
  [[gnu::always_inline]] inline std::uint32_t reach_directly(const CallSite& site, std::uint32_t key, SliceRef time,
                                                            Criticality level, std::uint32_t& instance,
                                                            bool& needs_worker);
  void enter_directly(std::uint32_t workload, std::uint32_t user, SliceRef time);
  /// Answers the request of task `id` (direct_workload set) and frees the task.
  void answer_directly(std::uint32_t id, Outcome outcome, bool degraded);
  /// Tries not yet answered, entry calls sent with no Try included (each is
  /// one): --max-in-flight and the memory estimate (sizeof(Try) each, on
  /// purpose) see the same figures with and without direct calls.
  std::uint64_t live_tries() const { return tries_.live() + direct_live_; }
  /// A call arriving at `instance` of a bare node: counted, then admitted as
  /// a new task (its id) or turned away by a full waiting room (kNone).
  [[gnu::always_inline]] inline std::uint32_t arrive_at_bare(const CallSite& site, std::uint32_t instance,
                                                            SliceRef time, Criticality level, bool& needs_worker);
  /// A new task running `site`'s program on `instance`, just arrived (the
  /// caller counts it admitted and links it to its parent).
  [[gnu::always_inline]] inline std::uint32_t new_task(const CallSite& site, std::uint32_t instance, SliceRef time,
                                                      bool measured, Criticality level);
  /// Gives a task just admitted its worker, or queues it, and runs what it can.
  [[gnu::always_inline]] inline void begin_task(std::uint32_t id, const NodeState& n, bool needs_worker,
                                                bool holds_worker);
  /// Frees a finished task and answers whoever sent it (its try, or its request).
  [[gnu::always_inline]] inline void release_and_answer(std::uint32_t id, Outcome outcome, bool degraded);
  /// A new try of a call with a Call record (the first, a retry, a hedge or a fallback).
  void start_try(std::uint32_t call, TryKind kind);
  /// Sends a try already filled in: its breaker, its instance, its link.
  void send_try(std::uint32_t try_id, TryKind kind);
  void try_failed(std::uint32_t call, Outcome outcome, Answer answer = {});
  [[gnu::always_inline]] inline void finish_call(std::uint32_t call, Outcome outcome, bool degraded, Answer answer = {});
  [[gnu::always_inline]] inline void deliver(const CallHead& call, Outcome outcome, bool degraded, Answer answer);
  void deliver_to_task(const CallHead& call, Outcome outcome, bool degraded, Answer answer);
  void respond(std::uint32_t try_id, Outcome outcome, bool degraded);
  void lose(std::uint32_t try_id);
  void abandon_try(std::uint32_t try_id);
  [[gnu::always_inline]] inline void release_try(std::uint32_t try_id);
  bool call_waits_for(const Try& attempt) const;
  static void forget_try(Call& call, std::uint32_t try_id);

  // trace export (engine_trace.cpp): the observer, called only when set
  void trace_run_start();
  void trace_try_sent(std::uint32_t try_id, TryKind kind);
  static SpanOutcome span_outcome(Outcome outcome, bool degraded) {
    switch (outcome) {
      case Outcome::ok: return degraded ? SpanOutcome::degraded : SpanOutcome::ok;
      case Outcome::failed: return SpanOutcome::failed;
      case Outcome::rejected: return SpanOutcome::rejected;
      case Outcome::timed_out: return SpanOutcome::timed_out;
    }
    return SpanOutcome::failed;
  }

  // tail attribution (see "Tail attribution" in docs/architecture.md)
  /// Adds to `to` the time of a finished isolated call: the answering try's
  /// sums, and the time before that try was sent (or all of it, without one)
  /// as failed tries of the call's target.
  void add_call_time(SliceRef to, const CallHead& call, Answer answer);
  void add_node_time(const Task& t, int part, std::int64_t ns) {
    breakdowns_.add(t.time, TailBreakdown::node_base(t.node) - 1 + part, ns);
  }
  [[gnu::always_inline]] inline void record_tail(TailBreakdown& tail, SliceRef time, std::int64_t latency_ns);
  void mark_fast_paths();
  /// Per node: some endpoint of it has a bulkhead (its instances count calls per program).
  std::vector<bool> nodes_with_bulkheads() const;

  // resilience (engine_resilience.cpp)
  bool breaker_allows(std::uint32_t breaker);
  void breaker_record(std::uint32_t breaker, bool success);
  void breaker_set(std::uint32_t breaker, BreakerState state);
  void breaker_roll(Breaker& b);
  bool retry_budget_allows(std::uint32_t node);
  void record_for_retry_budget(std::uint32_t node, bool retry);
  void roll_retry_budget(RetryBudgetState& budget);
  std::int64_t backoff_ns(Call& call, const RetryPolicy& policy);
  static unsigned retry_bit(Outcome outcome);
  bool take_rate_limit_token(std::uint32_t node);
  /// Undoes take_rate_limit_token at the same instant (the call was turned away after all).
  void give_back_rate_limit_token(std::uint32_t node);
  NodeState* caller_state(const CallSite& site) {
    return site.caller < nodes_.size() ? &nodes_[site.caller] : nullptr;
  }

  // faults (engine_faults.cpp)
  void schedule_faults();
  void apply_fault_state(std::uint32_t node);
  void take_instance_down(std::uint32_t node, std::uint32_t instance, bool answer);
  void withdraw(std::uint32_t task, std::uint32_t generation);
  bool partitioned(std::uint32_t from, std::uint32_t to) const {
    return !partitions_.empty() && from < nodes_.size() && to < nodes_.size() &&
           partitions_.contains(partition_key(from, to));
  }
  bool routable(const NodeState& n, const InstanceState& inst) const {
    return inst.serving && (n.has_health_check ? inst.healthy : !inst.down);
  }
  void recount_routable(std::uint32_t node);

  // autoscaling (engine_autoscaling.cpp)
  void setup_autoscaling();
  void schedule_autoscaling();
  void on_scale_sync(std::uint32_t node);
  void on_instance_ready(std::uint32_t node, std::uint32_t instance);
  int recommend(std::uint32_t node);
  void reconcile(std::uint32_t node);
  void make_ready(std::uint32_t node, std::uint32_t instance);
  void start_draining(std::uint32_t node, std::uint32_t instance);
  /// A draining instance whose last task or call just left may be switched off.
  void on_instance_quiet(std::uint32_t node, std::uint32_t instance);
  void recount_capacity(std::uint32_t node);
  void after_scaling(std::uint32_t node);
  // caches with capacity and ring_hash (engine_caches.cpp)
  void setup_caches();
  void prewarm(std::uint32_t node, std::uint32_t instance);
  /// An instance went down or came up: a cache with contents forgets them, and
  /// comes back cold or pre-warmed. Nothing for other nodes.
  void cache_instance_changed(std::uint32_t node, std::uint32_t instance, bool went_down, bool came_up);
  void update_ring(std::uint32_t node);
  /// `replication`: an item stored by `instance` is stored on the key's other replicas that are up too.
  void store_replicas(std::uint32_t node, std::uint32_t instance, std::uint32_t key);
  std::vector<std::uint32_t> replicas_;  // a key's replicas (reused: no allocation per lookup)
  /// `coalesce`: a miss whose item already has an origin call out waits for
  /// it (true: the task waits now); otherwise the task makes that call.
  bool join_pending_fill(std::uint32_t task);
  /// The leader's origin call answered (ok: the item is stored) or failed:
  /// its waiters go on past the lookup, or fail the same way.
  void end_pending_fill(std::uint32_t leader, bool ok, Outcome failure);
  /// A waiter that ends otherwise (its instance went down) leaves the fill's list.
  void leave_pending_fill(std::uint32_t waiter);
  void on_fill_failed(std::uint32_t task, std::uint32_t generation, Outcome outcome);
  /// The item key of the request a task works for (kept by the try it answers).
  /// (kNone for a direct entry's task, which has no try: only entries without a catalog go direct.)
  std::uint32_t task_key(const Task& t) const { return t.parent_try != kNone ? tries_[t.parent_try].key : kNone; }
  /// The key a task's calls carry on (kNone when no workload has a catalog).
  std::uint32_t key_to_send(const Task& t) const { return keys_used_ ? task_key(t) : kNone; }
  bool lookup_item(const Task& t) {
    const std::uint32_t key = task_key(t);
    return key != kNone && nodes_[t.node].item_caches[t.instance].lookup(key, now_);
  }

  // the station (engine_station.cpp; its parts in src/sim/station/)
  void setup_stations();
  /// Admission beyond a full queue: the adaptive limit and shedding (false: rejected, answered).
  bool station_admits(std::uint32_t try_id, std::uint32_t node, InstanceState& inst, bool measured);
  /// priority_preemptive: the lowest-level task in a work step on the task's
  /// instance below the task's level (the youngest among equals), or kNone.
  std::uint32_t preemption_victim(std::uint32_t task) const;
  /// Hands the victim's worker to `task`; the victim waits at the head of its level.
  void preempt(std::uint32_t victim, std::uint32_t task);
  /// A work step of `work_ns` starts on a node with shared cores.
  void start_cpu_work(std::uint32_t task, std::int64_t work_ns);
  /// A task leaves its work step before the end: what the step still needs.
  std::int64_t cut_work(std::uint32_t task);
  void on_cpu_event(std::uint32_t cpu, std::uint32_t token);
  /// After any change to instance CPU `cpu`: its figures and its next event.
  void cpu_changed(std::uint32_t cpu);
  /// An admitted call leaves its instance: the adaptive limit learns from it.
  void adapt_limit(std::uint32_t task, bool bad);
  /// Client-side throttling before a try is sent: true when it was rejected locally (and answered).
  bool throttled_locally(std::uint32_t try_id, const CallSite& site);

  // tasks and workers
  void run_task(std::uint32_t task);
  void complete_task(std::uint32_t task, Outcome outcome);
  [[gnu::always_inline]] inline bool try_acquire_worker(std::uint32_t task);
  /// `draw_ahead`: a waiter handed the worker may draw its work time now (draw_ahead_).
  [[gnu::always_inline]] inline void release_worker(std::uint32_t task, bool draw_ahead = false);
  /// `at_head`: a preempted task waits first among its level.
  [[gnu::always_inline]] inline void enqueue(std::uint32_t task, bool at_head = false);
  void reject_queued(std::uint32_t task);
  [[gnu::always_inline]] inline void link_to_instance(std::uint32_t task);
  [[gnu::always_inline]] inline void unlink_from_instance(std::uint32_t task);
  [[gnu::always_inline]] inline void unlink_from_queue(std::uint32_t task);
  void drain_ready();
  /// A call to `program` on `n` needs a worker at once: on a blocking server
  /// always, on an event loop only when the program starts with work.
  bool needs_worker_at_start(const NodeState& n, std::uint32_t program) const {
    return !n.async || programs_.code[programs_.program_start[program]].op == Op::work;
  }
  /// Every worker of `inst` busy and its waiting room full: a call that needs
  /// a worker is turned away (unless it may preempt one).
  static bool waiting_room_full(const NodeState& n, const InstanceState& inst) {
    return inst.busy >= n.workers && inst.queue.size() >= n.queue_limit;
  }
  /// A try, or a direct entry, leaves `instance` of `node` (answered, or
  /// turned away): one call fewer outstanding, and a draining instance may be done.
  void leave_instance(std::uint32_t node, std::uint32_t instance) {
    InstanceState& inst = nodes_[node].instances[instance];
    --inst.outstanding;
    if (!inst.serving) on_instance_quiet(node, instance);
  }
  /// The instance a call to `node` goes to (kNone: none routable). A node of
  /// one routable instance, the common case, is decided inline.
  std::uint32_t pick_instance(std::uint32_t node, std::uint32_t key) {
    const NodeState& n = nodes_[node];
    return n.span == 1 && n.routable == 1 ? 0 : pick_among_instances(node, key);
  }
  std::uint32_t pick_among_instances(std::uint32_t node, std::uint32_t key);

  // time
  std::int64_t link_delay(std::uint32_t link);
  std::int64_t next_arrival(std::uint32_t workload, std::int64_t after);
  std::int64_t next_mmpp_arrival(std::uint32_t workload, std::int64_t after);
  /// The time t' at which the scheduled rate's integral from t reaches `units`
  /// arrivals (kNever if not before the end of arrivals).
  std::int64_t advance_by_rate(const Workload& w, std::int64_t t, double units) const;
  /// Schedules a normal event; one at the current instant goes to the zero-delay FIFO.
  void schedule(std::int64_t time, EventKind kind, std::uint32_t a, std::uint32_t b, std::uint8_t status = 0,
                std::uint8_t flags = 0) {
    if (time == now_) events_.push_now(now_, kind, a, b, status, flags);
    else events_.push(time, EventClass::normal, kind, a, b, status, flags);
  }
  bool in_window(std::int64_t t) const { return t >= window_from_ && t < window_to_; }
  void count_change(TimeIntegral& integral, std::int64_t delta) { integral.add(now_, delta); }

  // timers of fixed delays, one queued event per line (engine_timers.cpp)
  void setup_timer_lines();
  /// A timer of `line`'s kind carrying (a, b), due `delay_ns` from now.
  void set_timer(std::uint32_t line, std::int64_t delay_ns, std::uint32_t a, std::uint32_t b);
  void on_timer_line(std::uint32_t line);
  bool timer_alive(EventKind kind, const TimerLines::Timer& timer) const;

  // ending
  std::string saturation_report() const;
  Results finish(std::chrono::steady_clock::time_point wall_start);
  /// "; node 'x' is saturated (…)": the node where the load piles up, for the stop messages.
  std::string saturated_node() const;
  // the memory watch (engine_memory.cpp)
  /// The process's resident bytes when they pass RunOptions::max_memory_bytes, else 0.
  std::uint64_t over_memory_limit() const;
  /// Stops the run: `used` bytes (0: an allocation failed), naming what grew.
  void stop_for_memory(std::uint64_t used);
  std::string now_text() const;
  Results collect(double wall_s) const;

  const Scenario& scenario_;
  const RunOptions& options_;
  RunObserver* trace_ = nullptr;  // options_.observer: trace export (SPEC 8.1)
  ProgramSet programs_;
  EventQueue events_;
  TimerLines timers_;
  struct SiteTimers {  // a call site's timer lines (kNone: it sets no such timer)
    std::uint32_t call_timeout = kNone, try_timeout = kNone, hedge = kNone;
  };
  std::vector<SiteTimers> site_timers_;         // by call site
  std::vector<std::uint32_t> queue_timer_line_;  // by node (kNone: no queue timeout)
  SlotPool<Task> tasks_;
  SlotPool<Call> calls_;
  SlotPool<Try> tries_;
  std::uint64_t direct_live_ = 0;  // entry calls in flight sent with no Try (live_tries)
  std::vector<Breaker> breakers_;
  std::vector<ClientThrottle> throttles_;  // per programs_.throttles
  std::vector<StationState> stations_;  // by node: what NodeState keeps out (see StationState)
  std::vector<CpuShare> cpus_;  // instances with shared cores (StationState::cpu_first)
  struct CpuOwner {
    std::uint32_t node = 0, instance = 0;
    std::int64_t reported_millicores = 0;  // what cpu_busy holds for it
    bool reported_throttled = false;       // what throttled_instances holds for it
  };
  std::vector<CpuOwner> cpu_owners_;
  std::vector<std::uint32_t> cpu_done_;  // tasks whose shared-core work just ended (reused)
  /// Per task id, beside the pool (see Task): a working task's job in its
  /// instance's CpuShare, and the calls its instance held when it arrived.
  std::vector<std::uint32_t> task_cpu_job_;
  std::vector<std::uint32_t> task_held_;
  static std::uint32_t& beside(std::vector<std::uint32_t>& v, std::uint32_t id) {
    if (id >= v.size()) v.resize(static_cast<std::size_t>(id) + 1 + v.size() / 2);  // grows like the pool
    return v[id];
  }
  /// A work step's time on `n`, drawn from its stream; the instance's `speed`
  /// divides it and a slowdown fault on it scales it (SPEC 10, 3.6; for shared
  /// cores, the CPU demand).
  static std::int64_t truncated_work(double ns) {
    return ns < static_cast<double>(Duration::max().ns) ? static_cast<std::int64_t>(ns) : Duration::max().ns;
  }
  std::int64_t draw_work(NodeState& n, const Task& t, const Instr& in) {
    std::int64_t d = programs_.distributions[in.a].sample(n.work_rng).ns;
    if (!n.bare) {
      const std::vector<double>& speed = stations_[t.node].speed;
      // Both saturate at Duration::max(): a tiny speed or a huge slowdown
      // factor must not overflow into a negative work time.
      if (!speed.empty()) d = Duration::from_large_ns(static_cast<double>(d) / speed[t.instance]).ns;
      const InstanceState& inst = n.instances[t.instance];
      if (inst.slow_factor != 1.0 || inst.slow_add_ns != 0)
        d = std::min(truncated_work(static_cast<double>(d) * inst.slow_factor) + inst.slow_add_ns, Duration::max().ns);
    }
    return d;
  }
  /// (from, to) -> active partitions between the two, only pairs with some
  /// (a matrix of every pair took nodes^2 x 4 bytes: 10 GB for 50,000 nodes).
  boost::unordered_flat_map<std::uint64_t, std::int32_t> partitions_;
  static std::uint64_t partition_key(std::uint32_t from, std::uint32_t to) {
    return static_cast<std::uint64_t>(from) << 32 | to;
  }
  struct FaultRuntime {
    std::uint32_t node = kNone;          // the target node (kNone for partitions)
    std::uint32_t first = 0, count = 0;  // the instances it strikes
    bool active = false;
    std::vector<bool> crashed;           // crash: per struck instance
    RandomStream rng;                    // crash up and down times
  };
  std::vector<FaultRuntime> faults_;
  std::vector<Autoscaler> autoscalers_;
  RandomStream client_retry_rng_;  // backoff jitter of workload entry calls (never retried today)
  // time series (engine_series.cpp)
  struct WindowAccumulator {
    SeriesRow::WorkloadWindow counts;
    LatencyHistogram latency;
  };
  std::int64_t series_window_ns_ = 0;
  std::vector<WindowAccumulator> window_workloads_;
  std::vector<std::pair<double, double>> window_node_areas_;  // busy, queue areas at the last tick
  std::vector<double> window_cpu_areas_;                      // busy-core area at the last tick
  std::vector<SeriesRow> series_;
  std::vector<FaultPhases> fault_phases_;
  std::vector<LatencyHistogram> window_node_latency_;  // per node: calls answered since the last tick
  std::vector<std::uint64_t> window_node_arrived_;    // per node: NodeState::arrived at the last tick
  std::int64_t series_last_tick_ = 0;                  // where the current window started
  std::uint64_t first_tries_ = 0;  // calls made (each call's first try)
  std::uint64_t tries_sent_ = 0;   // all tries: first, retries, hedges, fallbacks
  std::vector<std::uint64_t> tries_to_;        // per node: tries sent to it (the run's tries_sent_, by callee)
  std::vector<std::uint64_t> extra_tries_to_;  // per node: of those, retries, hedges and fallbacks
  bool window_started_ = false;                // the window's start edge has passed
  std::vector<NodeState> nodes_;
  // Time sums of requests and of isolated tries (tail attribution). A call
  // whose answer always lands on its owner's path (no retry, hedge, fallback,
  // timeout or breaker, not in a parallel step, and a caller whose instances
  // never go down) is not isolated: its tries write straight into the owner's
  // sums, so a request through plain calls costs one slice, not one per hop.
  BreakdownPool breakdowns_;
  std::vector<std::uint8_t> site_isolated_;  // per call site
  std::vector<std::uint8_t> site_direct_;    // per call site: its calls go by send_direct
  std::vector<WorkloadState> workloads_;
  std::vector<std::uint32_t> ready_;  // tasks given a worker, to run after the current event
  /// Draw-ahead (see release_worker). True from the start of a work_done or
  /// call_response event until it sends a try: until then such an event runs
  /// no task but the one it continues, which draws before it completes, so a
  /// worker that completion hands over may draw the waiter's work time at once.
  /// Sending a try (send_try) may run tasks that draw on the same stream
  /// before the waiter runs: the draw is then undone (undo_draw_ahead), so
  /// every stream's numbers still go to the draws in the order they are made.
  /// (No event sends a try after a completion's hand-over today: an answer
  /// to a request never sends one. The undo keeps the rule if one ever does.)
  bool draw_ahead_ = false;
  struct DrawnAhead {
    std::uint32_t task = kNone;  // the waiter that holds a drawn work time (kNone: none this event)
    std::uint32_t node = 0;
    RandomStream before;         // the node's work stream before the draw
  };
  DrawnAhead drawn_ahead_;
  void undo_draw_ahead();
  /// Something watches finished requests: the time series, fault phases, or
  /// a transient detector (set in run(); finish_request skips them all when not).
  bool observers_ = false;
  std::int64_t now_ = 0;
  std::int64_t last_activity_ = 0;  // the last event other than the window's edges
  std::int64_t window_from_ = 0;  // warmup
  std::int64_t window_to_ = 0;    // duration
  std::uint64_t in_flight_ = 0;
  bool keys_used_ = false;  // some workload has a catalog: requests carry item keys
  std::uint64_t event_count_ = 0;
  bool stopped_ = false;
  std::string stop_reason_;
  std::string stopped_by_;  // RunInfo::stopped_by
};

}  // namespace svcsim::detail
