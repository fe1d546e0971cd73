// What theory says about an LRU cache fed by independent requests (the
// independent reference model) over a Zipf catalog: Che's approximation of
// the steady hit ratio, its extension to caches that keep R copies of each
// item, and the exact expected hits of a cache that starts
// empty and has not filled up yet. The cache tests hold the simulator to them.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

namespace svcsim::test::theory {

/// p_k of item k = 1..items (index k - 1): k^-s normalised.
inline std::vector<double> zipf_probabilities(std::int64_t items, double s) {
  std::vector<double> p(static_cast<std::size_t>(items));
  double total = 0;
  for (std::size_t k = 0; k < p.size(); ++k) total += p[k] = std::pow(static_cast<double>(k + 1), -s);
  for (double& v : p) v /= total;
  return p;
}

/// Expected number of distinct items an LRU cache holds when its
/// characteristic time is T (in requests): sum of 1 - exp(-p_k T).
inline double che_occupancy(const std::vector<double>& p, double t) {
  double sum = 0;
  for (const double q : p) sum += -std::expm1(-q * t);
  return sum;
}

/// Che's characteristic time of an LRU cache of `capacity` items (in
/// requests): the T at which the expected occupancy equals the capacity,
/// found by bisection (occupancy grows with T).
inline double che_characteristic_time(const std::vector<double>& p, double capacity) {
  if (capacity >= static_cast<double>(p.size())) throw std::invalid_argument("the cache holds the whole catalog");
  double lo = 0, hi = 1;
  while (che_occupancy(p, hi) < capacity) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-9 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (che_occupancy(p, mid) < capacity ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

/// Che's approximation of the LRU hit ratio: sum of p_k (1 - exp(-p_k T)).
inline double che_hit_ratio(const std::vector<double>& p, double capacity) {
  const double t = che_characteristic_time(p, capacity);
  double hit = 0;
  for (const double q : p) hit += q * -std::expm1(-q * t);
  return hit;
}

/// How often a copy of an item kept only by inserts is present in an LRU
/// cache of characteristic time `t_copy` (in the same unit as 1 / rate): the
/// copy is stored at each miss of the item at its primary cache, an LRU of
/// characteristic time `t_primary` that sees the item's requests as Poisson
/// of `rate`, and storing a copy already present leaves it as it is (ItemCache::insert).
/// Under Che's model (an item untouched for T is evicted) the copy, never
/// looked up at its own cache, lives exactly t_copy after its store; the next
/// store is the first primary miss after that. Primary misses (requests
/// after a gap longer than t_primary) form a renewal process of rate
/// m = rate e^{-rate t_primary}, with M(t) = m (t - t_primary)^+ misses
/// expected in (0, t] after one at 0 (none before t_primary; after it, a
/// request is a miss when no other came in the t_primary before it). By
/// Wald's identity a store-to-store cycle lasts (1 + M(t_copy)) / m on
/// average, of which the copy is present t_copy:
///   m t_copy / (1 + m (t_copy - t_primary)^+).
inline double che_copy_presence(double rate, double t_primary, double t_copy) {
  const double m = rate * std::exp(-rate * t_primary);
  return m * t_copy / (1 + m * std::max(0.0, t_copy - t_primary));
}

/// LRU caches of `capacity` items each, with R copies per item (ring_hash
/// `replication`): `holders[k]` lists the live caches that keep item k, in
/// the order of its replicas; the first gets its lookups (and refreshes it
/// on each hit), the others store a copy on each of the first's misses.
/// Each cache's characteristic time T_i (in requests to all the caches)
/// makes its expected occupancy, primary items by Che plus copies by
/// che_copy_presence, equal its capacity; the T_i depend on each other
/// through the copies and are found by Gauss-Seidel over the caches, each a
/// bisection (occupancy grows with T_i). Returns the hit ratio sum_k p_k (1
/// - e^{-p_k T_first(k)}). With one holder per item it is Che per cache.
inline double che_replicated_hit_ratio(const std::vector<double>& p,
                                       const std::vector<std::vector<std::uint32_t>>& holders, std::size_t caches,
                                       double capacity) {
  std::vector<std::vector<double>> primary(caches);                                  // p_k of its own items
  std::vector<std::vector<std::pair<double, std::uint32_t>>> copies(caches);  // (p_k, the item's first holder)
  for (std::size_t k = 0; k < p.size(); ++k) {
    primary[holders[k].front()].push_back(p[k]);
    for (std::size_t j = 1; j < holders[k].size(); ++j) copies[holders[k][j]].emplace_back(p[k], holders[k].front());
  }
  std::vector<double> t(caches, 0.0);
  auto occupancy = [&](std::size_t cache, double tc) {
    double sum = 0;
    for (const double q : primary[cache]) sum += -std::expm1(-q * tc);
    for (const auto& [q, first] : copies[cache]) sum += che_copy_presence(q, t[first], tc);
    return sum;
  };
  for (int sweep = 0; sweep < 1000; ++sweep) {
    double change = 0;
    for (std::size_t i = 0; i < caches; ++i) {
      if (primary[i].empty() && copies[i].empty()) continue;  // a cache that is down holds nothing
      double lo = 0, hi = 1;
      while (occupancy(i, hi) < capacity) {
        hi *= 2;
        if (hi > 1e15) throw std::invalid_argument("a cache holds all the items it could ever see");
      }
      for (int it = 0; it < 200 && hi - lo > 1e-12 * hi; ++it) {
        const double mid = 0.5 * (lo + hi);
        (occupancy(i, mid) < capacity ? lo : hi) = mid;
      }
      const double next = 0.5 * (lo + hi);
      change = std::max(change, std::abs(next - t[i]) / next);
      t[i] = next;
    }
    if (change < 1e-10) {
      double hit = 0;
      for (std::size_t k = 0; k < p.size(); ++k) hit += p[k] * -std::expm1(-p[k] * t[holders[k].front()]);
      return hit;
    }
  }
  throw std::runtime_error("che_replicated_hit_ratio did not converge");
}

/// The FIFO analogue of Che's approximation (Martina, Garetto and Leonardi
/// 2014): an item is in the cache with probability p T / (1 + p T), T set so
/// that the expected occupancy is the capacity (bisection as for LRU).
inline double fifo_hit_ratio(const std::vector<double>& p, double capacity) {
  auto occupancy = [&](double t) {
    double sum = 0;
    for (const double q : p) sum += q * t / (1 + q * t);
    return sum;
  };
  double lo = 0, hi = 1;
  while (occupancy(hi) < capacity) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-9 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (occupancy(mid) < capacity ? lo : hi) = mid;
  }
  const double t = 0.5 * (lo + hi);
  double hit = 0;
  for (const double q : p) hit += q * q * t / (1 + q * t);
  return hit;
}

/// Expected hits among the first m lookups of a cache that starts empty and
/// stores every miss, while it never needs to evict (m <= capacity): lookup
/// j hits when its item was asked before, with probability
/// sum_k p_k (1 - (1 - p_k)^(j-1)). Exact, no approximation.
inline double cold_start_hits(const std::vector<double>& p, int m) {
  double hits = 0;
  for (const double q : p) {
    // sum over j = 1..m of (1 - (1 - q)^(j-1)) = m - (1 - (1 - q)^m) / q
    const double seen = q > 0 ? m - -std::expm1(m * std::log1p(-q)) / q : 0;
    hits += q * seen;
  }
  return hits;
}

}  // namespace svcsim::test::theory
