// Engine construction, the event loop, stopping rules and the collection of
// Results. Task execution lives in engine_tasks.cpp, calls in engine_calls.cpp,
// workload arrivals in engine_workloads.cpp, autoscaling in
// engine_autoscaling.cpp.
#include "sim/engine.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <fmt/format.h>

namespace svcsim::detail {

namespace {
constexpr std::int64_t kUnlimited = INT64_MAX;
/// Events at one instant before we call it a livelock (time that never advances).
constexpr std::uint64_t kMaxEventsAtOneInstant = 50'000'000;
}  // namespace

Engine::Engine(const Scenario& scenario, const RunOptions& options)
    : scenario_(scenario), options_(options), trace_(options.observer), programs_(build_programs(scenario)) {
  window_from_ = scenario.warmup.ns;
  window_to_ = scenario.duration.ns;
  nodes_.resize(scenario.nodes.size());
  tries_to_.assign(scenario.nodes.size(), 0);
  extra_tries_to_.assign(scenario.nodes.size(), 0);
  const std::vector<bool> bulkheaded = nodes_with_bulkheads();
  for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
    const Node& spec = scenario.nodes[i];
    NodeState& n = nodes_[i];
    n.workers = spec.concurrency ? *spec.concurrency : kUnlimited;
    n.queue_limit = spec.queue ? *spec.queue : kUnlimited;
    n.queue_timeout_ns = spec.queue_timeout ? spec.queue_timeout->ns : 0;
    n.async = spec.threading == Threading::async;
    n.hit_ratio = spec.hit_ratio.value_or(1.0);
    n.instances.resize(static_cast<std::size_t>(spec.instances));
    n.work_rng = RandomStream(scenario.seed, "node:" + spec.name + "/work");
    n.route_rng = RandomStream(scenario.seed, "node:" + spec.name + "/route");
    n.balance_rng = RandomStream(scenario.seed, "node:" + spec.name + "/balance");
    n.error_rng = RandomStream(scenario.seed, "node:" + spec.name + "/errors");
    n.retry_rng = RandomStream(scenario.seed, "node:" + spec.name + "/retry");
    n.has_health_check = spec.health_check.has_value();
    n.routable = spec.instances;
    n.span = static_cast<std::uint32_t>(spec.instances);
    if (spec.rate_limit) n.tokens = spec.rate_limit->burst;  // a token bucket starts full
    // Only a node with a bulkhead counts its endpoints' calls: one counter per
    // program for each of its instances (for every node, that grew with
    // nodes x programs: 20 GB for 50,000 nodes, issue 14).
    if (bulkheaded[i])
      for (InstanceState& inst : n.instances) inst.endpoint_active.assign(programs_.program_start.size(), 0);
  }
  setup_autoscaling();
  setup_stations();
  setup_caches();  // after the stations: a coalescing cache keeps its pending fills there
  breakers_.resize(programs_.breakers.size());
  for (std::size_t b = 0; b < breakers_.size(); ++b)
    breakers_[b].bucket_ns = std::max<std::int64_t>(1, programs_.breakers[b].policy->sliding_window.ns / kBreakerBuckets);
  client_retry_rng_ = RandomStream(scenario.seed, "client/retry");
  breakdowns_.set_stride(TailBreakdown::node_base(scenario.nodes.size()) - 1,  // network + 3 per node
                         !TailBreakdown::dense_for(scenario.nodes.size()));
  mark_fast_paths();
  setup_timer_lines();
  workloads_.resize(scenario.workloads.size());
  for (std::size_t i = 0; i < scenario.workloads.size(); ++i) {
    const Workload& w = scenario.workloads[i];
    WorkloadState& ws = workloads_[i];
    ws.arrival_rng = RandomStream(scenario.seed, "workload:" + w.name + "/arrivals");
    ws.think_rng = RandomStream(scenario.seed, "workload:" + w.name + "/think");
    if (w.arrivals == ArrivalProcess::mmpp) ws.mmpp_rng = RandomStream(scenario.seed, "workload:" + w.name + "/mmpp");
    ws.tail.nodes = scenario.nodes.size();
    if (w.catalog) {
      ws.catalog_rng = RandomStream(scenario.seed, "workload:" + w.name + "/catalog");
      ws.catalog = ZipfSampler(static_cast<std::uint64_t>(w.catalog->items), w.catalog->zipf);
    }
    ws.peak_rate = w.rate_per_s;
    for (const RateChange& c : w.schedule) ws.peak_rate = std::max(ws.peak_rate, c.rate_per_s);
    ws.steady_poisson = w.arrivals == ArrivalProcess::poisson && w.schedule.empty() && ws.peak_rate > 0;
  }
  mark_direct_calls();
}

