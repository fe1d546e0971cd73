// The per-endpoint latency observer calibrate runs with: each call timed at
// the node it reaches, per `node.endpoint`, over the measured window only.
#include <catch2/catch.hpp>

#include "support/scenario_builder.hpp"
#include "svcsim/simulation.hpp"
#include "trace/endpoint_latencies.hpp"

using namespace svcsim;
using namespace svcsim::test;

TEST_CASE("endpoint latencies: two endpoints of one node are timed apart", "[trace][calibrate]") {
  Scenario s = scenario("two-endpoints", sec(10), sec(1));
  Node api = steps_node("api", "fast", {work(Distribution::constant(ms(1)))});
  api.endpoints.push_back(Endpoint{"slow", {work(Distribution::constant(ms(10)))}, {}, {}});
  s.nodes.push_back(api);
  s.workloads.push_back(open_workload("f", "api.fast", 50, ArrivalProcess::constant));
  s.workloads.push_back(open_workload("s", "api.slow", 20, ArrivalProcess::constant));
  trace::EndpointLatencies observer(s.warmup.ns);
  RunOptions options;
  options.observer = &observer;
  const Results r = simulate(s, options);
  const auto& by = observer.by_endpoint();
  REQUIRE(by.count("api.fast") == 1);
  REQUIRE(by.count("api.slow") == 1);
  // Unlimited concurrency, no network: each call takes exactly its work.
  CHECK(by.at("api.fast").min_ns() == ms(1).ns);
  CHECK(by.at("api.fast").max_ns() == ms(1).ns);
  CHECK(by.at("api.slow").min_ns() == ms(10).ns);
  // The measured window only: the node's own count, split between the two.
  CHECK(by.at("api.fast").count() + by.at("api.slow").count() == find_node(r, "api").latency.count());
  CHECK(by.at("api.slow").count() == r.workloads[1].succeeded);
}
