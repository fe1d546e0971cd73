// The Scenario: plain, validated data describing an architecture, its traffic
// and its objectives. The loader (src/scenario) is one way to make one; a test
// can also build one in C++ and run it. Names are kept as written; the
// simulation resolves them to indices once, when it is built.
#pragma once

#include <cstdint>
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
enum class Balancing { round_robin, random, least_request, power_of_two };
enum class Threading { blocking, async };

/// One call from an endpoint step (or a workload) to `target`, written
/// `node.endpoint` or just `node` (its default endpoint).
struct CallSpec {
  std::string target;
  double probability = 1.0;  // the call happens in this fraction of requests
  int repeat = 1;            // sequential calls
  std::optional<Duration> timeout;
  bool optional = false;     // on failure continue, degraded
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
  SourceLocation where;
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
  SourceLocation where;
};

/// A change of an open workload's rate at time `at` (linear over `ramp` from
/// the rate before it, when ramp > 0).
struct RateChange {
  Duration at;
  double rate_per_s = 0;
  Duration ramp;
};

enum class ArrivalProcess { poisson, constant, distribution };

struct Workload {
  std::string name;
  std::string call;  // the entry endpoint, `node.endpoint` or `node`
  // open workload (users == 0)
  double rate_per_s = 0;
  ArrivalProcess arrivals = ArrivalProcess::poisson;
  Distribution interarrival;  // when arrivals == distribution
  std::vector<RateChange> schedule;
  // closed workload
  int users = 0;
  Distribution think_time;
  std::optional<Duration> timeout;  // the user gives up
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
  int replications = 1;
  Network network;
  std::vector<Node> nodes;
  std::vector<Workload> workloads;
  std::vector<Objective> slo;
};

/// The reserved name of the outside world, where workloads start.
inline constexpr const char* kClientName = "client";
/// The name of the endpoint that `service_time` makes.
inline constexpr const char* kDefaultEndpointName = "default";

const char* to_string(NodeKind kind);
const char* to_string(Balancing balancing);
const char* to_string(Threading threading);
const char* to_string(CompareOp op);

}  // namespace svcsim
