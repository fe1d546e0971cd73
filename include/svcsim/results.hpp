// Results of one run: plain data made of counters and mergeable histograms.
// Reporters read only this; figures such as percentiles are derived on demand
// (see metrics.hpp), never stored twice.
#pragma once

#include <array>
#include <cstddef>
#include <climits>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "svcsim/histogram.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim {

/// Where the time of a workload's succeeded requests went, summed per
/// latency-histogram bucket (the bucket of each request's latency), so the
/// slowest requests can be picked out once the p99 is known (see
/// tail_attribution.hpp). All sums are integer nanoseconds: exact, and merged
/// across replications by adding.
struct TailBreakdown {
  /// Per request, along its critical path: the network, and per node the time
  /// queued for a worker, in service (work steps) and on tries that did not
  /// bring the answer. Slot layout: kLatency, kNetwork, then per node k:
  /// node_base(k) + kQueue, + kService, + kFailedTries.
  static constexpr int kLatency = 0, kNetwork = 1;
  static constexpr int kQueue = 0, kService = 1, kFailedTries = 2, kPerNode = 3;
  static constexpr int node_base(std::size_t node) { return 2 + kPerNode * static_cast<int>(node); }

  std::size_t nodes = 0;

  /// Up to this many nodes a bucket's sums are a dense row (`slot`, `find`,
  /// `sums`); above it only the sums that are not zero are kept, as `cells`
  /// (memory then follows the nodes each bucket's requests went through,
  /// not the scenario's size: a row of a 50,000-node scenario is 1.2 MB).
  static constexpr std::size_t kDenseNodes = 64;
  static constexpr bool dense_for(std::size_t node_count) { return node_count <= kDenseNodes; }
  bool dense() const { return dense_for(nodes); }
  /// Sparse layout: (bucket << 32 | slot index) -> sum, only sums that are not zero.
  boost::unordered_flat_map<std::uint64_t, std::int64_t> cells;
  static constexpr std::uint64_t cell_key(int bucket, std::size_t index) {
    return static_cast<std::uint64_t>(bucket) << 32 | static_cast<std::uint64_t>(index);
  }
  /// `sum += ns`, held at the int64 limits instead of overflowing: a bucket
  /// of requests that each took years (the clock ends at Duration::max(),
  /// about 73 years) adds up past what 64 bits hold.
  static void add_to(std::int64_t& sum, std::int64_t ns) {
    if (__builtin_add_overflow(sum, ns, &sum)) [[unlikely]]
      sum = ns > 0 ? INT64_MAX : INT64_MIN;
  }
  /// Adds to one sum in either layout (sparse: a zero adds no cell).
  void add(int bucket, std::size_t index, std::int64_t ns) {
    if (dense()) add_to(slot(bucket)[index], ns);
    else if (ns != 0) add_to(cells[cell_key(bucket, index)], ns);
  }

  /// Dense layout. Histogram bucket -> slot index in `sums` (-1: none yet); empty until the first record.
  std::vector<std::int32_t> slot_of_bucket;
  std::vector<std::int32_t> bucket_of_slot;
  std::vector<std::int64_t> sums;  // stride() numbers per slot

  std::size_t stride() const { return 2 + kPerNode * nodes; }
  /// The sums of bucket `bucket`, made (zero) on first use: allocates at most
  /// once per bucket ever hit, never per request in the steady state.
  std::int64_t* slot(int bucket) {
    if (!slot_of_bucket.empty()) {  // the common case, inline: a bucket seen before
      const std::int32_t s = slot_of_bucket[static_cast<std::size_t>(bucket)];
      if (s >= 0) return sums.data() + static_cast<std::size_t>(s) * stride();
    }
    return new_slot(bucket);
  }
  const std::int64_t* find(int bucket) const;
  std::int64_t* new_slot(int bucket);
  /// Adds `other` bucket by bucket (same number of nodes, so the same layout).
  void merge(const TailBreakdown& other);
};

