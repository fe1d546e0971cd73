// The station's policies beyond workers and a FIFO queue (SPEC 7): shared
// cores and CPU quotas (station/cpu_share), preemption by criticality, load
// shedding, the adaptive concurrency limit (station/adaptive_limit) and
// client-side throttling (station/client_throttle). The wait queue and its
// discipline are station/wait_queue; the hot path that admits a call, hands
// out workers and runs steps stays in engine_tasks.cpp and calls in here only
// for nodes that use these keys.
#include <cmath>
#include <limits>

#include "sim/engine.hpp"

namespace svcsim::detail {

void Engine::setup_stations() {
  stations_.resize(nodes_.size());
  for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
    const Node& spec = scenario_.nodes[i];
    NodeState& n = nodes_[i];
    StationState& st = stations_[i];
    for (InstanceState& inst : n.instances) inst.queue.set_discipline(spec.discipline);
    n.preemptive = spec.discipline == Discipline::priority_preemptive;
    // Processor sharing only where workers can outnumber cores, or under a
    // quota; `cores` at or above `concurrency` keeps the plain path (its
    // figures are the same, and so is every event).
    const bool shares =
        spec.cpu_limit || (spec.cores && (!spec.concurrency || *spec.cores < static_cast<double>(*spec.concurrency)));
    if (shares) {
      n.shares_cpu = true;
      st.cpu_first = static_cast<std::uint32_t>(cpus_.size());
      for (std::uint32_t k = 0; k < n.instances.size(); ++k) {
        cpus_.emplace_back().configure(spec.cores, spec.cpu_limit);
        cpu_owners_.push_back(CpuOwner{i, k});
      }
    } else {
      n.counts_cpu = spec.cores.has_value();
    }
    for (int level = 0; level < kCriticalityLevels; ++level) {
      const auto& at = spec.shed[static_cast<std::size_t>(level)];
      st.shed_at[static_cast<std::size_t>(level)] = at ? *at : std::numeric_limits<std::int64_t>::max();
      st.has_shed = st.has_shed || at.has_value();
    }
    if (spec.adaptive_concurrency) {
      st.limits.assign(n.instances.size(), AdaptiveLimit(*spec.adaptive_concurrency));
      st.limit_timeline.emplace_back(0, spec.adaptive_concurrency->initial_limit);
    }
    n.admission = st.has_shed || !st.limits.empty();
    st.speed = spec.speed;
    if (spec.balancing == Balancing::weighted_round_robin) st.wrr_current.assign(n.instances.size(), 0.0);
    st.throttle_rng = RandomStream(scenario_.seed, "node:" + spec.name + "/throttle");
  }
  for (const ThrottleSpec& t : programs_.throttles) throttles_.emplace_back(t.window_ns);
}

bool Engine::station_admits(std::uint32_t try_id, std::uint32_t node, InstanceState& inst, bool measured) {
  NodeState& n = nodes_[node];
  StationState& st = stations_[node];
  const Try& attempt = tries_[try_id];
  if (!st.limits.empty() && !st.limits[attempt.instance].admits(inst.holding)) {
    if (measured) {
      ++n.rejected;
      ++st.limited;
    }
    respond(try_id, Outcome::rejected, false);
    return false;
  }
  if (st.has_shed && inst.queue.size() >= st.shed_at[static_cast<std::size_t>(attempt.level)]) {
    if (measured) {
      ++n.rejected;
      ++st.shed;
    }
    respond(try_id, Outcome::rejected, false);
    return false;
  }
  return true;
}

std::uint32_t Engine::preemption_victim(std::uint32_t id) const {
  const Task& t = tasks_[id];
  const InstanceState& inst = nodes_[t.node].instances[t.instance];
  std::uint32_t victim = kNone;
  // The instance's list holds its newest task first: among equals the first
  // found is the youngest.
  for (std::uint32_t k = inst.tasks_head; k != kNone; k = tasks_[k].on_instance_next) {
    const Task& other = tasks_[k];
    if (k == id || !other.in_work || !other.holds_worker || other.level <= t.level) continue;
    if (victim == kNone || other.level > tasks_[victim].level ||
        (other.level == tasks_[victim].level && other.arrival > tasks_[victim].arrival))
      victim = k;
  }
  return victim;
}

