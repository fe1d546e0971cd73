// Caches with contents against theory: a cold LRU cache fed by a Zipf
// catalog settles at the hit ratio of Che's approximation (FIFO at its
// analogue); behind ring_hash, instances that split the key space hit like
// one cache of their summed capacity, where round_robin instances each hit
// like one small cache; with `replication: R` each instance also keeps
// copies of its neighbours' items, which Che's model extended to copies
// predicts (support/cache_theory.hpp), with every instance up and with one down.
//
// Method (support/validation_checks.hpp): 20 replications (seeds 1..20) of
// 40 s, the first 10 s warm-up (10 000 lookups: at least 6 characteristic
// times of every cache here, so a cold start is forgotten), 30 000 measured
// lookups each. A replication's hit ratio has a binomial sd of
// sqrt(0.4 x 0.6 / 30 000) = 0.0028, inflated 1.0 to 1.25 times in
// variance by the correlation of an LRU's hits (tests/unit/test_item_cache.cpp),
// so 4 standard errors over 20 replications are about 0.0028: 0.7 % of the
// ratios, well inside the 3 % power bound. The theory is an approximation:
// its own error is allowed for as kModelError (below), measured, not fitted.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "sim/hash_ring.hpp"
#include "sim/item_cache.hpp"
#include "sim/zipf_sampler.hpp"
#include "support/cache_theory.hpp"
#include "support/scenario_builder.hpp"
#include "support/validation_checks.hpp"
#include "svcsim/random.hpp"
#include "svcsim/simulation.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

constexpr const char* kSection = "Caches with contents";

/// The error of the approximations themselves (Che's for LRU, its extension
/// to copies, and FIFO's analogue) for these catalogs and sizes: exact
/// caches (ItemCache, itself checked against a reference model) fed 38 M
/// measured lookups each, with no engine in between, hit within 0.00018 of
/// every prediction used here (the binomial sd of those runs is 0.00008;
/// the model with copies errs low by 0.00013 to 0.00018, Che alone by at
/// most 0.0001). Reproduce with: build/tests/svcsim_test_validation
/// "[.model-error]". 0.0005 is nearly three times the largest difference.
constexpr double kModelError = 0.0005;

constexpr std::int64_t kItems = 10000;
constexpr double kZipf = 0.8;

double hit_ratio(const NodeResult& n) {
  return static_cast<double>(n.cache_hits) / static_cast<double>(n.cache_lookups);
}

/// A catalog of 10 000 items (s = 0.8) asked 1000 times a second of the
/// cache `cdn` in front of an origin that answers in 1 us (so an item is
/// stored almost at once, as Che's model assumes).
Scenario cache_scenario(const char* name, std::string model, Node cache) {
  Scenario s = scenario(name, sec(40), sec(10));
  s.description = std::move(model);
  s.nodes.push_back(std::move(cache));
  s.nodes.push_back(service("origin", Distribution::constant(Duration::from_seconds(1e-6)), 1, std::nullopt));
  s.workloads.push_back(with_catalog(open_workload("w", "cdn", 1000), kItems, kZipf));
  return s;
}

/// The replications of `s`, their hit ratio checked against `predicted`.
void check_hit_ratio(const Scenario& s, double predicted) {
  const std::vector<Results> runs = replicate_checked(s, kSection);
  for (const Results& r : runs) {
    const NodeResult& cdn = find_node(r, "cdn");
    REQUIRE(cdn.cache_lookups > 28000);
    // Every miss (and only a miss) went to the origin, give or take the
    // fetches under way at the window's edges.
    CHECK(static_cast<double>(find_node(r, "origin").requests) ==
          Approx(static_cast<double>(cdn.cache_lookups - cdn.cache_hits)).margin(5));
  }
  check_estimate("hit ratio", estimate(runs, [](const Results& r) { return hit_ratio(find_node(r, "cdn")); }),
                 predicted, kModelError / predicted);
}

/// The live holders of each item (1..items at index 0..items-1) on the ring
/// the engine builds for node `name`: its R replicas, without `down`.
std::vector<std::vector<std::uint32_t>> holders(const char* name, std::uint32_t instances, std::uint32_t copies,
                                                int down = -1) {
  detail::HashRing ring;
  ring.build(instances, fnv1a64(name));
  std::vector<std::vector<std::uint32_t>> out(static_cast<std::size_t>(kItems));
  std::vector<std::uint32_t> replicas;
  for (std::size_t k = 0; k < out.size(); ++k) {
    ring.replicas(static_cast<std::uint32_t>(k + 1), copies, replicas);
    for (const std::uint32_t i : replicas)
      if (static_cast<int>(i) != down) out[k].push_back(i);
  }
  return out;
}

