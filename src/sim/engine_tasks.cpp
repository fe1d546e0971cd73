// Running endpoint programs on instances: admission, workers and wait queues,
// the step interpreter, and answering the caller.
#include <algorithm>

#include "sim/engine.hpp"

namespace svcsim::detail {

void Engine::on_call_arrive(std::uint32_t call_id) {
  const Call& call = calls_[call_id];
  const CallSite& site = programs_.sites[call.site];
  NodeState& n = nodes_[site.node];
  InstanceState& inst = n.instances[call.instance];
  const bool measured = in_window(now_);
  if (measured) ++n.requests;

  const std::uint32_t start = programs_.program_start[site.program];
  // A blocking server needs a worker from the start; an event loop only for work.
  const bool needs_worker = !n.async || programs_.code[start].op == Op::work;
  if (needs_worker && inst.busy >= n.workers && inst.queued >= n.queue_limit) {
    if (measured) ++n.rejected;
    respond(call_id, Outcome::rejected, false);
    return;
  }
  if (measured) ++n.admitted;
  const std::uint32_t id = tasks_.acquire();
  Task& t = tasks_[id];
  t.node = site.node;
  t.instance = call.instance;
  t.pc = start;
  t.parent_call = call_id;
  t.arrival = now_;
  t.measured = measured;
  count_change(n.in_system, +1);
  if (!n.async) {
    if (!try_acquire_worker(id)) {
      enqueue(id);
      return;
    }
    t.started = true;
  } else if (!needs_worker) {
    t.started = true;
  }
  run_task(id);
}

void Engine::run_task(std::uint32_t id) {
  for (;;) {
    Task& t = tasks_[id];
    NodeState& n = nodes_[t.node];
    const Instr& in = programs_.code[t.pc];
    switch (in.op) {
      case Op::work: {
        if (!t.holds_worker && !try_acquire_worker(id)) {
          enqueue(id);
          return;
        }
        t.started = true;
        ++n.working;
        const Duration d = programs_.distributions[in.a].sample(n.work_rng);
        schedule(now_ + d.ns, EventKind::work_done, id, t.generation);
        return;
      }
      case Op::call: {
        const CallSite& site = programs_.sites[in.a];
        if (t.repeat_left == 0) {
          if (site.probability < 1.0 && !n.route_rng.chance(site.probability)) {
            ++t.pc;
            continue;
          }
          t.repeat_left = static_cast<std::uint16_t>(site.repeat);
        }
        t.pending = 1;
        t.need = 1;
        t.succeeded = t.failed = 0;
        // An event loop frees its worker before the callee may run (see send_call).
        if (n.async && t.holds_worker) release_worker(id);
        send_call(OwnerKind::task, id, t.generation, t.epoch, in.a);
        return;
      }
      case Op::parallel: {
        // Decide which calls happen first, so the step's counters are set before
        // any callee runs (a callee behind a zero-latency link runs inside send_call).
        std::uint32_t sent = 0;
        std::uint64_t chosen = 0;  // bit i: call i is sent (at most kMaxParallelCalls)
        for (std::uint32_t i = 0; i < in.b; ++i) {
          const double p = programs_.sites[in.a + i].probability;
          if (p < 1.0 && !n.route_rng.chance(p)) continue;
          chosen |= std::uint64_t{1} << i;
          ++sent;
        }
        if (sent == 0) {
          ++t.pc;
          continue;
        }
        t.pending = static_cast<std::uint16_t>(sent);
        t.need = static_cast<std::uint16_t>(std::min(in.c, sent));
        t.succeeded = t.failed = 0;
        if (n.async && t.holds_worker) release_worker(id);
        const std::uint32_t generation = t.generation;
        const std::uint32_t epoch = t.epoch;
        const std::uint32_t first = in.a;
        const std::uint32_t count = in.b;
        for (std::uint32_t i = 0; i < count; ++i)
          if (chosen >> i & 1) send_call(OwnerKind::task, id, generation, epoch, first + i);
        return;
      }
      case Op::choose: {
        const double u = n.route_rng.uniform01();
        std::uint32_t i = in.a;
        while (i + 1 < in.a + in.b && u >= programs_.choices[i].cumulative) ++i;
        t.pc = programs_.choices[i].pc;
        continue;
      }
      case Op::jump:
        t.pc = in.a;
        continue;
      case Op::cache_lookup: {
        const bool hit = in.a == kNone || n.hit_ratio >= 1.0 || n.route_rng.chance(n.hit_ratio);
        if (t.measured) {
          ++n.cache_lookups;
          if (hit) ++n.cache_hits;
        }
        if (hit) {
          ++t.pc;
          continue;
        }
        t.pending = 1;
        t.need = 1;
        t.succeeded = t.failed = 0;
        t.repeat_left = 1;
        if (n.async && t.holds_worker) release_worker(id);
        send_call(OwnerKind::task, id, t.generation, t.epoch, in.a);
        return;
      }
      case Op::end:
        complete_task(id, Outcome::ok);
        return;
    }
  }
}

void Engine::on_work_done(std::uint32_t id, std::uint32_t generation) {
  Task& t = tasks_[id];
  if (t.generation != generation) return;
  --nodes_[t.node].working;
  ++t.pc;
  run_task(id);
}

void Engine::deliver_to_task(std::uint32_t id, std::uint32_t site_id, Outcome outcome, bool degraded) {
  Task& t = tasks_[id];
  const Instr& in = programs_.code[t.pc];
  bool ok = outcome == Outcome::ok;
  if (!ok && programs_.sites[site_id].optional) {
    ok = true;
    degraded = true;
  }
  // Inside the architecture only a refusal keeps its kind; a timeout or an error
  // below becomes a failure of this endpoint.
  const Outcome upward = outcome == Outcome::rejected ? Outcome::rejected : Outcome::failed;
  if (in.op == Op::parallel) {
    --t.pending;
    if (ok) {
      ++t.succeeded;
      t.degraded = t.degraded || degraded;
    } else {
      ++t.failed;
      t.failure = upward;
    }
    if (t.succeeded >= t.need) {
      ++t.epoch;  // answers still on their way belong to a finished step
      ++t.pc;
      run_task(id);
    } else if (t.succeeded + t.pending < t.need) {
      ++t.epoch;
      complete_task(id, t.failure);
    }
    return;
  }
  ++t.epoch;
  if (!ok) {
    t.repeat_left = 0;
    complete_task(id, upward);
    return;
  }
  t.degraded = t.degraded || degraded;
  if (--t.repeat_left == 0) ++t.pc;
  run_task(id);
}

void Engine::complete_task(std::uint32_t id, Outcome outcome) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  if (t.holds_worker) release_worker(id);
  count_change(n.in_system, -1);
  if (t.measured) {
    n.latency.record(Duration{now_ - t.arrival});
    n.wait.record(Duration{t.waited_ns});
    if (t.waited) ++n.waited;
    if (outcome == Outcome::ok) {
      ++n.succeeded;
      if (t.degraded) ++n.degraded;
    } else {
      ++n.failed;
    }
  }
  const std::uint32_t parent = t.parent_call;
  const bool degraded = t.degraded;
  tasks_.release(id);
  respond(parent, outcome, degraded);
}

