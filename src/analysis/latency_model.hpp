// Mean times of every program, bottom-up, given each node's mean wait for a
// worker: the response time of a call (R) and the worker time it holds (B).
// The one place that says how calls, parallel steps, cache misses and choose
// branches add up (docs/analyze.md, "Latency").
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "analysis/program_model.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

struct ProgramTimes {
  std::vector<double> response_s;  // by program: arrival at the node -> answer leaving
  std::vector<double> busy_s;      // by program: worker-seconds held per run
};

/// Evaluates every program callees first. `node_wait_s` is each node's mean
/// wait per worker acquisition (a blocking node acquires once per call, on
/// arrival; an event loop once per run of `work` steps after a call).
/// Infinite waits propagate as infinite times.
/// `cpu_stretch` (by node; empty: none) multiplies the time of every work
/// step on a node whose workers share cores (station_model.hpp).
ProgramTimes evaluate_programs(const Scenario& scenario, const ModelSet& set, const std::vector<double>& node_wait_s,
                               const std::vector<double>& cpu_stretch = {});

/// A call over `site`: link out, the callee's response, link back.
double call_time(const ModelSet& set, std::uint32_t site, const ProgramTimes& times);

/// Client-side mean latency of workload `w`: its entry call.
double workload_latency(const ModelSet& set, std::size_t w, const ProgramTimes& times);

/// Expected time of a parallel step whose calls take `calls[i].first` on
/// average and are sent with probability `calls[i].second`; the step ends at
/// the `wait_for`-th answer (or the last one sent). Uses the means of the calls
/// (max of means for wait all): an approximation, since E[max] >= max of E.
double parallel_time(std::vector<std::pair<double, double>> calls, std::uint32_t wait_for);

/// `a * b` with 0 * inf = 0 (a call never made costs nothing, even towards a saturated node).
inline double times(double a, double b) { return a == 0 || b == 0 ? 0.0 : a * b; }

}  // namespace svcsim::detail
