// Open flows (see open_model.hpp).
#include "analysis/open_model.hpp"

#include <cmath>

#include "analysis/queueing.hpp"
#include "analysis/station_model.hpp"

namespace svcsim::detail {
namespace {

/// Same value, or both infinite, or within 1e-12 relative.
bool settled(double a, double b) {
  if (a == b) return true;
  if (std::isinf(a) || std::isinf(b)) return false;
  return std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b));
}

}  // namespace

std::optional<double> workers(const Node& node) {
  if (!node.concurrency) return std::nullopt;
  return static_cast<double>(node.instances) * static_cast<double>(*node.concurrency);
}

std::vector<NodeLoad> node_loads(const Scenario& scenario, const ModelSet& set, const std::vector<double>& flow,
                                 const ProgramTimes& t) {
  std::vector<NodeLoad> loads(scenario.nodes.size());
  for (std::size_t p = 0; p < set.models.size(); ++p) {
    if (flow[p] == 0) continue;
    const std::uint32_t n = set.models[p].node;
    const bool async = scenario.nodes[n].threading == Threading::async;
    NodeLoad& l = loads[n];
    l.visit_rate += flow[p];
    l.busy_rate += times(flow[p], t.busy_s[p]);
    l.work_rate += flow[p] * set.work_s[p];
    l.acquisition_rate += async ? flow[p] * set.acquisitions[p] : flow[p];
    l.response_rate += times(flow[p], t.response_s[p]);
  }
  return loads;
}

double utilization(const Node& node, const NodeLoad& load) {
  const auto m = workers(node);
  if (!m) return load.busy_rate;
  return *m > 0 ? load.busy_rate / *m : 0.0;
}

double node_wait(const Node& node, const NodeLoad& load) {
  if (!node.concurrency || !(load.acquisition_rate > 0)) return 0;
  const double service = load.busy_rate / load.acquisition_rate;
  if (node.balancing == Balancing::least_request)
    return mmc_mean_wait(node.instances * *node.concurrency, load.acquisition_rate, service);
  return mmc_mean_wait(*node.concurrency, load.acquisition_rate / node.instances, service);
}

OpenSolution solve_open(const Scenario& scenario, const ModelSet& set, const std::vector<double>& flow) {
  OpenSolution s;
  s.wait_s.assign(scenario.nodes.size(), 0.0);
  // Shared cores stretch work by the load of work alone, which no wait changes.
  const std::vector<NodeLoad> work = node_loads(scenario, set, flow, evaluate_programs(scenario, set, s.wait_s));
  s.stretch.assign(scenario.nodes.size(), 1.0);
  s.thread_wait_per_work.assign(scenario.nodes.size(), 0.0);
  for (std::size_t n = 0; n < scenario.nodes.size(); ++n) {
    const CpuModel cpu = cpu_model(scenario.nodes[n], work[n].work_rate);
    s.stretch[n] = cpu.stretch;
    s.thread_wait_per_work[n] = cpu.thread_wait_per_work;
  }
  // Waits only grow from 0 towards the fixed point; with an acyclic node graph
  // it is reached after as many rounds as the graph is deep.
  for (int round = 0; round < 1000; ++round) {
    s.times = evaluate_programs(scenario, set, s.wait_s, s.stretch);
    s.loads = node_loads(scenario, set, flow, s.times);
    bool done = true;
    for (std::size_t n = 0; n < scenario.nodes.size(); ++n) {
      // Threads over shared cores: the chain's wait for a thread, per acquisition.
      const NodeLoad& l = s.loads[n];
      const double w = shared_cores(scenario.nodes[n]) && l.acquisition_rate > 0
                           ? times(s.thread_wait_per_work[n], l.work_rate / l.acquisition_rate)
                           : node_wait(scenario.nodes[n], l);
      done = done && settled(w, s.wait_s[n]);
      s.wait_s[n] = w;
    }
    if (done) break;
  }
  return s;
}

}  // namespace svcsim::detail
