// `svcsim import` and the observed side of `svcsim calibrate`: distributed
// traces (OTLP/JSON, Jaeger JSON, Zipkin v2 JSON) -> a scenario's YAML text,
// or the latencies the traces show per workload and endpoint. SPEC 8.2, 8.3;
// docs/traces.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace svcsim {

struct TraceImportOptions {
  std::vector<std::string> files;
  std::string format = "auto";  // auto | otlp | jaeger | zipkin
  std::string name;             // the scenario's name; default: the first file's name
  double sampled = 1.0;         // the share of requests the traces kept, in (0, 1]
};

struct TraceImportResult {
  std::string yaml;                 // the scenario; empty when `error` is set
  std::string error;                // `FILE:LINE:COL: error: …` (or `FILE: error: …`); empty on success
  std::vector<std::string> report;  // what was read and what was left out, and why: one line each
};

/// Reads the files and writes the scenario. Never throws on bad input.
TraceImportResult import_traces(const TraceImportOptions& options);

/// Latencies the traces show, under the names the imported scenario gives
/// them: per workload (root spans), per `node.endpoint` (server spans, or the
/// client spans of an untraced dependency) and per node (all its endpoints).
struct ObservedLatencies {
  std::map<std::string, std::vector<std::int64_t>> workloads;
  std::map<std::string, std::vector<std::int64_t>> endpoints;
  std::map<std::string, std::vector<std::int64_t>> nodes;
  std::string error;
  std::vector<std::string> report;
};

ObservedLatencies observe_trace_latencies(const std::vector<std::string>& files, const std::string& format);

}  // namespace svcsim
