// Steady hit ratios of caches with capacity over a Zipf catalog (see
// cache_model.hpp). A catalog may have ten million items, so ranks beyond the
// first few thousand are summed in buckets whose probabilities differ by at
// most 0.2 %: the sums below cost a few thousand terms whatever the catalog.
#include "analysis/cache_model.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace svcsim::detail {

namespace {

struct Bucket {
  double count;  // items in the bucket
  double p;      // the request probability of each of them
};

std::vector<Bucket> zipf_buckets(std::int64_t items, double s) {
  std::vector<Bucket> out;
  constexpr std::int64_t kExact = 2000;
  std::int64_t rank = 1;
  while (rank <= items) {
    std::int64_t last = rank;
    if (rank > kExact) last = std::min(items, static_cast<std::int64_t>(static_cast<double>(rank) * 1.002));
    const double mid = 0.5 * static_cast<double>(rank + last);
    out.push_back(Bucket{static_cast<double>(last - rank + 1), std::pow(mid, -s)});
    rank = last + 1;
  }
  double total = 0;
  for (const Bucket& b : out) total += b.count * b.p;
  for (Bucket& b : out) b.p /= total;
  return out;
}

/// The probability that an item asked with probability p per request is in
/// the cache when its characteristic time is t (requests).
double in_cache(double p, double t, Eviction policy) {
  return policy == Eviction::fifo ? p * t / (1 + p * t) : -std::expm1(-p * t);
}

}  // namespace

double zipf_cache_hit_ratio(std::int64_t items, double s, double slots, Eviction policy) {
  if (slots >= static_cast<double>(items)) return 1.0;  // everything fits: only first requests miss
  const std::vector<Bucket> buckets = zipf_buckets(items, s);
  if (policy == Eviction::lfu) {  // the most popular `slots` items stay
    double hit = 0, left = slots;
    for (const Bucket& b : buckets) {
      const double taken = std::min(left, b.count);
      hit += taken * b.p;
      left -= taken;
      if (left <= 0) break;
    }
    return hit;
  }
  // The characteristic time: expected occupancy sum of in_cache(p_k, t) = slots.
  auto occupancy = [&](double t) {
    double sum = 0;
    for (const Bucket& b : buckets) sum += b.count * in_cache(b.p, t, policy);
    return sum;
  };
  double lo = 0, hi = 1;
  while (occupancy(hi) < slots && hi < 1e300) hi *= 2;
  for (int i = 0; i < 100 && hi - lo > 1e-9 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (occupancy(mid) < slots ? lo : hi) = mid;
  }
  const double t = 0.5 * (lo + hi);
  double hit = 0;
  for (const Bucket& b : buckets) hit += b.count * b.p * in_cache(b.p, t, policy);
  return hit;
}

double predicted_hit_ratio(const Scenario& scenario, const Node& node) {
  if (!node.capacity) return node.hit_ratio.value_or(1.0);
  const Catalog* catalog = nullptr;
  for (const Workload& w : scenario.workloads)
    if (w.catalog && (!catalog || w.catalog->items > catalog->items)) catalog = &*w.catalog;
  if (!catalog) return 0.0;  // no keys reach it (the loader requires a catalog on every path to it)
  double slots = static_cast<double>(*node.capacity);
  if (node.balancing == Balancing::ring_hash) slots *= node.instances;
  return zipf_cache_hit_ratio(catalog->items, catalog->zipf, slots, node.eviction);
}

}  // namespace svcsim::detail
