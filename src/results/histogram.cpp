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

std::size_t LatencyHistogram::make_room(int lo, int hi) {
  int begin = lo, end = hi + 1;  // the buckets to cover: [begin, end)
  const auto old = static_cast<int>(counts_.size());
  if (old == 0) {
    begin -= 4;  // room for a first value's neighbours
    end += 11;  // 16 buckets in all
  } else {
    begin = std::min(begin, first_);
    end = std::max(end, first_ + old);
    // Grow by half at least (and 16 buckets), on the side that ran out, so
    // that a histogram reallocates a few times in its life, not per record.
    const int extra = std::max(0, old + std::max(old / 2, 16) - (end - begin));
    if (lo < first_) begin -= extra;
    else end += extra;
  }
  begin = std::max(begin, 0);
  end = std::min(end, kBucketCount);
  std::vector<std::uint64_t> wider(static_cast<std::size_t>(end - begin), 0);
  if (old > 0) std::copy(counts_.begin(), counts_.end(), wider.begin() + (first_ - begin));
  counts_ = std::move(wider);
  first_ = begin;
  return static_cast<std::size_t>(hi - first_);
}

std::int64_t LatencyHistogram::lower_bound_ns(int index) { return saturate(bounds_of(index).lower); }

std::int64_t LatencyHistogram::upper_bound_ns(int index) { return saturate(bounds_of(index).upper); }

void LatencyHistogram::merge(const LatencyHistogram& other) {
  // Only the other's buckets that count are covered (its range may hold zeros after a reset).
  std::size_t lo = 0, hi = other.counts_.size();
  while (lo < hi && other.counts_[lo] == 0) ++lo;
  while (hi > lo && other.counts_[hi - 1] == 0) --hi;
  if (lo < hi) {
    const int from = other.first_ + static_cast<int>(lo), to = other.first_ + static_cast<int>(hi) - 1;
    if (counts_.empty() || from < first_ || to >= first_ + static_cast<int>(counts_.size())) make_room(from, to);
    for (std::size_t i = lo; i < hi; ++i) counts_[static_cast<std::size_t>(other.first_ - first_) + i] += other.counts_[i];
  }
  count_ += other.count_;
  sum_ns_ += other.sum_ns_;
  min_ns_ = std::min(min_ns_, other.min_ns_);
  max_ns_ = std::max(max_ns_, other.max_ns_);
}

void LatencyHistogram::restore(std::span<const std::pair<int, std::uint64_t>> buckets, double sum_ns,
                               std::int64_t min_ns, std::int64_t max_ns) {
  reset();
  int lo = kBucketCount, hi = -1;
  for (const auto& [index, count] : buckets)
    if (count != 0) lo = std::min(lo, index), hi = std::max(hi, index);
  if (hi >= 0 && (counts_.empty() || lo < first_ || hi >= first_ + static_cast<int>(counts_.size()))) {
    counts_.assign(static_cast<std::size_t>(hi - lo + 1), 0);  // exactly the buckets that count
    first_ = lo;
  }
  for (const auto& [index, count] : buckets) {
    if (count == 0) continue;
    counts_[static_cast<std::size_t>(index - first_)] += count;
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
      const BucketBounds b = bounds_of(first_ + static_cast<int>(i));
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
