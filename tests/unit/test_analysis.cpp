// The analytic view against exact figures: visit ratios through every kind of
// step, M/M/1 and M/M/c waits against their closed forms, exact MVA against a
// hand-computed closed network, the bottleneck, blocking service times,
// warnings, parallel steps and rate schedules.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "support/queueing_theory.hpp"
#include "svcsim/analysis.hpp"
#include "svcsim/loader.hpp"

using namespace svcsim;
using Catch::Matchers::Contains;

namespace {

Scenario load(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "test.yaml");
  for (const auto& e : r.errors) INFO(e.format());
  REQUIRE(r.errors.empty());
  REQUIRE(r.scenario);
  return std::move(*r.scenario);
}

const NodeAnalysis& node(const Analysis& a, const std::string& name) {
  for (const auto& n : a.nodes)
    if (n.name == name) return n;
  FAIL("no node " << name);
  return a.nodes.front();
}

const WorkloadAnalysis& workload(const Analysis& a, const std::string& name) {
  for (const auto& w : a.workloads)
    if (w.name == name) return w;
  FAIL("no workload " << name);
  return a.workloads.front();
}

// Figures computed in doubles from exact inputs: equal up to rounding.
constexpr double kExact = 1e-9;

}  // namespace

TEST_CASE("visit ratios through probability, repeat, choose, parallel, cache misses and a load balancer",
          "[analysis]") {
  const Scenario s = load(R"(
name: visits
duration: 10s
nodes:
  lb: {kind: load_balancer, target: front}
  front:
    endpoints:
      home:
        steps:
          - work: 1ms
          - call: a
            probability: 30%
            repeat: 3
          - choose:
              - {weight: 3, call: b}
              - {weight: 1, steps: [{call: a}, {call: c}]}
          - parallel: [b, {call: c, probability: 50%}]
          - call: cache
  a: {service_time: 1ms}
  b: {service_time: 1ms}
  c:
    endpoints:
      get: {steps: [{work: 1ms}, {call: b, repeat: 2}]}
  cache: {kind: cache, concurrency: unlimited, service_time: 1ms, hit_ratio: 80%, origin: a}
workloads:
  - {name: web, call: lb.home, rate: 100/s}
  - {name: direct, call: c, rate: 10/s}
)");
  const Analysis a = analyze_scenario(s);
  // web: a = 0.3*3 (call) + 0.25 (choose branch 2) + 0.2 (cache miss) = 1.35
  //      c = 0.25 (choose) + 0.5 (parallel) = 0.75;  b = 0.75 (choose) + 1 (parallel) + 2 * c = 3.25
  CHECK(node(a, "lb").visits[0] == Approx(1.0).epsilon(kExact));
  CHECK(node(a, "front").visits[0] == Approx(1.0).epsilon(kExact));
  CHECK(node(a, "a").visits[0] == Approx(1.35).epsilon(kExact));
  CHECK(node(a, "c").visits[0] == Approx(0.75).epsilon(kExact));
  CHECK(node(a, "b").visits[0] == Approx(3.25).epsilon(kExact));
  CHECK(node(a, "cache").visits[0] == Approx(1.0).epsilon(kExact));
  // direct: c once, b twice, nothing else
  CHECK(node(a, "c").visits[1] == Approx(1.0).epsilon(kExact));
  CHECK(node(a, "b").visits[1] == Approx(2.0).epsilon(kExact));
  CHECK(node(a, "a").visits[1] == 0.0);
  CHECK(node(a, "front").visits[1] == 0.0);
  // arrival rate = sum of rate x visits
  CHECK(node(a, "b").arrival_rate_per_s == Approx(100 * 3.25 + 10 * 2.0).epsilon(kExact));
  // offered load at b: 345 calls/s x 1 ms
  CHECK(node(a, "b").offered_load == Approx(0.345).epsilon(kExact));
}

TEST_CASE("M/M/1: utilisation, wait and latency match the closed forms", "[analysis]") {
  const Scenario s = load(R"(
name: mm1
duration: 10s
nodes:
  server: {service_time: {dist: exponential, mean: 1ms}}
workloads:
  - {name: req, call: server, rate: 900/s}
)");
  const Analysis a = analyze_scenario(s);
  const NodeAnalysis& n = node(a, "server");
  CHECK(n.utilization == Approx(0.9).epsilon(kExact));
  REQUIRE(n.wait_ms);
  CHECK(*n.wait_ms == Approx(1e3 * test::theory::mm1_mean_wait(900, 1000)).epsilon(kExact));  // 9 ms
  CHECK(*n.wait_ms == Approx(9.0).epsilon(kExact));
  REQUIRE(n.latency_ms);
  CHECK(*n.latency_ms == Approx(1e3 * test::theory::mm1_mean_sojourn(900, 1000)).epsilon(kExact));  // 10 ms
  REQUIRE(workload(a, "req").latency_ms);
  CHECK(*workload(a, "req").latency_ms == Approx(10.0).epsilon(kExact));
  REQUIRE(a.bottleneck);
  CHECK(a.nodes[*a.bottleneck].name == "server");
  REQUIRE(a.max_throughput_per_s);
  CHECK(*a.max_throughput_per_s == Approx(1000.0).epsilon(1e-9));
  CHECK(a.warnings.empty());
}

