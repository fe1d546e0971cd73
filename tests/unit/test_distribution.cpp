// Unit tests of the time distributions: pinned samples, statistical checks of
// the sampling transforms against their exact moments and quantiles, and the
// closed-form moments themselves.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "core/normal_ziggurat.hpp"
#include "svcsim/distribution.hpp"

using svcsim::Distribution;
using svcsim::Duration;
using svcsim::RandomStream;

namespace {

Duration ms(std::int64_t n) { return Duration::from_ms(n); }

// Every statistical test draws this many samples from a fixed stream. Its
// tolerances are 5 standard errors for this n: a correct sampler fails one
// with probability below 1e-6, a wrong transform is off by far more.
constexpr int kSamples = 200000;
const double kRootN = std::sqrt(static_cast<double>(kSamples));

std::vector<double> draw_seconds(const Distribution& d, const char* stream_name) {
  RandomStream rng(2024, stream_name);
  std::vector<double> out(kSamples);
  for (double& x : out) x = d.sample(rng).seconds();
  return out;
}

double mean_of(const std::vector<double>& xs) {
  double sum = 0;
  for (double x : xs) sum += x;
  return sum / static_cast<double>(xs.size());
}

double mean_of_squares(const std::vector<double>& xs) {
  double sum = 0;
  for (double x : xs) sum += x * x;
  return sum / static_cast<double>(xs.size());
}

// Nearest-rank quantile of a sample.
double quantile(std::vector<double> xs, double p) {
  std::sort(xs.begin(), xs.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(xs.size())));
  return xs[std::max<std::size_t>(rank, 1) - 1];
}

// The sample mean is within 5 standard errors of the exact mean, the standard
// error being sd/sqrt(n) with sd from the distribution's exact moments.
void check_mean(const Distribution& d, const char* stream_name) {
  const double mean = d.mean_seconds();
  const double sd = std::sqrt(d.second_moment_seconds2() - mean * mean);
  const double tolerance = 5.0 * sd / kRootN;
  INFO(d.describe() << ": exact mean " << mean << " s, tolerance " << tolerance << " s");
  CHECK(std::fabs(mean_of(draw_seconds(d, stream_name)) - mean) < tolerance);
}

double standard_normal_density(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }

}  // namespace

TEST_CASE("golden samples: the first draws of every kind are pinned", "[distribution]") {
  // Pinned values guard against accidental changes to a transform or to the
  // order in which it consumes uniforms; such a change alters every result.
  // Changed on purpose once: normal, lognormal and gamma draw their standard
  // normals from the ziggurat since issue 15 (Box–Muller before).
  struct Golden {
    Distribution d;
    std::int64_t first[5];
  };
  const Golden cases[] = {
      {Distribution::constant(ms(2)), {2000000, 2000000, 2000000, 2000000, 2000000}},
      {Distribution::exponential(ms(2)), {4430515, 662024, 218768, 1913191, 786568}},
      {Distribution::uniform(ms(1), ms(3)), {1218251, 2436393, 2792773, 1768397, 2349674}},
      {Distribution::normal(ms(10), ms(5)), {8537438, 16544473, 7538740, 7308506, 2202634}},
      {Distribution::lognormal_median_p99(ms(2), ms(10)), {1633587, 4946499, 1422751, 1378141, 679945}},
      {Distribution::lognormal_mean_stddev(ms(2), ms(1)), {1557993, 3319692, 1417713, 1387208, 856338}},
      {Distribution::gamma(ms(2), 0.5), {1567293, 1401270, 708900, 1078860, 3334886}},
      {Distribution::gamma(ms(2), 2.0), {3430393, 379177, 431168, 710723, 15477}},
      {Distribution::pareto(ms(1), 1.5), {4379078, 1246918, 1075647, 1892181, 1299773}},
      {Distribution::weibull(ms(2), 0.8), {5405181, 502152, 125812, 1892084, 622892}},
      {Distribution::empirical({{0, ms(1)}, {50, ms(2)}, {99, ms(10)}, {100, ms(50)}}),
       {1218251, 5562390, 8471613, 1768397, 4854484}},
      {Distribution::mixture({{0.9, Distribution::exponential(ms(1))}, {0.1, Distribution::constant(ms(100))}}),
       {331012, 956595, 584897, 1538331, 428818}},
  };
  for (const auto& c : cases) {
    INFO(c.d.describe());
    RandomStream rng(7, "golden");
    for (std::int64_t expected : c.first) CHECK(c.d.sample(rng).ns == expected);
  }
}

