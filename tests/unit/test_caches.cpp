// Caches with contents in the engine: an instance that goes down forgets its
// items and comes back cold (its hit ratio starts from the exact cold-start
// expectation and recovers), prewarm starts it full, the key travels with the
// request, eviction policies and ttl change what an origin sees.
#include <catch2/catch.hpp>

#include <cmath>

#include "support/cache_theory.hpp"
#include "support/scenario_builder.hpp"
#include "svcsim/simulation.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

/// Hits and lookups of node `node` summed over the series windows in [from, to).
std::pair<double, double> hits_between(const Results& r, std::size_t node, double from_s, double to_s) {
  double hits = 0, lookups = 0;
  for (const SeriesRow& row : r.series) {
    if (row.start_s < from_s - 1e-9 || row.start_s >= to_s - 1e-9) continue;
    const SeriesRow::NodeWindow& n = row.nodes[node];
    lookups += static_cast<double>(n.lookups);
    if (n.lookups > 0) hits += n.hit_ratio * static_cast<double>(n.lookups);
  }
  return {hits, lookups};
}

double ratio(std::pair<double, double> hl) { return hl.first / hl.second; }

/// 10 000 items (s = 0.8) at 1000 lookups/s into one cache of 1000 items;
/// the origin answers in 1 us, so a miss is stored at once.
Scenario restart_scenario(bool prewarm) {
  Scenario s = scenario("restart", sec(120), sec(0));
  Node cdn = keyed_cache("cdn", 1000, "origin");
  cdn.prewarm = prewarm;
  s.nodes.push_back(cdn);
  s.nodes.push_back(service("origin", Distribution::constant(Duration::from_seconds(1e-6)), 1, std::nullopt));
  s.workloads.push_back(with_catalog(open_workload("w", "cdn", 1000), 10000, 0.8));
  s.faults.push_back(fault("restart", FaultType::outage, "cdn", sec(60), sec(5)));
  return s;
}

RunOptions windows_of(double seconds) {
  RunOptions o;
  o.series_window = Duration::from_seconds(seconds);
  return o;
}

}  // namespace

TEST_CASE("a cache instance that restarts comes back cold and warms up again", "[cache][faults]") {
  const Results r = simulate(restart_scenario(false), windows_of(0.1));
  const auto p = theory::zipf_probabilities(10000, 0.8);
  const double steady = theory::che_hit_ratio(p, 1000);  // 0.4367
  // Before the outage: warm (50-60 s: 10 000 lookups, sd 0.006 with the LRU
  // correlation of test_cache_theory.cpp; 0.025 is 4 sd).
  CHECK(ratio(hits_between(r, 0, 50, 60)) == Approx(steady).margin(0.025));
  // While down: no lookups at all (calls are refused before any lookup).
  CHECK(hits_between(r, 0, 60, 65).second == 0);
  // Right after: the first 100 ms (about 100 lookups) of an empty cache. With
  // m lookups and no eviction yet, hits are exactly sum_j sum_k p_k (1 -
  // (1 - p_k)^(j-1)); 0.092 for m = 100.
  const auto first = hits_between(r, 0, 65, 65.1);
  const double expected_first = theory::cold_start_hits(p, static_cast<int>(first.second)) / first.second;
  CHECK(expected_first < 0.12);
  // Binomial sd for ~100 lookups: sqrt(0.09 x 0.91 / 100) = 0.029; 0.11 is ~4 sd.
  CHECK(ratio(first) == Approx(expected_first).margin(0.11));
  // The first second (~1000 lookups, still no eviction): 0.278 expected,
  // binomial sd 0.014; 0.05 is 3.5 sd.
  const auto second = hits_between(r, 0, 65, 66);
  const double expected_second = theory::cold_start_hits(p, static_cast<int>(second.second)) / second.second;
  CHECK(ratio(second) == Approx(expected_second).margin(0.05));
  CHECK(ratio(second) < steady - 0.1);
  // Recovered: 30 s later it is back at Che's figure (10 s, same tolerance as before).
  CHECK(ratio(hits_between(r, 0, 95, 105)) == Approx(steady).margin(0.025));
}

