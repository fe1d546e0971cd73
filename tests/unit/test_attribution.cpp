// Tail attribution (SPEC 6): on small C++-built scenarios whose critical
// paths are known exactly (constant times, arrivals spaced so nothing queues
// unless the test wants it), the shares of the requests slower than the p99
// are checked against the fractions worked out by hand; with random times,
// against what queueing theory says dominates. Shares must add up to 1: the
// engine's accounting is in integer nanoseconds, so any time lost or counted
// twice (a blocking caller's worker held during a call, say) would show.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/breakdown_pool.hpp"
#include "support/resilience_scenarios.hpp"
#include "support/scenario_builder.hpp"
#include "svcsim/simulation.hpp"
#include "svcsim/tail_attribution.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

TailAttribution attribution_of(const Results& r, std::size_t workload = 0) {
  const auto a = tail_attribution(std::span<const Results>(&r, 1), workload);
  REQUIRE(a);
  return *a;
}

/// The shares of node `name` (all zero when the node had no time in the tail).
TailAttribution::NodeShare shares_of(const TailAttribution& a, const Results& r, const std::string& name) {
  for (const TailAttribution::NodeShare& n : a.nodes)
    if (r.nodes[n.node].name == name) return n;
  return TailAttribution::NodeShare{};
}

/// Over every bucket of `tail` (all requests, not only the slow ones): the
/// sum of the latencies and the sum of all the parts they were split into.
std::pair<std::int64_t, std::int64_t> latency_and_parts(const TailBreakdown& tail) {
  std::int64_t latency = 0, parts = 0;
  for (std::size_t k = 0; k < tail.bucket_of_slot.size(); ++k) {
    const std::int64_t* sums = tail.sums.data() + k * tail.stride();
    latency += sums[TailBreakdown::kLatency];
    for (std::size_t i = TailBreakdown::kNetwork; i < tail.stride(); ++i) parts += sums[i];
  }
  return {latency, parts};
}

Link link(std::string from, std::string to, Duration latency) {
  return Link{std::move(from), std::move(to), Distribution::constant(latency), {}};
}

}  // namespace