TEST_CASE("M/M/c: Erlang C wait, one pooled queue or one queue per instance", "[analysis]") {
  // M/M/2 at lambda = mu: C(2, 1) = 1/3 by hand, so Wq = C / (2 mu - lambda) = 1/3 of the service time.
  const Scenario pooled = load(R"(
name: mm2
duration: 10s
nodes:
  server: {concurrency: 2, service_time: {dist: exponential, mean: 3ms}}
workloads:
  - {name: req, call: server, rate: 333.333333333333333/s}
)");
  const Analysis p_analysis = analyze_scenario(pooled);
  const NodeAnalysis& p = node(p_analysis, "server");
  CHECK(p.utilization == Approx(0.5).epsilon(1e-9));
  REQUIRE(p.wait_ms);
  CHECK(*p.wait_ms == Approx(1.0).epsilon(1e-9));  // 3 ms / 3

  // M/M/4 at a = 3 Erlangs against the support's Erlang C.
  const Scenario four = load(R"(
name: mm4
duration: 10s
nodes:
  server: {concurrency: 4, service_time: {dist: exponential, mean: 1ms}}
workloads:
  - {name: req, call: server, rate: 3000/s}
)");
  const Analysis f_analysis = analyze_scenario(four);
  const NodeAnalysis& f = node(f_analysis, "server");
  CHECK(f.utilization == Approx(0.75).epsilon(kExact));
  REQUIRE(f.wait_ms);
  CHECK(*f.wait_ms == Approx(1e3 * test::theory::mmc_mean_wait(4, 3000, 1000)).epsilon(kExact));

  // Two instances of one worker with round robin: two M/M/1 at lambda / 2 each.
  Scenario split = four;
  split.nodes[0].instances = 2;
  split.nodes[0].concurrency = 1;
  split.workloads[0].rate_per_s = 1500;
  const Analysis sp_analysis = analyze_scenario(split);
  const NodeAnalysis& sp = node(sp_analysis, "server");
  REQUIRE(sp.wait_ms);
  CHECK(*sp.wait_ms == Approx(1e3 * test::theory::mm1_mean_wait(750, 1000)).epsilon(kExact));
  // The same with least_request: one pooled M/M/2.
  split.nodes[0].balancing = Balancing::least_request;
  const Analysis lr_analysis = analyze_scenario(split);
  const NodeAnalysis& lr = node(lr_analysis, "server");
  REQUIRE(lr.wait_ms);
  CHECK(*lr.wait_ms == Approx(1e3 * test::theory::mmc_mean_wait(2, 1500, 1000)).epsilon(kExact));
  CHECK(*lr.wait_ms < *sp.wait_ms);
}

TEST_CASE("closed workload: exact MVA matches the hand computation", "[analysis]") {
  // Stations a (D = 10 ms) and b (D = 5 ms), single server, exponential; 3
  // users thinking 100 ms. a is an event loop, so it does not hold its worker
  // while b works: a product-form network. By hand (R_k(n) = D_k (1 + Q_k(n-1)),
  // X(n) = n / (Z + R(n)), Q_k(n) = X(n) R_k(n)):
  //   n=1: R = 10 + 5 = 15 ms, X = 1/115 per ms, Q = (0.0869565, 0.0434783)
  //   n=2: R = 10.869565 + 5.217391 = 16.086957 ms, X = 2/116.086957, Q = (0.1872659, 0.0898876)
  //   n=3: R = 11.872659 + 5.449438 = 17.322097 ms, X = 3/117.322097 = 25.570630 /s
  const Scenario s = load(R"(
name: closed
duration: 10s
nodes:
  a:
    threading: async
    endpoints:
      serve: {steps: [{work: {dist: exponential, mean: 10ms}}, {call: b}]}
  b: {service_time: {dist: exponential, mean: 5ms}}
workloads:
  - {name: users, call: a.serve, users: 3, think_time: {dist: exponential, mean: 100ms}}
)");
  const Analysis a = analyze_scenario(s);
  const WorkloadAnalysis& w = workload(a, "users");
  REQUIRE(w.throughput_per_s);
  REQUIRE(w.latency_ms);
  CHECK(*w.throughput_per_s == Approx(25.570630486831607).epsilon(1e-12));
  CHECK(*w.latency_ms == Approx(17.322097378277153).epsilon(1e-12));
  CHECK(node(a, "a").utilization == Approx(25.570630486831607 * 0.010).epsilon(1e-12));
  CHECK(node(a, "b").utilization == Approx(25.570630486831607 * 0.005).epsilon(1e-12));
  // Node latency: residence per visit, wait = D (1 + Q(n-1)) - D with Q(2)
  REQUIRE(node(a, "b").wait_ms);
  CHECK(*node(a, "b").wait_ms == Approx(5.0 * 0.0898876404494382).epsilon(1e-9));
}

