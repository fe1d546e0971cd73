// Tail attribution (SPEC section 6): for a workload's requests slower than its
// own p99, the share of their time spent on the network and, per node,
// queueing, in service and on tries that did not bring the answer. Derived
// from WorkloadResult::tail on demand, never stored (docs/results.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "svcsim/results.hpp"

namespace svcsim {

struct TailAttribution {
  double threshold_ms = 0;     // the workload's p99 (over replications: the mean of their p99s, as reported)
  std::uint64_t requests = 0;  // succeeded requests in the p99's histogram bucket or above
  double latency_ms_sum = 0;   // their summed latency: the denominator of every share
  double network = 0;          // share of that time on links
  struct NodeShare {
    std::size_t node = 0;      // index in Results::nodes
    double queue = 0, service = 0, failed_tries = 0;
  };
  std::vector<NodeShare> nodes;  // nodes with any time, in Results::nodes order
  /// Every share added up: 1 up to rounding when the accounting is exact.
  double total() const;
};

/// The attribution of workload `workload` over the runs (replications merge:
/// histograms and sums add) for the requests at or above `threshold_ms`'s
/// bucket: the workload's reported p99 (summary.hpp); without one, the merged
/// histogram's p99. nullopt when no request of the workload succeeded.
std::optional<TailAttribution> tail_attribution(std::span<const Results> runs, std::size_t workload,
                                                std::optional<double> threshold_ms = std::nullopt);

/// The attribution's parts as (label, share), largest first, ties in node
/// order: "network", "<node> queue", "<node> service", "<node> failed tries";
/// parts with no time are left out.
std::vector<std::pair<std::string, double>> ranked_parts(const TailAttribution& a,
                                                         const std::vector<NodeResult>& nodes);

}  // namespace svcsim
