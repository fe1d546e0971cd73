// Loader behaviour: a full valid scenario read back field by field, and each
// documented error with its exact `s.yaml:LINE:COL: error: …` text.
#include <catch2/catch.hpp>

#include <variant>

#include "loader_test_util.hpp"
#include "svcsim/loader.hpp"

using namespace svcsim;
using svcsim::test::all_errors;
using svcsim::test::has_error;
using svcsim::test::kMinimal;
using svcsim::test::load;

namespace {

const char* kFull = R"(name: demo
description: a demo
seed: 42
duration: 1m30s
warmup: 10s
network:
  latency: 500us
  links:
    - {from: client, to: lb, latency: {dist: lognormal, median: 20ms, p99: 80ms}}
nodes:
  lb:
    kind: load_balancer
    target: gateway
  gateway:
    kind: api_gateway
    instances: 4
    concurrency: unlimited
    queue: 100
    queue_timeout: 2s
    balancing: least_request
    threading: async
    endpoints:
      play:
        steps:
          - work: {dist: lognormal, median: 2ms, p99: 10ms}
          - call: auth.validate
            timeout: 80ms
            optional: true
          - parallel: [profile.get, {call: meta, probability: 50%}]
            wait: any
          - choose:
              - {weight: 70%, call: cdn}
              - {weight: 30%, steps: [{work: 1ms}, {call: db.query, repeat: 3}]}
  auth:
    endpoints:
      validate: {steps: [{work: {dist: exponential, mean: 1ms}}]}
  profile:
    endpoints:
      get: {steps: [{work: 2ms}]}
      put: {steps: [{work: 3ms}]}
  meta: {service_time: {dist: gamma, mean: 1ms, cv: 0.5}}
  cdn: {kind: cache, hit_ratio: 95%, origin: db.query}
  db:
    kind: database
    service_time: 5ms
    endpoints:
      query: {steps: [{work: {dist: uniform, min: 1ms, max: 3ms}}]}
workloads:
  - name: play
    call: lb.play
    rate: 2000/s
    timeout: 10s
    schedule:
      - {at: 30s, rate: 3000/s, ramp: 10s}
  - name: browse
    call: gateway.play
    users: 50
    think_time: {dist: exponential, mean: 5s}
slo:
  - "play p99 < 300ms"
  - "play error_rate < 0.1%"
  - "gateway busy_mean < 80"
  - "browse throughput >= 5/s"
)";

const Node& node_named(const Scenario& s, const std::string& name) {
  for (const auto& n : s.nodes) {
    if (n.name == name) return n;
  }
  FAIL("no node " << name);
  return s.nodes.front();
}

/// A scenario with one extra node spliced into kMinimal's nodes.
std::string with_node(const std::string& node_yaml) {
  return std::string("name: t\nduration: 10s\nnodes:\n  api: {service_time: 1ms}\n") + node_yaml +
         "workloads:\n  - {name: w, call: api, rate: 10/s}\n";
}

}  // namespace

