// HDR-style latency histogram: bucket bounds, exact merging and nearest-rank
// percentiles with bounded relative error.
#include "svcsim/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace svcsim {

namespace {

// Bucket `index` covers [mantissa << shift, (mantissa + 1) << shift); the top
// buckets would pass 2^63, so bounds are computed wide and saturated.
struct BucketBounds {
  unsigned __int128 lower;
  unsigned __int128 upper;  // exclusive
};

BucketBounds bounds_of(int index) {
  if (index < LatencyHistogram::kSubBuckets) {
    const auto v = static_cast<unsigned __int128>(index < 0 ? 0 : index);
    return {v, v + 1};
  }
  const int shift = index / LatencyHistogram::kSubBuckets - 1;
  const auto mantissa =
      static_cast<unsigned __int128>(LatencyHistogram::kSubBuckets + index % LatencyHistogram::kSubBuckets);
  return {mantissa << shift, (mantissa + 1) << shift};
}

std::int64_t saturate(unsigned __int128 v) {
  return v > static_cast<unsigned __int128>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(v);
}

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(static_cast<std::size_t>(kBucketCount), 0) {}

std::int64_t LatencyHistogram::lower_bound_ns(int index) { return saturate(bounds_of(index).lower); }

std::int64_t LatencyHistogram::upper_bound_ns(int index) { return saturate(bounds_of(index).upper); }

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ns_ += other.sum_ns_;
  min_ns_ = std::min(min_ns_, other.min_ns_);
  max_ns_ = std::max(max_ns_, other.max_ns_);
}

void LatencyHistogram::restore(std::span<const std::pair<int, std::uint64_t>> buckets, double sum_ns,
                               std::int64_t min_ns, std::int64_t max_ns) {
  reset();
  for (const auto& [index, count] : buckets) {
    counts_[static_cast<std::size_t>(index)] += count;
    count_ += count;
  }
  if (count_ == 0) return;
  sum_ns_ = sum_ns;
  min_ns_ = min_ns;
  max_ns_ = max_ns;
}

double LatencyHistogram::percentile_ns(double p) const {
  if (count_ == 0) return 0.0;
  const double percent = std::isnan(p) ? 0.0 : std::clamp(p, 0.0, 100.0);
  // Nearest rank: the ceil(p/100 · n)-th smallest value, at least the first.
  // p is usually a decimal such as 99.9 that a double only approximates, so a
  // product a few ulps off a whole number is taken as that number (else
  // p99.9 of 1000 values could become rank 1000 instead of 999).
  double rank_real = percent * static_cast<double>(count_) / 100.0;
  const double nearest = std::round(rank_real);
  if (std::fabs(rank_real - nearest) <= 1e-12 * nearest) rank_real = nearest;
  const std::uint64_t rank =
      std::clamp<std::uint64_t>(static_cast<std::uint64_t>(std::ceil(rank_real)), 1, count_);
  // The extreme ranks are known exactly; a midpoint would only blur them.
  if (rank == count_) return static_cast<double>(max_ns_);
  if (rank == 1) return static_cast<double>(min_ns_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const BucketBounds b = bounds_of(static_cast<int>(i));
      // The midpoint of the values the bucket holds; for a one-wide bucket, the value itself.
      const double mid = (static_cast<double>(b.lower) + static_cast<double>(b.upper - 1)) / 2.0;
      return std::clamp(mid, static_cast<double>(min_ns_), static_cast<double>(max_ns_));
    }
  }
  return static_cast<double>(max_ns_);  // unreachable: the counts sum to count_
}

void LatencyHistogram::reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  sum_ns_ = 0;
  min_ns_ = INT64_MAX;
  max_ns_ = 0;
}

}  // namespace svcsim
