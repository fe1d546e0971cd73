// The steps of a task's life that both the general call path
// (engine_tasks.cpp) and direct calls (engine_direct_calls.cpp) take —
// arrived, made, given a worker or queued, freed and answered — inline, as
// they are on the hot path of every call.
#pragma once

#include "sim/engine.hpp"

namespace svcsim::detail {

inline std::uint32_t Engine::new_task(const CallSite& site, std::uint32_t instance, SliceRef time, bool measured,
                                      Criticality level) {
  const std::uint32_t id = tasks_.acquire();
  Task& t = tasks_[id];
  t.node = site.node;
  t.instance = instance;
  t.program = site.program;
  t.pc = programs_.program_start[site.program];
  t.time = time;
  t.arrival = now_;
  t.measured = measured;
  t.level = level;
  return id;
}

inline bool Engine::try_acquire_worker(std::uint32_t id) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  InstanceState& inst = n.instances[t.instance];
  if (inst.busy >= n.workers) return false;
  ++inst.busy;
  count_change(n.busy, +1);
  t.holds_worker = true;
  return true;
}

inline void Engine::enqueue(std::uint32_t id, bool at_head) {
  Task& t = tasks_[id];
  NodeState& n = nodes_[t.node];
  InstanceState& inst = n.instances[t.instance];
  t.queued = true;
  t.waited = true;
  t.enqueued_at = now_;
  inst.queue.push(tasks_, id, t.level, at_head);
  ++n.queued_total;
  count_change(n.queue, +1);
  if (n.queued_total > n.queue_max && in_window(now_)) n.queue_max = n.queued_total;
  if (!t.started && n.queue_timeout_ns > 0)
    set_timer(queue_timer_line_[t.node], n.queue_timeout_ns, id, t.generation);
}

inline std::uint32_t Engine::arrive_at_bare(const CallSite& site, std::uint32_t instance, SliceRef time,
                                           Criticality level, bool& needs_worker) {
  NodeState& n = nodes_[site.node];
  const bool measured = in_window(now_);
  ++n.arrived;
  needs_worker = needs_worker_at_start(n, site.program);
  if (needs_worker && waiting_room_full(n, n.instances[instance])) {
    if (measured) ++n.rejected;
    return kNone;
  }
  if (measured) ++n.admitted;
  return new_task(site, instance, time, measured, level);
}

inline void Engine::begin_task(std::uint32_t id, const NodeState& n, bool needs_worker, bool holds_worker) {
  if (!n.async) {
    if (!holds_worker && !try_acquire_worker(id)) {
      enqueue(id);
      return;
    }
    tasks_[id].started = true;
  } else if (!needs_worker) {
    tasks_[id].started = true;
  }
  run_task(id);
}

inline void Engine::release_and_answer(std::uint32_t id, Outcome outcome, bool degraded) {
  const Task& t = tasks_[id];
  // A direct entry's task is answered whatever its parent_try says: the
  // silencing of take_instance_down (parent_try = kNone, its try lost) never
  // meets one, as a direct call's node is bare and so never goes down.
  if (t.direct_workload != kNone) {
    answer_directly(id, outcome, degraded);
    return;
  }
  const std::uint32_t parent = t.parent_try;
  tasks_.release(id);
  if (parent != kNone) respond(parent, outcome, degraded);
}

}  // namespace svcsim::detail
