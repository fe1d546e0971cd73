// The Scenario: plain, validated data describing an architecture, its traffic
// and its objectives. The loader (src/scenario) is one way to make one; a test
// can also build one in C++ and run it. Names are kept as written; the
// simulation resolves them to indices once, when it is built.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "svcsim/distribution.hpp"
#include "svcsim/time.hpp"

namespace svcsim {

/// Where something was written: 1-based line and column; 0 when it was not
/// written in a file (built in C++, or set with --set).
struct SourceLocation {
  int line = 0;
  int column = 0;
};

enum class NodeKind { service, api_gateway, load_balancer, cache, storage, database };
enum class Balancing { round_robin, random, least_request, power_of_two, ring_hash, weighted_round_robin };
enum class Threading { blocking, async };

/// A request's importance (SPEC 7.2), highest first: Google's names. The
/// numeric order is the priority order (lower value = served first).
enum class Criticality : std::uint8_t { critical_plus, critical, sheddable_plus, sheddable };
inline constexpr int kCriticalityLevels = 4;
/// Which waiting call gets a free worker (SPEC 7.2).
enum class Discipline { fifo, lifo, priority, priority_preemptive };

/// CFS bandwidth control (SPEC 7.1): per instance, at most `cores` x `period`
/// of CPU in each period; periods start at time 0.
struct CpuLimit {
  double cores = 1;
  Duration period = Duration::from_ms(100);
};

/// Netflix concurrency-limits' AIMD (SPEC 7.3), per instance.
struct AdaptiveConcurrency {
  int initial_limit = 20;
  int min_limit = 1;
  int max_limit = 200;
  double backoff_ratio = 0.9;
  Duration timeout = Duration::from_s(5);
};

/// Client-side adaptive throttling (Google SRE, SPEC 7.3), kept per (caller
/// node, callee node): reject locally with probability
/// max(0, (requests - k * accepts) / (requests + 1)) over the last `window`.
struct ThrottlePolicy {
  double k = 2;
  Duration window = Duration::from_s(120);
};

/// Which outcomes of a try a retry policy retries (bits).
enum RetryOn : unsigned { retry_on_error = 1, retry_on_timeout = 2, retry_on_rejected = 4 };
enum class Jitter { none, full, equal, decorrelated };

/// Backoff before retry k: min(max, base * multiplier^(k-1)), then jittered.
struct Backoff {
  Duration base = Duration::from_ms(25);
  Duration max = Duration::from_ms(250);
  double multiplier = 2.0;
  Jitter jitter = Jitter::full;
};

/// Envoy-like retries: `max_retries` tries after the first.
struct RetryPolicy {
  int max_retries = 1;
  std::optional<Duration> per_try_timeout;
  unsigned retry_on = retry_on_error | retry_on_timeout | retry_on_rejected;
  Backoff backoff;
};

/// Resilience4j-like breaker, kept per (caller node, callee node).
struct CircuitBreakerPolicy {
  double failure_rate_threshold = 0.5;
  int minimum_calls = 100;
  Duration sliding_window = Duration::from_s(10);
  Duration wait_in_open = Duration::from_s(60);
  int half_open_calls = 10;
};

/// A further copy of the call if no answer came after `after`; first answer wins.
struct HedgePolicy {
  Duration after;
  int max = 1;
};

/// One call from an endpoint step (or a workload) to `target`, written
/// `node.endpoint` or just `node` (its default endpoint).
struct CallSpec {
  std::string target;
  double probability = 1.0;  // the call happens in this fraction of requests
  int repeat = 1;            // sequential calls
  std::optional<Duration> timeout;  // the caller's, over all tries
  bool optional = false;     // on failure continue, degraded
  std::optional<RetryPolicy> retry;
  std::vector<std::string> fallback;  // targets tried in order once the call (after retries) failed
  std::optional<CircuitBreakerPolicy> circuit_breaker;
  std::optional<HedgePolicy> hedge;
  bool cancel_on_timeout = false;  // a timed-out or losing try is withdrawn from the callee's queue
  /// This call and every call beneath it run at this level (default: the caller's).
  std::optional<Criticality> criticality;
  std::optional<ThrottlePolicy> throttle;
  SourceLocation where;
};

struct Step;

struct WorkStep {
  Distribution work;
};
struct CallStep {
  CallSpec call;
};
/// The most calls one `parallel` step may fork (the engine keeps them in a 64-bit set).
inline constexpr int kMaxParallelCalls = 64;

/// Fork-join: all calls are sent at once; the step ends when `wait_for` of
/// them succeeded (all = calls.size(), any = 1), or fails once that can no
/// longer happen.
struct ParallelStep {
  std::vector<CallSpec> calls;
  int wait_for = 0;
};
struct ChooseBranch {
  double weight = 1.0;  // normalised over the branches
  std::vector<Step> steps;
};
/// Exactly one branch, drawn by weight.
struct ChooseStep {
  std::vector<ChooseBranch> branches;
};

struct Step {
  std::variant<WorkStep, CallStep, ParallelStep, ChooseStep> action;
  SourceLocation where;
};

struct Endpoint {
  std::string name;
  std::vector<Step> steps;
  std::optional<std::int64_t> bulkhead;  // max concurrent calls per instance; beyond it rejected at once
  SourceLocation where;
};

enum class Eviction { lru, lfu, fifo };

/// Probes each instance every `interval` from time `interval` on.
struct HealthCheck {
  Duration interval;
  Duration timeout = Duration::from_s(1);
  int unhealthy_threshold = 3;
  int healthy_threshold = 2;
};

/// Token bucket at the node: starts full, refills continuously.
struct RateLimit {
  double rate_per_s = 0;
  double burst = 1;
};

/// Kubernetes HPA rule (docs/scenario-reference.md 7.6): every `sync_period`,
/// desired = ceil(ready * utilisation / target), 10 % tolerance, scale-down
/// stabilised over `stabilization_window`, clamped to [min, max]; new
/// instances serve after `startup`.
struct Autoscaling {
  int min = 1;
  int max = 1;
  double target_utilization = 0.7;
  Duration sync_period = Duration::from_s(15);
  Duration stabilization_window = Duration::from_s(300);
  Duration startup;
};

struct Node {
  std::string name;
  NodeKind kind = NodeKind::service;
  int instances = 1;
  std::optional<std::int64_t> concurrency = 1;  // per instance; nullopt = unlimited (pure delay)
  std::optional<std::int64_t> queue;            // per instance; nullopt = unlimited
  std::optional<Duration> queue_timeout;
  Balancing balancing = Balancing::round_robin;
  Threading threading = Threading::blocking;
  /// Shorthand for the default endpoint (named "default"): one work step.
  /// For a load balancer: its own work before forwarding; for a cache: its own
  /// work on every lookup.
  std::optional<Distribution> service_time;
  std::vector<Endpoint> endpoints;
  std::string target;                // load_balancer: where every request is forwarded
  std::optional<double> hit_ratio;   // cache: fixed probability of a hit
  std::string origin;                // cache: called on a miss (a call target)
  std::optional<std::int64_t> capacity;  // cache: items per instance (then keys come from the workload's catalog)
  Eviction eviction = Eviction::lru;
  std::optional<Duration> ttl;
  bool prewarm = false;
  /// With capacity: concurrent misses for one item on an instance make one
  /// origin call; the others wait for its answer (request coalescing).
  bool coalesce = false;
  /// With capacity and ring_hash: each item lives on the `replication` next
  /// instances of the ring; a lookup goes to the first of them that is up.
  int replication = 1;
  double errors = 0;                 // fraction of calls that fail at this node by themselves
  std::optional<double> retry_budget;  // retries to this node over 10 s at most this fraction of first tries
  std::optional<HealthCheck> health_check;
  std::optional<RateLimit> rate_limit;
  /// With autoscaling, `instances` is the count at time 0 (within [min, max]).
  std::optional<Autoscaling> autoscaling;
  // The station (SPEC 7): CPU, wait-queue discipline, admission.
  /// CPU per instance shared by its working workers (processor sharing);
  /// nullopt: a core per worker.
  std::optional<double> cores;
  std::optional<CpuLimit> cpu_limit;
  Discipline discipline = Discipline::fifo;
  /// Per criticality level: reject a call of that level when its instance
  /// already has at least this many calls waiting; nullopt: never shed.
  std::array<std::optional<std::int64_t>, kCriticalityLevels> shed;
  std::optional<AdaptiveConcurrency> adaptive_concurrency;
  /// weighted_round_robin: a weight per instance (slot, with autoscaling), all > 0.
  std::vector<double> weights;
  /// Per instance (slot): a work step takes work / speed there; empty: all 1.
  std::vector<double> speed;
  SourceLocation where;
};

/// A change of an open workload's rate at time `at` (linear over `ramp` from
/// the rate before it, when ramp > 0).
struct RateChange {
  Duration at;
  double rate_per_s = 0;
  Duration ramp;
};

enum class ArrivalProcess { poisson, constant, distribution, mmpp, trace };

/// One state of a Markov-modulated Poisson process: Poisson arrivals at
/// `rate_per_s` for an exponential time of mean `mean_sojourn`, then the next
/// state (in the order written, the last one back to the first).
struct MmppState {
  double rate_per_s = 0;
  Duration mean_sojourn;
};

/// Item i of 1..items is requested with probability proportional to i^-zipf.
struct Catalog {
  std::int64_t items = 1;
  double zipf = 0;
};

struct Workload {
  std::string name;
  std::string call;  // the entry endpoint, `node.endpoint` or `node`
  // open workload (users == 0)
  double rate_per_s = 0;
  ArrivalProcess arrivals = ArrivalProcess::poisson;
  Distribution interarrival;  // when arrivals == distribution
  std::vector<MmppState> mmpp;  // when arrivals == mmpp
  /// When arrivals == trace: arrival times in ns from time 0, non-decreasing,
  /// as read from the `{trace: FILE}` file (shared: scenarios are copied per replication).
  std::shared_ptr<const std::vector<std::int64_t>> trace;
  std::vector<RateChange> schedule;
  // closed workload
  int users = 0;
  Distribution think_time;
  std::optional<Duration> timeout;  // the user gives up
  std::optional<Catalog> catalog;    // item keys for caches with capacity and ring_hash
  Criticality criticality = Criticality::critical;  // every call of its requests, unless a call step says otherwise
  SourceLocation where;
  bool closed() const { return users > 0; }
};

struct Link {
  std::string from;  // a node name or "client"
  std::string to;
  Distribution latency;
  SourceLocation where;
};

struct Network {
  Distribution latency;  // one-way, every call; default 0
  std::vector<Link> links;
};

enum class FaultType { outage, slowdown, errors, crash, partition };
enum class OutageMode { refuse, blackhole };

/// Which instances of the target node a fault strikes: all, a range
/// [first, last] (`cdn[3]`, `cdn[0-9]`), or the first ceil(fraction * n).
struct InstanceSelection {
  std::optional<int> first;
  std::optional<int> last;
  std::optional<double> fraction;  // `instances: 50%`
};

struct Fault {
  std::string name;  // optional; `--set faults.<name>.at=…` addresses it
  FaultType type = FaultType::outage;
  std::string target;             // a node (not for partition)
  InstanceSelection instances;
  OutageMode mode = OutageMode::refuse;
  Duration at;
  std::optional<Duration> duration;  // default: until the end
  double factor = 1.0;               // slowdown: work takes factor x as long
  Duration add;                      // slowdown: plus this
  double percentage = 0;             // errors: fraction of calls failed
  Duration mtbf;                     // crash
  Duration mttr;                     // crash
  std::string between_a, between_b;  // partition
  SourceLocation where;