TEST_CASE("sample means match the exact means", "[distribution][statistical]") {
  check_mean(Distribution::exponential(ms(2)), "exponential");
  check_mean(Distribution::uniform(ms(1), ms(3)), "uniform");
  check_mean(Distribution::normal(ms(10), ms(5)), "normal");
  check_mean(Distribution::normal(ms(1), ms(5)), "normal-mostly-truncated");
  check_mean(Distribution::lognormal_median_p99(ms(2), ms(10)), "lognormal");
  check_mean(Distribution::lognormal_mean_stddev(ms(2), ms(1)), "lognormal-mean");
  check_mean(Distribution::gamma(ms(2), 0.5), "gamma");
  check_mean(Distribution::gamma(ms(2), 1.0), "gamma-exponential");
  check_mean(Distribution::gamma(ms(2), 2.0), "gamma-small-shape");
  check_mean(Distribution::pareto(ms(1), 3.0), "pareto");  // shape 3: finite variance
  check_mean(Distribution::weibull(ms(2), 0.8), "weibull");
  check_mean(Distribution::weibull(ms(2), 3.0), "weibull-peaked");
  check_mean(Distribution::empirical({{0, ms(1)}, {50, ms(2)}, {99, ms(10)}, {100, ms(50)}}), "empirical");
  check_mean(Distribution::mixture({{3, Distribution::exponential(ms(1))}, {1, Distribution::uniform(ms(5), ms(7))}}),
             "mixture");
}

TEST_CASE("gamma second moments match: Marsaglia–Tsang draws the right shape", "[distribution][statistical]") {
  // E[X^4] of Gamma(k, θ) is θ⁴ k(k+1)(k+2)(k+3); the standard error of the
  // sample mean of X² is sqrt(E[X⁴] - E[X²]²)/sqrt(n); tolerance 5 of them.
  for (double cv : {0.5, 2.0}) {
    const Distribution d = Distribution::gamma(ms(2), cv);
    const double k = 1.0 / (cv * cv);
    const double theta = 0.002 / k;
    const double m4 = std::pow(theta, 4) * k * (k + 1) * (k + 2) * (k + 3);
    const double m2 = d.second_moment_seconds2();
    const double tolerance = 5.0 * std::sqrt(m4 - m2 * m2) / kRootN;
    INFO("cv " << cv << ", E[X^2] " << m2 << ", tolerance " << tolerance);
    CHECK(std::fabs(mean_of_squares(draw_seconds(d, "gamma-m2")) - m2) < tolerance);
  }
}

TEST_CASE("quantiles match where they are natural", "[distribution][statistical]") {
  // The standard error of a sample p-quantile is sqrt(p(1-p)/n) / f(x_p),
  // f the density there; tolerances are 5 of them.
  const double sigma = std::log(5.0) / 2.3263478740408408;  // median 2ms, p99 10ms
  const auto lognormal = draw_seconds(Distribution::lognormal_median_p99(ms(2), ms(10)), "lognormal-q");
  {
    const double f = standard_normal_density(0.0) / (0.002 * sigma);
    CHECK(std::fabs(quantile(lognormal, 0.5) - 0.002) < 5.0 * std::sqrt(0.25 / kSamples) / f);
  }
  {
    const double f = standard_normal_density(2.3263478740408408) / (0.010 * sigma);
    CHECK(std::fabs(quantile(lognormal, 0.99) - 0.010) < 5.0 * std::sqrt(0.99 * 0.01 / kSamples) / f);
  }

  // Empirical: p25 lies inside the first segment (1ms..2ms over 50 points of
  // probability, density 0.5/ms); p50 is the given point 2ms, where the
  // density drops to 0.49/8ms, the smaller one bounding the error.
  const auto empirical =
      draw_seconds(Distribution::empirical({{0, ms(1)}, {50, ms(2)}, {99, ms(10)}, {100, ms(50)}}), "empirical-q");
  CHECK(std::fabs(quantile(empirical, 0.25) - 0.0015) < 5.0 * std::sqrt(0.1875 / kSamples) / (0.5 / 0.001));
  CHECK(std::fabs(quantile(empirical, 0.5) - 0.002) < 5.0 * std::sqrt(0.25 / kSamples) / (0.49 / 0.008));

  // Pareto shape 1.5 has no variance, so its median is the test: scale·2^(1/shape),
  // density there shape/(2·x_m).
  const auto pareto = draw_seconds(Distribution::pareto(ms(1), 1.5), "pareto-q");
  const double x_m = 0.001 * std::pow(2.0, 1.0 / 1.5);
  CHECK(std::fabs(quantile(pareto, 0.5) - x_m) < 5.0 * std::sqrt(0.25 / kSamples) / (1.5 / (2.0 * x_m)));
}

