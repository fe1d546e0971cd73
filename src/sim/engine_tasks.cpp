// Running endpoint programs on instances: admission, workers and wait queues,
// the step interpreter, and answering the caller. The station's policies
// beyond workers and a FIFO queue (shared cores, preemption, shedding, the
// adaptive limit) are in engine_station.cpp and src/sim/station/.
#include <algorithm>

#include "sim/engine.hpp"
#include "sim/task_steps.hpp"

namespace svcsim::detail {

void Engine::on_call_arrive(std::uint32_t try_id) {
  Try& attempt = tries_[try_id];
  if (trace_) trace_->on_call_arrive(try_id, attempt.instance, now_);
  const CallSite& site = programs_.sites[attempt.site];
  const std::uint32_t node = site.node;
  NodeState& n = nodes_[node];
  InstanceState& inst = n.instances[attempt.instance];
  const bool measured = in_window(now_);
  ++n.arrived;
  const bool needs_worker = needs_worker_at_start(n, site.program);
  bool queue_full = needs_worker && waiting_room_full(n, inst);
  if (!n.bare) {
    if (inst.down) {  // refused at once
      if (measured) ++stations_[node].refused;
      respond(try_id, Outcome::failed, false);
      return;
    }
    if (inst.blackhole) {  // taken and never answered
      lose(try_id);
      return;
    }
    // The node's own errors and error faults are independent causes.
    // (Both zero, the usual case, gives 0: the ratio is not worked out then.)
    const double node_errors = scenario_.nodes[node].errors;
    const double error_ratio =
        node_errors > 0 || inst.error_ratio > 0 ? 1 - (1 - node_errors) * (1 - inst.error_ratio) : 0.0;
    if (error_ratio > 0 && n.error_rng.chance(error_ratio)) {  // fails by itself, at once
      if (measured) ++n.failed;
      respond(try_id, Outcome::failed, false);
      return;
    }
    if (n.admission && !station_admits(try_id, node, inst, measured)) return;
    // A call that may take a lower-level call's worker is not turned away by a full queue.
    if (queue_full && n.preemptive) queue_full = false;
    const std::int64_t bulkhead = programs_.program_bulkhead[site.program];
    if (!queue_full && ((bulkhead > 0 && inst.endpoint_active[site.program] >= bulkhead) ||
                        (scenario_.nodes[node].rate_limit && !take_rate_limit_token(node)))) {
      if (measured) ++n.rejected;
      respond(try_id, Outcome::rejected, false);
      return;
    }
    if (!queue_full && bulkhead > 0) ++inst.endpoint_active[site.program];
  }
  if (queue_full) {
    if (measured) ++n.rejected;
    respond(try_id, Outcome::rejected, false);
    return;
  }
  if (measured) ++n.admitted;
  const std::uint32_t id = new_task(site, attempt.instance, attempt.time, measured, attempt.level);
  Task& t = tasks_[id];
  t.parent_try = try_id;
  attempt.task = id;
  attempt.task_generation = t.generation;
  if (n.tracks_tasks) link_to_instance(id);
  count_change(n.in_system, +1);
  bool holds_worker = false;
  if (!n.bare) {
    // What the instance holds with this call in it: Netflix's AIMD counts the
    // call itself (else a limit of 1 could never grow: each admitted call
    // would have found the instance empty).
    if (n.admission && !stations_[node].limits.empty())
      beside(task_held_, id) = static_cast<std::uint32_t>(++inst.holding);
    if (n.preemptive && needs_worker && inst.busy >= n.workers) {
      const std::uint32_t victim = preemption_victim(id);
      if (victim != kNone) {
        preempt(victim, id);
        holds_worker = true;
      } else if (inst.queue.size() >= n.queue_limit) {  // nothing to preempt after all: the queue is full
        count_change(n.in_system, -1);
        if (n.admission && !stations_[node].limits.empty()) --inst.holding;
        if (n.tracks_tasks) unlink_from_instance(id);
        if (programs_.program_bulkhead[site.program] > 0) --inst.endpoint_active[site.program];
        // As a call a full queue turns away without preemption: it takes no token.
        if (scenario_.nodes[node].rate_limit) give_back_rate_limit_token(node);
        tasks_.release(id);
        if (measured) {
          --n.admitted;
          ++n.rejected;
        }
        respond(try_id, Outcome::rejected, false);
        return;
      }
    }
  }
  begin_task(id, n, needs_worker, holds_worker);
}

void Engine::link_to_instance(std::uint32_t id) {
  Task& t = tasks_[id];
  InstanceState& inst = nodes_[t.node].instances[t.instance];
  t.on_instance_prev = kNone;
  t.on_instance_next = inst.tasks_head;
  if (inst.tasks_head != kNone) tasks_[inst.tasks_head].on_instance_prev = id;
  inst.tasks_head = id;
}

void Engine::unlink_from_instance(std::uint32_t id) {
  Task& t = tasks_[id];
  InstanceState& inst = nodes_[t.node].instances[t.instance];
  if (t.on_instance_prev != kNone) tasks_[t.on_instance_prev].on_instance_next = t.on_instance_next;
  else inst.tasks_head = t.on_instance_next;
  if (t.on_instance_next != kNone) tasks_[t.on_instance_next].on_instance_prev = t.on_instance_prev;
  if (!inst.serving) on_instance_quiet(t.node, t.instance);  // draining (autoscaling) or not serving yet
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
        t.in_work = true;
        ++n.working;
        const std::int64_t d = t.drawn_work >= 0 ? t.drawn_work : draw_work(n, t, in);
        t.drawn_work = -1;
        if (!n.bare) {
          if (n.shares_cpu) {
            start_cpu_work(id, d);
            return;
          }
          if (n.counts_cpu) count_change(stations_[t.node].cpu_busy, +1000);
        }
        t.work_end = now_ + d;
        add_node_time(t, TailBreakdown::kService, d);
        schedule(now_ + d, EventKind::work_done, id, t.generation);
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
        t.calls_sent_at = now_;
        send_call(OwnerKind::task, id, t.generation, t.epoch, in.a, t.time, key_to_send(t), t.level);
        return;
      }
      case Op::parallel: {
        // Decide which calls happen first, so the step's counters are set before
        // any callee runs (a callee behind a zero-latency link runs inside send_call).
        std::uint32_t sent = 0;
        std::uint64_t chosen = 0;  // bit i: call i is sent (at most kMaxParallelCalls)
        for (std::uint32_t i = 0; i < in.b; ++i) {
          const double p = programs_.sites[programs_.site_lists[in.a + i]].probability;
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
        t.calls_sent_at = now_;
        const std::uint32_t generation = t.generation;
        const std::uint32_t epoch = t.epoch;
        const SliceRef time = t.time;
        const std::uint32_t key = key_to_send(t);
        const Criticality level = t.level;
        const std::uint32_t first = in.a;
        const std::uint32_t count = in.b;
        for (std::uint32_t i = 0; i < count; ++i)
          if (chosen >> i & 1)
            send_call(OwnerKind::task, id, generation, epoch, programs_.site_lists[first + i], time, key, level);
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
        // By item key in this instance's contents, or by the fixed hit ratio.
        // A request without a key (none reaches a keyed cache past the loader) misses.
        const bool hit = in.a == kNone ||
                         (in.b != 0 ? lookup_item(t)
                                    : n.hit_ratio >= 1.0 || n.route_rng.chance(n.hit_ratio));
        if (t.measured) {
          ++n.cache_lookups;
          if (hit) ++n.cache_hits;
        }
        if (series_window_ns_ > 0) {
          ++n.window_lookups;
          if (hit) ++n.window_hits;
        }
        if (hit) {
          t.pc += 1 + in.b;  // past the cache_insert of a keyed cache
          continue;
        }
        if (in.b != 0 && !n.bare && join_pending_fill(id)) {  // `coalesce`: another miss fetches it already
          if (n.async && t.holds_worker) release_worker(id);
          return;
        }
        t.pending = 1;
        t.need = 1;
        t.succeeded = t.failed = 0;
        t.repeat_left = 1;
        if (n.async && t.holds_worker) release_worker(id);
        t.calls_sent_at = now_;
        send_call(OwnerKind::task, id, t.generation, t.epoch, in.a, t.time, key_to_send(t), t.level);
        return;
      }
      case Op::cache_insert:  // the origin answered: keep the item
        if (const std::uint32_t key = task_key(t); key != kNone) {
          n.item_caches[t.instance].insert(key, now_);
          if (scenario_.nodes[t.node].replication > 1) store_replicas(t.node, t.instance, key);
        }
        if (t.fill == Task::Fill::leader) end_pending_fill(id, true, Outcome::ok);
        ++t.pc;
        continue;
      case Op::end:
        complete_task(id, Outcome::ok);
        return;
    }
  }
}