Node ringed_cache(std::int64_t capacity, int instances, int copies) {
  Node n = keyed_cache("cdn", capacity, "origin", instances);
  n.balancing = Balancing::ring_hash;
  n.replication = copies;
  return n;
}

}  // namespace

TEST_CASE("a cold LRU cache under a Zipf catalog reaches Che's hit ratio", "[validation][cache]") {
  const auto p = theory::zipf_probabilities(kItems, kZipf);
  check_hit_ratio(cache_scenario("lru-1000", "one LRU cache of 1000 items, Zipf 0.8 over 10 000 (Che)",
                                 keyed_cache("cdn", 1000, "origin")),
                  theory::che_hit_ratio(p, 1000));
}

TEST_CASE("FIFO hits as its Che analogue says", "[validation][cache]") {
  // 0.394 predicted; the approximation (Martina, Garetto and Leonardi 2014)
  // is as accurate as Che's for LRU at this size (kModelError's runs).
  const auto p = theory::zipf_probabilities(kItems, kZipf);
  check_hit_ratio(cache_scenario("fifo-1000", "one FIFO cache of 1000 items, Zipf 0.8 over 10 000 (Martina et al.)",
                                 keyed_cache("cdn", 1000, "origin", 1, Eviction::fifo)),
                  theory::fifo_hit_ratio(p, 1000));
}

TEST_CASE("LFU lies between LRU and the top items", "[validation][cache]") {
  // In-cache LFU (counts forgotten on eviction) keeps popular items better
  // than LRU but cannot reach the ideal of holding exactly the 1000 most
  // popular items (0.571): it settles near 0.52. Both gaps are over 0.03,
  // many sd (about 0.002 for 100 000 lookups) from either bound. No theory
  // gives its value, so it is not a row of docs/validation.md.
  const auto p = theory::zipf_probabilities(kItems, kZipf);
  Scenario s = cache_scenario("lfu-1000", "", keyed_cache("cdn", 1000, "origin", 1, Eviction::lfu));
  s.duration = sec(120);
  s.warmup = sec(20);
  const Results lfu = simulate(s);
  double top = 0;
  for (std::size_t k = 0; k < 1000; ++k) top += p[k];
  const double lfu_hit = hit_ratio(find_node(lfu, "cdn"));
  CHECK(lfu_hit > theory::che_hit_ratio(p, 1000) + 0.03);
  CHECK(lfu_hit < top - 0.03);
}

TEST_CASE("ring_hash splits the key space: four caches hit like one of four times the size",
          "[validation][cache][ring]") {
  const auto p = theory::zipf_probabilities(kItems, kZipf);
  // Each instance sees the requests for its own keys, still independent: its
  // Che prediction uses the catalog restricted to its keys (by the same ring
  // the engine builds: 4 instances, salted with the node name).
  const double predicted_ring = theory::che_replicated_hit_ratio(p, holders("cdn", 4, 1), 4, 250);
  // round_robin: every instance sees every key (a quarter of the requests, still independent).
  const double predicted_rr = theory::che_hit_ratio(p, 250);
  INFO("ring " << predicted_ring << ", round robin " << predicted_rr << ", one cache of 1000 "
               << theory::che_hit_ratio(p, 1000));
  CHECK(predicted_ring - predicted_rr > 0.1);  // the point of ring_hash, before any simulation
  check_hit_ratio(cache_scenario("ring-4x250", "ring_hash over 4 LRU caches of 250 items, one copy (Che per share)",
                                 ringed_cache(250, 4, 1)),
                  predicted_ring);
  check_hit_ratio(cache_scenario("round-robin-4x250", "round_robin over 4 LRU caches of 250 items (Che of 250)",
                                 keyed_cache("cdn", 250, "origin", 4)),
                  predicted_rr);
}

