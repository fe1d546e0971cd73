// The analysis' hit ratio of caches with capacity: the bucketed sums of
// src/analysis/cache_model.cpp against the exact item-by-item sums of
// tests/support/cache_theory.hpp, the other policies' formulas, and what
// `analyze` then predicts for the origin behind a cache.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/cache_model.hpp"
#include "support/cache_theory.hpp"
#include "support/scenario_builder.hpp"
#include "svcsim/analysis.hpp"

using namespace svcsim;
using namespace svcsim::test;

TEST_CASE("cache model: LRU by Che, FIFO by its analogue, LFU as the top items", "[analysis][cache]") {
  const auto p = theory::zipf_probabilities(10000, 0.8);
  // Exact Che (item by item) against the bucketed one: buckets of 0.2 % change
  // the sums by far less than 0.001.
  CHECK(detail::zipf_cache_hit_ratio(10000, 0.8, 1000, Eviction::lru) ==
        Approx(theory::che_hit_ratio(p, 1000)).margin(0.001));
  double top = 0;
  for (std::size_t k = 0; k < 1000; ++k) top += p[k];
  CHECK(detail::zipf_cache_hit_ratio(10000, 0.8, 1000, Eviction::lfu) == Approx(top).margin(0.001));
  // FIFO keeps fewer popular items than LRU, more than none.
  const double fifo = detail::zipf_cache_hit_ratio(10000, 0.8, 1000, Eviction::fifo);
  CHECK(fifo < detail::zipf_cache_hit_ratio(10000, 0.8, 1000, Eviction::lru));
  CHECK(fifo > 0.3);
  CHECK(detail::zipf_cache_hit_ratio(100, 1.0, 100, Eviction::lru) == 1.0);
  // A catalog of ten million items costs a few thousand terms and stays sane.
  const double big = detail::zipf_cache_hit_ratio(10'000'000, 0.9, 100000, Eviction::lru);
  CHECK(big > 0.3);
  CHECK(big < 0.8);
}

TEST_CASE("analyze predicts an origin's load from a cache's capacity", "[analysis][cache]") {
  Scenario s = scenario("cache", sec(60));
  Node cdn = keyed_cache("cdn", 250, "origin", 4);
  cdn.balancing = Balancing::ring_hash;  // four instances split the keys: like one cache of 1000
  s.nodes.push_back(cdn);
  s.nodes.push_back(service("origin", Distribution::constant(ms(1)), 1, 1));
  s.workloads.push_back(with_catalog(open_workload("w", "cdn", 500), 10000, 0.8));
  const auto p = theory::zipf_probabilities(10000, 0.8);
  const double miss = 1 - theory::che_hit_ratio(p, 1000);
  const Analysis a = analyze_scenario(s);
  bool found = false;
  for (const NodeAnalysis& n : a.nodes)
    if (n.name == "origin") {
      found = true;
      CHECK(n.utilization == Approx(500 * miss * 0.001).margin(0.001));
    }
  CHECK(found);
}