void Engine::on_work_done(std::uint32_t id, std::uint32_t generation) {
  Task& t = tasks_[id];
  if (t.generation != generation) return;  // the task ended, or its step was preempted
  NodeState& n = nodes_[t.node];
  --n.working;
  if (n.counts_cpu) count_change(stations_[t.node].cpu_busy, -1000);
  t.in_work = false;
  ++t.pc;
  run_task(id);
}

void Engine::deliver_to_task(const CallHead& call, Outcome outcome, bool degraded, Answer answer) {
  const std::uint32_t id = call.owner;
  const std::uint32_t site_id = call.site;
  Task& t = tasks_[id];
  const Instr& in = programs_.code[t.pc];
  // The call that ends the step is its critical path: in a parallel step the
  // answer that decides it (the last for `all`, the k-th success for `k`).
  auto add_step_time = [&] {
    t.calls_sent_at = -1;
    if (site_isolated_[call.site]) add_call_time(t.time, call, answer);
  };
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
      add_step_time();
      ++t.epoch;  // answers still on their way belong to a finished step
      ++t.pc;
      run_task(id);
    } else if (t.succeeded + t.pending < t.need) {
      add_step_time();
      ++t.epoch;
      complete_task(id, t.failure);
    }
    return;
  }
  add_step_time();
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
  if (t.fill != Task::Fill::none) {  // a coalesced miss (`coalesce`)
    if (t.fill == Task::Fill::leader) end_pending_fill(id, false, outcome == Outcome::ok ? Outcome::failed : outcome);
    else leave_pending_fill(id);
  }
  if (t.in_work) cut_work(id);  // failed mid-step (its instance went down): only the work done counts
  if (t.holds_worker) release_worker(id, draw_ahead_);
  if (t.queued) {
    add_node_time(t, TailBreakdown::kQueue, now_ - t.enqueued_at);
    unlink_from_queue(id);
  }
  if (t.calls_sent_at >= 0) {  // failed while waiting on calls (its instance went down)
    // The step never ended: its time so far goes to its target as failed tries.
    const Instr& in = programs_.code[t.pc];
    const std::uint32_t site = in.op == Op::parallel ? programs_.site_lists[in.a] : in.a;
    breakdowns_.add(t.time, TailBreakdown::node_base(programs_.sites[site].node) - 1 + TailBreakdown::kFailedTries,
                    now_ - t.calls_sent_at);
  }
  if (n.tracks_tasks) unlink_from_instance(id);
  if (!n.bare) {
    if (programs_.program_bulkhead[t.program] > 0) --n.instances[t.instance].endpoint_active[t.program];
    if (n.admission && !stations_[t.node].limits.empty()) adapt_limit(id, outcome != Outcome::ok);
  }
  count_change(n.in_system, -1);
  if (series_window_ns_ > 0) window_node_latency_[t.node].record(Duration{now_ - t.arrival});
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
  const std::uint32_t parent = t.parent_try;
  if (trace_ && parent != kNone) trace_->on_call_waited(parent, t.waited_ns);
  release_and_answer(id, outcome, t.degraded);
}

