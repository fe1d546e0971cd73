// The analytic hit ratio of a cache with `capacity` (SPEC 3.3) under the
// independent reference model: its workloads' Zipf catalog, LRU by Che's
// approximation, FIFO by its analogue (Martina, Garetto and Leonardi 2014),
// LFU as the most popular `capacity` items: an upper bound, since the
// engine's in-cache LFU forgets an item's count when it is evicted and
// settles lower (0.52 against 0.571 for 10 000 items, s = 0.8, 1000 slots).
// `ttl` and restarts are not modelled: the steady state of a cache that never expires.
#pragma once

#include <cstdint>

#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Hit ratio of one cache of `slots` items fed by a Zipf(items, s) catalog.
double zipf_cache_hit_ratio(std::int64_t items, double s, double slots, Eviction policy);

/// The steady hit ratio the analysis assumes for cache node `node` (which has
/// `capacity`): the largest catalog among the workloads; with ring_hash the
/// instances split the keys and act as one cache of capacity x instances,
/// otherwise each instance sees every key and holds `capacity`.
double predicted_hit_ratio(const Scenario& scenario, const Node& node);

}  // namespace svcsim::detail
