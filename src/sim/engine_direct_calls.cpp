// Direct calls: a call that nothing can befall on the way — a plain call (no
// timeout, retry, hedge, fallback, breaker or client-side throttle) over
// zero-latency links both ways, to a bare node without a retry budget whose
// instances are always routable, where no partition can cut it, with no
// trace — arrives in the same instant it is sent, straight into its
// callee's task, without the general path's tests for what cannot happen to
// it (send_try, then on_call_arrive). A request's entry call of that kind (a *direct entry*)
// goes further: it makes no Try record either; the task carries the request
// itself, and answering it is finishing the request. Every figure is the one
// the general path gives (the counters it keeps, the same draws in the same
// order): tests/unit/test_direct_calls.cpp runs scenarios both ways. It is
// the hot path of M/M/c scenarios and tandems (issues 10 and 15).
#include "sim/engine.hpp"
#include "sim/task_steps.hpp"

namespace svcsim::detail {

void Engine::mark_direct_calls() {
  site_direct_.assign(programs_.sites.size(), 0);
  if (!options_.direct_calls || trace_ != nullptr) return;
  bool partitions = false;  // any partition fault: not worth telling which pairs it cuts
  for (const Fault& f : scenario_.faults) partitions = partitions || f.type == FaultType::partition;
  for (std::size_t i = 0; i < programs_.sites.size(); ++i) {
    const CallSite& site = programs_.sites[i];
    const NodeState& n = nodes_[site.node];
    // Always routable: not faulted (bare), no health check to fail, no
    // autoscaler to drain an instance; so pick_instance never says kNone.
    // And no list of the instance's tasks to keep (send_direct links none).
    const bool always_routable = n.bare && !n.has_health_check && n.autoscaler == kNone && !n.tracks_tasks;
    const bool from_client = site.caller >= nodes_.size();
    site_direct_[i] = !site_isolated_[i] && site.throttle == CallSite::kNoThrottle &&
                      programs_.links[site.link_out].zero && programs_.links[site.link_back].zero &&
                      !n.has_retry_budget && always_routable && (from_client || !partitions);
  }
  // An entry call makes no Try when it carries no item key (a Try would carry it).
  for (std::size_t w = 0; w < workloads_.size(); ++w)
    workloads_[w].direct_entry = site_direct_[programs_.workload_site[w]] && !scenario_.workloads[w].catalog;
}

namespace {
/// The head of a request's entry call (what a Try's `plain` would hold).
CallHead entry_head(std::uint32_t workload, std::uint32_t user, std::uint32_t site, bool measured,
                    std::int64_t started_at, SliceRef time) {
  return CallHead{.owner_kind = OwnerKind::request, .measured = measured, .owner = workload,
                  .owner_generation = user, .site = site, .started_at = started_at, .owner_time = time};
}
}  // namespace

inline std::uint32_t Engine::reach_directly(const CallSite& site, std::uint32_t key, SliceRef time, Criticality level,
                                     std::uint32_t& instance, bool& needs_worker) {
  // What send_try and on_call_arrive do for such a call up to its admission.
  if (draw_ahead_) undo_draw_ahead();  // its callee may draw before the ready list is drained
  ++tries_sent_;
  ++tries_to_[site.node];
  instance = pick_instance(site.node, key);
  ++nodes_[site.node].instances[instance].outstanding;
  return arrive_at_bare(site, instance, time, level, needs_worker);
}

void Engine::send_direct(std::uint32_t try_id, const CallSite& site, SliceRef time, std::uint32_t key,
                         Criticality level) {
  // (The try's fields come as arguments: reading back what send_call has
  // just stored in two halves as one wide load stalls on the store buffer.)
  if (site.level) level = *site.level;  // a step that names its criticality (SPEC 7.2)
  std::uint32_t instance = 0;
  bool needs_worker = false;
  const std::uint32_t id = reach_directly(site, key, time, level, instance, needs_worker);
  Try& attempt = tries_[try_id];
  attempt.level = level;
  attempt.instance = instance;
  if (id == kNone) {
    respond(try_id, Outcome::rejected, false);
    return;
  }
  Task& t = tasks_[id];
  t.parent_try = try_id;
  attempt.task = id;
  attempt.task_generation = t.generation;
  NodeState& n = nodes_[site.node];
  count_change(n.in_system, +1);
  begin_task(id, n, needs_worker, false);
}

void Engine::enter_directly(std::uint32_t w, std::uint32_t user, SliceRef time) {
  // What send_call does first, then the rest as for any direct call.
  ++first_tries_;
  ++direct_live_;
  const std::uint32_t site_id = programs_.workload_site[w];
  const CallSite& site = programs_.sites[site_id];
  std::uint32_t instance = 0;
  bool needs_worker = false;
  const Criticality level = site.level.value_or(Criticality::critical);  // the workload's
  const std::uint32_t id = reach_directly(site, kNone, time, level, instance, needs_worker);
  if (id == kNone) {  // what respond, on_call_response and release_try then do
    leave_instance(site.node, instance);
    --direct_live_;
    finish_request(entry_head(w, user, site_id, in_window(now_), now_, time), Outcome::rejected, false,
                   Answer{time, now_});
    return;
  }
  Task& t = tasks_[id];
  t.direct_workload = w;
  t.direct_user = user;
  NodeState& n = nodes_[site.node];
  count_change(n.in_system, +1);
  begin_task(id, n, needs_worker, false);
}

void Engine::answer_directly(std::uint32_t id, Outcome outcome, bool degraded) {
  // What respond, on_call_response and release_try do for such a call.
  const Task& t = tasks_[id];
  const std::uint32_t w = t.direct_workload;
  const CallHead head =
      entry_head(w, t.direct_user, programs_.workload_site[w], t.measured, t.arrival, t.time);
  const std::uint32_t node = t.node;
  const std::uint32_t instance = t.instance;
  tasks_.release(id);
  leave_instance(node, instance);
  --direct_live_;
  finish_request(head, outcome, outcome == Outcome::ok && degraded, Answer{head.owner_time, head.started_at});
}

}  // namespace svcsim::detail