struct WorkloadResult {
  std::string name;
  std::uint64_t requests = 0;   // arrived at or after warmup (and before duration)
  std::uint64_t succeeded = 0;  // includes degraded
  std::uint64_t degraded = 0;
  std::uint64_t failed = 0;
  std::uint64_t timed_out = 0;
  std::uint64_t rejected = 0;
  /// Succeeded requests whose answer came back inside the measured window,
  /// whenever they arrived: throughput's numerator (what left, SPEC 10).
  std::uint64_t completed = 0;
  LatencyHistogram latency;     // succeeded requests, client-measured
  TailBreakdown tail;           // the same requests' time by node and network
};

struct NodeResult {
  std::string name;
  NodeKind kind = NodeKind::service;
  int instances = 0;
  std::optional<std::int64_t> concurrency;  // per instance; nullopt = unlimited
  std::uint64_t requests = 0;   // calls that reached the node in the measured window
  std::uint64_t admitted = 0;
  std::uint64_t rejected = 0;   // full queue, queue timeout
  std::uint64_t succeeded = 0;  // admitted calls answered with success (including degraded)
  std::uint64_t degraded = 0;   // succeeded only thanks to an optional call inside the node
  std::uint64_t failed = 0;     // admitted calls answered with a failure
  std::uint64_t timed_out = 0;  // calls to this node whose caller stopped waiting (its timeout)
  std::uint64_t waited = 0;     // admitted calls that waited for a worker at all
  std::uint64_t refused = 0;    // calls refused because no instance was up, or the one picked was down (also in requests)
  /// Calls admitted and not yet answered at the measured window's start and
  /// end: with `admitted`, the calls answered inside the window.
  std::int64_t in_system_at_start = 0, in_system_at_end = 0;
  /// Tries sent to this node over the whole run, and those of them that were
  /// retries, hedges or fallbacks (its amplification, SPEC 10).
  std::uint64_t tries_received = 0, extra_tries_received = 0;
  // time integrals over the measured window, in worker-seconds etc.
  double busy_integral_s = 0;
  double queue_integral_s = 0;
  double in_system_integral_s = 0;
  std::int64_t queue_max = 0;   // largest number waiting, summed over instances
  LatencyHistogram latency;     // arrival -> answer leaving, admitted calls
  LatencyHistogram wait;        // time waiting for a worker, admitted calls
  // cache nodes
  std::uint64_t cache_lookups = 0;
  std::uint64_t cache_hits = 0;
  // on the calls this node makes (the caller's side)
  std::uint64_t retries = 0;
  std::uint64_t hedges = 0;
  std::uint64_t timeouts = 0;
  /// Circuit breakers this node keeps towards its callees: state changes.
  struct BreakerTimeline {
    std::string callee;
    std::vector<std::pair<double, std::string>> changes;  // (time s, closed|open|half_open)
  };
  std::vector<BreakerTimeline> breakers;
  /// Autoscaled nodes only: instance-seconds of workers that count over the
  /// measured window (ready or draining, not down: utilisation's denominator),
  /// and the count of ready instances at each change, from time 0.
  std::optional<double> instance_integral_s;
  std::vector<std::pair<double, int>> instance_timeline;  // (time s, ready instances)
  // The station (SPEC 7)
  std::optional<double> cores;       // per instance, as the scenario gives them (cpu_utilization's denominator)
  bool cpu_limited = false;          // the node has a cpu_limit (throttled_fraction applies)
  double cpu_busy_integral_s = 0;    // core-seconds of CPU used over the measured window (nodes with cores or cpu_limit)
  double throttled_integral_s = 0;   // instance-seconds throttled by cpu_limit over the measured window
  std::uint64_t shed = 0;            // calls rejected by `shed` (also in `rejected`)
  std::uint64_t limited = 0;         // calls rejected by adaptive_concurrency (also in `rejected`)
  std::uint64_t throttled = 0;       // calls this node rejected locally by client-side throttling (caller side)
  bool sheds = false;                // the node has `shed` thresholds
  bool throttles = false;            // some call this node makes has `throttle`
  bool adaptive = false;             // the node has adaptive_concurrency
  std::vector<std::pair<double, int>> limit_timeline;  // (time s, limit) of its first instance, from time 0
};