TEST_CASE("bottleneck and maximum throughput: the first node to reach utilisation 1", "[analysis]") {
  // a: 2 workers x 1 ms per visit -> 2000/s; b: 1 worker, 1.5 visits x 0.8 ms -> 833.3/s.
  const Scenario s = load(R"(
name: two-tier
duration: 10s
nodes:
  a:
    concurrency: 2
    threading: async
    endpoints:
      serve: {steps: [{work: 1ms}, {call: b, probability: 50%, repeat: 3}]}
  b: {service_time: 800us}
workloads:
  - {name: w1, call: a.serve, rate: 300/s}
  - {name: w2, call: a.serve, rate: 100/s}
)");
  const Analysis a = analyze_scenario(s);
  REQUIRE(a.bottleneck);
  CHECK(a.nodes[*a.bottleneck].name == "b");
  REQUIRE(a.max_throughput_per_s);
  CHECK(*a.max_throughput_per_s == Approx(1000.0 / 1.2).epsilon(1e-9));
  REQUIRE(a.headroom);
  CHECK(*a.headroom == Approx(1000.0 / 1.2 / 400).epsilon(1e-9));
  // the mix is kept: 3/4 of it is w1
  REQUIRE(workload(a, "w1").max_rate_per_s);
  CHECK(*workload(a, "w1").max_rate_per_s == Approx(0.75 * 1000.0 / 1.2).epsilon(1e-9));
}

TEST_CASE("a blocking node holds its worker during its calls, network included", "[analysis]") {
  // front: 1 ms of work, then a call over 1 ms links to `back` (5 ms, unlimited
  // concurrency: no wait): 1 + 1 + 5 + 1 = 8 ms held per visit.
  const std::string yaml = R"(
name: blocking
duration: 10s
network: {latency: 1ms}
nodes:
  front:
    concurrency: 4
    threading: THREADING
    endpoints:
      get: {steps: [{work: 1ms}, {call: back}]}
  back: {concurrency: unlimited, service_time: 5ms}
workloads:
  - {name: req, call: front.get, rate: 250/s}
)";
  auto with = [&](const std::string& threading) {
    std::string text = yaml;
    text.replace(text.find("THREADING"), 9, threading);
    return analyze_scenario(load(text));
  };
  const Analysis blocking = with("blocking");
  CHECK(node(blocking, "front").busy_ms == Approx(8.0).epsilon(kExact));
  CHECK(node(blocking, "front").utilization == Approx(250 * 0.008 / 4).epsilon(kExact));
  CHECK(node(blocking, "back").utilization == Approx(250 * 0.005).epsilon(kExact));  // mean number busy
  const Analysis async = with("async");
  CHECK(node(async, "front").busy_ms == Approx(1.0).epsilon(kExact));
  CHECK(node(async, "front").utilization == Approx(250 * 0.001 / 4).epsilon(kExact));
  // client-side latency: links client<->front (2 ms) + front's wait + 8 ms
  REQUIRE(workload(async, "req").latency_ms);
  CHECK(*workload(async, "req").latency_ms > 10.0);
  CHECK(*workload(async, "req").latency_ms < 10.01);
}

