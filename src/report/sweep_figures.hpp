// The figures a sweep shows per point, defined once for its table and CSV:
// each workload's p50, p99, error rate and throughput, and the busiest node
// (the highest utilisation among nodes with a finite number of workers);
// means over replications.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcsim/sweep.hpp"

namespace svcsim::detail {

struct SweepWorkloadFigures {
  std::optional<double> p50_ms, p99_ms, error_rate, throughput_per_s;
};

struct SweepPointFigures {
  std::vector<SweepWorkloadFigures> workloads;  // in the results' order
  std::string busiest;                          // empty when no node has finite workers
  std::optional<double> busiest_utilization;
  std::size_t objectives_failed = 0;            // failed or not evaluable
};

SweepPointFigures sweep_point_figures(const SweepPoint& point);

/// Workload names of the sweep (from its first point).
std::vector<std::string> sweep_workload_names(const SweepReport& report);

/// A point's parameters as "path=value, path=value" (skipping `except`, a
/// path), as the table, --find and the page's lines name them.
std::string combination_text(const std::vector<Override>& parameters, std::string_view except = {});

}  // namespace svcsim::detail
