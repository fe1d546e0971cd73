// Calls between nodes: a logical call (its timeout, retries with backoff,
// hedges, fallbacks and circuit breaker) and its tries over links. A try
// outlives its caller's interest: when the caller times out or moves on, the
// callee still works and answers into the void. A plain call (none of those
// policies) has no Call record: its one try carries the call's head.
#include <algorithm>

#include "sim/engine.hpp"

namespace svcsim::detail {

std::int64_t Engine::link_delay(std::uint32_t link_id) {
  Link& link = programs_.links[link_id];
  return link.zero ? 0 : link.latency.sample(link.rng).ns;
}

void Engine::send_call(OwnerKind kind, std::uint32_t owner, std::uint32_t owner_generation,
                       std::uint32_t owner_epoch, std::uint32_t site_id, SliceRef owner_time, std::uint32_t key,
                       Criticality inherited) {
  ++first_tries_;
  CallHead head;
  head.owner_kind = kind;
  head.owner = owner;
  head.owner_generation = owner_generation;
  head.owner_epoch = owner_epoch;
  head.site = site_id;
  head.owner_time = owner_time;
  head.measured = in_window(now_);
  head.started_at = now_;
  if (!site_isolated_[site_id]) {
    // A plain call has one try, whose answer is the call's: no Call record,
    // the try carries the head (see Try::plain).
    const std::uint32_t id = tries_.acquire();
    Try& attempt = tries_[id];
    attempt.plain = head;
    attempt.site = site_id;
    attempt.sent_at = now_;
    attempt.key = key;
    attempt.for_request = kind == OwnerKind::request;
    attempt.time = owner_time;
    attempt.level = inherited;  // send_try applies the site's own level, if it names one
    if (site_direct_[site_id]) send_direct(id, programs_.sites[site_id], owner_time, key, inherited);
    else send_try(id, TryKind::first);
    return;
  }
  const std::uint32_t id = calls_.acquire();
  Call& call = calls_[id];
  head.generation = call.generation;
  static_cast<CallHead&>(call) = head;
  call.target_site = site_id;
  call.key = key;
  const CallSite& site = programs_.sites[site_id];
  call.level = inherited;
  const std::uint32_t generation = call.generation;
  if (site.timeout_ns > 0) set_timer(site_timers_[site_id].call_timeout, site.timeout_ns, id, generation);
  if (site.hedge) set_timer(site_timers_[site_id].hedge, site.hedge->after.ns, id, generation);
  start_try(id, TryKind::first);
}

void Engine::start_try(std::uint32_t call_id, TryKind kind) {
  Call& call = calls_[call_id];
  const std::uint32_t id = tries_.acquire();
  Try& attempt = tries_[id];
  attempt.call = call_id;
  attempt.call_generation = call.generation;
  attempt.site = call.target_site;
  attempt.sent_at = now_;
  attempt.key = call.key;
  attempt.for_request = call.owner_kind == OwnerKind::request;
  attempt.level = call.level;
  // The tries of a call with a Call record (retries, hedges, fallbacks, or a
  // branch off its owner's path) keep sums of their own.
  attempt.time = breakdowns_.acquire();
  attempt.owns_time = true;
  call.live_tries[call.live] = id;
  call.live_try_generations[call.live] = attempt.generation;
  ++call.live;
  const CallSite& step = programs_.sites[call.site];
  if (call.fallback_index == 0 && step.retry && step.retry->per_try_timeout)
    set_timer(site_timers_[call.site].try_timeout, step.retry->per_try_timeout->ns, id, attempt.generation);
  if (kind != TryKind::first) ++extra_tries_to_[programs_.sites[call.target_site].node];
  send_try(id, kind);
}

void Engine::send_try(std::uint32_t id, TryKind kind) {
  if (draw_ahead_) undo_draw_ahead();  // its callee may draw before the ready list is drained
  if (trace_) trace_try_sent(id, kind);
  Try& attempt = tries_[id];
  const CallSite& site = programs_.sites[attempt.site];
  ++tries_sent_;
  ++tries_to_[site.node];
  NodeState& callee = nodes_[site.node];
  if (callee.has_retry_budget && (kind == TryKind::first || kind == TryKind::retry))
    record_for_retry_budget(site.node, kind == TryKind::retry);
  // Failures known at the caller come back through the queue at once, so the
  // caller (which may be a task sending calls right now) is never re-entered.
  if (attempt.call != kNone) {
    const Call& call = calls_[attempt.call];
    const CallSite& step = programs_.sites[call.site];
    if (call.fallback_index == 0 && step.breaker != CallSite::kNoBreaker && !breaker_allows(step.breaker)) {
      attempt.instance = kNone;
      attempt.short_circuited = true;  // not sent: the breaker does not count it
      schedule(now_, EventKind::call_response, id, 0, static_cast<std::uint8_t>(Outcome::failed), 0);
      return;
    }
  }
  if (site.station_options) {
    if (site.level) attempt.level = *site.level;  // a step that names its criticality (SPEC 7.2)
    if (site.throttle != CallSite::kNoThrottle && throttled_locally(id, site)) return;
  }
  const std::uint32_t instance = pick_instance(site.node, attempt.key);
  if (instance == kNone) {  // no instance up: refused, and counted in the node's figures
    ++callee.arrived;
    if (in_window(now_)) ++stations_[site.node].refused;
    attempt.instance = kNone;
    schedule(now_, EventKind::call_response, id, 0, static_cast<std::uint8_t>(Outcome::failed), 0);
    return;
  }
  attempt.instance = instance;
  ++callee.instances[instance].outstanding;
  if (partitioned(site.caller, site.node)) {
    attempt.lost = true;  // dropped on the way: only a timeout ends it
    return;
  }
  const std::int64_t delay = link_delay(site.link_out);
  if (delay != 0) breakdowns_.add(attempt.time, 0, delay);  // adding 0 is a no-op: skip the slice lookup
  if (delay > 0) {
    schedule(now_ + delay, EventKind::call_arrive, id, attempt.generation);
  } else {
    // Over a zero-latency link the try arrives at once. Arrivals may nest
    // (the callee sends calls of its own) but never deeper than the call graph,
    // which has no cycles; answers to tasks always go through the event queue,
    // so a caller is never re-entered. Callers must not hold references into
    // the task or call pools across this.
    on_call_arrive(id);
  }
}

void Engine::respond(std::uint32_t try_id, Outcome outcome, bool degraded) {
  if (trace_) trace_->on_call_answer(try_id, span_outcome(outcome, degraded), now_);
  Try& attempt = tries_[try_id];
  attempt.task = kNone;
  const CallSite& site = programs_.sites[attempt.site];
  if (partitioned(site.node, site.caller)) {  // the answer is dropped on the way back
    lose(try_id);
    return;
  }
  const std::int64_t delay = link_delay(site.link_back);
  if (delay != 0) breakdowns_.add(attempt.time, 0, delay);
  // A zero-latency answer to the client is taken at once: finishing a request
  // touches only the request and its workload, never a task being run. (From
  // the try itself: its call may be finished already, its record reused.)
  if (delay == 0 && attempt.for_request) {
    on_call_response(try_id, outcome, degraded);
    return;
  }
  schedule(now_ + delay, EventKind::call_response, try_id, 0, static_cast<std::uint8_t>(outcome), degraded ? 1 : 0);
}

void Engine::lose(std::uint32_t try_id) {
  if (trace_) trace_->on_call_answer(try_id, SpanOutcome::lost, now_);  // (after respond: already ended)
  Try& attempt = tries_[try_id];
  attempt.lost = true;
  attempt.task = kNone;
  if (attempt.abandoned) release_try(try_id);
}

void Engine::release_try(std::uint32_t try_id) {
  const Try& attempt = tries_[try_id];
  if (attempt.owns_time) breakdowns_.release(attempt.time);
  if (attempt.instance != kNone) leave_instance(programs_.sites[attempt.site].node, attempt.instance);
  tries_.release(try_id);
}

bool Engine::call_waits_for(const Try& attempt) const {
  if (attempt.abandoned) return false;
  return attempt.call == kNone || calls_[attempt.call].generation == attempt.call_generation;
}

void Engine::forget_try(Call& call, std::uint32_t try_id) {
  for (int i = 0; i < call.live; ++i) {
    if (call.live_tries[i] != try_id) continue;
    call.live_tries[i] = call.live_tries[call.live - 1];
    call.live_try_generations[i] = call.live_try_generations[call.live - 1];
    --call.live;
    return;
  }
}

void Engine::on_call_response(std::uint32_t try_id, Outcome outcome, bool degraded) {
  // The fields it needs, one by one: a copy of the whole record would read
  // bytes just written by respond() with wider loads, which cannot be
  // forwarded from the store buffer and stalled (seen in profiles).
  if (trace_) trace_->on_try_end(try_id, span_outcome(outcome, degraded), now_);
  Try& attempt = tries_[try_id];
  if (attempt.throttle_counts && outcome != Outcome::rejected)  // the callee accepted it
    throttles_[programs_.sites[attempt.site].throttle].record_accept(now_);
  if (attempt.call == kNone) {  // a plain call: its only try's answer is the call's
    const CallHead head = attempt.plain;
    const Answer answer{attempt.time, attempt.sent_at};
    release_try(try_id);
    // As a call with a record would: a failed call is not degraded.
    deliver(head, outcome, outcome == Outcome::ok && degraded, answer);
    return;
  }
  const std::uint32_t call_id = attempt.call;
  const bool waited_for = call_waits_for(attempt);
  const bool short_circuited = attempt.short_circuited;
  const bool owns_time = attempt.owns_time;
  const Answer answer{attempt.time, attempt.sent_at};
  // An answer the call waits for keeps its own sums until the caller has taken them.
  if (waited_for) attempt.owns_time = false;
  release_try(try_id);
  if (!waited_for) return;
  Call& call = calls_[call_id];
  forget_try(call, try_id);
  const CallSite& step = programs_.sites[call.site];
  if (call.fallback_index == 0 && step.breaker != CallSite::kNoBreaker && !short_circuited)
    breaker_record(step.breaker, outcome == Outcome::ok);
  if (outcome == Outcome::ok)
    finish_call(call_id, Outcome::ok, degraded || call.fallback_index > 0, answer);
  else
    try_failed(call_id, outcome, answer);
  if (owns_time) breakdowns_.release(answer.time);
}

void Engine::on_try_timeout(std::uint32_t try_id, std::uint32_t generation) {
  Try& attempt = tries_[try_id];
  if (attempt.generation != generation || !call_waits_for(attempt)) return;
  Call& call = calls_[attempt.call];
  const CallSite& step = programs_.sites[call.site];
  if (call.measured) {
    if (NodeState* caller = caller_state(step)) ++caller->timeouts;
    ++nodes_[programs_.sites[attempt.site].node].timed_out;
  }
  if (step.breaker != CallSite::kNoBreaker) breaker_record(step.breaker, false);
  forget_try(call, try_id);
  if (trace_) trace_->on_try_end(try_id, SpanOutcome::timed_out, now_);
  abandon_try(try_id);
  try_failed(attempt.call, Outcome::timed_out);
}

void Engine::abandon_try(std::uint32_t try_id) {
  Try& attempt = tries_[try_id];
  attempt.abandoned = true;
  if (attempt.lost || attempt.instance == kNone) {
    // no answer will come (or a refusal is already on its way and will find it abandoned)
    if (attempt.lost) release_try(try_id);
    return;
  }
  if (programs_.sites[attempt.site].cancel_on_timeout && attempt.task != kNone) withdraw(attempt.task, attempt.task_generation);
}

void Engine::try_failed(std::uint32_t call_id, Outcome outcome, Answer answer) {
  Call& call = calls_[call_id];
  if (call.live > 0 || call.retry_pending) return;  // a hedge or a retry may still answer
  const CallSite& step = programs_.sites[call.site];
  if (call.fallback_index == 0 && step.retry && call.retries < step.retry->max_retries &&
      (step.retry->retry_on & retry_bit(outcome)) != 0 && retry_budget_allows(programs_.sites[call.target_site].node)) {
    ++call.retries;
    call.retry_pending = true;
    if (NodeState* caller = caller_state(step); caller && call.measured) ++caller->retries;
    schedule(now_ + backoff_ns(call, *step.retry), EventKind::retry_timer, call_id, call.generation);
    return;
  }
  if (call.fallback_index < step.fallback_count) {
    call.target_site = programs_.site_lists[step.fallback_first + call.fallback_index];
    ++call.fallback_index;
    start_try(call_id, TryKind::fallback);
    return;
  }
  finish_call(call_id, outcome, false, answer);
}

void Engine::on_retry_timer(std::uint32_t call_id, std::uint32_t generation) {
  Call& call = calls_[call_id];
  if (call.generation != generation || !call.retry_pending) return;
  call.retry_pending = false;
  start_try(call_id, TryKind::retry);
}

void Engine::on_hedge_timer(std::uint32_t call_id, std::uint32_t generation) {
  Call& call = calls_[call_id];
  if (call.generation != generation || call.fallback_index > 0 || call.live == 0) return;
  const CallSite& step = programs_.sites[call.site];
  if (call.hedges >= step.hedge->max || call.live >= kMaxLiveTries) return;
  ++call.hedges;
  if (NodeState* caller = caller_state(step); caller && call.measured) ++caller->hedges;
  start_try(call_id, TryKind::hedge);
  if (calls_[call_id].hedges < step.hedge->max)
    set_timer(site_timers_[call.site].hedge, step.hedge->after.ns, call_id, generation);
}

void Engine::on_call_timeout(std::uint32_t call_id, std::uint32_t generation) {
  const Call& call = calls_[call_id];
  if (call.generation != generation) return;
  const CallSite& step = programs_.sites[call.site];
  if (call.measured) {
    if (NodeState* caller = caller_state(step)) ++caller->timeouts;
    if (call.live > 0) ++nodes_[programs_.sites[call.target_site].node].timed_out;
  }
  // A try still out when the caller gives up is a failure for its breaker (else
  // a half-open breaker whose trial calls all time out would never decide).
  if (call.fallback_index == 0 && call.live > 0 && step.breaker != CallSite::kNoBreaker)
    breaker_record(step.breaker, false);
  finish_call(call_id, Outcome::timed_out, false);
}

void Engine::finish_call(std::uint32_t call_id, Outcome outcome, bool degraded, Answer answer) {
  Call& call = calls_[call_id];
  // Tries still out are abandoned: their answers will find a new generation.
  for (int i = 0; i < call.live; ++i) {
    const std::uint32_t t = call.live_tries[i];
    if (tries_[t].generation != call.live_try_generations[i]) continue;
    if (trace_) trace_->on_try_end(t, outcome == Outcome::timed_out ? SpanOutcome::timed_out : SpanOutcome::cancelled, now_);
    abandon_try(t);
  }
  const CallHead finished = call;
  calls_.release(call_id);
  deliver(finished, outcome, degraded, answer);
}

void Engine::deliver(const CallHead& call, Outcome outcome, bool degraded, Answer answer) {
  if (call.owner_kind == OwnerKind::request) {
    finish_request(call, outcome, degraded, answer);
    return;
  }
  const Task& t = tasks_[call.owner];
  if (t.generation != call.owner_generation || t.epoch != call.owner_epoch) return;  // the step is over
  deliver_to_task(call, outcome, degraded, answer);
}

void Engine::add_call_time(SliceRef owner, const CallHead& call, Answer answer) {
  if (!breakdowns_.live(owner)) return;  // the owner's path is gone (its try was lost)
  std::int64_t before = now_ - call.started_at;
  if (answer.answered()) {
    breakdowns_.add_slice(owner, answer.time);
    before = answer.sent_at - call.started_at;
  }
  // Earlier tries, backoff, the wait before a winning hedge, or a call that
  // timed out: time spent trying the step's own target.
  breakdowns_.add(owner, TailBreakdown::node_base(programs_.sites[call.site].node) - 1 + TailBreakdown::kFailedTries,
                  before);
}

}  // namespace svcsim::detail