TEST_CASE("prewarm: full of the most popular items from t = 0 and after a restart", "[cache][faults]") {
  const Results cold = simulate(restart_scenario(false), windows_of(0.1));
  const Results warm = simulate(restart_scenario(true), windows_of(0.1));
  const auto p = theory::zipf_probabilities(10000, 0.8);
  double top = 0;  // the hit ratio of exactly the 1000 most popular items: 0.571
  for (std::size_t k = 0; k < 1000; ++k) top += p[k];
  // The first second from t = 0 and from the restart: prewarmed, every
  // lookup of a top-1000 item hits at first, and LRU replaces those items
  // only slowly (its steady state, 0.437, is reached over several
  // characteristic times of ~1.5 s); cold, it is the cold-start figure (0.278).
  for (const double start : {0.0, 65.0}) {
    CAPTURE(start);
    const double w = ratio(hits_between(warm, 0, start, start + 1));
    const double c = ratio(hits_between(cold, 0, start, start + 1));
    CHECK(w > 0.5);      // ~0.55: between the steady 0.437 and the top-1000 mass 0.571
    CHECK(w < top + 0.05);
    CHECK(c < 0.33);
    // The very first 100 ms: prewarmed hits at the top-1000 mass (sd 0.05 for
    // ~100 lookups; 0.2 is 4 sd), cold hardly ever (0.092 expected).
    CHECK(ratio(hits_between(warm, 0, start, start + 0.1)) == Approx(top).margin(0.2));
    CHECK(ratio(hits_between(cold, 0, start, start + 0.1)) < 0.25);
  }
  // In steady state both are the same LRU cache.
  CHECK(ratio(hits_between(warm, 0, 40, 60)) == Approx(ratio(hits_between(cold, 0, 40, 60))).margin(0.03));
}

TEST_CASE("the request's key travels through the call graph to every cache on its path", "[cache]") {
  // front -> edge cache (10 items) -> regional cache (100 items) -> origin.
  // Over 20 items (uniform), after warm-up the regional cache holds every
  // item, so every edge miss is a regional hit, and the origin sees only the
  // first request of each item: exactly 20 calls. Were the keys not the same
  // at both caches, the regional cache would miss as often as the edge.
  Scenario s = scenario("two tiers", sec(30), sec(5));
  s.nodes.push_back(steps_node("front", "get", {call("edge")}));
  s.nodes.push_back(keyed_cache("edge", 10, "regional"));
  s.nodes.push_back(keyed_cache("regional", 100, "origin"));
  s.nodes.push_back(service("origin", Distribution::constant(ms(1)), 1, std::nullopt));
  s.workloads.push_back(with_catalog(open_workload("w", "front.get", 200), 20, 0.0));
  s.warmup = {};
  const Results r = simulate(s);
  const NodeResult& edge = find_node(r, "edge");
  const NodeResult& regional = find_node(r, "regional");
  CHECK(find_node(r, "origin").requests <= 20);
  CHECK(regional.cache_lookups == edge.cache_lookups - edge.cache_hits);
  CHECK(regional.cache_hits >= regional.cache_lookups - 20);
  // The edge holds half the items, uniformly asked: it hits about half the time.
  CHECK(static_cast<double>(edge.cache_hits) / static_cast<double>(edge.cache_lookups) ==
        Approx(0.5).margin(0.05));
}