std::vector<bool> Engine::nodes_with_bulkheads() const {
  std::vector<bool> has(scenario_.nodes.size(), false);
  for (std::size_t p = 0; p < programs_.program_bulkhead.size(); ++p)
    if (programs_.program_bulkhead[p] > 0) has[programs_.program_node[p]] = true;
  return has;
}

// Which calls need sums of their own: those whose tries may not all end on
// the caller's path (retries, hedges, fallbacks, timeouts, breakers, the
// branches of a parallel step), and those made by a node whose instances can
// go down (a task failed mid-call leaves its calls running, off any path).
// And which nodes may skip the hot path's checks for features they lack.
void Engine::mark_fast_paths() {
  std::vector<bool> can_go_down(scenario_.nodes.size(), false);
  std::vector<bool> faulted(scenario_.nodes.size(), false);
  for (const Fault& f : scenario_.faults) {
    for (std::size_t i = 0; i < scenario_.nodes.size(); ++i) {
      if (scenario_.nodes[i].name != f.target) continue;
      faulted[i] = true;
      if (f.type == FaultType::outage || f.type == FaultType::crash) can_go_down[i] = true;
    }
  }
  site_isolated_.assign(programs_.sites.size(), 0);
  for (std::size_t i = 0; i < programs_.sites.size(); ++i) {
    const CallSite& site = programs_.sites[i];
    site_isolated_[i] = site.retry || site.hedge || site.fallback_count > 0 || site.timeout_ns > 0 ||
                        site.breaker != CallSite::kNoBreaker ||
                        (site.caller < can_go_down.size() && can_go_down[site.caller]);
  }
  for (const Instr& in : programs_.code)
    if (in.op == Op::parallel)
      for (std::uint32_t k = 0; k < in.b; ++k) site_isolated_[programs_.site_lists[in.a + k]] = 1;
  const std::vector<bool> has_bulkhead = nodes_with_bulkheads();
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const Node& spec = scenario_.nodes[i];
    // Preemption looks for its victim among the instance's tasks.
    nodes_[i].tracks_tasks = can_go_down[i] || nodes_[i].autoscaler != kNone || nodes_[i].preemptive;
    const bool plain_station = !spec.cores && !spec.cpu_limit && spec.discipline == Discipline::fifo &&
                               !nodes_[i].admission && spec.speed.empty() && !spec.coalesce;
    nodes_[i].bare = !faulted[i] && !(spec.errors > 0) && !spec.rate_limit && !has_bulkhead[i] && plain_station;
    nodes_[i].has_retry_budget = spec.retry_budget.has_value();
  }
}

