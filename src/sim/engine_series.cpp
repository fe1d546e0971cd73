// What a run looks like over time: the time series (one row per window) and
// each fault's before / during / after figures per workload.
#include <algorithm>

#include "sim/engine.hpp"

namespace svcsim::detail {

void Engine::on_series_tick() {
  SeriesRow row;
  // The last window ends with the measured window and may be shorter: every
  // figure of the row is over its own length.
  row.start_s = Duration{series_last_tick_}.seconds();
  const double window_s = Duration{now_ - series_last_tick_}.seconds();
  row.window_s = window_s;
  series_last_tick_ = now_;
  for (WindowAccumulator& w : window_workloads_) {
    SeriesRow::WorkloadWindow out = w.counts;
    if (w.latency.count() > 0) {
      out.p50_ms = w.latency.percentile_ns(50) * 1e-6;
      out.p99_ms = w.latency.percentile_ns(99) * 1e-6;
    }
    row.workloads.push_back(out);
    w.counts = {};
    w.latency.reset();
  }
  for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
    NodeState& n = nodes_[i];
    const Node& spec = scenario_.nodes[i];
    const double busy = n.busy.snapshot(now_);
    const double queue = n.queue.snapshot(now_);
    auto& [last_busy, last_queue] = window_node_areas_[i];
    SeriesRow::NodeWindow out;
    const double busy_mean = (busy - last_busy) * 1e-9 / window_s;
    double instances = static_cast<double>(spec.instances);
    if (n.autoscaler != kNone) {  // the instances in service over this window
      Autoscaler& a = autoscalers_[n.autoscaler];
      const double capacity = a.capacity.snapshot(now_);
      instances = (capacity - a.capacity_at_tick) * 1e-9 / window_s;
      a.capacity_at_tick = capacity;
    }
    out.utilization = !spec.concurrency ? busy_mean
                      : instances > 0   ? busy_mean / (instances * static_cast<double>(*spec.concurrency))
                                        : 0.0;
    out.queue_mean = (queue - last_queue) * 1e-9 / window_s;
    if (spec.cores) {  // busy cores (thousandths) per core in service over the window
      const double cpu = stations_[i].cpu_busy.snapshot(now_);
      out.cpu_utilization = instances > 0 ? (cpu - window_cpu_areas_[i]) * 1e-12 / window_s / (instances * *spec.cores) : 0.0;
      window_cpu_areas_[i] = cpu;
    }
    if (!stations_[i].limits.empty()) out.limit = stations_[i].limits.front().limit();
    last_busy = busy;
    last_queue = queue;
    // Up: serving (autoscaling: ready) and not struck down by a fault.
    for (const InstanceState& inst : n.instances) out.instances_up += inst.serving && !inst.down ? 1 : 0;
    int worst = -1;  // closed 0, half_open 1, open 2
    for (std::size_t b = 0; b < breakers_.size(); ++b) {
      if (programs_.breakers[b].caller != i) continue;
      const BreakerState st = breakers_[b].state;
      worst = std::max(worst, st == BreakerState::open ? 2 : st == BreakerState::half_open ? 1 : 0);
    }
    if (n.window_lookups > 0)
      out.hit_ratio = static_cast<double>(n.window_hits) / static_cast<double>(n.window_lookups);
    out.lookups = n.window_lookups;
    n.window_lookups = n.window_hits = 0;
    out.breaker = worst < 0 ? "" : worst == 2 ? "open" : worst == 1 ? "half_open" : "closed";
    out.arrivals = n.arrived - window_node_arrived_[i];
    window_node_arrived_[i] = n.arrived;
    LatencyHistogram& answered = window_node_latency_[i];
    if (answered.count() > 0) out.p99_ms = answered.percentile_ns(99) * 1e-6;
    answered.reset();
    row.nodes.push_back(std::move(out));
  }
  series_.push_back(std::move(row));
  if (now_ < window_to_)
    events_.push(std::min(now_ + series_window_ns_, window_to_), EventClass::observe, EventKind::series_tick, 0, 0);
}

void Engine::record_for_series_and_faults(const CallHead& request, Outcome outcome) {
  const std::uint32_t workload = request.workload();
  const std::int64_t arrival = request.started_at;
  if (series_window_ns_ > 0 && now_ < window_to_) {
    WindowAccumulator& w = window_workloads_[workload];
    switch (outcome) {
      case Outcome::ok:
        ++w.counts.succeeded;
        w.latency.record(Duration{now_ - arrival});
        break;
      case Outcome::failed: ++w.counts.failed; break;
      case Outcome::timed_out: ++w.counts.timed_out; break;
      case Outcome::rejected: ++w.counts.rejected; break;
    }
  }
  if (!request.measured) return;
  const double arrival_s = Duration{arrival}.seconds();
  for (FaultPhases& f : fault_phases_) {
    const int phase = arrival_s < f.at_s ? 0 : arrival_s < f.end_s ? 1 : 2;
    FaultPhases::Phase& p = f.workloads[workload][static_cast<std::size_t>(phase)];
    ++p.requests;
    if (outcome == Outcome::ok) p.latency.record(Duration{now_ - arrival});
    else ++p.errors;
  }
}

}  // namespace svcsim::detail
