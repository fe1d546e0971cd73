// analyze on the station (SPEC 7): processor sharing where it is exact
// (M/G/1-PS: S / (1 - rho) whatever the work; M/M/c-PS and threads over fewer
// cores: Erlang C), and the per-level table of priority nodes (Cobham,
// preemptive-resume), against the formulas worked out here.
#include <catch2/catch.hpp>

#include "support/scenario_builder.hpp"
#include "svcsim/analysis.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {
Scenario one_node(Node server, std::vector<Workload> workloads) {
  Scenario s = scenario("analysis-station", sec(100), sec(10));
  server.name = "server";
  s.nodes.push_back(std::move(server));
  s.workloads = std::move(workloads);
  return s;
}
Workload level(std::string name, double rate, Criticality c) {
  Workload w = open_workload(std::move(name), "server", rate);
  w.criticality = c;
  return w;
}
}  // namespace

TEST_CASE("analyze: M/G/1-PS has mean S / (1 - rho) for any work distribution", "[analysis][station]") {
  for (const Distribution& work : {Distribution::exponential(ms(2)), Distribution::constant(ms(2)),
                                   Distribution::pareto(ms(4.0 / 3.0), 3.0)}) {
    Node server = service("server", work, 1, std::nullopt);
    server.cores = 1;
    const Analysis a = analyze_scenario(one_node(server, {open_workload("req", "server", 400)}));
    // The Pareto's scale is whole nanoseconds: its mean is 2 ms to 5e-7.
    const double es_ms = work.mean_seconds() * 1e3, rho = 400 * es_ms / 1e3;
    REQUIRE(a.nodes[0].latency_ms);
    CHECK(*a.nodes[0].latency_ms == Approx(es_ms / (1 - rho)).epsilon(1e-9));
    CHECK(*a.nodes[0].cpu_utilization == Approx(rho).epsilon(1e-12));
    CHECK(a.nodes[0].cpu_stretch == Approx(1 / (1 - rho)).epsilon(1e-9));
    CHECK(*a.workloads[0].latency_ms == Approx(es_ms / (1 - rho)).epsilon(1e-9));
  }
}

TEST_CASE("analyze: M/M/2-PS and 4 threads on 2 cores give Erlang C's M/M/2 mean", "[analysis][station]") {
  // lambda 1600/s, mu 1000/s per core: a = 1.6, C(2, 1.6) = 0.7111..., W = C / (2 mu - lambda) = 1.7778 ms.
  const double exact_ms = 1.0 + (2 * 0.8 * 0.8 / (1 + 0.8)) / (2000.0 - 1600.0) * 1e3;
  for (const std::optional<std::int64_t> threads : {std::optional<std::int64_t>{}, std::optional<std::int64_t>{4}}) {
    Node server = service("server", Distribution::exponential(ms(1)), 1, threads);
    server.cores = 2;
    const Analysis a = analyze_scenario(one_node(server, {open_workload("req", "server", 1600)}));
    INFO("threads " << (threads ? *threads : -1));
    CHECK(*a.nodes[0].latency_ms == Approx(exact_ms).epsilon(1e-9));
    // Both saturate at 2 cores' worth of work, 2000/s: unlimited threads too
    // (it once named no bottleneck at all for them).
    CHECK(a.max_throughput_per_s.value_or(0) == Approx(2000.0).margin(1e-6));
    REQUIRE(a.bottleneck);
    // Unlimited threads: what saturates is the cores, 1.6 of 2 busy now.
    if (!threads) CHECK(saturating_utilization(a.nodes[*a.bottleneck]) == Approx(0.8));
  }
}

TEST_CASE("analyze: cores that fill before the threads are the bottleneck's figure and warn", "[analysis][station]") {
  // 100 threads on 1 core at 500/s: the threads are 1 % busy, the core 50 %,
  // and the core saturates at 1000/s. The report once said "1 % now, full at
  // twice the load"; and unlimited threads on a core past 100 % gave no warning.
  Node server = service("server", Distribution::exponential(ms(1)), 1, 100);
  server.cores = 1;
  const Analysis a = analyze_scenario(one_node(server, {open_workload("req", "server", 500)}));
  REQUIRE(a.bottleneck);
  CHECK(cores_saturate_first(a.nodes[*a.bottleneck]));
  CHECK(saturating_utilization(a.nodes[*a.bottleneck]) == Approx(0.5));
  CHECK(a.max_throughput_per_s.value_or(0) == Approx(1000.0).margin(1e-6));
  CHECK(a.warnings.empty());

  Node unlimited = service("server", Distribution::exponential(ms(1)), 1, std::nullopt);
  unlimited.cores = 1;
  const Analysis over = analyze_scenario(one_node(unlimited, {open_workload("req", "server", 1100)}));
  REQUIRE(over.warnings.size() == 1);
  CHECK(over.warnings[0].find("server: predicted CPU 110 % (at or above 100 %)") == 0);
}

