// Unit tests of the latency histogram: bucket layout, percentile accuracy
// against exact sorted values, exact merging, storage that follows the
// buckets used, and no allocation on record once the range is stored.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#include "svcsim/distribution.hpp"
#include "svcsim/histogram.hpp"

using svcsim::Distribution;
using svcsim::Duration;
using svcsim::LatencyHistogram;
using svcsim::RandomStream;

namespace {
// Counts every allocation in this test executable, so a test can prove that
// a code path allocates nothing at all (test-only; the library has no globals).
std::uint64_t allocations = 0;
}  // namespace

// Every non-aligned form is replaced, so new and delete always pair up
// (sanitizers check that they do).
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new(std::size_t size) {
  if (void* p = operator new(size, std::nothrow)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return operator new(size, std::nothrow); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

std::vector<std::int64_t> heavy_tailed_values(std::size_t n) {
  // Pareto shape 1.1 from 50us: values from the exact region (< 128 ns is
  // impossible here, so a few small ones are added) up to many seconds.
  const Distribution d = Distribution::pareto(Duration::from_us(50), 1.1);
  RandomStream rng(99, "histogram");
  std::vector<std::int64_t> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(d.sample(rng).ns);
  for (std::int64_t small : {0, 1, 5, 127, 128, 129, 255, 256}) out[small % n] = small;
  return out;
}

}  // namespace

TEST_CASE("bucket bounds invert index_of", "[histogram]") {
  std::vector<std::int64_t> values = {0, 1, 126, 127, 128, 129, 255, 256, 257, 1000, 1'000'000, 1LL << 40,
                                      (1LL << 40) - 1, (1LL << 40) + 1, Duration::max().ns, INT64_MAX / 4,
                                      INT64_MAX / 2, INT64_MAX};
  for (std::int64_t v = 1; v < INT64_MAX / 3; v = v * 3 + 7) values.push_back(v);
  for (std::int64_t v : values) {
    INFO("value " << v);
    const int i = LatencyHistogram::index_of(v);
    REQUIRE(i >= 0);
    REQUIRE(i < LatencyHistogram::kBucketCount);
    const std::int64_t lower = LatencyHistogram::lower_bound_ns(i);
    const std::int64_t upper = LatencyHistogram::upper_bound_ns(i);
    CHECK(lower <= v);
    // The top bucket's exclusive bound 2^63 saturates at INT64_MAX.
    CHECK((v < upper || (v == INT64_MAX && upper == INT64_MAX)));
    CHECK(LatencyHistogram::index_of(lower) == i);
    CHECK(LatencyHistogram::index_of(upper - 1) == i);
    // Bounded relative width: exact below 256, else at most 1/128 of the lower bound.
    if (v < 256) {
      CHECK(upper - lower == 1);
    } else {
      CHECK(upper - lower <= lower / 128 + 1);
    }
  }
  // Buckets tile the range without gaps or overlaps.
  const int last = LatencyHistogram::index_of(INT64_MAX);
  for (int i = 0; i < last; ++i) {
    INFO("index " << i);
    REQUIRE(LatencyHistogram::upper_bound_ns(i) == LatencyHistogram::lower_bound_ns(i + 1));
  }
  CHECK(LatencyHistogram::lower_bound_ns(0) == 0);
  CHECK(LatencyHistogram::lower_bound_ns(128) == 128);
  CHECK(LatencyHistogram::upper_bound_ns(127) == 128);
}

TEST_CASE("percentiles are within 0.5% of the exact nearest-rank values", "[histogram]") {
  constexpr std::size_t n = 100000;
  const auto values = heavy_tailed_values(n);
  LatencyHistogram h;
  for (std::int64_t v : values) h.record(Duration{v});
  auto sorted = values;
  std::sort(sorted.begin(), sorted.end());

  REQUIRE(h.count() == n);
  CHECK(h.min_ns() == sorted.front());
  CHECK(h.max_ns() == sorted.back());
  double sum = 0;
  for (std::int64_t v : values) sum += static_cast<double>(v);
  CHECK(h.mean_ns() == Approx(sum / n).epsilon(1e-12));

  // Per-mille percentiles; the exact rank ceil(p/1000 · n) in integers.
  for (std::uint64_t per_mille : {1ULL, 10ULL, 250ULL, 500ULL, 900ULL, 990ULL, 999ULL, 1000ULL}) {
    const std::uint64_t rank = (per_mille * n + 999) / 1000;
    const auto exact = static_cast<double>(sorted[rank - 1]);
    const double got = h.percentile_ns(static_cast<double>(per_mille) / 10.0);
    INFO("p" << static_cast<double>(per_mille) / 10.0 << ": exact " << exact << ", histogram " << got);
    CHECK(std::abs(got - exact) <= 0.005 * exact);
  }
  CHECK(h.percentile_ns(100) == static_cast<double>(sorted.back()));
}

TEST_CASE("small values are exact, and results are clamped to min and max", "[histogram]") {
  LatencyHistogram h;
  CHECK(h.percentile_ns(50) == 0.0);
  CHECK(h.count() == 0);
  CHECK(h.mean_ns() == 0.0);
  CHECK(h.min_ns() == 0);
  for (std::int64_t v = 1; v <= 100; ++v) h.record(Duration{v});
  CHECK(h.percentile_ns(50) == 50.0);
  CHECK(h.percentile_ns(99) == 99.0);
  CHECK(h.percentile_ns(99.5) == 100.0);
  CHECK(h.percentile_ns(100) == 100.0);
  CHECK(h.percentile_ns(0) == 1.0);  // at least the first value
  CHECK(h.mean_ns() == 50.5);

  // Three values in one 4096-wide bucket: its midpoint (1001471.5) lies above
  // them all, so the median is clamped to the largest observed value.
  LatencyHistogram narrow;
  for (std::int64_t v : {1'000'003, 1'000'004, 1'000'005}) narrow.record(Duration{v});
  CHECK(narrow.percentile_ns(50) == 1'000'005.0);
  CHECK(narrow.percentile_ns(1) == 1'000'003.0);

  // Negative durations count as 0.
  LatencyHistogram negative;
  negative.record(Duration{-5});
  CHECK(negative.min_ns() == 0);
  CHECK(negative.count_at(0) == 1);
}

TEST_CASE("decimal percentiles pick the intended rank", "[histogram]") {
  // 99.9 is not exact in binary; p99.9 of 1000 values is the 999th, not the 1000th.
  LatencyHistogram h;
  for (std::int64_t v = 1; v <= 1000; ++v) h.record(Duration{v * 1'000});
  const double p999 = h.percentile_ns(99.9);
  CHECK(std::abs(p999 - 999'000.0) <= 0.005 * 999'000.0);
  CHECK(p999 < 1'000'000.0);
}

TEST_CASE("merging two halves equals one histogram of all", "[histogram]") {
  const auto values = heavy_tailed_values(50000);
  LatencyHistogram all, first, second;
  for (std::size_t i = 0; i < values.size(); ++i) {
    all.record(Duration{values[i]});
    (i % 3 == 0 ? first : second).record(Duration{values[i]});
  }
  LatencyHistogram merged;
  merged.merge(first);
  merged.merge(second);
  CHECK(merged.count() == all.count());
  CHECK(merged.min_ns() == all.min_ns());
  CHECK(merged.max_ns() == all.max_ns());
  // The sums add in another order, so only rounding may differ.
  CHECK(merged.mean_ns() == Approx(all.mean_ns()).epsilon(1e-12));
  for (int i = 0; i < LatencyHistogram::kBucketCount; ++i) {
    INFO("bucket " << i);
    REQUIRE(merged.count_at(i) == all.count_at(i));
  }
  for (double p : {50.0, 90.0, 99.0, 99.9, 100.0}) CHECK(merged.percentile_ns(p) == all.percentile_ns(p));

  // Merging an empty histogram changes nothing, min included.
  LatencyHistogram empty;
  merged.merge(empty);
  CHECK(merged.min_ns() == all.min_ns());
  CHECK(merged.count() == all.count());
}

TEST_CASE("recording allocates only while the stored range grows", "[histogram]") {
  LatencyHistogram h;
  RandomStream rng(3, "alloc");
  const Distribution d = Distribution::lognormal_median_p99(Duration::from_ms(2), Duration::from_s(5));
  std::vector<Duration> values;
  for (int i = 0; i < 10000; ++i) values.push_back(d.sample(rng));
  values.push_back(Duration{INT64_MAX});
  values.push_back(Duration{0});

  // The first pass widens the range by half at least each time: a few
  // allocations for the whole layout, not one per record.
  const std::uint64_t first = allocations;
  for (const Duration v : values) h.record(v);
  CHECK(allocations - first <= 20);
  CHECK(h.stored() <= static_cast<std::size_t>(LatencyHistogram::kBucketCount));
  // Once the range is stored, recording (after a reset too) and percentiles allocate nothing.
  h.reset();
  const std::uint64_t before = allocations;
  for (const Duration v : values) h.record(v);
  const double p99 = h.percentile_ns(99);
  CHECK(allocations == before);
  CHECK(p99 > 0);
  CHECK(h.count() == values.size());
}

TEST_CASE("a histogram stores only the buckets between its lowest and highest", "[histogram]") {
  LatencyHistogram unused;
  CHECK(unused.stored() == 0);
  CHECK(unused.count_at(3000) == 0);
  LatencyHistogram constant;
  for (int i = 0; i < 1000; ++i) constant.record(Duration::from_ms(1));
  CHECK(constant.stored() <= 16);
  CHECK(constant.count_at(LatencyHistogram::index_of(1'000'000)) == 1000);
  // 1 ms to 1 s: ten powers of two of 128 buckets, plus the growth margin (at most half).
  LatencyHistogram wide;
  for (std::int64_t v = 1'000'000; v <= 1'000'000'000; v = v * 11 / 10) wide.record(Duration{v});
  const auto span = static_cast<std::size_t>(LatencyHistogram::index_of(1'000'000'000) - LatencyHistogram::index_of(1'000'000) + 1);
  CHECK(wide.stored() >= span);
  CHECK(wide.stored() <= span + span / 2 + 16);
}

TEST_CASE("the order values come in changes no bucket, percentile or merge", "[histogram]") {
  // Rising, falling and shuffled orders grow the stored range from different
  // sides; the histograms must still be the same, bucket for bucket.
  auto values = heavy_tailed_values(20000);
  values.push_back(0);
  values.push_back(INT64_MAX);
  LatencyHistogram shuffled, rising, falling, halves;
  for (const std::int64_t v : values) shuffled.record(Duration{v});
  std::sort(values.begin(), values.end());
  for (const std::int64_t v : values) rising.record(Duration{v});
  LatencyHistogram upper;
  for (std::size_t i = values.size(); i-- > 0;) {
    falling.record(Duration{values[i]});
    (i < values.size() / 2 ? halves : upper).record(Duration{values[i]});
  }
  halves.merge(upper);  // the upper half merged into a histogram of the lower one
  for (const LatencyHistogram* h : {&rising, &falling, &halves}) {
    CHECK(h->count() == shuffled.count());
    for (int i = 0; i < LatencyHistogram::kBucketCount; ++i) {
      INFO("bucket " << i);
      REQUIRE(h->count_at(i) == shuffled.count_at(i));
    }
    for (double p : {0.0, 1.0, 50.0, 90.0, 99.0, 99.9, 100.0}) CHECK(h->percentile_ns(p) == shuffled.percentile_ns(p));
  }
}
