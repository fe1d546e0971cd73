// Unit tests of MSER-5 (`warmup: auto`): batch means with a bounded memory,
// and the truncation point on synthetic series whose transient is known.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "svcsim/mser.hpp"
#include "svcsim/random.hpp"

using svcsim::BatchMeans;
using svcsim::mser_truncation;
using svcsim::RandomStream;

TEST_CASE("batch means of 5, closed at the time of their last observation", "[mser]") {
  BatchMeans b;
  for (int i = 1; i <= 12; ++i) b.add(i, i * 100);
  REQUIRE(b.means().size() == 2);  // 11 and 12 wait in an incomplete batch
  CHECK(b.means()[0] == 3.0);      // (1+2+3+4+5)/5
  CHECK(b.means()[1] == 8.0);
  CHECK(b.end_times()[0] == 500);
  CHECK(b.end_times()[1] == 1000);
  CHECK(b.batch_size() == 5);
}

TEST_CASE("at the cap, neighbouring batches merge and the batch size doubles", "[mser]") {
  BatchMeans b;
  const std::size_t n = BatchMeans::kBatchSize * BatchMeans::kMaxBatches;
  for (std::size_t i = 0; i < n; ++i) b.add(static_cast<double>(i / 10), static_cast<std::int64_t>(i));
  REQUIRE(b.batch_size() == 10);
  REQUIRE(b.means().size() == BatchMeans::kMaxBatches / 2);
  CHECK(b.means()[7] == 7.0);  // observations 70..79, all equal to 7
  CHECK(b.end_times()[7] == 79);
  for (int i = 0; i < 10; ++i) b.add(1.0, 1);
  CHECK(b.means().size() == BatchMeans::kMaxBatches / 2 + 1);

  BatchMeans small;
  for (int i = 0; i < 20; ++i) small.add(i, i);  // 4 batches of 5
  small.coarsen_to(10);
  REQUIRE(small.means().size() == 2);
  CHECK(small.means()[0] == 4.5);  // mean of 0..9
  CHECK(small.end_times()[1] == 19);
}

TEST_CASE("MSER finds the end of a known transient", "[mser]") {
  // 100 values at level 20, then 900 at level 10, all with uniform noise of
  // half-width 1. Keeping any transient value adds (~10)^2 to the squared
  // deviations, far above the noise (variance 1/3), so d >= 100; cutting
  // steady values only shrinks n - d, which raises the statistic (about
  // sigma^2 / (n - d)), so d stays within a few values of 100.
  RandomStream rng(5, "test:mser");
  std::vector<double> y;
  for (int i = 0; i < 1000; ++i) y.push_back((i < 100 ? 20.0 : 10.0) + 2 * rng.uniform01() - 1);
  const std::size_t d = mser_truncation(y);
  CHECK(d >= 100);
  CHECK(d <= 110);

  SECTION("an exponentially decaying transient is cut where it fades into the noise") {
    std::vector<double> decay;
    for (int i = 0; i < 2000; ++i) decay.push_back(10.0 + 40.0 * std::exp(-i / 50.0) + 2 * rng.uniform01() - 1);
    const std::size_t cut = mser_truncation(decay);
    // 40 e^{-i/50} falls below the noise's half-width 1 at i = 50 ln 40 = 184.
    CHECK(cut >= 120);
    CHECK(cut <= 300);
  }
  SECTION("a stationary series is not truncated much") {
    std::vector<double> flat;
    for (int i = 0; i < 1000; ++i) flat.push_back(10.0 + 2 * rng.uniform01() - 1);
    CHECK(mser_truncation(flat) < 100);
  }
  SECTION("the candidates stop at the first half and at the limit") {
    std::vector<double> rising;
    for (int i = 0; i < 100; ++i) rising.push_back(i < 80 ? 100.0 : 1.0);  // the 'transient' is most of it
    CHECK(mser_truncation(rising) <= 50);
    CHECK(mser_truncation(rising, 10) <= 10);
    CHECK(mser_truncation(std::vector<double>{5, 1, 1}) == 0);  // too short to say
  }
}