bool Engine::try_acquire_worker(std::uint32_t id) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  InstanceState& inst = n.instances[t.instance];
  if (inst.busy >= n.workers) return false;
  ++inst.busy;
  count_change(n.busy, +1);
  t.holds_worker = true;
  return true;
}

void Engine::release_worker(std::uint32_t id) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  InstanceState& inst = n.instances[t.instance];
  t.holds_worker = false;
  if (inst.queue_head == kNone) {
    --inst.busy;
    count_change(n.busy, -1);
    return;
  }
  // Hand the worker straight to the longest waiter (the busy count does not
  // change); it runs after the current event, so a chain of instant
  // completions never recurses.
  const std::uint32_t next = inst.queue_head;
  unlink_from_queue(next);
  Task& waiter = tasks_[next];
  waiter.waited_ns += now_ - waiter.enqueued_at;
  waiter.holds_worker = true;
  waiter.started = true;
  ready_.push_back(next);
}

void Engine::drain_ready() {
  for (std::size_t i = 0; i < ready_.size(); ++i) run_task(ready_[i]);
  ready_.clear();
}

void Engine::enqueue(std::uint32_t id) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  InstanceState& inst = n.instances[t.instance];
  t.queued = true;
  t.waited = true;
  t.enqueued_at = now_;
  t.queue_next = kNone;
  t.queue_prev = inst.queue_tail;
  if (inst.queue_tail != kNone) tasks_[inst.queue_tail].queue_next = id;
  else inst.queue_head = id;
  inst.queue_tail = id;
  ++inst.queued;
  ++n.queued_total;
  count_change(n.queue, +1);
  if (n.queued_total > n.queue_max && in_window(now_)) n.queue_max = n.queued_total;
  if (!t.started && n.queue_timeout_ns > 0)
    schedule(now_ + n.queue_timeout_ns, EventKind::queue_timeout, id, t.generation);
}

void Engine::unlink_from_queue(std::uint32_t id) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  InstanceState& inst = n.instances[t.instance];
  if (t.queue_prev != kNone) tasks_[t.queue_prev].queue_next = t.queue_next;
  else inst.queue_head = t.queue_next;
  if (t.queue_next != kNone) tasks_[t.queue_next].queue_prev = t.queue_prev;
  else inst.queue_tail = t.queue_prev;
  t.queue_prev = t.queue_next = kNone;
  t.queued = false;
  --inst.queued;
  --n.queued_total;
  count_change(n.queue, -1);
}

void Engine::on_queue_timeout(std::uint32_t id, std::uint32_t generation) {
  Task& t = tasks_[id];
  if (t.generation != generation || !t.queued || t.started) return;
  NodeState& n = nodes_[t.node];
  unlink_from_queue(id);
  count_change(n.in_system, -1);
  if (t.measured) ++n.rejected;
  const std::uint32_t parent = t.parent_call;
  tasks_.release(id);
  respond(parent, Outcome::rejected, false);
}

std::uint32_t Engine::pick_instance(std::uint32_t node) {
  NodeState& n = nodes_[node];
  const auto count = static_cast<std::uint32_t>(n.instances.size());
  if (count == 1) return 0;
  switch (scenario_.nodes[node].balancing) {
    case Balancing::round_robin:
      return static_cast<std::uint32_t>(n.round_robin_next++ % count);
    case Balancing::random:
      return static_cast<std::uint32_t>(n.balance_rng.below(count));
    case Balancing::least_request: {
      std::uint32_t best = 0;
      for (std::uint32_t i = 1; i < count; ++i)
        if (n.instances[i].outstanding < n.instances[best].outstanding) best = i;
      return best;
    }
    case Balancing::ring_hash:  // keyed balancing comes with item keys (faults and caches work)
    case Balancing::power_of_two: {
      const auto a = static_cast<std::uint32_t>(n.balance_rng.below(count));
      auto b = static_cast<std::uint32_t>(n.balance_rng.below(count - 1));
      if (b >= a) ++b;
      const std::int64_t la = n.instances[a].outstanding;
      const std::int64_t lb = n.instances[b].outstanding;
      if (la != lb) return la < lb ? a : b;
      return n.balance_rng.chance(0.5) ? a : b;
    }
  }
  return 0;
}

}  // namespace svcsim::detail