TEST_CASE("a full scenario loads with every field as written", "[loader]") {
  const auto r = load(kFull);
  INFO(all_errors(r));
  REQUIRE(r.errors.empty());
  REQUIRE(r.scenario);
  const Scenario& s = *r.scenario;
  CHECK(s.name == "demo");
  CHECK(s.description == "a demo");
  CHECK(s.source_path == "s.yaml");
  CHECK(s.seed == 42);
  CHECK(s.duration == Duration::from_s(90));
  CHECK(s.warmup == Duration::from_s(10));
  CHECK(s.replications == 1);

  CHECK(s.network.latency.kind() == Distribution::Kind::constant);
  CHECK(s.network.latency.mean_seconds() == Approx(500e-6));
  REQUIRE(s.network.links.size() == 1);
  CHECK(s.network.links[0].from == "client");
  CHECK(s.network.links[0].to == "lb");
  CHECK(s.network.links[0].latency.kind() == Distribution::Kind::lognormal);
  CHECK(s.network.links[0].where.line == 9);

  REQUIRE(s.nodes.size() == 7);
  CHECK(s.nodes[0].name == "lb");  // written order
  const Node& lb = node_named(s, "lb");
  CHECK(lb.kind == NodeKind::load_balancer);
  CHECK(lb.target == "gateway");
  CHECK_FALSE(lb.concurrency.has_value());  // load balancers default to unlimited
  CHECK(lb.threading == Threading::async);
  CHECK(lb.where.line == 11);
  CHECK(lb.where.column == 3);

  const Node& gw = node_named(s, "gateway");
  CHECK(gw.kind == NodeKind::api_gateway);
  CHECK(gw.instances == 4);
  CHECK_FALSE(gw.concurrency.has_value());
  CHECK(gw.queue == std::optional<std::int64_t>(100));
  CHECK(gw.queue_timeout == Duration::from_s(2));
  CHECK(gw.balancing == Balancing::least_request);
  CHECK(gw.threading == Threading::async);
  CHECK_FALSE(gw.service_time.has_value());
  REQUIRE(gw.endpoints.size() == 1);
  const Endpoint& play = gw.endpoints[0];
  CHECK(play.name == "play");
  REQUIRE(play.steps.size() == 4);

  const auto& work = std::get<WorkStep>(play.steps[0].action);
  CHECK(work.work.kind() == Distribution::Kind::lognormal);
  // median 2ms, p99 10ms: sigma = ln(5) / z(0.99), mean = median * exp(sigma^2 / 2)
  const double sigma = std::log(5.0) / 2.3263478740408408;
  CHECK(work.work.mean_seconds() == Approx(2e-3 * std::exp(sigma * sigma / 2)).epsilon(1e-6));
  CHECK(play.steps[0].where.line == 25);

  const auto& call = std::get<CallStep>(play.steps[1].action).call;
  CHECK(call.target == "auth.validate");
  CHECK(call.timeout == Duration::from_ms(80));
  CHECK(call.optional);
  CHECK(call.probability == 1.0);
  CHECK(call.repeat == 1);
  CHECK(call.where.line == 26);
  CHECK(call.where.column == 19);

  const auto& par = std::get<ParallelStep>(play.steps[2].action);
  REQUIRE(par.calls.size() == 2);
  CHECK(par.calls[0].target == "profile.get");
  CHECK(par.calls[1].target == "meta");
  CHECK(par.calls[1].probability == Approx(0.5));
  CHECK(par.wait_for == 1);  // wait: any

  const auto& choose = std::get<ChooseStep>(play.steps[3].action);
  REQUIRE(choose.branches.size() == 2);
  CHECK(choose.branches[0].weight == Approx(0.7));
  CHECK(choose.branches[1].weight == Approx(0.3));
  REQUIRE(choose.branches[0].steps.size() == 1);
  CHECK(std::get<CallStep>(choose.branches[0].steps[0].action).call.target == "cdn");
  REQUIRE(choose.branches[1].steps.size() == 2);
  CHECK(std::get<CallStep>(choose.branches[1].steps[1].action).call.repeat == 3);

  const Node& auth = node_named(s, "auth");
  CHECK(auth.kind == NodeKind::service);
  CHECK(auth.instances == 1);
  CHECK(auth.concurrency == std::optional<std::int64_t>(1));
  CHECK_FALSE(auth.queue.has_value());  // unlimited
  CHECK(auth.balancing == Balancing::round_robin);
  CHECK(auth.threading == Threading::blocking);

  const Node& meta = node_named(s, "meta");
  REQUIRE(meta.service_time);
  CHECK(meta.service_time->kind() == Distribution::Kind::gamma);
  CHECK(meta.endpoints.empty());

  const Node& cdn = node_named(s, "cdn");
  CHECK(cdn.kind == NodeKind::cache);
  CHECK(cdn.hit_ratio == std::optional<double>(0.95));
  CHECK(cdn.origin == "db.query");

  const Node& db = node_named(s, "db");
  REQUIRE(db.service_time);
  CHECK(db.service_time->mean_seconds() == Approx(5e-3));
  REQUIRE(db.endpoints.size() == 1);  // the "default" endpoint is not synthesised here
  CHECK(db.endpoints[0].name == "query");

  REQUIRE(s.workloads.size() == 2);
  const Workload& wp = s.workloads[0];
  CHECK(wp.name == "play");
  CHECK(wp.call == "lb.play");
  CHECK(wp.rate_per_s == 2000.0);
  CHECK(wp.arrivals == ArrivalProcess::poisson);
  CHECK(wp.timeout == Duration::from_s(10));
  CHECK_FALSE(wp.closed());
  REQUIRE(wp.schedule.size() == 1);
  CHECK(wp.schedule[0].at == Duration::from_s(30));
  CHECK(wp.schedule[0].rate_per_s == 3000.0);
  CHECK(wp.schedule[0].ramp == Duration::from_s(10));
  CHECK(wp.where.line == 49);

  const Workload& wb = s.workloads[1];
  CHECK(wb.closed());
  CHECK(wb.users == 50);
  CHECK(wb.think_time.kind() == Distribution::Kind::exponential);
  CHECK(wb.think_time.mean_seconds() == Approx(5.0));

  REQUIRE(s.slo.size() == 4);
  CHECK(s.slo[0].text == "play p99 < 300ms");
  CHECK(s.slo[0].subject == "play");
  CHECK(s.slo[0].metric == "p99");
  CHECK(s.slo[0].op == CompareOp::less);
  CHECK(s.slo[0].threshold == Approx(300.0));  // milliseconds
  CHECK(s.slo[0].where.line == 60);
  CHECK(s.slo[1].threshold == Approx(0.001));
  CHECK(s.slo[2].subject == "gateway");
  CHECK(s.slo[2].metric == "busy_mean");  // gateway has unlimited concurrency: no utilization (SPEC 10)
  CHECK(s.slo[2].threshold == Approx(80.0));
  CHECK(s.slo[3].op == CompareOp::greater_equal);
  CHECK(s.slo[3].threshold == Approx(5.0));
}

TEST_CASE("defaults of an almost empty scenario", "[loader]") {
  const auto r = load(kMinimal);
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  CHECK(r.scenario->seed == 1);
  CHECK(r.scenario->warmup == Duration{});
  CHECK(r.scenario->network.latency.is_zero());
  CHECK(r.scenario->slo.empty());
}

