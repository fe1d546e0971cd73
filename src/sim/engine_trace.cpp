// The engine's side of trace export (SPEC 8.1): naming what the observer's
// ids index, and finding who sent a try. Called only when an observer is set,
// so none of it is on the path of a run without one.
#include "sim/engine.hpp"

namespace svcsim::detail {

void Engine::trace_run_start() {
  RunNames names;
  names.seed = scenario_.seed;
  for (const Node& n : scenario_.nodes) names.nodes.push_back(n.name);
  for (const Workload& w : scenario_.workloads) names.workloads.push_back(w.name);
  names.program_node = programs_.program_node;
  for (const std::string& full : programs_.program_name)  // "node.endpoint"
    names.program_endpoint.push_back(full.substr(full.find('.') + 1));
  trace_->on_run_start(names);
}

void Engine::trace_try_sent(std::uint32_t try_id, TryKind kind) {
  const Try& attempt = tries_[try_id];
  TryParent parent;
  if (kind == TryKind::first) {
    const CallHead& head = attempt.call == kNone ? attempt.plain : static_cast<const CallHead&>(calls_[attempt.call]);
    if (head.owner_kind == OwnerKind::request) {
      parent = {true, head.owner_time.id};
    } else {
      const Task& owner = tasks_[head.owner];
      parent = {false, owner.generation == head.owner_generation ? owner.parent_try : kNone};
    }
  }
  trace_->on_try_sent(try_id, attempt.call, static_cast<SpanTry>(kind), parent, programs_.sites[attempt.site].program,
                      now_);
}

}  // namespace svcsim::detail