TEST_CASE("replication: R copies on the ring hit as Che's model with copies says, all up and with one down",
          "[validation][cache][ring][replication]") {
  // A lookup goes to the first live replica, which refreshes the item on a
  // hit; a miss stores the item there and on the other live replicas, which
  // keep it as an LRU keeps an item never used again (ItemCache::insert
  // leaves a copy already present as it is). Copies take room: two copies
  // lower the hit ratio from 0.437 to 0.340, three to 0.288; with instance
  // 0 down (from the start) its items are looked up on their second replica.
  const auto p = theory::zipf_probabilities(kItems, kZipf);
  struct Case {
    const char* name;
    const char* model;
    int copies;
    int down;
  };
  const Case cases[] = {
      {"ring-4x250-r2", "ring_hash over 4 LRU caches of 250 items, replication 2 (Che with copies)", 2, -1},
      {"ring-4x250-r3", "ring_hash over 4 LRU caches of 250 items, replication 3 (Che with copies)", 3, -1},
      {"ring-4x250-r2-one-down", "as ring-4x250-r2 with instance 0 down throughout: its keys on their 2nd replica",
       2, 0},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const double predicted =
        theory::che_replicated_hit_ratio(p, holders("cdn", 4, static_cast<std::uint32_t>(c.copies), c.down), 4, 250);
    // Power: ignoring the copies (each cache all for its own keys) would predict far more.
    auto first_only = holders("cdn", 4, static_cast<std::uint32_t>(c.copies), c.down);
    for (auto& h : first_only) h.resize(1);
    CHECK(theory::che_replicated_hit_ratio(p, first_only, 4, 250) - predicted > 0.05);
    Scenario s = cache_scenario(c.name, c.model, ringed_cache(250, 4, c.copies));
    if (c.down >= 0) s.faults.push_back(on_instances(fault("down", FaultType::outage, "cdn", sec(0)), c.down, c.down));
    check_hit_ratio(s, predicted);
  }
}

TEST_CASE("the approximations' own error: exact caches without the engine", "[.model-error]") {
  // Hidden (not run by ctest): the measurement behind kModelError. Exact
  // caches (ItemCache) fed 40 M Zipf lookups (the first 2 M not counted);
  // items go to caches as the engine sends them (first live replica, copies
  // stored on a miss), but without the engine.
  setvbuf(stdout, nullptr, _IONBF, 0);
  const auto p = theory::zipf_probabilities(kItems, kZipf);
  struct Config {
    const char* what;
    std::uint32_t instances, copies;
    int down;
    Eviction eviction;
    bool ring;
  };
  const Config configs[] = {
      {"one LRU of 1000", 1, 1, -1, Eviction::lru, true},  {"one FIFO of 1000", 1, 1, -1, Eviction::fifo, true},
      {"ring 4 x 250", 4, 1, -1, Eviction::lru, true},     {"round robin 4 x 250", 4, 1, -1, Eviction::lru, false},
      {"ring 4 x 250, R 2", 4, 2, -1, Eviction::lru, true}, {"ring 4 x 250, R 3", 4, 3, -1, Eviction::lru, true},
      {"ring 4 x 250, R 2, one down", 4, 2, 0, Eviction::lru, true},
  };
  for (const Config& c : configs) {
    const std::int64_t capacity = c.instances == 1 ? 1000 : 250;
    double predicted = 0;
    if (c.eviction == Eviction::fifo) predicted = theory::fifo_hit_ratio(p, 1000);
    else if (!c.ring) predicted = theory::che_hit_ratio(p, 250);
    else predicted = theory::che_replicated_hit_ratio(p, holders("cdn", c.instances, c.copies, c.down), c.instances,
                                                      static_cast<double>(capacity));
    const auto held = holders("cdn", c.instances, c.copies, c.down);
    std::vector<detail::ItemCache> caches(c.instances);
    for (detail::ItemCache& cache : caches) cache.configure(static_cast<std::uint32_t>(capacity), c.eviction, 0);
    const detail::ZipfSampler zipf(kItems, kZipf);
    RandomStream rng(7, "model-error");
    std::uint64_t hits = 0, lookups = 0;
    for (std::int64_t i = 0; i < 40'000'000; ++i) {
      const std::uint32_t key = zipf.sample(rng);
      const std::vector<std::uint32_t>& h = held[key - 1];
      const std::uint32_t first = c.ring ? h.front() : static_cast<std::uint32_t>(i % c.instances);
      const bool hit = caches[first].lookup(key, 0);
      if (!hit) {
        caches[first].insert(key, 0);
        if (c.ring)
          for (std::size_t j = 1; j < h.size(); ++j) caches[h[j]].insert(key, 0);
      }
      if (i >= 2'000'000) {
        ++lookups;
        hits += hit ? 1 : 0;
      }
    }
    const double measured = static_cast<double>(hits) / static_cast<double>(lookups);
    std::printf("%-30s predicted %.5f exact caches %.5f (binomial sd %.5f) difference %+.5f\n", c.what, predicted,
                measured, std::sqrt(predicted * (1 - predicted) / static_cast<double>(lookups)),
                measured - predicted);
    CHECK(std::abs(measured - predicted) < kModelError);
  }
}