TEST_CASE("every distribution kind is read", "[loader][distribution]") {
  const std::string text = std::string(kMinimal) + R"(network:
  latency:
    dist: mixture
    of:
      - {weight: 1, dist: constant, value: 1ms}
      - {weight: 1, dist: exponential, mean: 1ms}
      - {weight: 1, dist: uniform, min: 1ms, max: 2ms}
      - {weight: 1, dist: normal, mean: 1ms, stddev: 0s}
      - {weight: 1, dist: lognormal, median: 1ms, p99: 5ms}
      - {weight: 1, dist: lognormal, mean: 1ms, stddev: 2ms}
      - {weight: 1, dist: gamma, mean: 1ms, cv: 2}
      - {weight: 1, dist: pareto, scale: 1ms, shape: 2.5}
      - {weight: 1, dist: weibull, scale: 1ms, shape: 0.5}
      - {weight: 1, dist: empirical, percentiles: {p0: 1ms, p50: 2ms, p99.9: 9ms, p100: 10ms}}
      - {weight: 1, dist: mixture, of: [{weight: 50%, dist: constant, value: 3ms}]}
)";
  const auto r = load(text);
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  CHECK(r.scenario->network.latency.kind() == Distribution::Kind::mixture);
}

TEST_CASE("an open workload with an inter-arrival distribution needs no rate", "[loader][workload]") {
  const auto r = load(
      "name: t\nduration: 10s\nnodes:\n  api: {service_time: 1ms}\n"
      "workloads:\n  - {name: w, call: api, arrivals: {dist: exponential, mean: 100ms}}\n"
      "  - {name: v, call: api, rate: 5/s, arrivals: constant}\n");
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  CHECK(r.scenario->workloads[0].arrivals == ArrivalProcess::distribution);
  CHECK(r.scenario->workloads[0].rate_per_s == Approx(10.0));
  CHECK(r.scenario->workloads[1].arrivals == ArrivalProcess::constant);
}

TEST_CASE("parallel wait takes all, any or a count", "[loader][steps]") {
  const auto r = load(with_node(
      "  fan:\n    endpoints:\n"
      "      a: {steps: [{parallel: [api, api, api]}]}\n"
      "      b: {steps: [{parallel: [api, api, api], wait: 2}]}\n"));
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  const auto& fan = r.scenario->nodes[1];
  CHECK(std::get<ParallelStep>(fan.endpoints[0].steps[0].action).wait_for == 3);
  CHECK(std::get<ParallelStep>(fan.endpoints[1].steps[0].action).wait_for == 2);
}

// ------------------------------------------------------------------- errors

TEST_CASE("unknown field with a suggestion", "[loader][errors]") {
  const auto r = load(with_node("  auth:\n    instnaces: 3\n    service_time: 1ms\n"));
  CHECK_FALSE(r.scenario);
  CHECK(has_error(r, "s.yaml:6:5: error: unknown field 'instnaces' (did you mean 'instances'?)"));
  CHECK(r.errors.size() == 1);
}

TEST_CASE("a bare number where a duration is expected names the unit", "[loader][errors]") {
  const auto r = load(with_node("  auth:\n    service_time: 250\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:6:19: error: '250' needs a unit, e.g. '250ms'"));
}

TEST_CASE("a call to an unknown node suggests the close one", "[loader][errors][calls]") {
  const auto r = load(with_node(
      "  auth:\n    endpoints:\n      validate: {steps: [{work: 1ms}]}\n"
      "  gw:\n    endpoints:\n      a: {steps: [{call: auht.validate}]}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:10:26: error: call to 'auht.validate': no node 'auht' (did you mean 'auth'?)"));
  CHECK(r.errors.size() == 1);
}

TEST_CASE("a call to an unknown endpoint suggests the close one", "[loader][errors][calls]") {
  const auto r = load(with_node(
      "  auth:\n    endpoints:\n      validate: {steps: [{work: 1ms}]}\n"
      "  gw:\n    endpoints:\n      a: {steps: [{call: auth.valdate}]}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r,
                  "s.yaml:10:26: error: call to 'auth.valdate': node 'auth' has no endpoint 'valdate' "
                  "(did you mean 'validate'?)"));
}

TEST_CASE("calling a node with several endpoints and no default lists them", "[loader][errors][calls]") {
  const auto r = load(with_node(
      "  profile:\n    endpoints:\n      get: {steps: [{work: 1ms}]}\n      put: {steps: [{work: 1ms}]}\n"
      "  gw:\n    endpoints:\n      a: {steps: [{call: profile}]}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r,
                  "s.yaml:11:26: error: call to 'profile': node 'profile' has several endpoints (get, put); "
                  "name one, e.g. 'profile.get'"));
}

TEST_CASE("a node alone goes to its only endpoint or its service_time endpoint", "[loader][calls]") {
  const auto r = load(with_node(
      "  one:\n    endpoints:\n      get: {steps: [{work: 1ms}]}\n"
      "  both:\n    service_time: 1ms\n    endpoints:\n      get: {steps: [{work: 1ms}]}\n"
      "  gw:\n    endpoints:\n      a: {steps: [{call: one}, {call: both}, {call: both.default}, {call: both.get}]}\n"));
  INFO(all_errors(r));
  CHECK(r.scenario);
}

