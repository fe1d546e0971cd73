// `svcsim calibrate` (SPEC 8.3): the latency percentiles the traces show set
// beside those a simulation of the model gives, per workload and per service
// endpoint, with the relative difference and a verdict against a tolerance.
#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "svcsim/results.hpp"
#include "svcsim/scenario.hpp"
#include "svcsim/trace_import.hpp"

namespace svcsim {

struct CalibrationRow {
  std::string kind;     // workload | endpoint | node
  std::string subject;  // workload name, `node.endpoint`, or the node's name (all its endpoints together)
  std::size_t samples = 0;  // observed spans
  std::string metric;       // p50 | p90 | p99
  double observed_ms = 0;
  double simulated_ms = 0;
  double difference = 0;    // (simulated - observed) / observed
  bool within = true;
};

struct Calibration {
  double tolerance = 0.1;
  std::vector<CalibrationRow> rows;
  std::vector<std::string> skipped;  // subjects not compared, and why
  bool drifted() const;
};

/// The fewest observed samples for percentile q (0..1) to be compared:
/// ceil(5 / (1 - q)), so that at least 5 samples lie beyond it (p50: 10, p90: 50, p99: 500).
std::size_t samples_needed(double q);

/// Compares observed latencies with a run of `scenario`, per workload and per
/// endpoint. `per_endpoint` holds the run's latency per `node.endpoint`
/// (trace/endpoint_latencies.hpp); without it, a node with one endpoint is
/// compared per endpoint and a node with several as a whole (the results keep
/// latency per node).
Calibration calibrate_against(const ObservedLatencies& observed, const Scenario& scenario, const Results& results,
                              double tolerance,
                              const std::map<std::string, LatencyHistogram>* per_endpoint = nullptr);

void print_calibration(std::ostream& out, const Calibration& calibration);
std::string calibration_to_json(const Calibration& calibration);

}  // namespace svcsim