TEST_CASE("ttl: every item is fetched again once it is ttl old", "[cache]") {
  // 5 items asked 100 times a second each (uniform) for 10 s, a cache that
  // holds them all with a 1 s ttl: each item is fetched at its first request
  // and again at the first request at least 1 s after each fetch. With 100
  // requests per item per second the gap after expiry is ~10 ms, so each item
  // is fetched about once per (1 s + 10 ms): 5 x 10 / 1.01 = 49.5 in all.
  Scenario s = scenario("ttl", sec(10));
  Node cdn = keyed_cache("cdn", 5, "origin");
  cdn.ttl = sec(1);
  s.nodes.push_back(cdn);
  s.nodes.push_back(service("origin", Distribution::constant(Duration::from_seconds(1e-6)), 1, std::nullopt));
  s.workloads.push_back(with_catalog(open_workload("w", "cdn", 500), 5, 0.0));
  const Results r = simulate(s);
  const std::uint64_t fetches = find_node(r, "origin").requests;
  CHECK(fetches >= 45);  // at most 10 per item (one per whole second), at least 9
  CHECK(fetches <= 55);
  // Without the ttl: 5 fetches, one per item.
  s.nodes[0].ttl.reset();
  CHECK(find_node(simulate(s), "origin").requests == 5);
}

TEST_CASE("a crash empties only the instance that crashed", "[cache][faults]") {
  // Two instances behind ring_hash, instance 1 down from 30 s to 31 s. After
  // it comes back its keys are cold, instance 0's are not: the misses in the
  // second after the restart come (almost) all from instance 1's share.
  Scenario s = scenario("partial", sec(40));
  Node cdn = keyed_cache("cdn", 500, "origin", 2);
  cdn.balancing = Balancing::ring_hash;
  s.nodes.push_back(cdn);
  s.nodes.push_back(service("origin", Distribution::constant(Duration::from_seconds(1e-6)), 1, std::nullopt));
  s.workloads.push_back(with_catalog(open_workload("w", "cdn", 1000), 1000, 0.0));  // each instance can hold its whole share
  s.faults.push_back(on_instances(fault("one", FaultType::outage, "cdn", sec(30), sec(1)), 1, 1));
  const Results r = simulate(s, windows_of(1));
  // Before: both hold their whole share (about 500 each; a share above 500
  // keeps missing a little): nearly every lookup hits.
  CHECK(ratio(hits_between(r, 0, 20, 30)) > 0.9);
  // During the outage instance 1's keys move to instance 0 (only 500 slots),
  // and instance 1 comes back empty: the second after is well below that.
  CHECK(ratio(hits_between(r, 0, 31, 32)) < 0.85);
  CHECK(ratio(hits_between(r, 0, 38, 40)) > 0.9);
}

namespace {
/// One hot item that expires 1 ms after it is stored, in a coalescing cache in
/// front of `storage` (added by the caller), looked up every 1 ms.
Scenario hot_item(const char* name, Duration duration) {
  Scenario s = scenario(name, duration);
  Node cdn = keyed_cache("cdn", 1, "storage");
  cdn.ttl = ms(1);
  cdn.coalesce = true;
  s.nodes.push_back(cdn);
  s.workloads.push_back(with_catalog(open_workload("get", "cdn", 1000, ArrivalProcess::constant), 1, 0));
  return s;
}
}  // namespace

TEST_CASE("coalesce: concurrent misses for one item make one origin call", "[caches][coalesce]") {
  // One hot item that expires 1 ms after it is stored, a 100 ms origin, a
  // lookup every 1 ms. With coalescing, the misses during a fill wait for it:
  // one origin call per fill-and-expiry cycle of ~101 ms (1 / origin latency,
  // near enough), not one per miss.
  Scenario s = hot_item("coalesce", sec(10));
  s.nodes.push_back(service("storage", Distribution::constant(ms(100)), 1, std::nullopt));
  const Results r = simulate(s);
  const NodeResult& origin = find_node(r, "storage");
  INFO("origin calls " << origin.requests);
  CHECK(origin.requests >= 95);   // 10 s / 101 ms = 99 cycles, less the partial last one
  CHECK(origin.requests <= 100);
  CHECK(r.workloads[0].succeeded == r.workloads[0].requests);
  CHECK(static_cast<double>(r.workloads[0].latency.max_ns()) <= ms(100).ns);  // no miss waits longer than one fill
  s.nodes[0].coalesce = false;
  const Results plain = simulate(s);
  CHECK(find_node(plain, "storage").requests > 50 * origin.requests);  // every miss calls the origin
}