TEST_CASE("mixture picks components by normalised weight", "[distribution][statistical]") {
  const Distribution d =
      Distribution::mixture({{0.9, Distribution::exponential(ms(1))}, {0.1, Distribution::constant(ms(100))}});
  const auto xs = draw_seconds(d, "mixture-weights");
  const auto hundred = std::count(xs.begin(), xs.end(), ms(100).seconds());
  // Binomial(n, 0.1): sd sqrt(0.09 n) = 134 draws; 5 sd.
  CHECK(std::fabs(static_cast<double>(hundred) - 0.1 * kSamples) < 5.0 * std::sqrt(0.09 * kSamples));
}

TEST_CASE("normal is truncated at 0 by resampling, never clamped", "[distribution]") {
  // N(1ms, 5ms) is negative 42% of the time: clamping would pile those at 0,
  // resampling leaves P(a draw rounds to 0 ns) near 7e-8.
  const auto xs = draw_seconds(Distribution::normal(ms(1), ms(5)), "normal-truncation");
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 0.0);
  CHECK(std::count(xs.begin(), xs.end(), 0.0) < 5);

  // A mean far below 0 cannot hang the sampler: it gives up and returns 0.
  RandomStream rng(1, "hopeless");
  const Distribution hopeless = Distribution::normal(Duration{-1'000'000'000}, Duration{1'000});
  CHECK(hopeless.sample(rng).ns == 0);
}