void Engine::dispatch(const Event& e) {
  switch (e.kind()) {
    case EventKind::control: on_window_edge(e.a() == 0); break;
    case EventKind::open_arrival: on_open_arrival(e.a()); break;
    case EventKind::user_wake: on_user_wake(e.a(), e.b()); break;
    case EventKind::call_arrive: on_call_arrive(e.a()); break;
    case EventKind::work_done: on_work_done(e.a(), e.b()); break;
    case EventKind::call_response: on_call_response(e.a(), static_cast<Outcome>(e.status()), e.flags() != 0); break;
    case EventKind::call_timeout: on_call_timeout(e.a(), e.b()); break;
    case EventKind::try_timeout: on_try_timeout(e.a(), e.b()); break;
    case EventKind::retry_timer: on_retry_timer(e.a(), e.b()); break;
    case EventKind::hedge_timer: on_hedge_timer(e.a(), e.b()); break;
    case EventKind::queue_timeout: on_queue_timeout(e.a(), e.b()); break;
    case EventKind::fault_edge: on_fault_edge(e.a(), e.b() == 0); break;
    case EventKind::crash_toggle: on_crash_toggle(e.a(), e.b()); break;
    case EventKind::health_probe: on_health_probe(e.a()); break;
    case EventKind::probe_result: on_probe_result(e.a(), e.b(), e.status() != 0); break;
    case EventKind::series_tick: on_series_tick(); break;
    case EventKind::scale_sync: on_scale_sync(e.a()); break;
    case EventKind::instance_ready: on_instance_ready(e.a(), e.b()); break;
    case EventKind::cpu_event: on_cpu_event(e.a(), e.b()); break;
    case EventKind::timer_line: on_timer_line(e.a()); break;
    case EventKind::fill_failed: on_fill_failed(e.a(), e.b(), static_cast<Outcome>(e.status())); break;
  }
}

Results Engine::run() {
  const auto wall_start = std::chrono::steady_clock::now();
  events_.push(window_from_, EventClass::control, EventKind::control, 0, 0);
  events_.push(window_to_, EventClass::control, EventKind::control, 1, 0);
  schedule_faults();
  schedule_autoscaling();
  series_window_ns_ = options_.series_window.ns;
  if (series_window_ns_ > 0) {
    window_workloads_.resize(workloads_.size());
    window_node_areas_.assign(nodes_.size(), {0.0, 0.0});
    window_cpu_areas_.assign(nodes_.size(), 0.0);
    window_node_latency_.resize(nodes_.size());
    window_node_arrived_.assign(nodes_.size(), 0);
    events_.push(std::min(series_window_ns_, window_to_), EventClass::observe, EventKind::series_tick, 0, 0);
  }
  for (const Fault& f : scenario_.faults) {
    if (!f.has_phases()) continue;
    FaultPhases phases;
    phases.fault = !f.name.empty() ? f.name
                   : f.type == FaultType::partition ? "partition " + f.between_a + "/" + f.between_b
                                                    : std::string(to_string(f.type)) + " " + f.target;
    phases.at_s = f.at.seconds();
    phases.end_s = f.duration ? (f.at + *f.duration).seconds() : scenario_.duration.seconds();
    phases.workloads.resize(workloads_.size());
    fault_phases_.push_back(std::move(phases));
  }
  if (trace_) trace_run_start();
  observers_ = series_window_ns_ > 0 || !fault_phases_.empty() || options_.transient != nullptr;
  for (std::uint32_t w = 0; w < workloads_.size(); ++w) {
    const Workload& spec = scenario_.workloads[w];
    if (spec.closed()) {
      for (std::uint32_t u = 0; u < static_cast<std::uint32_t>(spec.users); ++u)
        schedule(spec.think_time.sample(workloads_[w].think_rng).ns, EventKind::user_wake,
                     w, u);
    } else {
      const std::int64_t first = next_arrival(w, 0);
      if (first < window_to_) schedule(first, EventKind::open_arrival, w, 0);
    }
  }

  // Livelock watch: the time at the last periodic check, and how many events
  // have gone by since time last moved at a check (whole blocks of 2^16).
  std::int64_t time_at_check = -1;
  std::uint64_t events_at_instant = 0;
  // Options read by every event, held in locals the loop keeps in registers.
  const bool draw_ahead_enabled = options_.draw_ahead;
  const std::uint64_t max_in_flight = options_.max_in_flight;
  // The scenario's own state may already be past the memory limit.
  const std::uint64_t used_at_start = over_memory_limit();
  if (used_at_start > 0) stop_for_memory(used_at_start);
  while (used_at_start == 0 && !events_.empty()) {
    const Event e = events_.pop();
    now_ = e.time();
    const std::uint64_t in_flight_before = in_flight_;
    draw_ahead_ = draw_ahead_enabled && (e.kind() == EventKind::work_done || e.kind() == EventKind::call_response);
    dispatch(e);
    draw_ahead_ = false;
    drawn_ahead_.task = kNone;  // kept: the waiter runs first in drain_ready
    if (!ready_.empty()) drain_ready();
    ++event_count_;
    // The run ends when the last request does: timers that fire after that
    // (a finished request's timeout, lazily cancelled) are not activity.
    if (in_flight_ > 0 || in_flight_ != in_flight_before) last_activity_ = now_;
    // Every live try counts, not only requests: a try whose caller stopped
    // waiting (a timeout) still queues at its callee and holds memory.
    if (std::max<std::uint64_t>(in_flight_, live_tries()) > max_in_flight) [[unlikely]] {
      stopped_ = true;
      stopped_by_ = "in_flight_limit";
      stop_reason_ = saturation_report();
      break;
    }
    // Checked every 2^16 events, not every event: time never goes back, so
    // two checks at the same instant mean that every event between them was there.
    if ((event_count_ & 0xFFFF) == 0) {
      if (now_ != time_at_check) {
        time_at_check = now_;
        events_at_instant = 0;
      } else if ((events_at_instant += 0x10000) > kMaxEventsAtOneInstant) {
        stopped_ = true;
        stopped_by_ = "stalled";
        stop_reason_ = fmt::format("stopped at {}: simulated time does not advance ({} events at one instant); "
                                   "look for zero think times with zero work and latency",
                                   now_text(), kMaxEventsAtOneInstant);
        break;
      }
      if (options_.interrupt && options_.interrupt->load(std::memory_order_relaxed)) {
        stopped_ = true;
        stopped_by_ = "interrupted";
        stop_reason_ = fmt::format("interrupted at {}", now_text());
        break;
      }
      if (const std::uint64_t used = over_memory_limit()) {
        stop_for_memory(used);
        break;
      }
      if (options_.progress)
        options_.progress(std::min(1.0, static_cast<double>(now_) / static_cast<double>(window_to_)), event_count_);
    }
  }

  return finish(wall_start);
}