TEST_CASE("a load balancer forwards by endpoint name or to the default", "[loader][calls]") {
  SECTION("valid forms") {
    const auto r = load(
        "name: t\nduration: 10s\nnodes:\n"
        "  lb: {kind: load_balancer, target: api}\n"
        "  api:\n    service_time: 1ms\n    endpoints:\n      x: {steps: [{work: 1ms}]}\n"
        "workloads:\n  - {name: a, call: lb, rate: 1/s}\n  - {name: b, call: lb.x, rate: 1/s}\n"
        "  - {name: c, call: lb.other, rate: 1/s}\n");
    INFO(all_errors(r));
    CHECK(r.scenario);
  }
  SECTION("a target without the endpoint nor a default") {
    const auto r = load(
        "name: t\nduration: 10s\nnodes:\n"
        "  lb: {kind: load_balancer, target: api}\n"
        "  api:\n    endpoints:\n      x: {steps: [{work: 1ms}]}\n      y: {steps: [{work: 1ms}]}\n"
        "workloads:\n  - {name: a, call: lb.z, rate: 1/s}\n  - {name: b, call: lb, rate: 1/s}\n");
    INFO(all_errors(r));
    CHECK(has_error(r,
                    "s.yaml:10:21: error: call to 'lb.z': load balancer 'lb' forwards to 'api', which has no "
                    "endpoint 'z' (did you mean 'x'?) and no default endpoint"));
    CHECK(has_error(r,
                    "s.yaml:11:21: error: call to 'lb': load balancer 'lb' forwards to 'api', which has several "
                    "endpoints (x, y); name one, e.g. 'lb.x'"));
  }
  SECTION("an unknown target") {
    const auto r = load(with_node("  lb: {kind: load_balancer, target: apii}\n"));
    CHECK(has_error(r, "s.yaml:5:37: error: load balancer 'lb' forwards to 'apii': no node 'apii' (did you mean 'api'?)"));
  }
  SECTION("a missing target") {
    const auto r = load(with_node("  lb: {kind: load_balancer}\n"));
    CHECK(has_error(r, "s.yaml:5:3: error: missing field 'target' (the node a load_balancer forwards to)"));
  }
}

TEST_CASE("a cache has only its default endpoint", "[loader][calls]") {
  const auto r = load(with_node("  cdn: {kind: cache, hit_ratio: 100%}\n  gw: {endpoints: {a: {steps: [{call: cdn.get}, {call: cdn}]}}}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:6:39: error: call to 'cdn.get': cache 'cdn' has only its default endpoint; call it as 'cdn'"));
  CHECK(r.errors.size() == 1);
}

TEST_CASE("a call cycle is reported at the call that closes it", "[loader][errors][cycles]") {
  SECTION("two endpoints") {
    const auto r = load(with_node(
        "  a:\n    endpoints:\n      x: {steps: [{call: b.y}]}\n"
        "  b:\n    endpoints:\n      y: {steps: [{work: 1ms}, {call: a.x}]}\n"));
    INFO(all_errors(r));
    CHECK(has_error(r, "s.yaml:10:39: error: call to 'a.x' makes a call cycle: a.x -> b.y -> a.x"));
    CHECK(r.errors.size() == 1);
  }
  SECTION("an endpoint calling itself") {
    const auto r = load(with_node("  a:\n    endpoints:\n      x: {steps: [{call: a}]}\n"));
    INFO(all_errors(r));
    CHECK(has_error(r, "s.yaml:7:26: error: call to 'a' makes a call cycle: a.x -> a.x"));
  }
  SECTION("through a choose branch, a cache origin and a load balancer") {
    const auto r = load(with_node(
        "  lb: {kind: load_balancer, target: a}\n"
        "  cdn: {kind: cache, hit_ratio: 50%, origin: lb.x}\n"
        "  a:\n    endpoints:\n"
        "      x: {steps: [{choose: [{weight: 1, steps: [{parallel: [cdn]}]}]}]}\n"));
    INFO(all_errors(r));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("makes a call cycle: ") != std::string::npos);
    CHECK(r.errors[0].message.find("a.x -> cdn -> lb.x -> a.x") != std::string::npos);
  }
}

TEST_CASE("no workloads", "[loader][errors]") {
  SECTION("missing") {
    const auto r = load("name: t\nduration: 10s\nnodes:\n  api: {service_time: 1ms}\n");
    CHECK(has_error(r, "s.yaml:1:1: error: no workloads: a scenario needs at least one workload under 'workloads'"));
  }
  SECTION("empty") {
    const auto r = load("name: t\nduration: 10s\nnodes:\n  api: {service_time: 1ms}\nworkloads: []\n");
    CHECK(has_error(r, "s.yaml:5:12: error: no workloads: a scenario needs at least one workload"));
  }
}

TEST_CASE("missing name and duration", "[loader][errors]") {
  const auto r = load("nodes:\n  api: {service_time: 1ms}\nworkloads:\n  - {name: w, call: api, rate: 10/s}\n");
  CHECK(has_error(r, "s.yaml:1:1: error: missing field 'name'"));
  CHECK(has_error(r, "s.yaml:1:1: error: missing field 'duration' (e.g. duration: 10m)"));
}

TEST_CASE("warmup: auto is read as a flag with no fixed warmup", "[loader]") {
  const auto r = load("name: t\nduration: 1m\nwarmup: auto\nnodes:\n  api: {service_time: 1ms}\n"
                      "workloads:\n  - {name: w, call: api, rate: 1/s}\n");
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  CHECK(r.scenario->warmup_auto);
  CHECK(r.scenario->warmup == Duration{});
  const auto fixed = load("name: t\nduration: 1m\nwarmup: 5s\nnodes:\n  api: {service_time: 1ms}\n"
                          "workloads:\n  - {name: w, call: api, rate: 1/s}\n");
  REQUIRE(fixed.scenario);
  CHECK_FALSE(fixed.scenario->warmup_auto);
  const auto typo = load("name: t\nduration: 1m\nwarmup: automatic\nnodes:\n  api: {service_time: 1ms}\n"
                         "workloads:\n  - {name: w, call: api, rate: 1/s}\n");
  CHECK_FALSE(typo.scenario);
}

