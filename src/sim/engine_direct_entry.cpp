// A request's entry call sent straight into its node's task, with no Try
// record. Where the entry call can neither fail on the way nor be given up
// on — a plain call (no timeout, retry, hedge, fallback, breaker or client-side
// throttle) over zero-latency links both ways, to a bare node whose instances
// are always routable, with no trace — its Try would only carry the request
// from send_call to the task and back. Here the task carries the request
// itself, and answering it is finishing the request. Every figure is the one
// the general path gives (the counters it keeps, the same draws in the same
// order); only the bookkeeping is shorter. It is the hot path of M/M/c
// scenarios (issue 10's speed floor, issue 15).
#include "sim/engine.hpp"
#include "sim/task_steps.hpp"

namespace svcsim::detail {

void Engine::mark_direct_entries() {
  for (std::size_t w = 0; w < workloads_.size(); ++w) {
    const std::uint32_t site_id = programs_.workload_site[w];
    const CallSite& site = programs_.sites[site_id];
    const NodeState& n = nodes_[site.node];
    // Always routable: not faulted (bare), no health check to fail, no
    // autoscaler to drain an instance; so pick_instance never says kNone.
    const bool always_routable = n.bare && !n.has_health_check && n.autoscaler == kNone && !n.tracks_tasks;
    // (Its site names a level, the workload's: the task runs at it, as send_try would set.)
    workloads_[w].direct_entry = options_.direct_entry && trace_ == nullptr && !site_isolated_[site_id] && site.throttle == CallSite::kNoThrottle &&
                                 programs_.links[site.link_out].zero && programs_.links[site.link_back].zero &&
                                 !scenario_.workloads[w].catalog && !n.has_retry_budget && always_routable;
  }
}

void Engine::enter_directly(std::uint32_t w, std::uint32_t user, SliceRef time) {
  // What send_call, send_try and on_call_arrive do for such a call, in order.
  ++first_tries_;
  if (draw_ahead_) undo_draw_ahead();
  const CallSite& site = programs_.sites[programs_.workload_site[w]];
  ++tries_sent_;
  ++tries_to_[site.node];
  const std::uint32_t instance = pick_instance(site.node, kNone);
  NodeState& n = nodes_[site.node];
  ++n.instances[instance].outstanding;
  ++direct_live_;
  const bool measured = in_window(now_);
  ++n.arrived;
  const bool needs_worker = !n.async || programs_.code[programs_.program_start[site.program]].op == Op::work;
  const InstanceState& inst = n.instances[instance];
  if (needs_worker && inst.busy >= n.workers && inst.queue.size() >= n.queue_limit) {
    if (measured) ++n.rejected;
    --n.instances[instance].outstanding;
    --direct_live_;
    const CallHead head{.owner_kind = OwnerKind::request, .measured = measured, .owner = w,
                        .owner_generation = user, .site = programs_.workload_site[w], .started_at = now_,
                        .owner_time = time};
    finish_request(head, Outcome::rejected, false, Answer{time, now_});
    return;
  }
  if (measured) ++n.admitted;
  const std::uint32_t id = new_task(site, instance, time, measured, site.level.value_or(Criticality::critical));
  Task& t = tasks_[id];
  t.direct_workload = w;
  t.direct_user = user;
  count_change(n.in_system, +1);
  begin_task(id, n, needs_worker, false);
}

void Engine::answer_directly(std::uint32_t id, Outcome outcome, bool degraded) {
  // What respond, on_call_response and release_try do for such a call.
  const Task& t = tasks_[id];
  const std::uint32_t w = t.direct_workload;
  const CallHead head{.owner_kind = OwnerKind::request, .measured = t.measured, .owner = w,
                      .owner_generation = t.direct_user, .site = programs_.workload_site[w],
                      .started_at = t.arrival, .owner_time = t.time};
  const std::uint32_t node = t.node;
  const std::uint32_t instance = t.instance;
  tasks_.release(id);
  InstanceState& inst = nodes_[node].instances[instance];
  --inst.outstanding;
  if (!inst.serving) on_instance_quiet(node, instance);
  --direct_live_;
  finish_request(head, outcome, outcome == Outcome::ok && degraded, Answer{head.owner_time, head.started_at});
}

}  // namespace svcsim::detail