TEST_CASE("exact moments against closed forms", "[distribution]") {
  const double e = 1e-12;  // relative; these are formulas, not estimates
  CHECK(Distribution().mean_seconds() == 0.0);
  CHECK(Distribution().is_zero());
  CHECK(Distribution::constant(ms(2)).second_moment_seconds2() == Approx(4e-6).epsilon(e));
  CHECK(Distribution::exponential(ms(2)).second_moment_seconds2() == Approx(8e-6).epsilon(e));
  CHECK(Distribution::uniform(ms(1), ms(3)).mean_seconds() == Approx(0.002).epsilon(e));
  CHECK(Distribution::uniform(ms(1), ms(3)).second_moment_seconds2() == Approx(13e-6 / 3).epsilon(e));

  // Truncated normal N(10ms, 5ms) at 0: α = -2, λ = φ(2)/Φ(2).
  {
    const double lambda = standard_normal_density(2.0) / (0.5 * std::erfc(-2.0 / std::sqrt(2.0)));
    const double mean = 0.010 + 0.005 * lambda;
    const double variance = 0.005 * 0.005 * (1.0 - 2.0 * lambda - lambda * lambda);
    const Distribution d = Distribution::normal(ms(10), ms(5));
    CHECK(d.mean_seconds() == Approx(mean).epsilon(e));
    CHECK(d.second_moment_seconds2() == Approx(variance + mean * mean).epsilon(e));
    // Far from 0 the truncation vanishes.
    const Distribution wide = Distribution::normal(ms(10), Duration::from_us(100));
    CHECK(wide.mean_seconds() == Approx(0.010).epsilon(e));
    CHECK(wide.second_moment_seconds2() == Approx(1e-4 + 1e-8).epsilon(e));
  }

  {
    const double mu = std::log(0.002);
    const double sigma = (std::log(0.010) - mu) / 2.3263478740408408;
    const Distribution d = Distribution::lognormal_median_p99(ms(2), ms(10));
    CHECK(d.mean_seconds() == Approx(std::exp(mu + sigma * sigma / 2)).epsilon(e));
    CHECK(d.second_moment_seconds2() == Approx(std::exp(2 * mu + 2 * sigma * sigma)).epsilon(e));
    const Distribution by_mean = Distribution::lognormal_mean_stddev(ms(2), ms(1));
    CHECK(by_mean.mean_seconds() == Approx(0.002).epsilon(e));
    CHECK(by_mean.second_moment_seconds2() == Approx(4e-6 + 1e-6).epsilon(e));
  }

  CHECK(Distribution::gamma(ms(2), 0.5).mean_seconds() == Approx(0.002).epsilon(e));
  CHECK(Distribution::gamma(ms(2), 0.5).second_moment_seconds2() == Approx(4e-6 * 1.25).epsilon(e));

  CHECK(Distribution::pareto(ms(1), 1.5).mean_seconds() == Approx(0.003).epsilon(e));
  CHECK(std::isinf(Distribution::pareto(ms(1), 1.5).second_moment_seconds2()));
  CHECK(std::isinf(Distribution::pareto(ms(1), 1.0).mean_seconds()));
  CHECK(Distribution::pareto(ms(1), 3.0).second_moment_seconds2() == Approx(3e-6).epsilon(e));

  // Weibull shape 1 is the exponential.
  CHECK(Distribution::weibull(ms(2), 1.0).mean_seconds() == Approx(0.002).epsilon(e));
  CHECK(Distribution::weibull(ms(2), 1.0).second_moment_seconds2() == Approx(8e-6).epsilon(e));
  CHECK(Distribution::weibull(ms(2), 0.5).mean_seconds() == Approx(0.004).epsilon(e));  // Γ(3) = 2

  // Empirical: trapezoids of the inverse CDF, (x0² + x0·x1 + x1²)/3 per segment for E[X²].
  const Distribution emp = Distribution::empirical({{0, ms(1)}, {50, ms(2)}, {99, ms(10)}, {100, ms(50)}});
  CHECK(emp.mean_seconds() == Approx(0.5 * 1.5e-3 + 0.49 * 6e-3 + 0.01 * 30e-3).epsilon(e));
  CHECK(emp.second_moment_seconds2() ==
        Approx((0.5 * 7 + 0.49 * 124 + 0.01 * 3100) / 3 * 1e-6).epsilon(e));

  const Distribution mix =
      Distribution::mixture({{9, Distribution::exponential(ms(1))}, {1, Distribution::constant(ms(100))}});
  CHECK(mix.mean_seconds() == Approx(0.9e-3 + 0.1 * 0.1).epsilon(e));
  CHECK(mix.second_moment_seconds2() == Approx(0.9 * 2e-6 + 0.1 * 0.01).epsilon(e));
}

TEST_CASE("describe echoes the parameters as written", "[distribution]") {
  CHECK(Distribution::constant(ms(2)).describe() == "2ms");
  CHECK(Distribution::exponential(ms(2)).describe() == "exponential(mean 2ms)");
  CHECK(Distribution::uniform(ms(1), ms(3)).describe() == "uniform(min 1ms, max 3ms)");
  CHECK(Distribution::normal(ms(10), ms(5)).describe() == "normal(mean 10ms, stddev 5ms)");
  CHECK(Distribution::lognormal_median_p99(ms(2), ms(10)).describe() == "lognormal(median 2ms, p99 10ms)");
  CHECK(Distribution::lognormal_mean_stddev(ms(2), ms(1)).describe() == "lognormal(mean 2ms, stddev 1ms)");
  CHECK(Distribution::gamma(ms(2), 0.5).describe() == "gamma(mean 2ms, cv 0.5)");
  CHECK(Distribution::pareto(ms(1), 1.5).describe() == "pareto(scale 1ms, shape 1.5)");
  CHECK(Distribution::weibull(ms(2), 0.8).describe() == "weibull(scale 2ms, shape 0.8)");
  CHECK(Distribution::empirical({{0, ms(1)}, {99.9, ms(10)}, {100, ms(50)}}).describe() ==
        "empirical(p0 1ms, p99.9 10ms, p100 50ms)");
  CHECK(Distribution::mixture({{3, Distribution::exponential(ms(1))}, {1, Distribution::constant(ms(100))}})
            .describe() == "mixture(75% exponential(mean 1ms), 25% 100ms)");
}