Results Engine::finish(std::chrono::steady_clock::time_point wall_start) {
  // The window's end is an event at `duration`, so only a stopped run gets
  // here before it: its window ends where the run did.
  if (now_ < window_to_) on_window_edge(false);
  if (trace_) trace_->on_run_end(now_);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return collect(wall_s);
}

Results Engine::out_of_memory() {
  stop_for_memory(0);
  return finish(std::chrono::steady_clock::now());
}

void Engine::on_window_edge(bool start) {
  // A run stopped before warmup never saw the start: its window is empty.
  const bool empty = !start && !window_started_;
  if (start) window_started_ = true;
  for (WorkloadState& ws : workloads_) {
    (start ? ws.ok_at_start : ws.ok_at_end) = ws.ok_total;
    if (empty) ws.ok_at_start = ws.ok_total;
  }
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    NodeState& n = nodes_[i];
    StationState& st = stations_[i];
    (start ? st.arrived_at_start : st.arrived_at_end) = n.arrived;
    (start ? st.in_system_at_start : st.in_system_at_end) = n.in_system.value;
    if (empty) {
      st.arrived_at_start = n.arrived;
      st.in_system_at_start = n.in_system.value;
    }
    TimeIntegral* integrals[] = {&n.busy, &n.queue, &n.in_system, &stations_[i].cpu_busy,
                                 &stations_[i].throttled_instances};
    for (TimeIntegral* integral : integrals)
      (start ? integral->area_at_window_start : integral->area_at_window_end) = integral->snapshot(now_);
    // The queue already waiting when measurement starts counts towards queue_max.
    if (start) n.queue_max = n.queued_total;
  }
  for (Autoscaler& a : autoscalers_)
    (start ? a.capacity.area_at_window_start : a.capacity.area_at_window_end) = a.capacity.snapshot(now_);
}