TEST_CASE("a duration of zero and a warmup not below it", "[loader][errors]") {
  SECTION("zero") {
    const auto r = load("name: t\nduration: 0s\nnodes:\n  api: {service_time: 1ms}\n"
                        "workloads:\n  - {name: w, call: api, rate: 10/s}\n");
    CHECK(has_error(r, "s.yaml:2:11: error: 'duration' must be greater than 0, not '0s'"));
  }
  SECTION("warmup") {
    const auto r = load("name: t\nduration: 1m\nwarmup: 60s\nnodes:\n  api: {service_time: 1ms}\n"
                        "workloads:\n  - {name: w, call: api, rate: 10/s}\n");
    CHECK(has_error(r, "s.yaml:3:9: error: 'warmup' (1m) must be below 'duration' (1m)"));
  }
}

TEST_CASE("two workloads of one name, and a workload named like a node", "[loader][errors]") {
  const auto r = load("name: t\nduration: 10s\nnodes:\n  api: {service_time: 1ms}\n"
                      "workloads:\n  - {name: w, call: api, rate: 10/s}\n  - {name: w, call: api, rate: 1/s}\n"
                      "  - {name: api, call: api, users: 1}\n");
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:7:12: error: duplicate workload 'w' (first at line 6)"));
  CHECK(has_error(r,
                  "s.yaml:8:12: error: workload 'api' has the same name as a node (line 4); workloads and "
                  "nodes share one namespace"));
}

TEST_CASE("node names", "[loader][errors]") {
  const auto r = load(with_node("  Auth: {service_time: 1ms}\n  client: {service_time: 1ms}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r,
                  "s.yaml:5:3: error: node name 'Auth' must match [a-z][a-z0-9_-]* (lower case letters, digits, "
                  "'_' and '-')"));
  CHECK(has_error(r, "s.yaml:6:3: error: 'client' is reserved for the outside world; give the node another name"));
}

TEST_CASE("a cache below 100% hits needs an origin", "[loader][errors]") {
  const auto r = load(with_node("  cdn:\n    kind: cache\n    hit_ratio: 95%\n"));
  CHECK(has_error(r, "s.yaml:7:5: error: cache 'cdn' has hit_ratio below 100% but no 'origin' to call on a miss"));
}

TEST_CASE("duplicate keys are reported at the second one", "[loader][errors]") {
  const auto r = load(with_node("  auth:\n    instances: 2\n    service_time: 1ms\n    instances: 3\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:8:5: error: duplicate key 'instances' (first at line 6)"));
  CHECK(r.errors.size() == 1);
}

