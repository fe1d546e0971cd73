// Open flows through the architecture: each node's load from the program
// flows, its M/M/c wait (Erlang C), and the fixed point between the two (a
// blocking node's service time includes its calls, whose latency includes the
// callees' waits, which depend on their load).
#pragma once

#include <optional>
#include <vector>

#include "analysis/latency_model.hpp"
#include "analysis/program_model.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// A node's load: rates per second of visits, worker-seconds held, work and
/// worker acquisitions.
struct NodeLoad {
  double visit_rate = 0;
  double busy_rate = 0;  // busy workers (Erlangs)
  double work_rate = 0;  // workers busy doing work (the offered load)
  double acquisition_rate = 0;
  double response_rate = 0;  // sum of flow x response time (for the mean latency per visit)
};

/// Workers of a node (instances x concurrency); nullopt when unlimited.
std::optional<double> workers(const Node& node);

/// Each node's load when program p runs `flow[p]` times per second.
std::vector<NodeLoad> node_loads(const Scenario& scenario, const ModelSet& set, const std::vector<double>& flow,
                                 const ProgramTimes& times);

/// Busy fraction of the workers; the mean number busy for unlimited concurrency.
double utilization(const Node& node, const NodeLoad& load);

/// The M/M/c wait per acquisition of a node under `load`: k independent M/M/c
/// (one per instance, the load split evenly), or one pooled M/M/(k c) with
/// least_request balancing; 0 for unlimited concurrency; infinite at or above
/// utilisation 1.
double node_wait(const Node& node, const NodeLoad& load);

struct OpenSolution {
  std::vector<double> wait_s;  // by node, per acquisition
  std::vector<double> stretch;  // by node: shared cores' stretch of work (1: none; station_model.hpp)
  std::vector<double> thread_wait_per_work;  // by node: shared cores' wait for a thread per unit of work
  ProgramTimes times;
  std::vector<NodeLoad> loads;
};

/// The fixed point of waits and loads at the given program flows.
OpenSolution solve_open(const Scenario& scenario, const ModelSet& set, const std::vector<double>& flow);

}  // namespace svcsim::detail