/// One row of the time series: the window [start_s, start_s + window).
struct SeriesRow {
  double start_s = 0;
  double window_s = 0;  // its length: the last window of a run may be shorter than the others
  struct WorkloadWindow {
    std::uint64_t succeeded = 0, failed = 0, timed_out = 0, rejected = 0;  // requests that ended in the window
    double p50_ms = 0, p99_ms = 0;  // of the succeeded ones; 0 when none
  };
  struct NodeWindow {
    double utilization = 0;   // as the node figure, over the window
    double queue_mean = 0;
    int instances_up = 0;
    std::string breaker;      // worst state of its breakers: open, half_open, closed; empty without one
    double hit_ratio = -1;    // caches: hits / lookups in the window; -1 when no lookup happened
    std::uint64_t lookups = 0;  // caches: lookups in the window (not in the CSV)
    double cpu_utilization = -1;  // nodes with cores: busy cores / cores over the window; -1 otherwise
    int limit = -1;               // adaptive_concurrency: the first instance's limit at the window's end; -1 otherwise
    std::uint64_t arrivals = 0;   // calls that reached the node in the window (refused ones included)
    double p99_ms = -1;           // of the calls it answered in the window; -1 when none
  };
  std::vector<WorkloadWindow> workloads;  // in Results::workloads order
  std::vector<NodeWindow> nodes;          // in Results::nodes order
};

/// A workload's requests around one fault, by arrival time: before it (from
/// warmup), during it, and after it (to duration).
struct FaultPhases {
  std::string fault;  // its name, or "<type> <target>"
  double at_s = 0, end_s = 0;
  struct Phase {
    std::uint64_t requests = 0, errors = 0;
    LatencyHistogram latency;
  };
  std::vector<std::array<Phase, 3>> workloads;  // [workload][before, during, after]
};

struct ObjectiveResult {
  std::string check;
  double value = 0;             // with replications: the mean over them
  bool pass = false;
  bool evaluable = true;        // false: no such subject/metric, or nothing measured
  std::string problem;          // why it could not be evaluated
  // The objective itself, so reports can show the limit in the value's unit.
  std::string metric;
  CompareOp op = CompareOp::less;
  double threshold = 0;
  std::optional<double> ci95;   // with replications: the 95 % confidence half-width of `value`
};

struct RunInfo {
  std::uint64_t events = 0;
  double wall_s = 0;            // wall clock: excluded from determinism
  double end_s = 0;             // simulated time when the run ended
  /// All tries sent (entry calls, retries, hedges, fallbacks) per first try; 1.0 without retries.
  double amplification = 1.0;
  bool stopped = false;         // stopped before the end (in-flight limit, interrupt)
  std::string stop_reason;      // names the saturated node where there is one
  /// What stopped it: "in_flight_limit", "stalled" (time does not advance) or "interrupted".
  std::string stopped_by;
};

/// How `warmup: auto` chose the warmup (MSER-5 over batch means).
struct AutoWarmup {
  std::size_t batch_size = 0;  // completed requests per batch (5, more on very long runs)
  std::size_t batches = 0;     // batches in the pilot series (averaged over replications)
  std::size_t truncated = 0;   // leading batches cut: the warmup ends when the last of them closed
};

struct Results {
  std::string scenario_name;
  /// Identifies the scenario as run (see docs/results.md, `scenario.hash`);
  /// empty when unknown (a Scenario built in C++). Set by the caller of simulate().
  std::string scenario_hash;
  std::uint64_t seed = 0;
  double duration_s = 0;
  double warmup_s = 0;
  std::optional<AutoWarmup> auto_warmup;  // set when the scenario says `warmup: auto`
  int replications = 1;
  double measured_s = 0;        // duration - warmup: the denominator of rates and time averages
  RunInfo run;
  std::vector<WorkloadResult> workloads;
  std::vector<NodeResult> nodes;
  std::vector<ObjectiveResult> slo;
  double window_s = 0;            // the time series' window; 0: none was asked for
  std::vector<SeriesRow> series;
  std::vector<FaultPhases> faults;
};

}  // namespace svcsim