TEST_CASE("attribution: constant network and work give exact shares", "[attribution]") {
  // client -5ms-> front (1 ms work) -3ms-> back (2 ms work) -3ms-> front -5ms-> client:
  // 19 ms, of which 16 on the network. Arrivals every 100 ms: nothing queues.
  Scenario s = scenario("network", sec(2));
  s.nodes.push_back(steps_node("front", "get", {work(Distribution::constant(ms(1))), call("back")}, 1));
  s.nodes.push_back(service("back", Distribution::constant(ms(2))));
  s.network.links = {link("client", "front", ms(5)), link("front", "client", ms(5)), link("front", "back", ms(3)),
                     link("back", "front", ms(3))};
  s.workloads.push_back(open_workload("req", "front.get", 10, ArrivalProcess::constant));
  const Results r = simulate(s);
  REQUIRE(r.workloads[0].succeeded == 19);
  REQUIRE(r.workloads[0].latency.max_ns() == 19'000'000);
  REQUIRE(r.workloads[0].latency.min_ns() == 19'000'000);
  const TailAttribution a = attribution_of(r);
  CHECK(a.requests == 19);  // all in the p99's bucket
  CHECK(a.threshold_ms == Approx(19.0).epsilon(1e-12));
  CHECK(a.latency_ms_sum == Approx(19 * 19.0).epsilon(1e-12));
  CHECK(a.network == Approx(16.0 / 19).epsilon(1e-12));
  CHECK(shares_of(a, r, "front").service == Approx(1.0 / 19).epsilon(1e-12));
  CHECK(shares_of(a, r, "back").service == Approx(2.0 / 19).epsilon(1e-12));
  CHECK(shares_of(a, r, "front").queue == 0);
  CHECK(shares_of(a, r, "back").queue == 0);
  CHECK(a.total() == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("attribution: random network latency alone is all of the time", "[attribution]") {
  // Nodes with no work, exponential links: every nanosecond is network.
  Scenario s = scenario("network-only", sec(20));
  s.nodes.push_back(steps_node("front", "get", {call("back")}));
  s.nodes.push_back(steps_node("back", "get", {}));
  s.network.latency = Distribution::exponential(ms(2));
  s.workloads.push_back(open_workload("req", "front.get", 200));
  const Results r = simulate(s);
  const TailAttribution a = attribution_of(r);
  CHECK(a.requests > 0);
  CHECK(a.network == 1.0);
  CHECK(a.nodes.empty());
}

TEST_CASE("attribution: in a tandem the slow station makes the tail", "[attribution]") {
  // a (async, 1 worker, exponential 1 ms) then b (1 worker, exponential 8 ms),
  // Poisson 100/s: rho_a = 0.1, rho_b = 0.8. The sojourn at b is exponential
  // with mean 8 / (1 - 0.8) = 40 ms (p99 = 184 ms) against 1 / (1 - 0.1) = 1.1 ms
  // at a, so b holds almost all the tail; and in the tail of an M/M/1 the
  // service part of a sojourn t is about 1/lambda = 10 ms (the rest queueing),
  // so b's queue outweighs its service. 20,000 requests give ~200 in the tail:
  // the margins (b > 0.95, a < 0.05) are far from the ~0.99 expected.
  Scenario s = scenario("tandem", sec(200), sec(10));
  Node a = steps_node("a", "get", {work(Distribution::exponential(ms(1))), call("b")}, 1);
  a.threading = Threading::async;
  s.nodes.push_back(a);
  s.nodes.push_back(service("b", Distribution::exponential(ms(8))));
  s.workloads.push_back(open_workload("req", "a.get", 100));
  const Results r = simulate(s);
  const TailAttribution t = attribution_of(r);
  CHECK(t.requests >= 150);
  const auto sa = shares_of(t, r, "a");
  const auto sb = shares_of(t, r, "b");
  CHECK(sb.queue + sb.service > 0.95);
  CHECK(sa.queue + sa.service < 0.05);
  CHECK(sb.queue > sb.service);
  CHECK(t.network == 0);
  CHECK(t.total() == Approx(1.0).epsilon(1e-12));
  // Every request (not only the tail) adds up too: the bucket sums as a whole.
  const auto [latency, parts] = latency_and_parts(r.workloads[0].tail);
  CHECK(parts == latency);
  CHECK(static_cast<double>(latency) ==
        Approx(r.workloads[0].latency.mean_ns() * static_cast<double>(r.workloads[0].succeeded)));
}

TEST_CASE("attribution: a blocking caller's held worker is not counted twice", "[attribution]") {
  // front: blocking, 1 worker, no work of its own, calls back (10 ms). Arrivals
  // every 1/150 s: each request holds front's only worker for 10 ms, so request
  // k waits about 3.33 k ms in front's queue, then spends 10 ms at back. The
  // worker held during the call is back's time, not front's service.
  Scenario s = scenario("blocking", Duration::from_ms(200));
  s.nodes.push_back(steps_node("front", "get", {call("back")}, 1));
  s.nodes.push_back(service("back", Distribution::constant(ms(10)), 1, std::nullopt));
  s.workloads.push_back(open_workload("req", "front.get", 150, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.succeeded == w.requests);
  REQUIRE(w.requests >= 25);
  const TailAttribution a = attribution_of(r);
  // The slowest request alone lies in the p99's bucket (latencies are 3.33 ms
  // apart, buckets there 0.5 ms wide).
  CHECK(a.requests == 1);
  const double max_ms = static_cast<double>(w.latency.max_ns()) / 1e6;
  CHECK(shares_of(a, r, "back").service == Approx(10.0 / max_ms).epsilon(1e-12));
  CHECK(shares_of(a, r, "front").queue == Approx((max_ms - 10.0) / max_ms).epsilon(1e-12));
  CHECK(shares_of(a, r, "front").service == 0);
  CHECK(a.total() == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("attribution: a parallel step follows the branch that decided it", "[attribution]") {
  // front forks fast (2 ms) and slow (10 ms). wait: all ends with slow, wait:
  // any with fast; the other branch's time is off the critical path.
  for (const int wait_for : {2, 1}) {
    CAPTURE(wait_for);
    Scenario s = scenario("parallel", sec(1));
    ParallelStep p;
    p.calls = {call_to("fast"), call_to("slow")};
    p.wait_for = wait_for;
    s.nodes.push_back(steps_node("front", "get", {Step{p, {}}}));
    s.nodes.push_back(service("fast", Distribution::constant(ms(2)), 1, std::nullopt));
    s.nodes.push_back(service("slow", Distribution::constant(ms(10)), 1, std::nullopt));
    s.workloads.push_back(open_workload("req", "front.get", 10, ArrivalProcess::constant));
    const Results r = simulate(s);
    const TailAttribution a = attribution_of(r);
    CHECK(a.requests == r.workloads[0].succeeded);
    CHECK(shares_of(a, r, wait_for == 2 ? "slow" : "fast").service == 1.0);
    CHECK(shares_of(a, r, wait_for == 2 ? "fast" : "slow").service == 0);
    CHECK(a.total() == 1.0);
  }
}

TEST_CASE("attribution: retries and backoff count as the callee's failed tries", "[attribution]") {
  // front: 1 ms of work, then an optional call to a backend that always fails,
  // with 3 retries backing off 10, 20, 40 ms: 71 ms, 70 of them trying backend.
  // Failed requests are left out: without `optional` there is nothing to attribute.
  for (const bool optional : {true, false}) {
    CAPTURE(optional);
    const Results r = simulate(failing_backoff_scenario(optional));
    const auto a = tail_attribution(std::span<const Results>(&r, 1), 0);
    if (!optional) {
      CHECK_FALSE(a);
      continue;
    }
    REQUIRE(a);
    CHECK(a->requests == 19);
    CHECK(shares_of(*a, r, "front").service == Approx(1.0 / 71).epsilon(1e-12));
    CHECK(shares_of(*a, r, "backend").failed_tries == Approx(70.0 / 71).epsilon(1e-12));
    CHECK(a->total() == Approx(1.0).epsilon(1e-12));
  }
}

TEST_CASE("attribution: a winning hedge leaves the wait before it as failed tries", "[attribution]") {
  // The hedge scenario of test_resilience.cpp: half the requests hit a 100 ms
  // instance, are hedged after 20 ms to a 10 ms one and end at 30 ms; those
  // are the tail: 20 ms waiting on the slow try, 10 ms of the hedge's service.
  Scenario s = hedge_scenario();
  const Results r = simulate(s);
  const TailAttribution a = attribution_of(r);
  CHECK(a.requests == 100);
  // The p99 is its bucket's representative value: within 1/256 of 30 ms (histogram.hpp).
  CHECK(a.threshold_ms == Approx(30.0).epsilon(1.0 / 256));
  CHECK(shares_of(a, r, "backend").service == Approx(1.0 / 3).epsilon(1e-12));
  CHECK(shares_of(a, r, "backend").failed_tries == Approx(2.0 / 3).epsilon(1e-12));
}

TEST_CASE("attribution: replications merge their sums", "[attribution]") {
  Scenario s = scenario("merge", sec(20));
  s.nodes.push_back(service("server", Distribution::exponential(ms(5))));
  s.workloads.push_back(open_workload("req", "server", 100));
  const Results one = simulate(s);
  s.seed = 7;
  const Results other = simulate(s);
  const std::array<Results, 2> runs{one, other};
  const auto both = tail_attribution(runs, 0);
  REQUIRE(both);
  LatencyHistogram merged = one.workloads[0].latency;
  merged.merge(other.workloads[0].latency);
  CHECK(both->threshold_ms == merged.percentile_ns(99) / 1e6);
  // The same run twice: the same shares, twice the requests.
  const std::array<Results, 2> same{one, one};
  const auto twice = tail_attribution(same, 0);
  const TailAttribution single = attribution_of(one);
  REQUIRE(twice);
  CHECK(twice->requests == 2 * single.requests);
  CHECK(twice->nodes[0].queue == Approx(single.nodes[0].queue).epsilon(1e-12));
  CHECK(both->total() == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("attribution: work left running by a failed caller stays off the path", "[attribution]") {
  // gw calls front (optional), front calls back (50 ms), every link 5 ms. An
  // outage takes front down at 1 s: its tasks waiting on back fail, gw goes on
  // degraded, and back's work for them still runs, on no request's path.
  // Those requests' shares must still add up to exactly their latency.
  Scenario s = scenario("orphans", sec(2));
  CallSpec optional_front = call_to("front");
  optional_front.optional = true;
  s.nodes.push_back(steps_node("gw", "get", {call(optional_front)}));
  s.nodes.push_back(steps_node("front", "get", {call("back")}));
  s.nodes.push_back(service("back", Distribution::constant(ms(50)), 1, std::nullopt));
  s.network.latency = Distribution::constant(ms(5));
  s.faults.push_back(fault("down", FaultType::outage, "front", sec(1), ms(100)));
  s.workloads.push_back(open_workload("req", "gw.get", 50, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.degraded > 0);
  REQUIRE(w.succeeded == w.requests);
  const auto [latency, parts] = latency_and_parts(w.tail);
  CHECK(parts == latency);
  CHECK(attribution_of(r).total() == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("attribution: every request's parts add up to its latency with every mechanism at once", "[attribution]") {
  // An async gateway forks a (retried with a per-try timeout), b (hedged) and
  // c (optional, and c calls d while c's instances crash at random); waits
  // for 2 of 3; random network latency on every link. Whatever happened to a
  // request, its critical path must account for each of its nanoseconds.
  Scenario s = scenario("everything", sec(30), sec(1));
  CallSpec a = call_to("a");
  a.retry = retry_policy(2, retry_on_timeout | retry_on_error, exact_backoff(ms(2)), ms(20));
  a.timeout = ms(100);
  CallSpec b = call_to("b");
  b.hedge = HedgePolicy{ms(15), 1};
  CallSpec c = call_to("c");
  c.optional = true;
  ParallelStep p;
  p.calls = {a, b, c};
  p.wait_for = 2;
  Node gw = steps_node("gw", "get", {work(Distribution::exponential(ms(1))), Step{p, {}}}, 4);
  gw.threading = Threading::async;
  s.nodes.push_back(gw);
  s.nodes.push_back(service("a", Distribution::exponential(ms(10)), 1, 2));
  s.nodes.push_back(service("b", Distribution::exponential(ms(8)), 2, 1));
  s.nodes.push_back(steps_node("c", "get", {work(Distribution::exponential(ms(2))), call("d")}, 2));
  s.nodes.push_back(service("d", Distribution::exponential(ms(3)), 1, 4));
  Fault crash = fault("crash", FaultType::crash, "c", {});
  crash.mtbf = sec(2);
  crash.mttr = ms(200);
  s.faults.push_back(crash);
  s.network.latency = Distribution::exponential(ms(1));
  s.workloads.push_back(open_workload("req", "gw.get", 150));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.succeeded > 1000);
  REQUIRE(w.degraded > 0);
  REQUIRE(find_node(r, "gw").retries > 0);
  REQUIRE(find_node(r, "gw").hedges > 0);
  const auto [latency, parts] = latency_and_parts(w.tail);
  CHECK(parts == latency);
  const TailAttribution t = attribution_of(r);
  CHECK(t.total() == Approx(1.0).epsilon(1e-12));
  CHECK(t.network > 0);
}

namespace {

/// The same scenario with `count` nodes that nothing calls appended after its
/// own: their indices come last, so the others keep theirs.
Scenario padded(Scenario s, int count) {
  for (int k = 0; k < count; ++k) s.nodes.push_back(service("pad" + std::to_string(k), Distribution::constant(ms(1))));
  return s;
}

/// Every sum of `tail` as (bucket, index) -> ns, from either layout.
std::vector<std::array<std::int64_t, 3>> all_sums(const TailBreakdown& tail) {
  std::vector<std::array<std::int64_t, 3>> out;
  for (std::size_t k = 0; k < tail.bucket_of_slot.size(); ++k)
    for (std::size_t i = 0; i < tail.stride(); ++i)
      if (const std::int64_t v = tail.sums[k * tail.stride() + i]; v != 0) out.push_back({tail.bucket_of_slot[k], static_cast<std::int64_t>(i), v});
  for (const auto& [key, v] : tail.cells)
    out.push_back({static_cast<std::int64_t>(key >> 32), static_cast<std::int64_t>(key & 0xFFFFFFFFu), v});
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("attribution: many nodes keep only the sums used, with the same figures", "[attribution]") {
  // Above TailBreakdown::kDenseNodes nodes the sums are kept sparse (issue 14:
  // a dense row of a 50,000-node scenario is 1.2 MB per request in flight and
  // per latency bucket). Padding a scenario with nodes nothing calls must
  // change no sum and no share, through queueing, a parallel step, a timeout
  // with retries (isolated tries) and hedges.
  Scenario s = scenario("mixed", sec(20));
  CallSpec slow = call_to("slow");
  slow.timeout = ms(30);
  slow.retry = RetryPolicy{};
  slow.retry->max_retries = 1;
  s.nodes.push_back(steps_node("front", "get",
                               {work(Distribution::exponential(ms(1))), Step{ParallelStep{{call_to("a"), slow}}, {}},
                                call("b")},
                               4));
  s.nodes.push_back(service("a", Distribution::exponential(ms(2)), 1, 1));
  s.nodes.push_back(service("b", Distribution::exponential(ms(3)), 2, 1));
  s.nodes.push_back(service("slow", Distribution::exponential(ms(20)), 1, 2));
  s.network.latency = Distribution::exponential(ms(0.5));
  s.workloads.push_back(open_workload("req", "front.get", 150));
  for (const Scenario& base : {s, hedge_scenario()}) {
    const Results dense = simulate(base);
    const Results sparse = simulate(padded(base, static_cast<int>(TailBreakdown::kDenseNodes)));
    REQUIRE(dense.workloads[0].tail.dense());
    REQUIRE(!sparse.workloads[0].tail.dense());
    CHECK(sparse.workloads[0].tail.sums.empty());  // no dense row at all
    REQUIRE(dense.workloads[0].succeeded > 100);
    CHECK(sparse.workloads[0].succeeded == dense.workloads[0].succeeded);
    CHECK(all_sums(sparse.workloads[0].tail) == all_sums(dense.workloads[0].tail));
    const TailAttribution a = attribution_of(dense), b = attribution_of(sparse);
    CHECK(b.requests == a.requests);
    CHECK(b.network == a.network);
    REQUIRE(b.nodes.size() == a.nodes.size());
    for (std::size_t k = 0; k < a.nodes.size(); ++k) {
      CHECK(b.nodes[k].node == a.nodes[k].node);
      CHECK(b.nodes[k].queue == a.nodes[k].queue);
      CHECK(b.nodes[k].service == a.nodes[k].service);
      CHECK(b.nodes[k].failed_tries == a.nodes[k].failed_tries);
    }
    // Replications merge the same way in both layouts.
    TailBreakdown twice = sparse.workloads[0].tail;
    twice.merge(sparse.workloads[0].tail);
    TailBreakdown twice_dense = dense.workloads[0].tail;
    twice_dense.merge(dense.workloads[0].tail);
    CHECK(all_sums(twice) == all_sums(twice_dense));
  }
}

TEST_CASE("attribution: a sparse slice keeps one cell per sum, however many nodes a request passes", "[attribution]") {
  // The cells are found by (slice, index) in a hash map (issue 14: walking a
  // request's chain per node made a call chain of k nodes cost k^2). Sums
  // added many times land in one cell each; a released slice reused by
  // another request starts empty; add_slice and drain_into carry every sum.
  detail::BreakdownPool pool;
  pool.set_stride(2 + 3 * 5000, true);
  const detail::SliceRef a = pool.acquire();
  const detail::SliceRef b = pool.acquire();
  constexpr int kNodes = 5000;
  for (int round = 0; round < 3; ++round)
    for (int k = 0; k < kNodes; ++k) pool.add(a, TailBreakdown::node_base(k) - 1 + TailBreakdown::kService, k + 1);
  pool.add(b, 0, 7);
  pool.add(b, TailBreakdown::node_base(2) - 1 + TailBreakdown::kService, 5);
  pool.add(b, 0, 0);  // a zero makes no cell
  pool.add_slice(a, b);
  TailBreakdown tail;
  tail.nodes = kNodes;
  pool.drain_into(a, tail, 3);
  pool.release_cleared(a);
  CHECK(tail.cells.size() == kNodes + 1);
  CHECK(tail.cells.at(TailBreakdown::cell_key(3, TailBreakdown::kNetwork)) == 7);
  CHECK(tail.cells.at(TailBreakdown::cell_key(3, TailBreakdown::node_base(0) + TailBreakdown::kService)) == 3);
  CHECK(tail.cells.at(TailBreakdown::cell_key(3, TailBreakdown::node_base(2) + TailBreakdown::kService)) == 9 + 5);
  CHECK(tail.cells.at(TailBreakdown::cell_key(3, TailBreakdown::node_base(kNodes - 1) + TailBreakdown::kService)) ==
        3 * kNodes);
  // The slot of `a` comes back empty: none of its old cells is found again.
  const detail::SliceRef c = pool.acquire();
  REQUIRE(c.id == a.id);
  pool.add(c, TailBreakdown::node_base(0) - 1 + TailBreakdown::kService, 1);
  TailBreakdown fresh;
  fresh.nodes = kNodes;
  pool.drain_into(c, fresh, 0);
  REQUIRE(fresh.cells.size() == 1);
  CHECK(fresh.cells.at(TailBreakdown::cell_key(0, TailBreakdown::node_base(0) + TailBreakdown::kService)) == 1);
}

TEST_CASE("tail sums hold at the int64 limits instead of overflowing", "[attribution][regression]") {
  // Requests that each took years (the clock ends at Duration::max(), about
  // 73 years): four of them in one bucket added up past INT64_MAX, which
  // UBSan reports as signed overflow and plain builds wrapped negative.
  TailBreakdown t;
  t.nodes = 1;
  for (int i = 0; i < 5; ++i) t.add(100, TailBreakdown::kLatency, Duration::max().ns);
  CHECK(t.slot(100)[TailBreakdown::kLatency] == INT64_MAX);
  TailBreakdown other = t;
  t.merge(other);
  CHECK(t.slot(100)[TailBreakdown::kLatency] == INT64_MAX);
  std::int64_t low = INT64_MIN + 1;
  TailBreakdown::add_to(low, -5);
  CHECK(low == INT64_MIN);
}
