// Resilience state kept between calls: circuit breakers (Resilience4j's
// closed / open / half-open over a time-based sliding window), retry budgets,
// backoff with jitter, and token-bucket rate limits.
#include <algorithm>
#include <cmath>

#include "sim/engine.hpp"

namespace svcsim::detail {

namespace {
constexpr std::int64_t kRetryBudgetBucketNs = 1'000'000'000;  // 10 buckets of 1 s: the contract's 10 s window
}  // namespace

void Engine::breaker_roll(Breaker& b) {
  // Advance the ring of buckets to now, clearing the buckets that fell out.
  int steps = 0;
  while (now_ >= b.bucket_start + b.bucket_ns && steps <= kBreakerBuckets) {
    b.bucket = (b.bucket + 1) % kBreakerBuckets;
    b.bucket_start += b.bucket_ns;
    b.calls[b.bucket] = b.failures[b.bucket] = 0;
    ++steps;
  }
  if (now_ >= b.bucket_start + b.bucket_ns) b.bucket_start = now_ - (now_ - b.bucket_start) % b.bucket_ns;
}

void Engine::breaker_set(std::uint32_t index, BreakerState state) {
  Breaker& b = breakers_[index];
  b.state = state;
  b.timeline.emplace_back(now_, state);
  if (state == BreakerState::open) b.opened_at = now_;
  if (state == BreakerState::half_open) {
    b.half_open_permits = programs_.breakers[index].policy->half_open_calls;
    b.half_open_done = b.half_open_failed = 0;
  }
  if (state == BreakerState::closed) {
    std::fill(std::begin(b.calls), std::end(b.calls), 0u);
    std::fill(std::begin(b.failures), std::end(b.failures), 0u);
  }
}

bool Engine::breaker_allows(std::uint32_t index) {
  Breaker& b = breakers_[index];
  const CircuitBreakerPolicy& policy = *programs_.breakers[index].policy;
  if (b.state == BreakerState::open) {
    if (now_ - b.opened_at < policy.wait_in_open.ns) return false;
    breaker_set(index, BreakerState::half_open);
  }
  if (b.state == BreakerState::half_open) {
    if (b.half_open_permits == 0) return false;
    --b.half_open_permits;
  }
  return true;
}

void Engine::breaker_record(std::uint32_t index, bool success) {
  Breaker& b = breakers_[index];
  const CircuitBreakerPolicy& policy = *programs_.breakers[index].policy;
  if (b.state == BreakerState::half_open) {
    ++b.half_open_done;
    if (!success) ++b.half_open_failed;
    if (b.half_open_done >= policy.half_open_calls) {
      const double rate = static_cast<double>(b.half_open_failed) / static_cast<double>(b.half_open_done);
      breaker_set(index, rate < policy.failure_rate_threshold ? BreakerState::closed : BreakerState::open);
    }
    return;
  }
  if (b.state == BreakerState::open) return;  // answers of calls sent before it opened
  breaker_roll(b);
  ++b.calls[b.bucket];
  if (!success) ++b.failures[b.bucket];
  std::uint64_t calls = 0, failures = 0;
  for (int i = 0; i < kBreakerBuckets; ++i) {
    calls += b.calls[i];
    failures += b.failures[i];
  }
  if (calls >= static_cast<std::uint64_t>(policy.minimum_calls) &&
      static_cast<double>(failures) >= policy.failure_rate_threshold * static_cast<double>(calls))
    breaker_set(index, BreakerState::open);
}

void Engine::roll_retry_budget(RetryBudgetState& budget) {
  int steps = 0;
  while (now_ >= budget.bucket_start + kRetryBudgetBucketNs && steps <= 10) {
    budget.bucket = (budget.bucket + 1) % 10;
    budget.bucket_start += kRetryBudgetBucketNs;
    budget.first_tries[budget.bucket] = budget.retries[budget.bucket] = 0;
    ++steps;
  }
  if (now_ >= budget.bucket_start + kRetryBudgetBucketNs)
    budget.bucket_start = now_ - (now_ - budget.bucket_start) % kRetryBudgetBucketNs;
}

void Engine::record_for_retry_budget(std::uint32_t node, bool retry) {
  if (!scenario_.nodes[node].retry_budget) return;
  RetryBudgetState& budget = nodes_[node].retry_budget;
  roll_retry_budget(budget);
  ++(retry ? budget.retries : budget.first_tries)[budget.bucket];
}

bool Engine::retry_budget_allows(std::uint32_t node) {
  const std::optional<double>& ratio = scenario_.nodes[node].retry_budget;
  if (!ratio) return true;
  RetryBudgetState& budget = nodes_[node].retry_budget;
  roll_retry_budget(budget);
  std::uint64_t first = 0, retries = 0;
  for (int i = 0; i < 10; ++i) {
    first += budget.first_tries[i];
    retries += budget.retries[i];
  }
  // One more retry must keep retries within the budget's share of first tries.
  return static_cast<double>(retries + 1) <= *ratio * static_cast<double>(first);
}

unsigned Engine::retry_bit(Outcome outcome) {
  switch (outcome) {
    case Outcome::timed_out: return retry_on_timeout;
    case Outcome::rejected: return retry_on_rejected;
    default: return retry_on_error;
  }
}

std::int64_t Engine::backoff_ns(Call& call, const RetryPolicy& policy) {
  const Backoff& b = policy.backoff;
  NodeState* caller = caller_state(programs_.sites[call.site]);
  RandomStream& rng = caller ? caller->retry_rng : client_retry_rng_;
  const double base = static_cast<double>(b.base.ns);
  const double cap = static_cast<double>(b.max.ns);
  // retry k (1-based) sleeps min(max, base * multiplier^(k-1)) before jitter
  const double exp_backoff = std::min(cap, base * std::pow(b.multiplier, call.retries - 1));
  double sleep = exp_backoff;
  switch (b.jitter) {
    case Jitter::none: break;
    case Jitter::full: sleep = rng.uniform01() * exp_backoff; break;
    case Jitter::equal: sleep = exp_backoff / 2 + rng.uniform01() * exp_backoff / 2; break;
    case Jitter::decorrelated: {
      // AWS "decorrelated jitter": min(max, uniform(base, 3 * previous sleep))
      const double previous = call.last_backoff_ns > 0 ? static_cast<double>(call.last_backoff_ns) : base;
      sleep = std::min(cap, base + rng.uniform01() * (3 * previous - base));
      break;
    }
  }
  call.last_backoff_ns = static_cast<std::int64_t>(sleep);
  return call.last_backoff_ns;
}

bool Engine::take_rate_limit_token(std::uint32_t node) {
  const RateLimit& limit = *scenario_.nodes[node].rate_limit;
  NodeState& n = nodes_[node];
  n.tokens = std::min(limit.burst, n.tokens + limit.rate_per_s * static_cast<double>(now_ - n.tokens_at) * 1e-9);
  n.tokens_at = now_;
  if (n.tokens < 1.0) return false;
  n.tokens -= 1.0;
  return true;
}

void Engine::give_back_rate_limit_token(std::uint32_t node) {
  // Exact: the bucket was refilled to now when the token was taken, so it
  // holds at most burst - 1 and the time of the refill is unchanged.
  nodes_[node].tokens += 1.0;
}

}  // namespace svcsim::detail