void Engine::start_cpu_work(std::uint32_t id, std::int64_t work_ns) {
  Task& t = tasks_[id];
  const std::uint32_t cpu = stations_[t.node].cpu_first + t.instance;
  t.work_end = now_;  // its start, on shared cores (its end is the CPU's to tell)
  beside(task_cpu_job_, id) = cpus_[cpu].start(now_, static_cast<double>(work_ns), id);
  cpu_changed(cpu);
}

std::int64_t Engine::cut_work(std::uint32_t id) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  --n.working;
  t.in_work = false;
  if (n.shares_cpu) {
    const std::uint32_t cpu = stations_[t.node].cpu_first + t.instance;
    const double rest = cpus_[cpu].stop(now_, task_cpu_job_[id]);
    cpu_changed(cpu);
    add_node_time(t, TailBreakdown::kService, now_ - t.work_end);
    return static_cast<std::int64_t>(std::ceil(rest));
  }
  if (n.counts_cpu) count_change(stations_[t.node].cpu_busy, -1000);
  add_node_time(t, TailBreakdown::kService, now_ - t.work_end);  // takes back what it will not do
  return t.work_end - now_;
}

void Engine::cpu_changed(std::uint32_t cpu) {
  CpuShare& share = cpus_[cpu];
  CpuOwner& owner = cpu_owners_[cpu];
  StationState& st = stations_[owner.node];
  const std::int64_t busy = share.busy_millicores();
  if (busy != owner.reported_millicores) {
    count_change(st.cpu_busy, busy - owner.reported_millicores);
    owner.reported_millicores = busy;
  }
  if (share.throttled() != owner.reported_throttled) {
    owner.reported_throttled = share.throttled();
    count_change(st.throttled_instances, owner.reported_throttled ? +1 : -1);
  }
  const std::int64_t next = share.next_event();
  if (next == share.scheduled_at) return;
  share.scheduled_at = next;
  ++share.token;
  if (next != CpuShare::kNever) schedule(next, EventKind::cpu_event, cpu, share.token);
}

void Engine::on_cpu_event(std::uint32_t cpu, std::uint32_t token) {
  CpuShare& share = cpus_[cpu];
  if (token != share.token) return;  // rescheduled since
  share.scheduled_at = CpuShare::kNever;
  cpu_done_.clear();
  share.on_event(now_, cpu_done_);
  cpu_changed(cpu);
  // The work of these tasks is done. All of them leave their work step before
  // any goes on: the next step of one may reach this node again at once (a
  // zero-latency call back into it) and preempt a task in a work step, which
  // must not be one whose work has just ended.
  for (const std::uint32_t id : cpu_done_) {
    Task& t = tasks_[id];
    --nodes_[t.node].working;
    t.in_work = false;
    add_node_time(t, TailBreakdown::kService, now_ - t.work_end);
    ++t.pc;
  }
  // Each goes on with its next step (which may start work on this CPU again,
  // or on another); run_task never runs on_event, so cpu_done_ stays as it is.
  for (std::size_t i = 0; i < cpu_done_.size(); ++i) run_task(cpu_done_[i]);
}

void Engine::adapt_limit(std::uint32_t id, bool bad) {
  const Task& t = tasks_[id];
  StationState& st = stations_[t.node];
  AdaptiveLimit& limit = st.limits[t.instance];
  --nodes_[t.node].instances[t.instance].holding;
  if (limit.on_end(bad, now_ - t.arrival, task_held_[id]) && t.instance == 0)
    st.limit_timeline.emplace_back(now_, limit.limit());
}

bool Engine::throttled_locally(std::uint32_t try_id, const CallSite& site) {
  ClientThrottle& throttle = throttles_[site.throttle];
  const double p = throttle.reject_probability(now_, site.throttle_k);
  throttle.record_request(now_);
  Try& attempt = tries_[try_id];
  attempt.throttle_counts = true;
  if (site.caller >= stations_.size()) return false;  // the client throttles nothing
  StationState& caller = stations_[site.caller];
  if (!(p > 0) || !caller.throttle_rng.chance(p)) return false;
  if (in_window(now_)) ++caller.throttled;
  attempt.instance = kNone;
  attempt.short_circuited = true;  // never sent: no breaker counts it, and it is no accept
  attempt.throttle_counts = false;
  schedule(now_, EventKind::call_response, try_id, 0, static_cast<std::uint8_t>(Outcome::rejected), 0);
  return true;
}

}  // namespace svcsim::detail