void Engine::release_worker(std::uint32_t id, bool draw_ahead) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  InstanceState& inst = n.instances[t.instance];
  t.holds_worker = false;
  const std::uint32_t next = inst.queue.next();
  if (next == kNone) {
    --inst.busy;
    count_change(n.busy, -1);
    return;
  }
  // Hand the worker straight to the waiter the discipline picks (the busy
  // count does not change); it runs after the current event, so a chain of
  // instant completions never recurses.
  unlink_from_queue(next);
  Task& waiter = tasks_[next];
  waiter.waited_ns += now_ - waiter.enqueued_at;
  add_node_time(waiter, TailBreakdown::kQueue, now_ - waiter.enqueued_at);
  waiter.holds_worker = true;
  waiter.started = true;
  // Its work time may be drawn now rather than when it runs, so that the
  // draw's long chain (a logarithm) overlaps the rest of this event: when
  // it runs first after the event (the ready list is empty) and the event
  // starts no other task before then, or else undoes the draw (draw_ahead_).
  if (draw_ahead && ready_.empty()) {
    const Instr& in = programs_.code[waiter.pc];
    if (in.op == Op::work && waiter.drawn_work < 0) {  // (a preempted waiter keeps the rest of its step)
      drawn_ahead_ = DrawnAhead{next, t.node, n.work_rng};
      waiter.drawn_work = draw_work(n, waiter, in);
    }
  }
  ready_.push_back(next);
}