TEST_CASE("analyze: a lone worker on half a core saturates at half the rate", "[analysis][station]") {
  Node server = service("server", Distribution::exponential(ms(1)));
  server.cores = 0.5;
  const Analysis a = analyze_scenario(one_node(server, {open_workload("req", "server", 250)}));
  // M/M/1 at mu = 500/s: 1 / (500 - 250) = 4 ms.
  CHECK(*a.nodes[0].latency_ms == Approx(4.0).epsilon(1e-9));
  CHECK(*a.max_throughput_per_s == Approx(500.0).epsilon(1e-9));
}

TEST_CASE("analyze: per-level waits by Cobham and by the preemptive-resume formula", "[analysis][station]") {
  // Exponential 1 ms work, 300/s critical and 500/s sheddable: W0 = 0.8 ms.
  Node server = service("server", Distribution::exponential(ms(1)));
  server.discipline = Discipline::priority;
  const Analysis a = analyze_scenario(
      one_node(server, {level("hi", 300, Criticality::critical), level("lo", 500, Criticality::sheddable)}));
  const auto& classes = a.nodes[0].classes;
  REQUIRE(classes.size() == 2);
  CHECK(classes[0].level == Criticality::critical);
  CHECK(*classes[0].wait_ms == Approx(0.8 / 0.7).epsilon(1e-9));          // W0 / (1 - 0.3)
  CHECK(*classes[1].wait_ms == Approx(0.8 / (0.7 * 0.2)).epsilon(1e-9));  // W0 / ((1 - 0.3)(1 - 0.8))
  server.discipline = Discipline::priority_preemptive;
  const Analysis p = analyze_scenario(
      one_node(server, {level("hi", 300, Criticality::critical), level("lo", 500, Criticality::sheddable)}));
  const auto& pc = p.nodes[0].classes;
  REQUIRE(pc.size() == 2);
  CHECK(*pc[0].latency_ms == Approx(1.0 + 0.3 / 0.7).epsilon(1e-9));                // S + R_1 / (1 - s1)
  CHECK(*pc[1].latency_ms == Approx(1.0 / 0.7 + 0.8 / (0.7 * 0.2)).epsilon(1e-9));  // S/(1-s1) + R_2/((1-s1)(1-s2))
}

TEST_CASE("analyze: a call step's criticality sets the level its callee sees", "[analysis][station]") {
  Scenario s = scenario("levels", sec(100), sec(10));
  Node db = service("db", Distribution::exponential(ms(1)));
  db.discipline = Discipline::priority;
  s.nodes.push_back(db);
  CallSpec prefetch = call_to("db");
  prefetch.criticality = Criticality::sheddable;
  Node api = steps_node("api", "get", {call("db")});
  api.endpoints.push_back(Endpoint{"prefetch", {call(prefetch)}, {}, {}});
  s.nodes.push_back(api);
  s.workloads.push_back(open_workload("get", "api.get", 200));
  s.workloads.push_back(open_workload("prefetch", "api.prefetch", 300));
  const Analysis a = analyze_scenario(s);
  const auto& classes = a.node("db")->classes;
  REQUIRE(classes.size() == 2);
  CHECK(classes[0].level == Criticality::critical);
  CHECK(classes[0].arrival_rate_per_s == Approx(200));
  CHECK(classes[1].level == Criticality::sheddable);
  CHECK(classes[1].arrival_rate_per_s == Approx(300));
}

TEST_CASE("analyze: a closed network with a 4-server station is solved exactly (load-dependent MVA)",
          "[analysis][mva]") {
  // 10 users thinking 500 ms, each request visiting a 4-server station (20 ms)
  // then a 1-server station (4 ms), exponential work: the exact values of the
  // product-form network (load-dependent MVA with marginal probabilities, as
  // JMVA computes them): X = 19.0733/s, R = 24.2936 ms. Seidmann's
  // approximation gives a different R.
  Scenario s = scenario("closed-multi", sec(100), sec(10));
  s.nodes.push_back(service("a", Distribution::exponential(ms(20)), 1, 4));
  s.nodes.push_back(service("b", Distribution::exponential(ms(4)), 1, 1));
  s.nodes.push_back(steps_node("front", "get", {call("a"), call("b")}));
  s.workloads.push_back(closed_workload("users", "front.get", 10, Distribution::exponential(ms(500))));
  const Analysis a = analyze_scenario(s);
  REQUIRE(a.workloads[0].throughput_per_s);
  CHECK(*a.workloads[0].throughput_per_s == Approx(19.0733).epsilon(1e-5));
  CHECK(*a.workloads[0].latency_ms == Approx(24.2936).epsilon(1e-5));
  CHECK(a.node("a")->wait_model == "MVA, load-dependent m=4");
  CHECK(a.node("b")->wait_model == "MVA");
}
