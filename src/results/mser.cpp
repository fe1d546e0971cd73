// MSER-5 batch means and truncation point (see include/svcsim/mser.hpp).
#include "svcsim/mser.hpp"

#include <algorithm>

namespace svcsim {

void BatchMeans::add(double value, std::int64_t time_ns) {
  partial_sum_ += value;
  if (++partial_count_ < batch_size_) return;
  means_.push_back(partial_sum_ / static_cast<double>(batch_size_));
  ends_.push_back(time_ns);
  partial_sum_ = 0;
  partial_count_ = 0;
  if (means_.size() == kMaxBatches) merge_pairs();
}

void BatchMeans::merge_pairs() {
  // Pairs of equal-sized batches: the merged mean is the mean of the two.
  const std::size_t pairs = means_.size() / 2;
  for (std::size_t i = 0; i < pairs; ++i) {
    means_[i] = (means_[2 * i] + means_[2 * i + 1]) / 2;
    ends_[i] = ends_[2 * i + 1];
  }
  // An odd last batch cannot be completed retroactively: drop it (its
  // observations are too late to matter for a transient, and the count stays exact).
  means_.resize(pairs);
  ends_.resize(pairs);
  // The partial batch keeps filling up to the new size.
  batch_size_ *= 2;
}

void BatchMeans::coarsen_to(std::size_t size) {
  while (batch_size_ < size) merge_pairs();
}

std::size_t mser_truncation(std::span<const double> y, std::size_t limit) {
  const std::size_t n = y.size();
  if (n < 4) return 0;
  limit = std::min(limit, n / 2);
  // Welford's update from the end backwards: after adding y[d..n) we have the
  // mean and the sum of squared deviations of the truncated series, without
  // the cancellation of sum-of-squares formulas.
  double mean = 0;
  double m2 = 0;
  std::size_t best = 0;
  double best_stat = 0;
  bool have_best = false;
  for (std::size_t k = n; k-- > 0;) {
    const double count = static_cast<double>(n - k);
    const double delta = y[k] - mean;
    mean += delta / count;
    m2 += delta * (y[k] - mean);
    if (k > limit) continue;
    const double stat = m2 / (count * count);
    // `<=` while walking d downwards keeps the smallest d among equal minima.
    if (!have_best || stat <= best_stat) {
      best = k;
      best_stat = stat;
      have_best = true;
    }
  }
  return best;
}

}  // namespace svcsim
