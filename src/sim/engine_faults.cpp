// Faults and health checks: outages (refuse or blackhole), slowdowns, error
// injection, random crashes, partitions; and the probes that tell balancers
// which instances to use when a node has a health check.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "sim/engine.hpp"

namespace svcsim::detail {

namespace {
std::uint32_t node_index(const Scenario& s, const std::string& name) {
  for (std::uint32_t i = 0; i < s.nodes.size(); ++i)
    if (s.nodes[i].name == name) return i;
  return kNone;
}
}  // namespace

void Engine::schedule_faults() {
  faults_.resize(scenario_.faults.size());
  for (std::uint32_t f = 0; f < scenario_.faults.size(); ++f) {
    const Fault& spec = scenario_.faults[f];
    FaultRuntime& fr = faults_[f];
    // Built by appending: `"..." + std::string` trips GCC 12's false -Wrestrict (PR 105329).
    std::string stream = "fault:";
    if (spec.name.empty()) {
      stream += '#';
      stream += std::to_string(f);
    } else {
      stream += spec.name;
    }
    fr.rng = RandomStream(scenario_.seed, stream);
    if (spec.type != FaultType::partition) {
      fr.node = node_index(scenario_, spec.target);
      const auto instances = static_cast<std::uint32_t>(scenario_.nodes[fr.node].instances);
      const InstanceSelection& sel = spec.instances;
      if (sel.first) {
        fr.first = static_cast<std::uint32_t>(*sel.first);
        fr.count = static_cast<std::uint32_t>(sel.last.value_or(*sel.first) - *sel.first + 1);
      } else if (sel.fraction) {
        fr.count = static_cast<std::uint32_t>(std::ceil(*sel.fraction * instances - 1e-9));
      } else {
        // The whole node: every slot, including those an autoscaler starts later.
        fr.count = static_cast<std::uint32_t>(nodes_[fr.node].instances.size());
      }
      fr.crashed.assign(fr.count, false);
    }
    // Arrivals end at `duration`; a fault edge after that would only stretch
    // the drain of the last requests (a fault still on at the end stays on).
    if (spec.at.ns >= window_to_) continue;
    events_.push(spec.at.ns, EventClass::control, EventKind::fault_edge, f, 0);
    if (spec.duration && spec.at.ns + spec.duration->ns < window_to_)
      events_.push(spec.at.ns + spec.duration->ns, EventClass::control, EventKind::fault_edge, f, 1);
  }
  for (std::uint32_t i = 0; i < nodes_.size(); ++i)
    if (const auto& hc = scenario_.nodes[i].health_check; hc && hc->interval.ns < window_to_)
      events_.push(hc->interval.ns, EventClass::control, EventKind::health_probe, i, 0);
}

void Engine::on_fault_edge(std::uint32_t f, bool start) {
  const Fault& spec = scenario_.faults[f];
  FaultRuntime& fr = faults_[f];
  if (fr.active == start) return;
  fr.active = start;
  if (spec.type == FaultType::partition) {
    const std::uint32_t a = node_index(scenario_, spec.between_a);
    const std::uint32_t b = node_index(scenario_, spec.between_b);
    const std::int32_t delta = start ? 1 : -1;
    for (const std::uint64_t key : {partition_key(a, b), partition_key(b, a)})
      if ((partitions_[key] += delta) == 0) partitions_.erase(key);  // empty: no partition is active
    return;
  }
  if (spec.type == FaultType::crash) {
    std::fill(fr.crashed.begin(), fr.crashed.end(), false);
    if (start)  // each struck instance stays up for an exponential time of mean mtbf
      for (std::uint32_t i = 0; i < fr.count; ++i)
        schedule(now_ + Duration::from_seconds(-spec.mtbf.seconds() * std::log(fr.rng.uniform01())).ns,
                 EventKind::crash_toggle, f, i);
  }
  apply_fault_state(fr.node);
}

void Engine::on_crash_toggle(std::uint32_t f, std::uint32_t i) {
  const Fault& spec = scenario_.faults[f];
  FaultRuntime& fr = faults_[f];
  if (!fr.active || now_ >= window_to_) return;  // the process ends with its window or the run's arrivals
  fr.crashed[i] = !fr.crashed[i];
  const Duration mean = fr.crashed[i] ? spec.mttr : spec.mtbf;
  schedule(now_ + Duration::from_seconds(-mean.seconds() * std::log(fr.rng.uniform01())).ns, EventKind::crash_toggle,
           f, i);
  apply_fault_state(fr.node);
}

void Engine::apply_fault_state(std::uint32_t node) {
  NodeState& n = nodes_[node];
  for (std::uint32_t i = 0; i < n.instances.size(); ++i) {
    InstanceState& inst = n.instances[i];
    bool down = false, blackhole = false;
    double factor = 1.0, errors = 0;
    std::int64_t add = 0;
    for (std::uint32_t f = 0; f < faults_.size(); ++f) {
      const FaultRuntime& fr = faults_[f];
      if (!fr.active || fr.node != node || i < fr.first || i >= fr.first + fr.count) continue;
      const Fault& spec = scenario_.faults[f];
      switch (spec.type) {
        case FaultType::outage:
          (spec.mode == OutageMode::refuse ? down : blackhole) = true;
          break;
        case FaultType::crash: down = down || fr.crashed[i - fr.first]; break;
        case FaultType::slowdown:
          factor *= spec.factor;
          add += spec.add.ns;
          break;
        case FaultType::errors: errors = 1 - (1 - errors) * (1 - spec.percentage); break;
        case FaultType::partition: break;
      }
    }
    const bool goes_down = (down && !inst.down) || (blackhole && !inst.blackhole && !down);
    // A cache's contents live in its process: lost when it stops (refuse,
    // crash), kept through a blackhole (the process hangs but keeps its memory).
    if (down != inst.down) cache_instance_changed(node, i, down, !down);
    inst.down = down;
    inst.blackhole = blackhole && !down;
    inst.slow_factor = factor;
    inst.slow_add_ns = add;
    inst.error_ratio = errors;
    // Requests queued or in service on an instance that goes down fail; a
    // blackholed one never answers them.
    if (goes_down) take_instance_down(node, i, down);
  }
  recount_routable(node);
  recount_capacity(node);
}

void Engine::take_instance_down(std::uint32_t node, std::uint32_t instance, bool answer) {
  InstanceState& inst = nodes_[node].instances[instance];
  // Queued tasks first, so that freed workers are not handed to tasks about to fail.
  for (int pass = 0; pass < 2; ++pass) {
    std::uint32_t id = inst.tasks_head;
    while (id != kNone) {
      const std::uint32_t next = tasks_[id].on_instance_next;
      Task& t = tasks_[id];
      if ((pass == 0) == t.queued) {
        // A coalesced miss leaves its pending fill first: the fill is found by
        // the request's key, which the task reads through the try it answers.
        if (t.fill == Task::Fill::leader) end_pending_fill(id, false, Outcome::failed);
        else if (t.fill == Task::Fill::waiter) leave_pending_fill(id);
        if (!answer && t.parent_try != kNone) {
          lose(t.parent_try);
          t.parent_try = kNone;
        }
        complete_task(id, Outcome::failed);
      }
      id = next;
    }
  }
}

void Engine::recount_routable(std::uint32_t node) {
  NodeState& n = nodes_[node];
  n.routable = 0;
  for (const InstanceState& inst : n.instances) n.routable += routable(n, inst) ? 1 : 0;
  if (!n.ring_live.empty()) update_ring(node);
}

void Engine::on_health_probe(std::uint32_t node) {
  const HealthCheck& hc = *scenario_.nodes[node].health_check;
  NodeState& n = nodes_[node];
  for (std::uint32_t i = 0; i < n.instances.size(); ++i) {
    const InstanceState& inst = n.instances[i];
    if (inst.blackhole)  // the probe hangs until its timeout
      schedule(now_ + hc.timeout.ns, EventKind::probe_result, node, i, 0);
    else
      on_probe_result(node, i, !inst.down);
  }
  // Probes run while traffic arrives; after `duration` the run only drains.
  if (now_ + hc.interval.ns < window_to_)
    events_.push(now_ + hc.interval.ns, EventClass::control, EventKind::health_probe, node, 0);
}

void Engine::on_probe_result(std::uint32_t node, std::uint32_t i, bool ok) {
  const HealthCheck& hc = *scenario_.nodes[node].health_check;
  InstanceState& inst = nodes_[node].instances[i];
  if (ok) {
    inst.probe_failures = 0;
    if (!inst.healthy && ++inst.probe_successes >= hc.healthy_threshold) inst.healthy = true;
  } else {
    inst.probe_successes = 0;
    if (inst.healthy && ++inst.probe_failures >= hc.unhealthy_threshold) inst.healthy = false;
  }
  recount_routable(node);
}

}  // namespace svcsim::detail
