// Mergeable latency histogram with bounded relative error: HDR-style log
// buckets, 128 linear sub-buckets per power of two, so every recorded value
// lies within 1/256 (0.39 %) of its bucket's representative value. Only the
// buckets between the lowest and the highest it has seen are stored (memory
// follows what is used: an unused histogram holds no array at all).
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

  /// Allocates nothing until the first record. Recording allocates only when
  /// a value falls outside the stored range of buckets, which then grows by
  /// half (at least 16 buckets), so a histogram allocates a few times in all,
  /// never per record in the steady state.
  LatencyHistogram() = default;

  void record(Duration value) {
    const std::int64_t v = value.ns < 0 ? 0 : value.ns;
    const int index = index_of(v);
    auto offset = static_cast<std::size_t>(static_cast<unsigned>(index - first_));  // wraps below first_
    if (offset >= counts_.size()) [[unlikely]] offset = make_room(index, index);
    ++counts_[offset];
    ++count_;
    sum_ns_ += static_cast<double>(v);
    if (v < min_ns_) min_ns_ = v;
    if (v > max_ns_) max_ns_ = v;
  }
  /// Exact: counts add, min/max/sum combine.
  void merge(const LatencyHistogram& other);
  /// Empties it in place (no allocation; the stored range stays).
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
  std::uint64_t count_at(int index) const {
    const auto offset = static_cast<std::size_t>(static_cast<unsigned>(index - first_));
    return offset < counts_.size() ? counts_[offset] : 0;
  }
  /// The stored range of buckets [first_stored(), first_stored() + stored()):
  /// every bucket outside it counts 0. For loops over the buckets and for
  /// measuring memory.
  int first_stored() const { return first_; }
  std::size_t stored() const { return counts_.size(); }

  /// The running sum of recorded values in ns (exact mean's numerator), for
  /// writing the histogram out losslessly (src/shard/results_codec.cpp).
  double sum_ns() const { return sum_ns_; }
  /// Rebuilds a histogram written out as (bucket index, count) pairs plus its
  /// running sum, min and max: the same state as the one written (min and max
  /// are ignored when every count is 0). Indices must be in [0, kBucketCount).
  void restore(std::span<const std::pair<int, std::uint64_t>> buckets, double sum_ns, std::int64_t min_ns,
               std::int64_t max_ns);

 private:
  /// Widens the stored range to cover buckets [lo, hi] (and more, see the
  /// constructor); returns hi's offset.
  std::size_t make_room(int lo, int hi);

  std::vector<std::uint64_t> counts_;  // buckets first_ .. first_ + size - 1
  int first_ = 0;
  std::uint64_t count_ = 0;
  double sum_ns_ = 0;
  std::int64_t min_ns_ = INT64_MAX;
  std::int64_t max_ns_ = 0;
};

}  // namespace svcsim