TEST_CASE("malformed YAML is reported at yaml-cpp's mark", "[loader][errors]") {
  const auto r = load("name: t\nduration: 10s\nnodes: {a: b: c}\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 3);
  CHECK(r.errors[0].message.rfind("malformed YAML: ", 0) == 0);
}

TEST_CASE("an empty file and a top level that is not a map", "[loader][errors]") {
  CHECK(has_error(load(""),
                  "s.yaml: error: the scenario is empty; it needs at least 'name', 'duration', 'nodes' and "
                  "'workloads'"));
  CHECK(has_error(load("# only a comment\n"),
                  "s.yaml: error: the scenario is empty; it needs at least 'name', 'duration', 'nodes' and "
                  "'workloads'"));
  CHECK(has_error(load("- a\n- b\n"),
                  "s.yaml:1:1: error: the top level must be a map of fields (name, duration, nodes, workloads…), "
                  "not a list"));
  CHECK_FALSE(load("just text").scenario);
}

TEST_CASE("zero, negative and absurd numbers", "[loader][errors]") {
  const auto r = load(
      "name: t\nseed: -1\nduration: 10s\nnodes:\n"
      "  a: {instances: 0, service_time: 1ms}\n"
      "  b: {instances: 1e300, service_time: 1ms}\n"
      "  c: {concurrency: 0, service_time: 1ms}\n"
      "  d: {queue: -1, service_time: 1ms}\n"
      "  e: {endpoints: {x: {steps: [{call: a, repeat: 1000000}]}}}\n"
      "workloads:\n  - {name: w, call: a, users: 0}\n");
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:2:7: error: 'seed' must be a whole number from 0 to 9007199254740991, not '-1'"));
  CHECK(has_error(r, "s.yaml:5:18: error: 'instances' must be a whole number from 1 to 100000, not '0'"));
  CHECK(has_error(r, "s.yaml:6:18: error: 'instances' must be a whole number from 1 to 100000, not '1e300'"));
  CHECK(has_error(r,
                  "s.yaml:7:20: error: 'concurrency' must be a whole number from 1 to 1000000 or 'unlimited', "
                  "not '0'"));
  CHECK(has_error(r,
                  "s.yaml:8:14: error: 'queue' must be a whole number from 0 to 1000000000 or 'unlimited', not "
                  "'-1'"));
  CHECK(has_error(r, "s.yaml:9:49: error: 'repeat' must be a whole number from 1 to 1000, not '1000000'"));
  CHECK(has_error(r, "s.yaml:11:31: error: 'users' must be a whole number from 1 to 1000000, not '0'"));
  CHECK(r.errors.size() == 7);
}

TEST_CASE("several errors in one file are all reported, sorted by position", "[loader][errors]") {
  const auto r = load(
      "name: t\nduration: 10s\nnodes:\n"
      "  api: {kind: servce, service_time: 1ms}\n"
      "  db: {service_time: 5}\n"
      "workloads:\n  - {name: w, call: apii, rate: 10/s}\n  - {name: v, call: db, rate: 10}\n"
      "slo:\n  - \"w p99 < 3\"\n");
  INFO(all_errors(r));
  REQUIRE(r.errors.size() == 5);
  CHECK(r.errors[0].format() ==
        "s.yaml:4:15: error: unknown kind 'servce' (did you mean 'service'?); expected one of: service, "
        "api_gateway, load_balancer, cache, storage, database");
  CHECK(r.errors[1].format() == "s.yaml:5:22: error: '5' needs a unit, e.g. '5ms'");
  CHECK(r.errors[2].format() == "s.yaml:7:21: error: call to 'apii': no node 'apii' (did you mean 'api'?)");
  CHECK(r.errors[3].format() == "s.yaml:8:31: error: '10' needs a unit, e.g. '10/s'");
  CHECK(r.errors[4].format() == "s.yaml:10:5: error: objective 'w p99 < 3': '3' needs a unit, e.g. '3ms'");
}

TEST_CASE("keys that were once gated as not supported yet are all read now", "[loader][errors][gate]") {
  // Each key the loader once refused as not supported yet now loads.
  const auto r = load(
      "name: t\nduration: 10s\nwarmup: auto\nreplications: 3\n"
      "nodes:\n"
      "  api:\n    service_time: 1ms\n    balancing: ring_hash\n    autoscaling: {max: 4, target_utilization: 70%}\n"
      "  cdn:\n    kind: cache\n    origin: api\n    capacity: 100\n    eviction: lfu\n    ttl: 1m\n"
      "    prewarm: true\n"
      "workloads:\n  - {name: w, call: api, rate: 10/s, catalog: {items: 10}}\n"
      "  - {name: v, call: cdn, arrivals: {mmpp: [{rate: 1/s, mean_sojourn: 1s}]}, catalog: {items: 10}}\n");
  INFO(all_errors(r));
  CHECK(all_errors(r).find("warmup") == std::string::npos);        // shipped: warmup: auto is read
  CHECK(all_errors(r).find("replications") == std::string::npos);  // shipped: replications: 3 is read
  // shipped: autoscaling, mmpp, trace, caches with capacity, ring_hash and catalogs
  for (const char* key : {"autoscaling", "mmpp", "ring_hash", "capacity", "eviction", "ttl", "prewarm", "catalog"})
    CHECK(all_errors(r).find(key) == std::string::npos);
  CHECK(r.errors.empty());
}

TEST_CASE("a cache without hit_ratio or capacity is told about both", "[loader][errors][cache]") {
  const auto r = load(with_node("  cdn: {kind: cache, origin: api}\n"));
  CHECK(has_error(r, "s.yaml:5:3: error: missing field 'hit_ratio' (the fraction of lookups that hit, e.g. 95%) or "
                     "'capacity' (the items each instance keeps, e.g. 20000)"));
}

TEST_CASE("distribution parameters are validated", "[loader][errors][distribution]") {
  const auto r = load(std::string(kMinimal) +
                      "network:\n  links:\n"
                      "    - {from: client, to: api, latency: {dist: exponential, mean: 0s}}\n"
                      "    - {from: api, to: client, latency: {dist: uniform, min: 3ms, max: 2ms}}\n"
                      "    - {from: client, to: client, latency: {dist: lognormal, median: 5ms, p99: 5ms}}\n"
                      "    - {from: api, to: api, latency: {dist: pareto, scale: 1ms, shape: 1}}\n"
                      "    - {from: client, to: apii, latency: {dist: empirical, percentiles: {p50: 2ms, p100: 1ms}}}\n"
                      "    - {from: api, to: apiii, latency: {dist: expnential, mean: 1ms}}\n");
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:9:66: error: 'mean' must be greater than 0, not '0s'"));
  CHECK(has_error(r, "s.yaml:10:71: error: 'max' (2ms) must not be below 'min' (3ms)"));
  CHECK(has_error(r, "s.yaml:11:79: error: 'p99' (5ms) must be above 'median' (5ms)"));
  CHECK(has_error(r,
                  "s.yaml:12:71: error: 'shape' must be greater than 1 (a finite mean needs shape > 1), not '1'"));
  CHECK(has_error(r,
                  "s.yaml:13:89: error: 'p100' (1ms) is below 'p50' (2ms); percentile values must not decrease"));
  CHECK(has_error(r, "s.yaml:13:26: error: link end 'apii': no node 'apii' (did you mean 'api'?); links join nodes or 'client'"));
  CHECK(has_error(r,
                  "s.yaml:14:46: error: unknown dist 'expnential' (did you mean 'exponential'?); expected one of: "
                  "constant, exponential, uniform, normal, lognormal, gamma, pareto, weibull, empirical, mixture"));
}

TEST_CASE("lognormal takes exactly one pair", "[loader][errors][distribution]") {
  const auto r = load(with_node("  a: {service_time: {dist: lognormal, median: 1ms, stddev: 1ms}}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:5:21: error: lognormal takes 'median' and 'p99', or 'mean' and 'stddev', not both"));
}

TEST_CASE("step shapes", "[loader][errors][steps]") {
  const auto r = load(with_node(
      "  a:\n    endpoints:\n"
      "      x: {steps: [{work: 1ms, call: api}]}\n"
      "      y: {steps: [{cal: api}]}\n"
      "      z: {steps: [{parallel: [api, api], wait: 3}]}\n"
      "      v: {steps: []}\n"
      "      u: {steps: [{choose: [{weight: 0, call: api}]}]}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:7:31: error: a step has one action, but 'work' and 'call' are both here; write them "
                     "as two steps"));
  CHECK(has_error(r, "s.yaml:8:20: error: unknown field 'cal' (did you mean 'call'?)"));
  CHECK(has_error(r, "s.yaml:9:48: error: 'wait' must be 'all', 'any' or a number from 1 to 2 (the number of "
                     "calls), not '3'"));
  CHECK(has_error(r, "s.yaml:10:18: error: 'steps' needs at least one step"));
  CHECK(has_error(r, "s.yaml:11:38: error: 'weight' must be a positive number or a percentage, not '0'"));
}

TEST_CASE("workload shapes", "[loader][errors][workload]") {
  const auto r = load(
      "name: t\nduration: 10s\nnodes:\n  api: {service_time: 1ms}\nworkloads:\n"
      "  - {name: a, call: api}\n"
      "  - {name: b, call: api, rate: 1/s, users: 3}\n"
      "  - {name: c, call: api, rate: 0/s}\n"
      "  - {name: d, call: api, rate: 1/s, schedule: [{at: 2s, rate: 2/s}, {at: 1s, rate: 1/s}]}\n"
      "  - {name: e, call: api, arrivals: poison, rate: 1/s}\n");
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:6:5: error: workload 'a' needs 'rate' (an open workload) or 'users' (a closed one)"));
  CHECK(has_error(r, "s.yaml:7:37: error: workload 'b' is open ('rate', 'arrivals', 'schedule') or closed "
                     "('users', 'think_time'), not both"));
  CHECK(has_error(r, "s.yaml:8:32: error: 'rate' must be greater than 0, not '0/s'"));
  CHECK(has_error(r, "s.yaml:9:74: error: 'at' (1s) must come after the previous change (2s)"));
  CHECK(has_error(r, "s.yaml:10:36: error: unknown arrivals 'poison' (did you mean 'poisson'?); expected one of: "
                     "poisson, constant"));
}

TEST_CASE("objectives", "[loader][errors][slo]") {
  const auto r = load(std::string(kMinimal) +
                      "slo:\n"
                      "  - \"w p99.9 <= 1s\"\n"
                      "  - \"ww p99 < 1s\"\n"
                      "  - \"w p99x < 1s\"\n"
                      "  - \"w p99 = 1s\"\n"
                      "  - \"w utilization < 50%\"\n"
                      "  - \"api queue_max < 10\"\n"
                      "  - \"w p99\"\n");
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:9:5: error: objective 'ww p99 < 1s': no workload or node 'ww' (did you mean 'w'?)"));
  CHECK(all_errors(r).find("s.yaml:10:5: error: objective 'w p99x < 1s': unknown metric 'p99x' (did you mean 'p99'?)") !=
        std::string::npos);
  CHECK(has_error(r, "s.yaml:11:5: error: objective 'w p99 = 1s': unknown operator '='; expected one of <, <=, >, >="));
  CHECK(has_error(r, "s.yaml:12:5: error: objective 'w utilization < 50%': 'utilization' is measured on nodes, "
                     "and 'w' is a workload"));
  CHECK(has_error(r, "s.yaml:14:5: error: objective 'w p99' must be '<subject> <metric> <op> <value>', e.g. "
                     "'play p99 < 300ms'"));
  CHECK(r.errors.size() == 5);
}

TEST_CASE("a node of unlimited concurrency has busy_mean, not utilization, in objectives", "[loader][errors][slo]") {
  const auto r = load(
      "name: t\nduration: 10s\nnodes:\n  cdn: {concurrency: unlimited, service_time: 1ms}\n"
      "workloads:\n  - {name: w, call: cdn, rate: 10/s}\n"
      "slo:\n  - \"cdn utilization < 50%\"\n  - \"cdn busy_mean < 40\"\n");
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:8:5: error: objective 'cdn utilization < 50%': 'cdn' has concurrency: unlimited, so "
                     "it has no utilization (a fraction of its workers); use busy_mean, the mean number of busy "
                     "workers, e.g. 'cdn busy_mean < 40'"));
  CHECK(r.errors.size() == 1);
}

