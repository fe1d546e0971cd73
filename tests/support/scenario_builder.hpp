// Small helpers to build Scenarios in C++ for tests, without YAML.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "svcsim/results.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::test {

inline Duration ms(double v) { return Duration::from_seconds(v / 1000.0); }
inline Duration sec(double v) { return Duration::from_seconds(v); }

inline Node service(std::string name, Distribution service_time, int instances = 1,
                    std::optional<std::int64_t> concurrency = 1) {
  Node n;
  n.name = std::move(name);
  n.service_time = std::move(service_time);
  n.instances = instances;
  n.concurrency = concurrency;
  return n;
}

inline Step work(Distribution d) { return Step{WorkStep{std::move(d)}, {}}; }
inline CallSpec call_to(std::string target) {
  CallSpec c;
  c.target = std::move(target);
  return c;
}
inline Step call(CallSpec c) { return Step{CallStep{std::move(c)}, {}}; }
inline Step call(std::string target) { return call(call_to(std::move(target))); }

inline Node with_endpoint(Node n, std::string endpoint, std::vector<Step> steps) {
  n.endpoints.push_back(Endpoint{std::move(endpoint), std::move(steps), {}, {}});
  return n;
}

inline Workload open_workload(std::string name, std::string target, double rate_per_s,
                              ArrivalProcess arrivals = ArrivalProcess::poisson) {
  Workload w;
  w.name = std::move(name);
  w.call = std::move(target);
  w.rate_per_s = rate_per_s;
  w.arrivals = arrivals;
  return w;
}

inline Workload closed_workload(std::string name, std::string target, int users, Distribution think) {
  Workload w;
  w.name = std::move(name);
  w.call = std::move(target);
  w.users = users;
  w.think_time = std::move(think);
  return w;
}

inline Scenario scenario(std::string name, Duration duration, Duration warmup = {}) {
  Scenario s;
  s.name = std::move(name);
  s.duration = duration;
  s.warmup = warmup;
  s.seed = 42;
  return s;
}

// ---- resilience and faults -------------------------------------------------

/// A node with one endpoint `endpoint` made of `steps` and no service_time, so
/// a call to just `name` reaches that endpoint. Unlimited concurrency unless given.
inline Node steps_node(std::string name, std::string endpoint, std::vector<Step> steps,
                       std::optional<std::int64_t> concurrency = std::nullopt) {
  Node n;
  n.name = std::move(name);
  n.concurrency = concurrency;
  n.endpoints.push_back(Endpoint{std::move(endpoint), std::move(steps), {}, {}});
  return n;
}

/// Backoff without jitter: retry k sleeps min(max, base * multiplier^(k-1)) exactly.
inline Backoff exact_backoff(Duration base, double multiplier = 2.0, Duration max = Duration::from_s(3600)) {
  Backoff b;
  b.base = base;
  b.multiplier = multiplier;
  b.max = max;
  b.jitter = Jitter::none;
  return b;
}

inline RetryPolicy retry_policy(int max_retries, unsigned retry_on, Backoff backoff = exact_backoff({}),
                                std::optional<Duration> per_try_timeout = std::nullopt) {
  RetryPolicy r;
  r.max_retries = max_retries;
  r.retry_on = retry_on;
  r.backoff = backoff;
  r.per_try_timeout = per_try_timeout;
  return r;
}

/// A fault of `type` on every instance of `target` from `at` for `duration`
/// (until the end without one).
inline Fault fault(std::string name, FaultType type, std::string target, Duration at,
                   std::optional<Duration> duration = std::nullopt) {
  Fault f;
  f.name = std::move(name);
  f.type = type;
  f.target = std::move(target);
  f.at = at;
  f.duration = duration;
  return f;
}

/// Restricts a fault to instances [first, last] of its target (`node[first-last]`).
inline Fault on_instances(Fault f, int first, int last) {
  f.instances.first = first;
  f.instances.last = last;
  return f;
}

inline Fault partition(std::string name, std::string a, std::string b, Duration at,
                       std::optional<Duration> duration = std::nullopt) {
  Fault f;
  f.name = std::move(name);
  f.type = FaultType::partition;
  f.between_a = std::move(a);
  f.between_b = std::move(b);
  f.at = at;
  f.duration = duration;
  return f;
}

// ---- the station ------------------------------------------------------------

/// adaptive_concurrency with every bound given.
inline AdaptiveConcurrency aimd(int initial, int min, int max, double backoff_ratio, Duration timeout) {
  AdaptiveConcurrency a;
  a.initial_limit = initial;
  a.min_limit = min;
  a.max_limit = max;
  a.backoff_ratio = backoff_ratio;
  a.timeout = timeout;
  return a;
}

// ---- caches with contents ------------------------------------------------

/// A cache of `capacity` items per instance in front of `origin`, with no
/// work of its own (a lookup takes no time) and unlimited concurrency.
inline Node keyed_cache(std::string name, std::int64_t capacity, std::string origin, int instances = 1,
                        Eviction eviction = Eviction::lru) {
  Node n;
  n.name = std::move(name);
  n.kind = NodeKind::cache;
  n.capacity = capacity;
  n.eviction = eviction;
  n.origin = std::move(origin);
  n.instances = instances;
  n.concurrency = std::nullopt;
  return n;
}

inline Workload with_catalog(Workload w, std::int64_t items, double zipf) {
  w.catalog = Catalog{items, zipf};
  return w;
}

/// The node's results by name; throws std::out_of_range when there is none.
inline const NodeResult& find_node(const Results& r, const std::string& name) {
  for (const NodeResult& n : r.nodes)
    if (n.name == name) return n;
  throw std::out_of_range("no node " + name);
}

/// A fault's before / during / after figures by fault name.
inline const FaultPhases& find_fault_phases(const Results& r, const std::string& name) {
  for (const FaultPhases& f : r.faults)
    if (f.fault == name) return f;
  throw std::out_of_range("no fault " + name);
}

}  // namespace svcsim::test