// priority_preemptive (the victim is chosen in engine_station.cpp): here, with
// the other hand-overs of workers.
void Engine::preempt(std::uint32_t victim, std::uint32_t id) {
  Task& v = tasks_[victim];
  const std::int64_t rest = cut_work(victim);
  // A new generation makes its work_done event stale. Nothing else waits on
  // this generation: a task in a work step has no call out, and only a task
  // that never started can be withdrawn or time out in the queue.
  ++v.generation;
  v.drawn_work = rest;  // it resumes where it stopped (slowdowns already applied)
  v.holds_worker = false;
  enqueue(victim, /*at_head=*/true);
  Task& t = tasks_[id];
  t.holds_worker = true;  // the worker passes over: the busy count does not change
  t.started = true;
}

void Engine::undo_draw_ahead() {
  draw_ahead_ = false;
  if (drawn_ahead_.task == kNone) return;
  nodes_[drawn_ahead_.node].work_rng = drawn_ahead_.before;
  tasks_[drawn_ahead_.task].drawn_work = -1;  // it draws when it runs, after what this event starts
  drawn_ahead_.task = kNone;
}

void Engine::drain_ready() {
  for (std::size_t i = 0; i < ready_.size(); ++i) run_task(ready_[i]);
  ready_.clear();
}

void Engine::unlink_from_queue(std::uint32_t id) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  InstanceState& inst = n.instances[t.instance];
  inst.queue.remove(tasks_, id, t.level);
  t.queued = false;
  --n.queued_total;
  count_change(n.queue, -1);
}

void Engine::reject_queued(std::uint32_t id) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  add_node_time(t, TailBreakdown::kQueue, now_ - t.enqueued_at);
  unlink_from_queue(id);
  if (n.tracks_tasks) unlink_from_instance(id);
  if (!n.bare) {
    if (programs_.program_bulkhead[t.program] > 0) --n.instances[t.instance].endpoint_active[t.program];
    if (n.admission && !stations_[t.node].limits.empty()) adapt_limit(id, true);
  }
  count_change(n.in_system, -1);
  const std::uint32_t parent = t.parent_try;
  if (trace_ && parent != kNone) trace_->on_call_waited(parent, t.waited_ns + now_ - t.enqueued_at);
  release_and_answer(id, Outcome::rejected, false);
}

