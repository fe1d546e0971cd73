// Client-side adaptive throttling (Google SRE book, SPEC 7.3), kept by the
// caller per (caller node, callee node): the calls it attempted and those the
// callee accepted over a sliding window of ten buckets; before sending, a
// call is rejected locally with probability
// max(0, (requests - k * accepts) / (requests + 1)).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

namespace svcsim::detail {

class ClientThrottle {
 public:
  static constexpr int kBuckets = 10;

  explicit ClientThrottle(std::int64_t window_ns) : bucket_ns_(std::max<std::int64_t>(1, window_ns / kBuckets)) {}

  /// The probability of rejecting the next call locally, over the window up to `now`.
  double reject_probability(std::int64_t now, double k) {
    roll(now);
    double requests = 0, accepts = 0;
    for (int i = 0; i < kBuckets; ++i) {
      requests += static_cast<double>(requests_[i]);
      accepts += static_cast<double>(accepts_[i]);
    }
    return std::max(0.0, (requests - k * accepts) / (requests + 1));
  }
  /// A call attempted (sent, or rejected locally).
  void record_request(std::int64_t now) {
    roll(now);
    ++requests_[bucket_];
  }
  /// A call the callee accepted (answered with anything but `rejected`).
  void record_accept(std::int64_t now) {
    roll(now);
    ++accepts_[bucket_];
  }

 private:
  void roll(std::int64_t now) {
    // Buckets are aligned to time 0; those the clock has passed are emptied.
    const std::int64_t index = now / bucket_ns_;
    if (index == current_) return;
    const std::int64_t steps = std::min<std::int64_t>(kBuckets, index - current_);
    for (std::int64_t s = 0; s < steps; ++s) {
      bucket_ = (bucket_ + 1) % kBuckets;
      requests_[bucket_] = accepts_[bucket_] = 0;
    }
    current_ = index;
  }

  std::int64_t bucket_ns_;
  std::int64_t current_ = 0;  // the index of the bucket in use (time / bucket_ns_)
  int bucket_ = 0;
  std::array<std::uint64_t, kBuckets> requests_ = {};
  std::array<std::uint64_t, kBuckets> accepts_ = {};
};

}  // namespace svcsim::detail