TEST_CASE("node kind rules", "[loader][errors]") {
  const auto r = load(with_node(
      "  a: {kind: service}\n"
      "  b: {target: api, service_time: 1ms}\n"
      "  c: {kind: cache, hit_ratio: 1, endpoints: {x: {steps: [{work: 1ms}]}}}\n"
      "  d: {kind: load_balancer, target: api, endpoints: {x: {steps: [{work: 1ms}]}}}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:5:3: error: service 'a' needs 'service_time' or 'endpoints'"));
  CHECK(has_error(r, "s.yaml:6:7: error: 'target' is only for load_balancer nodes"));
  CHECK(has_error(r, "s.yaml:7:34: error: a cache has only its default endpoint; give it 'service_time' and 'origin'"));
  CHECK(has_error(r, "s.yaml:8:41: error: a load_balancer has no endpoints of its own; it forwards every call to its "
                     "'target'"));
}

TEST_CASE("Diagnostic::format with and without a position", "[loader]") {
  CHECK(Diagnostic{"a.yaml", 3, 5, "boom"}.format() == "a.yaml:3:5: error: boom");
  CHECK(Diagnostic{"a.yaml", 0, 0, "boom"}.format() == "a.yaml: error: boom");
}

TEST_CASE("chains and circles of load balancers", "[loader][calls]") {
  SECTION("a chain forwards to the server at its end") {
    const auto r = load(
        "name: t\nduration: 10s\nnodes:\n"
        "  edge: {kind: load_balancer, target: inner}\n"
        "  inner: {kind: load_balancer, target: api}\n"
        "  api:\n    endpoints:\n      x: {steps: [{work: 1ms}]}\n      y: {steps: [{work: 1ms}]}\n"
        "workloads:\n  - {name: a, call: edge.x, rate: 1/s}\n  - {name: b, call: edge.z, rate: 1/s}\n");
    INFO(all_errors(r));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].format() ==
          "s.yaml:12:21: error: call to 'edge.z': load balancer 'edge' forwards to 'api', which has no endpoint "
          "'z' (did you mean 'x'?) and no default endpoint");
  }
  SECTION("balancers forwarding in a circle") {
    const auto r = load(with_node("  l1: {kind: load_balancer, target: l2}\n  l2: {kind: load_balancer, target: l1}\n"
                                  "  gw: {endpoints: {a: {steps: [{call: l1.x}]}}}\n"));
    INFO(all_errors(r));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message == "load balancers forward in a circle: l1 -> l2 -> l1");
    CHECK(r.errors[0].line == 6);
  }
  SECTION("a long chain needs no deep recursion") {
    std::string text = "name: t\nduration: 10s\nnodes:\n";
    const int n = 10000;
    for (int i = 0; i < n; ++i) {
      text += "  l" + std::to_string(i) + ": {kind: load_balancer, target: l" + std::to_string(i + 1) + "}\n";
    }
    text += "  l" + std::to_string(n) + ": {service_time: 1ms}\n";
    text += "workloads: [{name: w, call: l0.x, rate: 1/s}]\n";
    const auto r = load(text);
    INFO(all_errors(r));
    CHECK(r.scenario);
  }
}

