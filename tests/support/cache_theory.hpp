// What theory says about an LRU cache fed by independent requests (the
// independent reference model) over a Zipf catalog: Che's approximation of
// the steady hit ratio, and the exact expected hits of a cache that starts
// empty and has not filled up yet. The cache tests hold the simulator to them.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
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