std::string Engine::now_text() const {
  return format_duration(Duration{now_ / 1'000'000 * 1'000'000});  // to the millisecond: enough for a message
}

std::string Engine::saturation_report() const {
  const std::string head =
      in_flight_ > options_.max_in_flight
          ? fmt::format("stopped at {}: {} requests in flight, above --max-in-flight {}", now_text(), in_flight_,
                        options_.max_in_flight)
          : fmt::format("stopped at {}: {} calls in flight (tries not yet answered, those whose caller "
                        "stopped waiting included; {} requests), above --max-in-flight {}",
                        now_text(), live_tries(), in_flight_, options_.max_in_flight);
  return head + saturated_node();
}

std::string Engine::saturated_node() const {
  // The saturated node is the one with a growing queue whose workers do their
  // own work; upstream blocking nodes also queue, but their workers only wait.
  std::size_t best = nodes_.size();
  auto rank = [&](std::size_t i) {
    const NodeState& n = nodes_[i];
    return std::make_pair(n.working >= n.busy.value ? 1 : 0, n.queued_total);
  };
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].queued_total == 0) continue;
    if (best == nodes_.size() || rank(i) > rank(best)) best = i;
  }
  if (best == nodes_.size()) {
    // Unlimited threads on shared cores never queue: their calls pile up sharing the CPU.
    std::size_t sharing = nodes_.size();
    for (std::size_t i = 0; i < nodes_.size(); ++i)
      if (nodes_[i].shares_cpu && nodes_[i].working > 0 &&
          (sharing == nodes_.size() || nodes_[i].working > nodes_[sharing].working))
        sharing = i;
    if (sharing != nodes_.size()) {
      const Node& spec = scenario_.nodes[sharing];
      return fmt::format("; node '{}' is saturated ({} calls sharing its {} x {:g} cores): add instances or "
                         "cores, or lower the load",
                         spec.name, nodes_[sharing].working, spec.instances,
                         spec.cores ? *spec.cores : spec.cpu_limit->cores);
    }
    return "; no node has a queue: requests are held in unlimited-concurrency nodes or by long latencies";
  }
  const NodeState& n = nodes_[best];
  const Node& spec = scenario_.nodes[best];
  const std::string capacity =
      spec.concurrency ? fmt::format("{}", *spec.concurrency * spec.instances) : std::string("unlimited");
  return fmt::format("; node '{}' is saturated ({} waiting, {} of {} workers busy): "
                     "add instances or concurrency, or lower the load",
                     spec.name, n.queued_total, n.busy.value, capacity);
}

