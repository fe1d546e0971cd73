// Autoscaling with the Kubernetes HPA rule (SPEC 3.4): every `sync_period`
// the autoscaler measures the node's utilisation over the last period and
// recommends ceil(ready * utilisation / target) instances (nothing changes
// within 10 % of the target); a scale-down takes the highest recommendation
// of the last `stabilization_window`; the count stays within [min, max].
// Instances are preallocated up to `max`: scaling only moves slots between
// ready, starting, draining and off. Nodes without autoscaling do nothing
// here (their instances are always ready, so no hook of the hot path calls in).
#include <algorithm>
#include <cmath>

#include "sim/engine.hpp"

namespace svcsim::detail {

namespace {
/// Kubernetes' default --horizontal-pod-autoscaler-tolerance.
constexpr double kTolerance = 0.1;

/// ceil() that forgives rounding noise: 1.4 / 0.7 * 2 must give 4, not 5.
int ceil_count(double x) { return static_cast<int>(std::ceil(x - 1e-9)); }
}  // namespace

void Engine::setup_autoscaling() {
  const std::vector<bool> bulkheaded = nodes_with_bulkheads();
  for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
    const Node& spec = scenario_.nodes[i];
    if (!spec.autoscaling) continue;
    NodeState& n = nodes_[i];
    n.autoscaler = static_cast<std::uint32_t>(autoscalers_.size());
    const std::size_t slots = static_cast<std::size_t>(spec.autoscaling->max);
    n.instances.resize(slots);
    for (std::size_t s = 0; s < slots; ++s) {
      InstanceState& inst = n.instances[s];
      if (bulkheaded[i]) inst.endpoint_active.assign(programs_.program_start.size(), 0);
      if (s >= static_cast<std::size_t>(spec.instances)) {
        inst.phase = ScalePhase::off;
        inst.serving = false;
      }
    }
    Autoscaler a;
    a.node = i;
    a.desired = a.ready = spec.instances;
    a.capacity.value = spec.instances;
    // Recommendations older than the window no longer count: keep one per sync in it.
    const std::int64_t period = spec.autoscaling->sync_period.ns;
    const std::int64_t syncs_in_run = window_to_ / period + 1;
    const std::int64_t kept = std::min(spec.autoscaling->stabilization_window.ns / period, syncs_in_run) + 1;
    a.recommendations.assign(static_cast<std::size_t>(kept), {INT64_MIN, 0});
    a.timeline.emplace_back(0, spec.instances);
    autoscalers_.push_back(std::move(a));
  }
}

void Engine::schedule_autoscaling() {
  for (const Autoscaler& a : autoscalers_) {
    const std::int64_t period = scenario_.nodes[a.node].autoscaling->sync_period.ns;
    if (period < window_to_) events_.push(period, EventClass::control, EventKind::scale_sync, a.node, 0);
  }
}

int Engine::recommend(std::uint32_t node) {
  NodeState& n = nodes_[node];
  Autoscaler& a = autoscalers_[n.autoscaler];
  const Autoscaling& spec = *scenario_.nodes[node].autoscaling;
  const double busy = n.busy.snapshot(now_);
  const double capacity = a.capacity.snapshot(now_);
  const double busy_delta = busy - a.busy_at_sync;            // worker-ns busy over the period
  const double capacity_delta = capacity - a.capacity_at_sync;  // instance-ns in service over it
  const auto period = static_cast<double>(now_ - a.synced_at);
  a.busy_at_sync = busy;
  a.capacity_at_sync = capacity;
  a.synced_at = now_;
  const int current = a.desired;
  if (!(capacity_delta > 0) || !(period > 0)) return current;  // no instance served: no metrics, no change
  const double utilization = busy_delta / (capacity_delta * static_cast<double>(*scenario_.nodes[node].concurrency));
  const double ratio = utilization / spec.target_utilization;
  if (std::abs(1.0 - ratio) <= kTolerance) return current;
  // Kubernetes: ceil(ratio * ready pods). The ready count is taken as its mean
  // over the period the utilisation was measured on, so instances that became
  // ready (or went down) during it are weighed by the time they served, and
  // instances still starting, which served nothing, are not counted.
  const double in_service = capacity_delta / period;
  return ceil_count(ratio * in_service);
}

void Engine::on_scale_sync(std::uint32_t node) {
  Autoscaler& a = autoscalers_[nodes_[node].autoscaler];
  const Autoscaling& spec = *scenario_.nodes[node].autoscaling;
  const int current = a.desired;
  const int recommendation = recommend(node);
  a.recommendations[a.next_recommendation] = {now_, recommendation};
  a.next_recommendation = (a.next_recommendation + 1) % a.recommendations.size();
  int desired = recommendation;
  if (recommendation < current) {
    // Scale-down stabilisation: the highest recommendation of the window.
    int highest = recommendation;
    for (const auto& [at, count] : a.recommendations)
      if (at > now_ - spec.stabilization_window.ns) highest = std::max(highest, count);
    desired = std::min(current, highest);
  }
  a.desired = std::clamp(desired, spec.min, spec.max);
  reconcile(node);
  const std::int64_t next = now_ + spec.sync_period.ns;
  if (next < window_to_) events_.push(next, EventClass::control, EventKind::scale_sync, node, 0);
}

