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
  for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
    const Node& spec = scenario_.nodes[i];
    NodeState& n = nodes_[i];
    for (InstanceState& inst : n.instances) inst.queue.set_discipline(spec.discipline);
    n.preemptive = spec.discipline == Discipline::priority_preemptive;
    // Processor sharing only where workers can outnumber cores, or under a
    // quota; `cores` at or above `concurrency` keeps the plain path (its
    // figures are the same, and so is every event).
    const bool shares = spec.cpu_limit || (spec.cores && (!spec.concurrency || *spec.cores < static_cast<double>(*spec.concurrency)));
    if (shares) {
      n.cpu_first = static_cast<std::uint32_t>(cpus_.size());
      for (std::uint32_t k = 0; k < n.instances.size(); ++k) {
        cpus_.emplace_back().configure(spec.cores, spec.cpu_limit);
        cpu_owners_.push_back(CpuOwner{i, k});
      }
    } else {
      n.counts_cpu = spec.cores.has_value();
    }
    for (int level = 0; level < kCriticalityLevels; ++level) {
      const auto& at = spec.shed[static_cast<std::size_t>(level)];
      n.shed_at[static_cast<std::size_t>(level)] = at ? *at : std::numeric_limits<std::int64_t>::max();
      n.has_shed = n.has_shed || at.has_value();
    }
    if (spec.adaptive_concurrency) {
      n.limits.assign(n.instances.size(), AdaptiveLimit(*spec.adaptive_concurrency));
      n.limit_timeline.emplace_back(0, spec.adaptive_concurrency->initial_limit);
    }
    n.throttle_rng = RandomStream(scenario_.seed, "node:" + spec.name + "/throttle");
  }
  for (const ThrottleSpec& t : programs_.throttles) throttles_.emplace_back(t.window_ns);
}

bool Engine::station_admits(std::uint32_t try_id, NodeState& n, InstanceState& inst, bool measured) {
  const Try& attempt = tries_[try_id];
  if (!n.limits.empty() && !n.limits[attempt.instance].admits(inst.holding)) {
    if (measured) {
      ++n.rejected;
      ++n.limited;
    }
    respond(try_id, Outcome::rejected, false);
    return false;
  }
  if (n.has_shed && inst.queue.size() >= n.shed_at[static_cast<std::size_t>(attempt.level)]) {
    if (measured) {
      ++n.rejected;
      ++n.shed;
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
  const std::uint32_t cpu = nodes_[t.node].cpu_first + t.instance;
  t.work_start = now_;
  t.cpu_job = cpus_[cpu].start(now_, static_cast<double>(work_ns), id);
  cpu_changed(cpu);
}

std::int64_t Engine::cut_work(std::uint32_t id) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  --n.working;
  t.in_work = false;
  if (n.cpu_first != kNone) {
    const std::uint32_t cpu = n.cpu_first + t.instance;
    const double rest = cpus_[cpu].stop(now_, t.cpu_job);
    t.cpu_job = kNone;
    cpu_changed(cpu);
    add_node_time(t, TailBreakdown::kService, now_ - t.work_start);
    return static_cast<std::int64_t>(std::ceil(rest));
  }
  if (n.counts_cpu) count_change(n.cpu_busy, -1000);
  add_node_time(t, TailBreakdown::kService, now_ - t.work_end);  // takes back what it will not do
  return t.work_end - now_;
}

void Engine::cpu_changed(std::uint32_t cpu) {
  CpuShare& share = cpus_[cpu];
  CpuOwner& owner = cpu_owners_[cpu];
  NodeState& n = nodes_[owner.node];
  const std::int64_t busy = share.busy_millicores();
  if (busy != owner.reported_millicores) {
    count_change(n.cpu_busy, busy - owner.reported_millicores);
    owner.reported_millicores = busy;
  }
  if (share.throttled() != owner.reported_throttled) {
    owner.reported_throttled = share.throttled();
    count_change(n.throttled_instances, owner.reported_throttled ? +1 : -1);
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
  // The work of these tasks is done: each goes on with its next step (which
  // may start work on this CPU again, or on another).
  for (std::size_t i = 0; i < cpu_done_.size(); ++i) {
    const std::uint32_t id = cpu_done_[i];
    Task& t = tasks_[id];
    --nodes_[t.node].working;
    t.in_work = false;
    t.cpu_job = kNone;
    add_node_time(t, TailBreakdown::kService, now_ - t.work_start);
    ++t.pc;
    run_task(id);
  }
}

void Engine::adapt_limit(const Task& t, bool bad) {
  NodeState& n = nodes_[t.node];
  AdaptiveLimit& limit = n.limits[t.instance];
  if (limit.on_end(bad, now_ - t.arrival, t.held_at_arrival) && t.instance == 0)
    n.limit_timeline.emplace_back(now_, limit.limit());
}

bool Engine::throttled_locally(std::uint32_t try_id, const CallSite& site) {
  ClientThrottle& throttle = throttles_[site.throttle];
  const double p = throttle.reject_probability(now_, site.throttle_k);
  throttle.record_request(now_);
  Try& attempt = tries_[try_id];
  attempt.throttle_counts = true;
  NodeState* caller = caller_state(site);
  if (!(p > 0) || caller == nullptr || !caller->throttle_rng.chance(p)) return false;
  if (in_window(now_)) ++caller->throttled;
  attempt.instance = kNone;
  attempt.short_circuited = true;  // never sent: no breaker counts it, and it is no accept
  attempt.throttle_counts = false;
  schedule(now_, EventKind::call_response, try_id, 0, static_cast<std::uint8_t>(Outcome::rejected), 0);
  return true;
}

}  // namespace svcsim::detail
