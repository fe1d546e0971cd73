// Small helpers to build Scenarios in C++ for tests, without YAML.
#pragma once

#include <string>
#include <utility>

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

}  // namespace svcsim::test
