// The results file's resilience and tail figures (SPEC 6): per node the
// retries, hedges and timeouts of the calls it makes and its breakers'
// timelines, the run's amplification, and each workload's tail attribution,
// from small exact scenarios (the figures are worked out in the comments) and
// from hand-built Results; and their lines in the terminal report.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "support/resilience_scenarios.hpp"
#include "support/scenario_builder.hpp"
#include "svcsim/replicated_results.hpp"
#include "svcsim/report.hpp"
#include "svcsim/simulation.hpp"

namespace json = boost::json;
using namespace svcsim;
using namespace svcsim::test;

namespace {

double number(const json::value& v) { return v.to_number<double>(); }

}  // namespace

TEST_CASE("JSON: retries, timeouts and amplification of a per-try-timeout scenario", "[report][json][resilience]") {
  const Results r = simulate(per_try_scenario(10, ms(100)));
  REQUIRE(r.workloads[0].requests == 19);
  const json::value doc = json::parse(results_to_json(r));
  const auto& front = doc.at("nodes").at("front").as_object();
  CHECK(front.at("retries").to_number<int>() == 2 * 19);
  CHECK(front.at("hedges").to_number<int>() == 0);
  CHECK(front.at("timeouts").to_number<int>() == 3 * 19);
  CHECK_FALSE(front.contains("breakers"));
  const auto& backend = doc.at("nodes").at("backend").as_object();
  CHECK(backend.at("retries").to_number<int>() == 0);  // it calls nobody
  CHECK(backend.at("timeouts").to_number<int>() == 0);
  // First tries: 19 entry calls + 19 calls to backend; all tries add 2 retries each.
  CHECK(number(doc.at("run").at("amplification")) == Approx((38.0 + 38.0) / 38.0).epsilon(1e-12));
  // Every request failed: nothing to attribute.
  CHECK(doc.at("workloads").at("req").at("attribution").is_null());
}

TEST_CASE("JSON: a node's breaker timeline as [time_s, state]", "[report][json][resilience]") {
  const Results r = simulate(breaker_scenario());
  const json::value doc = json::parse(results_to_json(r));
  const auto& breakers = doc.at("nodes").at("front").at("breakers").as_array();
  REQUIRE(breakers.size() == 1);
  CHECK(breakers[0].at("callee").as_string() == "backend");
  const auto& changes = breakers[0].at("changes").as_array();
  const std::vector<std::pair<double, std::string>> expected = {
      {2.49, "open"}, {4.49, "half_open"}, {4.53, "open"}, {6.53, "half_open"}, {6.571, "closed"}};
  REQUIRE(changes.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(number(changes[i].at(0)) == Approx(expected[i].first).margin(1e-9));
    CHECK(changes[i].at(1).as_string() == expected[i].second);
  }
  CHECK_FALSE(doc.at("nodes").at("backend").as_object().contains("breakers"));

  // Over replications each one's timeline, in replication order.
  ReplicatedResults rr;
  rr.runs = {r, r};
  const json::value two = json::parse(results_to_json(rr));
  const auto& b = two.at("nodes").at("front").at("breakers").at(0).as_object();
  CHECK_FALSE(b.contains("changes"));
  REQUIRE(b.at("changes_by_replication").as_array().size() == 2);
  CHECK(b.at("changes_by_replication").at(1).as_array().size() == expected.size());
  CHECK(number(two.at("run").at("amplification")) == 1.0);  // no retries: one try per call
  CHECK(two.at("run").as_object().contains("amplification_ci95"));
}

TEST_CASE("JSON: attribution of a hand-built tail", "[report][json][attribution]") {
  // 100 requests of 1..100 ms: the p99 is in the bucket of 99 ms, which holds
  // only 99 ms (buckets are 0.5 ms wide there), so the tail is 99 and 100 ms.
  Results r;
  r.scenario_name = "hand";
  r.measured_s = 1;
  WorkloadResult w;
  w.name = "req";
  w.requests = w.succeeded = 100;
  w.tail.nodes = 2;
  for (int ms = 1; ms <= 100; ++ms) {
    const Duration d = Duration::from_ms(ms);
    w.latency.record(d);
    std::int64_t* sums = w.tail.slot(LatencyHistogram::index_of(d.ns));
    sums[TailBreakdown::kLatency] += d.ns;
    if (ms < 99) {  // below the tail: all network, which must not show
      sums[TailBreakdown::kNetwork] += d.ns;
      continue;
    }
    // a quarter network, a quarter db queue, half db service
    sums[TailBreakdown::kNetwork] += d.ns / 4;
    sums[TailBreakdown::node_base(1) + TailBreakdown::kQueue] += d.ns / 4;
    sums[TailBreakdown::node_base(1) + TailBreakdown::kService] += d.ns / 2;
  }
  r.workloads.push_back(w);
  for (const char* name : {"api", "db"}) {
    NodeResult n;
    n.name = name;
    n.instances = 1;
    r.nodes.push_back(n);
  }
  const json::value doc = json::parse(results_to_json(r));
  const auto& a = doc.at("workloads").at("req").at("attribution").as_object();
  CHECK(number(a.at("threshold_ms")) == Approx(99).epsilon(1.0 / 256));
  CHECK(a.at("requests").to_number<int>() == 2);
  CHECK(number(a.at("network")) == 0.25);
  const auto& nodes = a.at("nodes").as_object();
  CHECK(nodes.size() == 1);  // api had no time
  CHECK(number(nodes.at("db").at("queue")) == 0.25);
  CHECK(number(nodes.at("db").at("service")) == 0.5);
  CHECK(number(nodes.at("db").at("failed_tries")) == 0);

  std::ostringstream out;
  print_terminal_report(out, r);
  const std::string text = out.str();
  CHECK(text.find("tail (slower than p99)") != std::string::npos);
  // Largest part first: db service, then network and db queue (a tie, in that order).
  const auto service = text.find("db service");
  const auto network = text.find("network", text.find("tail (slower"));
  const auto queue = text.find("db queue");
  REQUIRE(service != std::string::npos);
  CHECK(service < network);
  CHECK(network < queue);
}

TEST_CASE("terminal: retries and amplification show only when something was retried", "[report][terminal]") {
  std::ostringstream retried;
  print_terminal_report(retried, simulate(per_try_scenario(10, ms(100))));
  CAPTURE(retried.str());
  CHECK(retried.str().find("amplification: 2.000 tries per first try") != std::string::npos);
  CHECK(retried.str().find("timeouts") != std::string::npos);

  Scenario calm = scenario("calm", sec(1));
  calm.nodes.push_back(service("server", Distribution::constant(ms(1))));
  calm.workloads.push_back(open_workload("req", "server", 10, ArrivalProcess::constant));
  std::ostringstream plain;
  print_terminal_report(plain, simulate(calm));
  CHECK(plain.str().find("amplification") == std::string::npos);
  CHECK(plain.str().find("tail (slower than p99)") != std::string::npos);
}
