// The progress of several runs at once (replications on threads, or the
// points of a sweep) summed into one share done and one event count, under a
// lock, so the caller's callback (a terminal line) is never entered by two threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace svcsim::detail {

class ProgressSum {
 public:
  using Callback = std::function<void(double fraction, std::uint64_t events)>;
  ProgressSum(Callback callback, std::size_t runs)
      : callback_(std::move(callback)), fractions_(runs, 0.0), events_(runs, 0) {}

  /// The progress callback for run k (empty when nobody listens).
  Callback for_run(std::size_t k) {
    if (!callback_) return {};
    return [this, k](double fraction, std::uint64_t events) { update(k, fraction, events); };
  }
  /// Run k is done, after `events` events.
  void finished(std::size_t k, std::uint64_t events) {
    if (callback_) update(k, 1.0, events);
  }

 private:
  void update(std::size_t k, double fraction, std::uint64_t events) {
    const std::lock_guard lock(mutex_);
    fractions_[k] = fraction;
    events_[k] = events;
    double done = 0;
    std::uint64_t all_events = 0;
    for (std::size_t i = 0; i < fractions_.size(); ++i) {
      done += fractions_[i];
      all_events += events_[i];
    }
    callback_(done / static_cast<double>(fractions_.size()), all_events);
  }

  Callback callback_;
  std::mutex mutex_;
  std::vector<double> fractions_;
  std::vector<std::uint64_t> events_;
};

}  // namespace svcsim::detail