void Engine::withdraw(std::uint32_t id, std::uint32_t generation) {
  // cancel_on_timeout: a try the caller gave up on leaves the callee's queue
  // if it has not started; one in service runs to the end.
  const Task& t = tasks_[id];
  if (t.generation != generation || !t.queued || t.started) return;
  reject_queued(id);
}

void Engine::on_queue_timeout(std::uint32_t id, std::uint32_t generation) {
  Task& t = tasks_[id];
  if (t.generation != generation || !t.queued || t.started) return;
  NodeState& n = nodes_[t.node];
  if (t.measured) {
    ++n.rejected;
    --n.admitted;  // it never got served: a rejection, not an admitted call
  }
  reject_queued(id);
}

std::uint32_t Engine::pick_among_instances(std::uint32_t node, std::uint32_t key) {
  NodeState& n = nodes_[node];
  const std::uint32_t count = n.span;  // all instances, unless autoscaling left slots unused
  const auto up = static_cast<std::uint32_t>(n.routable);
  if (up == 0) return kNone;
  // The j-th routable instance (j < up); the identity while all are routable.
  auto nth = [&](std::uint32_t j) {
    if (up == count) return j;
    for (std::uint32_t i = 0; i < count; ++i)
      if (routable(n, n.instances[i]) && j-- == 0) return i;
    return kNone;
  };
  if (up == 1) return nth(0);
  switch (scenario_.nodes[node].balancing) {
    case Balancing::round_robin:
      return nth(static_cast<std::uint32_t>(n.round_robin_next++ % up));
    case Balancing::random:
      return nth(static_cast<std::uint32_t>(n.balance_rng.below(up)));
    case Balancing::least_request: {
      std::uint32_t best = kNone;
      for (std::uint32_t i = 0; i < count; ++i)
        if (routable(n, n.instances[i]) && (best == kNone || n.instances[i].outstanding < n.instances[best].outstanding))
          best = i;
      return best;
    }
    case Balancing::weighted_round_robin: {
      // nginx's smooth weighted round robin over the routable instances: each
      // gains its weight, the largest current weight wins (the lowest index
      // among equals) and gives back the total. Over a cycle of total-weight
      // picks each instance is picked exactly its weight's times, spread out.
      std::vector<double>& current = stations_[node].wrr_current;
      const std::vector<double>& weights = scenario_.nodes[node].weights;
      double total = 0;
      std::uint32_t best = kNone;
      for (std::uint32_t i = 0; i < count; ++i) {
        if (!routable(n, n.instances[i])) continue;
        current[i] += weights[i];
        total += weights[i];
        if (best == kNone || current[i] > current[best]) best = i;
      }
      current[best] -= total;
      return best;
    }
    case Balancing::ring_hash: {  // the owner of the key among the routable instances
      const int r = scenario_.nodes[node].replication;
      if (r > 1) {  // the first of the key's replicas that is up, else as without replicas
        n.ring.replicas(key, static_cast<std::uint32_t>(r), replicas_);
        for (const std::uint32_t i : replicas_)
          if (routable(n, n.instances[i])) return i;
      }
      return n.ring.pick(key);
    }
    case Balancing::power_of_two: {
      const auto a = static_cast<std::uint32_t>(n.balance_rng.below(up));
      auto b = static_cast<std::uint32_t>(n.balance_rng.below(up - 1));
      if (b >= a) ++b;
      const std::uint32_t ia = nth(a);
      const std::uint32_t ib = nth(b);
      const std::int64_t la = n.instances[ia].outstanding;
      const std::int64_t lb = n.instances[ib].outstanding;
      if (la != lb) return la < lb ? ia : ib;
      return n.balance_rng.chance(0.5) ? ia : ib;
    }
  }
  return kNone;
}

}  // namespace svcsim::detail