void Engine::reconcile(std::uint32_t node) {
  NodeState& n = nodes_[node];
  Autoscaler& a = autoscalers_[n.autoscaler];
  const Autoscaling& spec = *scenario_.nodes[node].autoscaling;
  const auto slots = static_cast<std::uint32_t>(n.instances.size());
  int active = 0;  // ready or starting
  for (const InstanceState& inst : n.instances)
    active += (inst.phase == ScalePhase::ready || inst.phase == ScalePhase::starting) ? 1 : 0;
  bool changed = false;
  // Up: the lowest free slots. A slot still draining is not free; if none is,
  // the rest start when one is (on_instance_quiet) or at a later sync.
  for (std::uint32_t s = 0; s < slots && active < a.desired; ++s) {
    InstanceState& inst = n.instances[s];
    if (inst.phase != ScalePhase::off) continue;
    ++active;
    inst.phase = ScalePhase::starting;
    inst.ready_at = now_ + spec.startup.ns;
    if (spec.startup.ns == 0) {
      make_ready(node, s);
    } else {
      events_.push(inst.ready_at, EventClass::control, EventKind::instance_ready, node, s);
    }
    changed = true;
  }
  // Down: instances not ready yet go first (as Kubernetes deletes unready
  // pods first), then the newest slots.
  for (int pass = 0; pass < 2 && active > a.desired; ++pass) {
    const ScalePhase victim = pass == 0 ? ScalePhase::starting : ScalePhase::ready;
    for (std::uint32_t s = slots; s-- > 0 && active > a.desired;) {
      InstanceState& inst = n.instances[s];
      if (inst.phase != victim) continue;
      --active;
      if (victim == ScalePhase::starting) {
        inst.phase = ScalePhase::off;  // its pending ready event finds it off
      } else {
        start_draining(node, s);
      }
      changed = true;
    }
  }
  if (changed) after_scaling(node);
}

void Engine::on_instance_ready(std::uint32_t node, std::uint32_t instance) {
  const InstanceState& inst = nodes_[node].instances[instance];
  // A slot stopped while starting (and perhaps started again later) ignores this event.
  if (inst.phase != ScalePhase::starting || inst.ready_at != now_) return;
  make_ready(node, instance);
  after_scaling(node);
}

void Engine::make_ready(std::uint32_t node, std::uint32_t instance) {
  InstanceState& inst = nodes_[node].instances[instance];
  inst.phase = ScalePhase::ready;
  inst.serving = true;
  // A new instance passes its health check; a fault already striking the slot
  // still applies (its down/blackhole flags are the slot's).
  inst.healthy = true;
  inst.probe_failures = inst.probe_successes = 0;
  // A cache instance starts empty (a reused slot forgets what it held when
  // it drained), or full with `prewarm`.
  cache_instance_changed(node, instance, true, true);
  ++autoscalers_[nodes_[node].autoscaler].ready;
}

void Engine::start_draining(std::uint32_t node, std::uint32_t instance) {
  InstanceState& inst = nodes_[node].instances[instance];
  inst.phase = ScalePhase::draining;
  inst.serving = false;
  --autoscalers_[nodes_[node].autoscaler].ready;
  if (inst.tasks_head == kNone && inst.outstanding == 0) inst.phase = ScalePhase::off;
}

void Engine::on_instance_quiet(std::uint32_t node, std::uint32_t instance) {
  InstanceState& inst = nodes_[node].instances[instance];
  if (inst.phase != ScalePhase::draining || inst.tasks_head != kNone || inst.outstanding != 0) return;
  inst.phase = ScalePhase::off;
  recount_capacity(node);
  reconcile(node);  // a scale-up may have waited for this slot
}

void Engine::after_scaling(std::uint32_t node) {
  NodeState& n = nodes_[node];
  Autoscaler& a = autoscalers_[n.autoscaler];
  n.span = 0;
  for (std::uint32_t s = 0; s < n.instances.size(); ++s)
    if (n.instances[s].serving) n.span = s + 1;
  recount_routable(node);
  recount_capacity(node);
  if (a.timeline.back().second != a.ready) {
    if (a.timeline.back().first != now_) {
      a.timeline.emplace_back(now_, a.ready);
    } else {  // changes at one instant make one entry, or none if they cancel out
      a.timeline.back().second = a.ready;
      if (a.timeline.size() > 1 && a.timeline[a.timeline.size() - 2].second == a.ready) a.timeline.pop_back();
    }
  }
}

void Engine::recount_capacity(std::uint32_t node) {
  NodeState& n = nodes_[node];
  if (n.autoscaler == kNone) return;
  std::int64_t count = 0;
  for (const InstanceState& inst : n.instances)
    count += (inst.phase == ScalePhase::ready || inst.phase == ScalePhase::draining) && !inst.down && !inst.blackhole;
  TimeIntegral& capacity = autoscalers_[n.autoscaler].capacity;
  if (count != capacity.value) count_change(capacity, count - capacity.value);
}

}  // namespace svcsim::detail
