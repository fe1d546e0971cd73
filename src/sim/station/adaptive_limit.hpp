// Admission by an adaptive concurrency limit (SPEC 7.3): Netflix
// concurrency-limits' AIMD, one limit per instance. A call that arrives while
// the instance holds `limit` calls is rejected; each admitted call's end moves
// the limit: down by backoff_ratio after a failure, a rejection downstream or
// a slow answer, up by one after a good answer that, counted in, found the
// instance at least half full.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "svcsim/scenario.hpp"

namespace svcsim::detail {

class AdaptiveLimit {
 public:
  explicit AdaptiveLimit(const AdaptiveConcurrency& spec) : spec_(&spec), limit_(spec.initial_limit) {}

  /// May a call enter an instance that already holds `holding` calls (waiting or in service)?
  bool admits(std::int64_t holding) const { return holding < limit_; }

  /// An admitted call ended after `latency_ns`; `bad`: it failed or was
  /// rejected downstream; `held`: the calls the instance held once it was
  /// admitted, itself included (as Netflix's AIMD counts its in-flight).
  /// True when the limit changed.
  bool on_end(bool bad, std::int64_t latency_ns, std::int64_t held) {
    const int before = limit_;
    if (bad || latency_ns > spec_->timeout.ns) {
      limit_ = std::max(spec_->min_limit, static_cast<int>(std::floor(limit_ * spec_->backoff_ratio)));
    } else if (2 * held >= limit_) {
      limit_ = std::min(spec_->max_limit, limit_ + 1);
    }
    return limit_ != before;
  }

  int limit() const { return limit_; }

 private:
  const AdaptiveConcurrency* spec_;
  int limit_;
};

}  // namespace svcsim::detail