TEST_CASE("anchors, aliases and merge keys", "[loader]") {
  const auto r = load(
      "name: t\nduration: 10s\nnodes:\n"
      "  api: &svc {instances: 3, service_time: 1ms}\n"
      "  b: *svc\n"
      "  c:\n    <<: *svc\n    instances: 5\n"
      "workloads:\n  - {name: w, call: api, rate: 10/s}\n");
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  CHECK(r.scenario->nodes[1].instances == 3);
  CHECK(r.scenario->nodes[2].instances == 5);  // explicit keys win over merged ones
  REQUIRE(r.scenario->nodes[2].service_time);

  SECTION("an error in aliased text is reported once") {
    const auto bad = load(
        "name: t\nduration: 10s\nnodes:\n"
        "  api: &svc {instances: 0, service_time: 1ms}\n"
        "  b: *svc\n"
        "workloads:\n  - {name: w, call: api, rate: 10/s}\n");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].format() == "s.yaml:4:25: error: 'instances' must be a whole number from 1 to 100000, not '0'");
  }
}

TEST_CASE("a parallel step with more calls than the engine can track is an error", "[loader]") {
  std::string calls;
  for (int i = 0; i < svcsim::kMaxParallelCalls + 1; ++i) calls += (i ? ", " : "") + std::string("b");
  const std::string text = "name: p\nduration: 1s\nnodes:\n  b: {service_time: 1ms}\n"
                           "  a:\n    endpoints:\n      get:\n        steps:\n          - parallel: [" +
                           calls + "]\nworkloads:\n  - {name: w, call: a.get, rate: 1/s}\n";
  const svcsim::LoadResult r = svcsim::load_scenario_text(text, "s.yaml");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format().find("s.yaml:9:23: error: 'parallel' has 65 calls; at most 64 are allowed") == 0);
}

TEST_CASE("repeat on a parallel entry is refused, not ignored", "[loader]") {
  const std::string text = "name: p\nduration: 1s\nnodes:\n  b: {service_time: 1ms}\n"
                           "  a:\n    endpoints:\n      get:\n        steps:\n"
                           "          - parallel: [{call: b, repeat: 3}, b]\n"
                           "workloads:\n  - {name: w, call: a.get, rate: 1/s}\n";
  const svcsim::LoadResult r = svcsim::load_scenario_text(text, "s.yaml");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format().find("s.yaml:9:42: error: 'repeat' inside 'parallel' is not supported yet") == 0);
  // repeat: 1 says nothing new and stays valid.
  std::string one = text;
  one.replace(one.find("repeat: 3"), 9, "repeat: 1");
  CHECK(svcsim::load_scenario_text(one, "s.yaml").errors.empty());
}