TEST_CASE("the ziggurat's standard normals follow the normal law, tails included", "[distribution][statistical]") {
  // 2,000,000 draws binned at -4, -3.75, ..., 4 (34 bins; the outer four lie
  // beyond the ziggurat's base strip at r = 3.654, which only its tail
  // algorithm reaches, and its wedges cover every layer), against Φ.
  // Pearson's χ² has 33 degrees of freedom: by the Wilson–Hilferty
  // approximation a correct sampler exceeds the limit below with probability
  // 1e-6 (z = 4.753), while a tail drawn from the wrong law moves χ² by
  // hundreds at this n (a tail twice too wide: 197). One layer off by a
  // little moves too little mass for any χ² to see: the next test checks the
  // table itself.
  constexpr int kDraws = 2'000'000;
  RandomStream rng(2024, "ziggurat");
  std::vector<double> edges;
  for (int k = -16; k <= 16; ++k) edges.push_back(0.25 * k);
  std::vector<double> counts(edges.size() + 1, 0.0);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double z = svcsim::standard_normal(rng);
    sum += z;
    sum2 += z * z;
    counts[static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), z) - edges.begin())] += 1;
  }
  auto phi = [](double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); };
  double chi2 = 0;
  for (std::size_t b = 0; b < counts.size(); ++b) {
    const double lo = b == 0 ? 0.0 : phi(edges[b - 1]);
    const double hi = b == edges.size() ? 1.0 : phi(edges[b]);
    const double expected = kDraws * (hi - lo);
    chi2 += (counts[b] - expected) * (counts[b] - expected) / expected;
  }
  const double dof = static_cast<double>(counts.size() - 1);
  const double h = 2.0 / (9.0 * dof);
  const double limit = dof * std::pow(1.0 - h + 4.753 * std::sqrt(h), 3);  // about 87.4
  INFO("chi2 " << chi2 << " over " << dof << " degrees of freedom, limit " << limit);
  CHECK(chi2 < limit);
  // Mean 0 and variance 1 within 5 standard errors (1/sqrt(n) and sqrt(2/n)).
  const double mean = sum / kDraws;
  CHECK(std::fabs(mean) < 5.0 / std::sqrt(double{kDraws}));
  CHECK(std::fabs(sum2 / kDraws - mean * mean - 1.0) < 5.0 * std::sqrt(2.0 / kDraws));
}

TEST_CASE("the ziggurat's layers all have the same area, under the density", "[distribution]") {
  // Layer i >= 1 is the rectangle [0, X[i]] x [f(X[i]), f(X[i+1])]; the base
  // strip is [0, X[0]] x [0, f(X[1])] (its part beyond r stands for the tail).
  // Each has area v = r f(r) + the tail's area; F[i] is f(X[i]) = exp(-X[i]^2/2).
  // The table is decimal arithmetic rounded to doubles: areas agree to 1e-12
  // relative (a double's own rounding over a product and a difference is
  // about 1e-15; a wrong entry is off by far more).
  using namespace svcsim::ziggurat;
  const double v = kZigR * std::exp(-0.5 * kZigR * kZigR) +
                   std::sqrt(std::numbers::pi / 2) * std::erfc(kZigR / std::numbers::sqrt2);
  CHECK(kZigX[1] == kZigR);
  CHECK(kZigX[256] == 0.0);
  CHECK(kZigF[256] == 1.0);
  CHECK(std::fabs(kZigX[0] * kZigF[1] - v) < 1e-12 * v);
  for (int i = 0; i <= 256; ++i) {
    INFO("layer " << i);
    CHECK(std::fabs(kZigF[i] - std::exp(-0.5 * kZigX[i] * kZigX[i])) <= 2e-16);
    if (i >= 1 && i <= 255) {
      CHECK(kZigX[i + 1] < kZigX[i]);
      CHECK(std::fabs(kZigX[i] * (kZigF[i + 1] - kZigF[i]) - v) < 1e-12 * v);
    }
  }
}
