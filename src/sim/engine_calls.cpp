// Calls between nodes: sending over a link, answers coming back, and the
// caller's timeout. A call outlives its caller's interest: when the caller
// times out or moves on, the callee still works and answers into the void.
#include "sim/engine.hpp"

namespace svcsim::detail {

std::int64_t Engine::link_delay(std::uint32_t link_id) {
  Link& link = programs_.links[link_id];
  return link.zero ? 0 : link.latency.sample(link.rng).ns;
}

void Engine::send_call(OwnerKind kind, std::uint32_t owner, std::uint32_t owner_generation,
                       std::uint32_t owner_epoch, std::uint32_t site_id) {
  const std::uint32_t id = calls_.acquire();
  Call& call = calls_[id];
  const CallSite& site = programs_.sites[site_id];
  call.owner_kind = kind;
  call.owner = owner;
  call.owner_generation = owner_generation;
  call.owner_epoch = owner_epoch;
  call.site = site_id;
  call.instance = pick_instance(site.node);
  call.sent_at = now_;
  call.measured = in_window(now_);
  ++nodes_[site.node].instances[call.instance].outstanding;
  const std::uint32_t generation = call.generation;
  if (site.timeout_ns > 0) schedule(now_ + site.timeout_ns, EventKind::call_timeout, id, generation);
  const std::int64_t delay = link_delay(site.link_out);
  if (delay > 0) {
    schedule(now_ + delay, EventKind::call_arrive, id, generation);
  } else {
    // Over a zero-latency link the call arrives at once. Arrivals may nest
    // (the callee sends calls of its own) but never deeper than the call graph,
    // which has no cycles; answers always go through the event queue, so a
    // caller is never re-entered. Callers must not hold references into the
    // task pool across this call.
    on_call_arrive(id);
  }
}

void Engine::respond(std::uint32_t call_id, Outcome outcome, bool degraded) {
  const Call& call = calls_[call_id];
  const CallSite& site = programs_.sites[call.site];
  const std::int64_t delay = link_delay(site.link_back);
  // A zero-latency answer to the client is taken at once: finishing a request
  // touches only the request and its workload, never a task being run.
  // Answers to tasks always go through the queue, so no task is re-entered.
  if (delay == 0 && call.owner_kind == OwnerKind::request) {
    on_call_response(call_id, outcome, degraded);
    return;
  }
  schedule(now_ + delay, EventKind::call_response, call_id, 0, static_cast<std::uint8_t>(outcome), degraded ? 1 : 0);
}

void Engine::on_call_response(std::uint32_t call_id, Outcome outcome, bool degraded) {
  const Call call = calls_[call_id];
  --nodes_[programs_.sites[call.site].node].instances[call.instance].outstanding;
  calls_.release(call_id);
  if (!call.abandoned) deliver(call, outcome, degraded);
}

void Engine::on_call_timeout(std::uint32_t call_id, std::uint32_t generation) {
  Call& call = calls_[call_id];
  if (call.generation != generation || call.abandoned) return;
  call.abandoned = true;
  if (call.measured) ++nodes_[programs_.sites[call.site].node].timed_out;
  deliver(call, Outcome::timed_out, false);
}

void Engine::deliver(const Call& call, Outcome outcome, bool degraded) {
  if (call.owner_kind == OwnerKind::request) {
    if (requests_[call.owner].generation == call.owner_generation) finish_request(call.owner, outcome, degraded);
    return;
  }
  const Task& t = tasks_[call.owner];
  if (t.generation != call.owner_generation || t.epoch != call.owner_epoch) return;  // the step is over
  deliver_to_task(call.owner, call.site, outcome, degraded);
}

}  // namespace svcsim::detail
