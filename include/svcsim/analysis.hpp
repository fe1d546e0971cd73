// The analytic view of a Scenario (`svcsim analyze`): visit ratios, offered
// load, predicted utilisation, the bottleneck, M/M/c waits and MVA for closed
// workloads, computed from the call graph alone, without simulating.
// docs/analyze.md gives every formula and its assumptions.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcsim/scenario.hpp"

namespace svcsim {

/// A node's figures for the calls of one criticality level (SPEC 7.2).
struct ClassAnalysis {
  Criticality level = Criticality::critical;
  double arrival_rate_per_s = 0;
  std::optional<double> wait_ms;     // mean wait for the worker; nullopt when no formula applies
  std::optional<double> latency_ms;  // mean arrival -> answer at the node
  std::string model;                 // e.g. "Cobham (M/G/1 non-preemptive priority)"
};

/// A figure per workload that is zero for most of them (a node lies on the
/// paths of few workloads): only the workloads that reach the node are kept,
/// so a scenario of many nodes and many workloads does not hold a
/// nodes x workloads table.
struct WorkloadFigures {
  struct Entry {
    std::size_t workload = 0;
    double value = 0;
  };
  std::vector<Entry> entries;  // ascending workload index

  /// The figure of workload w (0 when it does not reach the node).
  double operator[](std::size_t w) const {
    const auto it = std::lower_bound(entries.begin(), entries.end(), w,
                                     [](const Entry& e, std::size_t x) { return e.workload < x; });
    return it != entries.end() && it->workload == w ? it->value : 0.0;
  }
};

/// Predicted figures of one node. Times per visit (one call that reaches the node).
struct NodeAnalysis {
  std::string name;
  NodeKind kind = NodeKind::service;
  int instances = 1;
  std::optional<std::int64_t> concurrency;  // per instance; nullopt = unlimited
  Threading threading = Threading::blocking;
  /// Expected calls reaching the node per request of each workload (index as
  /// Analysis::workloads), through probability, repeat, choose weights,
  /// parallel, cache misses and load-balancer forwarding.
  WorkloadFigures visits;
  double arrival_rate_per_s = 0;  // calls per second, all workloads
  double work_ms = 0;             // mean own work per visit (the node's `work` steps)
  double busy_ms = 0;             // mean time a worker is held per visit (blocking: work and calls)
  double offered_load = 0;        // arrival rate x work per visit: busy workers doing work (Erlangs)
  /// Predicted busy fraction of the workers, (rate x busy per visit) / (instances x
  /// concurrency); the mean number busy when concurrency is unlimited (as the
  /// simulator reports it). Infinite when a node it waits on is saturated.
  double utilization = 0;
  std::optional<double> wait_ms;     // mean wait for a worker per visit; nullopt when no formula applies
  std::optional<double> latency_ms;  // mean arrival -> answer per visit (wait, work, own calls)
  std::string wait_model;            // how wait_ms was estimated, e.g. "M/M/4 per instance"
  /// Shared cores (cores below concurrency, or a cpu_limit): the cores per
  /// instance, the predicted busy fraction of them, and how much sharing
  /// stretches each work step (1: not at all).
  std::optional<double> cores;
  std::optional<double> cpu_utilization;
  double cpu_stretch = 1;
  /// Per criticality level, when the node serves several (SPEC 7.2).
  std::vector<ClassAnalysis> classes;
};

/// Whether the node's cores, not its workers, reach 100 % first: unlimited
/// threads on cores, cores already full (the threads then pile up without
/// end: their utilisation is infinite), or threads that stay mostly idle
/// while the cores fill.
inline bool cores_saturate_first(const NodeAnalysis& n) {
  return n.cpu_utilization &&
         (!n.concurrency || *n.cpu_utilization >= 1.0 || *n.cpu_utilization > n.utilization);
}
/// What reaches 100 % when the node is the bottleneck: its workers'
/// utilisation or its cores' (cores_saturate_first).
inline double saturating_utilization(const NodeAnalysis& n) {
  return cores_saturate_first(n) ? *n.cpu_utilization : n.utilization;
}

struct WorkloadAnalysis {
  std::string name;
  bool closed = false;
  int users = 0;
  double think_ms = 0;
  /// Open: the mean arrival rate over the measured window. Closed: the
  /// predicted throughput (MVA).
  double rate_per_s = 0;
  std::optional<double> throughput_per_s;  // predicted; nullopt when a node on its path is saturated
  std::optional<double> latency_ms;        // predicted mean, client side (network included)
  std::optional<double> max_rate_per_s;    // its rate when the bottleneck reaches utilisation 1 (mix kept)
};

struct Analysis {
  std::string scenario_name;
  std::vector<WorkloadAnalysis> workloads;
  std::vector<NodeAnalysis> nodes;
  /// The node that first reaches utilisation 1 when every workload's rate is
  /// scaled up together; nullopt when no node has a finite number of workers.
  std::optional<std::size_t> bottleneck;
  /// Workload requests per second (all workloads, in the current mix) at which
  /// the bottleneck reaches utilisation 1; nullopt without a bottleneck.
  std::optional<double> max_throughput_per_s;
  /// max_throughput_per_s over the current total rate: > 1 is headroom.
  std::optional<double> headroom;
  std::vector<std::string> warnings;  // every node at or above 100 %, saturated paths
  std::vector<std::string> notes;     // the approximations in force for this scenario

  /// The analysis of the node (workload) of that name; nullptr when there is
  /// none. Inline: the reports that use it do not link the analysis library.
  /// `hint` is where the caller expects it (results list nodes and workloads
  /// in the scenario's order, as the analysis does): looked at first, so a
  /// report of 100,000 nodes does not search the whole list for each (issue 14).
  const NodeAnalysis* node(std::string_view name, std::size_t hint = kNoHint) const {
    return find_named(nodes, name, hint);
  }
  const WorkloadAnalysis* workload(std::string_view name, std::size_t hint = kNoHint) const {
    return find_named(workloads, name, hint);
  }

  static constexpr std::size_t kNoHint = static_cast<std::size_t>(-1);

 private:
  template <class T>
  static const T* find_named(const std::vector<T>& list, std::string_view name, std::size_t hint) {
    if (hint < list.size() && list[hint].name == name) return &list[hint];
    for (const T& x : list)
      if (x.name == name) return &x;
    return nullptr;
  }
};

/// The analytic view of a valid scenario (as the loader makes it). Never
/// simulates, never throws on a valid scenario.
Analysis analyze_scenario(const Scenario& scenario);

/// One resolved call of the architecture, for diagrams: `from` is a node or
/// `client` (a workload's entry call).
struct CallEdge {
  std::string from;
  std::string to;
  std::string endpoint;      // the callee's endpoint
  std::string workload;      // entry calls: the workload's name
  double probability = 1.0;  // chance the call is made per run of the caller's endpoint (choose weights included)
  int repeat = 1;
  bool optional = false;
  bool parallel = false;     // one of the calls of a `parallel` step
  bool cache_miss = false;   // a cache's origin call (probability = 1 - hit ratio)
};

/// Every distinct call edge of the scenario, resolved as the simulator resolves
/// them (load-balancer forwarding, default endpoints, cache origins), in a
/// stable order: workloads first, then by caller.
std::vector<CallEdge> call_edges(const Scenario& scenario);

}  // namespace svcsim