Results Engine::collect(double wall_s) const {
  Results r;
  r.scenario_name = scenario_.name;
  r.seed = scenario_.seed;
  r.duration_s = scenario_.duration.seconds();
  r.warmup_s = scenario_.warmup.seconds();
  r.replications = 1;
  // A stopped run measured only up to where it stopped: rates and time
  // averages divide by that, not by the window it planned.
  const std::int64_t measured_end = stopped_ ? std::min(now_, window_to_) : window_to_;
  r.measured_s = Duration{std::max<std::int64_t>(0, measured_end - scenario_.warmup.ns)}.seconds();
  // The time series' window ticks are left out, so that --csv, --html or
  // --window (which add them) leave the results file as it is: each tick
  // made one row (on_series_tick).
  r.run.events = event_count_ - series_.size();
  r.run.wall_s = wall_s;
  r.run.end_s = Duration{last_activity_}.seconds();
  r.window_s = Duration{series_window_ns_}.seconds();
  r.series = series_;
  r.faults = fault_phases_;
  r.run.amplification = first_tries_ ? static_cast<double>(tries_sent_) / static_cast<double>(first_tries_) : 1.0;
  r.run.stopped = stopped_;
  r.run.stop_reason = stop_reason_;
  r.run.stopped_by = stopped_by_;
  for (std::size_t i = 0; i < workloads_.size(); ++i) {
    const WorkloadState& ws = workloads_[i];
    WorkloadResult w;
    w.name = scenario_.workloads[i].name;
    w.requests = ws.requests;
    w.succeeded = ws.succeeded;
    w.degraded = ws.degraded;
    w.failed = ws.failed;
    w.timed_out = ws.timed_out;
    w.rejected = ws.rejected;
    w.completed = ws.ok_at_end - ws.ok_at_start;
    w.latency = ws.latency;
    w.tail = ws.tail;
    r.workloads.push_back(std::move(w));
  }
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    const NodeState& n = nodes_[i];
    const Node& spec = scenario_.nodes[i];
    NodeResult nr;
    nr.name = spec.name;
    nr.kind = spec.kind;
    nr.instances = spec.instances;
    nr.concurrency = spec.concurrency;
    const StationState& st = stations_[i];
    nr.requests = st.arrived_at_end - st.arrived_at_start;
    nr.refused = st.refused;
    nr.in_system_at_start = st.in_system_at_start;
    nr.in_system_at_end = st.in_system_at_end;
    nr.tries_received = tries_to_[i];
    nr.extra_tries_received = extra_tries_to_[i];
    nr.admitted = n.admitted;
    nr.rejected = n.rejected;
    nr.succeeded = n.succeeded;
    nr.degraded = n.degraded;
    nr.failed = n.failed;
    nr.timed_out = n.timed_out;
    nr.waited = n.waited;
    nr.busy_integral_s = n.busy.window_area() * 1e-9;
    nr.queue_integral_s = n.queue.window_area() * 1e-9;
    nr.in_system_integral_s = n.in_system.window_area() * 1e-9;
    nr.queue_max = n.queue_max;
    nr.latency = n.latency;
    nr.wait = n.wait;
    nr.cache_lookups = n.cache_lookups;
    nr.cache_hits = n.cache_hits;
    nr.retries = n.retries;
    nr.hedges = n.hedges;
    nr.timeouts = n.timeouts;
    for (std::size_t b = 0; b < breakers_.size(); ++b) {
      if (programs_.breakers[b].caller != i) continue;
      NodeResult::BreakerTimeline timeline;
      timeline.callee = scenario_.nodes[programs_.breakers[b].callee].name;
      for (const auto& [t, state] : breakers_[b].timeline)
        timeline.changes.emplace_back(Duration{t}.seconds(), state == BreakerState::closed ? "closed"
                                                             : state == BreakerState::open ? "open"
                                                                                           : "half_open");
      nr.breakers.push_back(std::move(timeline));
    }
    nr.cores = spec.cores;
    nr.cpu_limited = spec.cpu_limit.has_value();
    nr.cpu_busy_integral_s = st.cpu_busy.window_area() * 1e-12;  // millicore-ns -> core-seconds
    nr.throttled_integral_s = st.throttled_instances.window_area() * 1e-9;
    nr.shed = st.shed;
    nr.limited = st.limited;
    nr.throttled = st.throttled;
    nr.adaptive = spec.adaptive_concurrency.has_value();
    nr.sheds = st.has_shed;
    for (const ThrottleSpec& t : programs_.throttles) nr.throttles = nr.throttles || t.caller == i;
    for (const auto& [t, limit] : st.limit_timeline) nr.limit_timeline.emplace_back(Duration{t}.seconds(), limit);
    if (n.autoscaler != kNone) {
      const Autoscaler& a = autoscalers_[n.autoscaler];
      nr.instance_integral_s = a.capacity.window_area() * 1e-9;
      for (const auto& [t, count] : a.timeline) nr.instance_timeline.emplace_back(Duration{t}.seconds(), count);
    }
    r.nodes.push_back(std::move(nr));
  }
  return r;
}

}  // namespace svcsim::detail
