// Zipf sampling by rejection-inversion: candidates come from the inverse of
// the integral of h(x) = x^-s over [0.5, N + 0.5], and are accepted against
// the exact probability mass, so the draw is exact (not an approximation).
#include "sim/zipf_sampler.hpp"

#include <algorithm>
#include <cmath>

namespace svcsim::detail {

namespace {
/// log(1 + x) / x, accurate near 0.
double log1p_over_x(double x) {
  return std::abs(x) > 1e-8 ? std::log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
}
/// (exp(x) - 1) / x, accurate near 0.
double expm1_over_x(double x) {
  return std::abs(x) > 1e-8 ? std::expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x));
}
}  // namespace

ZipfSampler::ZipfSampler(std::uint64_t items, double exponent) : items_(std::max<std::uint64_t>(items, 1)), s_(exponent) {
  h_integral_x1_ = h_integral(1.5) - 1;
  h_integral_items_ = h_integral(static_cast<double>(items_) + 0.5);
  s_div_ = 2 - h_integral_inverse(h_integral(2.5) - h(2));
}

double ZipfSampler::h(double x) const { return std::exp(-s_ * std::log(x)); }

// The integral of h from 1 to x: (x^(1-s) - 1) / (1 - s), or log x when s = 1.
double ZipfSampler::h_integral(double x) const {
  const double log_x = std::log(x);
  return expm1_over_x((1 - s_) * log_x) * log_x;
}

double ZipfSampler::h_integral_inverse(double x) const {
  const double t = std::max(-1.0, x * (1 - s_));
  return std::exp(log1p_over_x(t) * x);
}

std::uint32_t ZipfSampler::sample(RandomStream& rng) const {
  if (s_ == 0) return static_cast<std::uint32_t>(rng.below(items_) + 1);  // all items alike
  const auto n = static_cast<double>(items_);
  for (;;) {
    const double u = h_integral_items_ + rng.uniform01() * (h_integral_x1_ - h_integral_items_);
    const double x = h_integral_inverse(u);
    double k = std::floor(x + 0.5);
    k = std::clamp(k, 1.0, n);
    if (k - x <= s_div_ || u >= h_integral(k + 0.5) - h(k)) return static_cast<std::uint32_t>(k);
  }
}

}  // namespace svcsim::detail
