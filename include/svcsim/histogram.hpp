// Mergeable latency histogram with bounded relative error: HDR-style log
// buckets, 128 linear sub-buckets per power of two, so every recorded value
// lies within 1/256 (0.39 %) of its bucket's representative value.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "svcsim/time.hpp"

namespace svcsim {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 7;
  static constexpr int kSubBuckets = 1 << kSubBucketBits;  // 128
  static constexpr int kBucketCount = (64 - kSubBucketBits + 1) * kSubBuckets;

  /// Allocates its fixed bucket array once; recording never allocates.
  LatencyHistogram();

  void record(Duration value) {
    const std::int64_t v = value.ns < 0 ? 0 : value.ns;
    ++counts_[index_of(v)];
    ++count_;
    sum_ns_ += static_cast<double>(v);
    if (v < min_ns_) min_ns_ = v;
    if (v > max_ns_) max_ns_ = v;
  }
  /// Exact: counts add, min/max/sum combine.
  void merge(const LatencyHistogram& other);
  /// Empties it in place (no allocation).
  void reset();

  std::uint64_t count() const { return count_; }
  /// Exact mean from the running sum (not from buckets); 0 when empty.
  double mean_ns() const { return count_ ? sum_ns_ / static_cast<double>(count_) : 0.0; }
  std::int64_t min_ns() const { return count_ ? min_ns_ : 0; }
  std::int64_t max_ns() const { return count_ ? max_ns_ : 0; }

  /// Nearest-rank percentile, p in [0, 100]: the representative value (bucket
  /// midpoint, clamped to the observed min and max) of the bucket holding the
  /// ceil(p/100 * count)-th smallest value (at least the 1st); the 1st and the
  /// last rank give the exact min and max. 0 when empty.
  double percentile_ns(double p) const;

  /// Bucket layout, for writing the histogram out.
  static int index_of(std::int64_t v) {
    if (v < kSubBuckets) return static_cast<int>(v);
    const int msb = 63 - __builtin_clzll(static_cast<unsigned long long>(v));
    const int shift = msb - kSubBucketBits;
    const auto mantissa = static_cast<int>(v >> shift);  // in [128, 256)
    return (shift + 1) * kSubBuckets + (mantissa - kSubBuckets);
  }
  static std::int64_t lower_bound_ns(int index);
  /// Exclusive upper bound.
  static std::int64_t upper_bound_ns(int index);
  std::uint64_t count_at(int index) const { return counts_[static_cast<std::size_t>(index)]; }

  /// The running sum of recorded values in ns (exact mean's numerator), for
  /// writing the histogram out losslessly (src/shard/results_codec.cpp).
  double sum_ns() const { return sum_ns_; }
  /// Rebuilds a histogram written out as (bucket index, count) pairs plus its
  /// running sum, min and max: the same state as the one written (min and max
  /// are ignored when every count is 0). Indices must be in [0, kBucketCount).
  void restore(std::span<const std::pair<int, std::uint64_t>> buckets, double sum_ns, std::int64_t min_ns,
               std::int64_t max_ns);

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  double sum_ns_ = 0;
  std::int64_t min_ns_ = INT64_MAX;
  std::int64_t max_ns_ = 0;
};

}  // namespace svcsim