  /// Whether the results give it before / during / after figures
  /// (Results::faults): all but a crash without a duration, which strikes at
  /// random all along and so has no before and after.
  bool has_phases() const { return !(type == FaultType::crash && !duration); }
};

enum class CompareOp { less, less_equal, greater, greater_equal };

/// `<subject> <metric> <op> <value>`. `threshold` is in the metric's unit:
/// milliseconds for mean/max/pNN, a ratio in [0,1] for *_rate, availability
/// and utilization, requests per second for throughput, a count for queue_*.
struct Objective {
  std::string text;
  std::string subject;
  std::string metric;
  CompareOp op = CompareOp::less;
  double threshold = 0;
  SourceLocation where;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_path;  // as given on the command line; empty when built in C++
  std::uint64_t seed = 1;
  Duration duration;
  Duration warmup;
  /// `warmup: auto`: simulate_replications() picks `warmup` by MSER-5 from
  /// pilot runs (include/svcsim/mser.hpp); `warmup` is 0 until then.
  bool warmup_auto = false;
  int replications = 1;
  Network network;
  std::vector<Node> nodes;
  std::vector<Workload> workloads;
  std::vector<Fault> faults;
  std::vector<Objective> slo;
};

/// The reserved name of the outside world, where workloads start.
inline constexpr const char* kClientName = "client";
/// The name of the endpoint that `service_time` makes.
inline constexpr const char* kDefaultEndpointName = "default";

const char* to_string(NodeKind kind);
const char* to_string(Balancing balancing);
const char* to_string(Threading threading);
const char* to_string(Criticality level);
const char* to_string(Discipline discipline);
const char* to_string(FaultType type);
const char* to_string(CompareOp op);

}  // namespace svcsim