TEST_CASE("coalesce: when the one origin call fails, its waiters fail too", "[caches][coalesce]") {
  Scenario s = hot_item("coalesce-fail", sec(2));
  // The origin works 100 ms, then fails (its own dependency always errs).
  s.nodes.push_back(steps_node("storage", "get", {work(Distribution::constant(ms(100))), call("broken")}));
  Node broken = service("broken", Distribution::constant(ms(0)), 1, std::nullopt);
  broken.errors = 1.0;
  s.nodes.push_back(broken);
  const Results r = simulate(s);
  CHECK(r.workloads[0].failed == r.workloads[0].requests);
  CHECK(find_node(r, "storage").requests <= 20);  // one call per 100 ms fill (2 s), not one per miss
}

TEST_CASE("coalesce: an instance that goes down mid-fill fails its leader and waiters once each", "[caches][coalesce]") {
  Scenario s = hot_item("coalesce-down", sec(3));
  s.nodes.push_back(service("storage", Distribution::constant(ms(100)), 1, std::nullopt));
  s.faults.push_back(fault("down", FaultType::outage, "cdn", ms(1050), ms(500)));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  CHECK(w.succeeded + w.failed == w.requests);
  CHECK(w.failed >= 500);  // refused during the outage, and the fill under way when it began
  CHECK(w.succeeded > 2000);
}

TEST_CASE("replication: with two copies, losing one instance loses no items", "[caches][replication]") {
  // 100 items, each instance big enough for all of them: after the first
  // 4 s every item has been fetched once. From 4 s on, one of the four
  // instances is down. With one copy its items must be fetched again by the
  // instances that take its keys; with two, the next replica already has them.
  auto origin_calls = [](int replication) {
    Scenario s = scenario("replicated", sec(6), sec(4));
    Node cdn = keyed_cache("cdn", 100, "storage", 4);
    cdn.balancing = Balancing::ring_hash;
    cdn.replication = replication;
    s.nodes.push_back(cdn);
    s.nodes.push_back(service("storage", Distribution::constant(ms(20)), 1, std::nullopt));
    s.faults.push_back(on_instances(fault("one-down", FaultType::outage, "cdn", sec(4)), 0, 0));
    s.workloads.push_back(with_catalog(open_workload("get", "cdn", 500), 100, 0.5));
    const Results r = simulate(s);
    CHECK(r.workloads[0].failed == 0);  // balancers route around the instance that is down
    return find_node(r, "storage").requests;
  };
  const std::uint64_t one_copy = origin_calls(1);
  const std::uint64_t two_copies = origin_calls(2);
  CHECK(one_copy >= 10);   // the lost instance's share of 100 items, fetched again
  CHECK(two_copies == 0);  // every item still lives on its second replica
}

TEST_CASE("coalesce: a blackholed instance leaves no pending fill behind", "[caches][coalesce][regression]") {
  // The hot item's fill is under way when the instance hangs (a blackhole
  // drops the calls it holds). Once it is back, misses for the item must
  // make a fill of their own again, not wait on the dropped one forever.
  Scenario s = hot_item("coalesce-blackhole", sec(3));
  s.nodes.push_back(service("storage", Distribution::constant(ms(100)), 1, std::nullopt));
  Fault hang = fault("hang", FaultType::outage, "cdn", ms(1050), ms(500));
  hang.mode = OutageMode::blackhole;
  s.faults.push_back(hang);
  s.workloads[0].timeout = ms(300);
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  CHECK(w.succeeded + w.timed_out == w.requests);
  CHECK(w.succeeded > 2000);  // all but the half second of the hang (and the fill it dropped)
}