TEST_CASE("a node at or above 100 % is warned about and has no wait estimate", "[analysis]") {
  const Scenario s = load(R"(
name: overloaded
duration: 10s
nodes:
  front:
    concurrency: 8
    endpoints:
      get: {steps: [{call: slow}]}
  slow: {instances: 2, concurrency: 1, service_time: 2ms}
workloads:
  - {name: req, call: front.get, rate: 1200/s}
)");
  const Analysis a = analyze_scenario(s);
  const NodeAnalysis& slow = node(a, "slow");
  CHECK(slow.utilization == Approx(1.2).epsilon(kExact));
  CHECK_FALSE(slow.wait_ms);
  CHECK_FALSE(slow.latency_ms);
  CHECK_FALSE(workload(a, "req").latency_ms);
  REQUIRE(a.warnings.size() == 2);  // slow, and front whose workers wait on it
  CHECK_THAT(a.warnings[0], Contains("front") && Contains("saturated"));
  CHECK_THAT(a.warnings[1], Contains("slow") && Contains("at or above 100 %") && Contains("needs at least 3"));
  // Scaled down, front's 8 workers (blocking) are exhausted first: each holds
  // 2 ms + slow's M/M/1 wait (lambda/1000) / (500 - lambda/2); at lambda = 800/s
  // that is 0.002 + 0.8/100 = 10 ms, and 800/s x 10 ms = 8 busy workers.
  REQUIRE(a.bottleneck);
  CHECK(a.nodes[*a.bottleneck].name == "front");
  REQUIRE(a.max_throughput_per_s);
  CHECK(*a.max_throughput_per_s == Approx(800.0).epsilon(1e-9));
  REQUIRE(workload(a, "req").throughput_per_s);
  CHECK(*workload(a, "req").throughput_per_s == Approx(*a.max_throughput_per_s));
}

TEST_CASE("parallel steps take the max of their calls' means (wait all) or the min (wait any)", "[analysis]") {
  const std::string yaml = R"(
name: fork
duration: 10s
nodes:
  front:
    concurrency: unlimited
    endpoints:
      get:
        steps:
          - parallel: [a, b, {call: c, probability: 50%}]
            WAIT
  a: {concurrency: unlimited, service_time: 10ms}
  b: {concurrency: unlimited, service_time: 20ms}
  c: {concurrency: unlimited, service_time: 40ms}
workloads:
  - {name: req, call: front.get, rate: 10/s}
)";
  auto latency = [&](const std::string& wait) {
    std::string text = yaml;
    text.replace(text.find("WAIT"), 4, wait);
    const Analysis a = analyze_scenario(load(text));
    return *workload(a, "req").latency_ms;
  };
  CHECK(latency("") == Approx(0.5 * 40 + 0.5 * 20).epsilon(kExact));      // max: c when sent, else b
  CHECK(latency("wait: any") == Approx(10.0).epsilon(kExact));             // min: a is always sent
  CHECK(latency("wait: 2") == Approx(20.0).epsilon(kExact));               // 2nd smallest: b either way
}

TEST_CASE("a rate schedule counts as its mean over the measured window", "[analysis]") {
  // 100/s until 10 s, a linear ramp to 300/s over 10 s, then 300/s; measured 10 s..40 s:
  // (10 s x 200/s mean of the ramp + 20 s x 300/s) / 30 s = 266.67/s
  const Scenario s = load(R"(
name: ramp
duration: 40s
warmup: 10s
nodes:
  server: {concurrency: unlimited, service_time: 1ms}
workloads:
  - name: req
    call: server
    rate: 100/s
    schedule: [{at: 10s, rate: 300/s, ramp: 10s}]
)");
  const Analysis a = analyze_scenario(s);
  CHECK(workload(a, "req").rate_per_s == Approx(8000.0 / 30).epsilon(1e-6));
  bool noted = false;
  for (const auto& n : a.notes) noted = noted || n.find("rate schedule") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("call edges resolve load balancers, default endpoints and cache misses", "[analysis]") {
  const Scenario s = load(R"(
name: edges
duration: 10s
nodes:
  lb: {kind: load_balancer, target: app}
  app:
    endpoints:
      page:
        steps:
          - choose:
              - {weight: 1, call: cache}
              - {weight: 3, steps: [{call: db, repeat: 2}]}
          - call: db
            optional: true
  cache: {kind: cache, concurrency: unlimited, hit_ratio: 90%, origin: db}
  db: {service_time: 1ms}
workloads:
  - {name: web, call: lb.page, rate: 10/s}
)");
  const std::vector<CallEdge> edges = call_edges(s);
  REQUIRE(edges.size() == 6);
  CHECK((edges[0].from == "client" && edges[0].to == "lb" && edges[0].workload == "web" && edges[0].endpoint == "page"));
  CHECK((edges[1].from == "lb" && edges[1].to == "app" && edges[1].endpoint == "page"));
  CHECK((edges[2].from == "app" && edges[2].to == "cache" && edges[2].probability == Approx(0.25)));
  CHECK((edges[3].from == "app" && edges[3].to == "db" && edges[3].probability == Approx(0.75) &&
         edges[3].repeat == 2 && !edges[3].optional));
  CHECK((edges[4].from == "app" && edges[4].to == "db" && edges[4].optional));
  // the cache's origin call comes from compiling the cache, after app
  CHECK((edges[5].from == "cache" && edges[5].to == "db" && edges[5].cache_miss &&
         edges[5].probability == Approx(0.1)));
}
