// `warmup: auto`: the initial transient found by MSER-5 (White 1997; White,
// Cobb and Spratt 2000). A run's completed-request latencies, in completion
// order, are averaged in batches of 5; the truncation point is the number of
// leading batches whose removal minimises the squared standard error of the
// mean of what remains. Memory is bounded: past a cap, neighbouring batches
// merge (the batch size doubles), so a long run costs no more than a short one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace svcsim {

/// Batch means of a series of observations, with the time each batch closed.
class BatchMeans {
 public:
  static constexpr std::size_t kBatchSize = 5;     // MSER-5
  static constexpr std::size_t kMaxBatches = 1 << 16;

  /// One observation (a latency, in any unit) seen at `time_ns`.
  void add(double value, std::int64_t time_ns);

  /// Complete batches only (a partial last batch is left out).
  std::span<const double> means() const { return means_; }
  /// The time of each batch's last observation.
  std::span<const std::int64_t> end_times() const { return ends_; }
  /// Observations per batch: 5, or 5 * 2^k once the cap made batches merge.
  std::size_t batch_size() const { return batch_size_; }

  /// Merges neighbouring batches until batch_size() == `size` (a power-of-two
  /// multiple of the current one), so several series can be averaged batch by batch.
  void coarsen_to(std::size_t size);

 private:
  void merge_pairs();

  std::vector<double> means_;
  std::vector<std::int64_t> ends_;
  std::size_t batch_size_ = kBatchSize;
  double partial_sum_ = 0;
  std::size_t partial_count_ = 0;
};

/// MSER: the d in [0, n/2] minimising sum_{i>=d} (y_i - mean_d)^2 / (n - d)^2,
/// the first such d on ties; 0 for fewer than 4 values. `limit` (<= n/2)
/// bounds the candidates further (d <= limit).
std::size_t mser_truncation(std::span<const double> series, std::size_t limit);
inline std::size_t mser_truncation(std::span<const double> series) {
  return mser_truncation(series, series.size() / 2);
}

}  // namespace svcsim
