// Time distributions: the project's own sampling transforms (so every standard
// library draws the same numbers) and their exact first two moments.
#include "svcsim/distribution.hpp"

#include "core/normal_ziggurat.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <fmt/format.h>

namespace svcsim {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// Φ⁻¹(0.99): how many standard deviations the 99th percentile of a normal lies above its median.
constexpr double kZ99 = 2.3263478740408408;
// Rejection loops give up after this many tries, so no parameter can make a draw hang.
constexpr int kMaxAttempts = 1000;

// Lognormal parameter forms, kept in p_[2] so describe() echoes what was written.
constexpr double kLognormalMedianP99 = 0;
constexpr double kLognormalMeanStddev = 1;

// Marsaglia & Tsang (2000) for shape a >= 1, scale 1.
double gamma_shape_at_least_one(double a, RandomStream& rng) {
  const double d = a - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    const double z = standard_normal(rng);
    const double t = 1.0 + c * z;
    if (t <= 0) continue;
    const double v = t * t * t;
    const double u = rng.uniform01();
    if (std::log(u) < 0.5 * z * z + d - d * v + d * std::log(v)) return d * v;
  }
  return d;  // unreachable in practice: each try is accepted with probability > 0.95
}

// The moments of N(mu, sd²) truncated to [0, ∞), which is what resampling
// negative draws produces. Returns {E[X], E[X²]}.
std::pair<double, double> truncated_normal_moments(double mu, double sd) {
  if (!(sd > 0)) {
    const double x = std::max(mu, 0.0);
    return {x, x * x};
  }
  const double alpha = -mu / sd;                                // the cut, in standard units
  const double tail = 0.5 * std::erfc(alpha / std::numbers::sqrt2);  // P(X >= 0)
  // So far below the mean that no draw is ever accepted: the sampler returns 0.
  if (!(tail > 0)) return {0.0, 0.0};
  const double density = std::exp(-0.5 * alpha * alpha) / std::sqrt(2.0 * std::numbers::pi);
  const double lambda = density / tail;  // inverse Mills ratio
  const double mean = mu + sd * lambda;
  const double variance = sd * sd * (1.0 + alpha * lambda - lambda * lambda);
  return {mean, variance + mean * mean};
}

std::string text_of(double seconds) { return format_duration(Duration::from_seconds(seconds)); }

}  // namespace

Distribution Distribution::constant(Duration value) {
  Distribution d;
  d.kind_ = Kind::constant;
  d.p_[0] = value.seconds();
  return d;
}

Distribution Distribution::exponential(Duration mean) {
  Distribution d;
  d.kind_ = Kind::exponential;
  d.p_[0] = mean.seconds();
  return d;
}

Distribution Distribution::uniform(Duration min, Duration max) {
  Distribution d;
  d.kind_ = Kind::uniform;
  d.p_[0] = min.seconds();
  d.p_[1] = max.seconds();
  return d;
}

Distribution Distribution::normal(Duration mean, Duration stddev) {
  Distribution d;
  d.kind_ = Kind::normal;
  d.p_[0] = mean.seconds();
  d.p_[1] = std::max(stddev.seconds(), 0.0);
  return d;
}

// p_: mu, sigma (of the underlying normal, in log-seconds), the written form.
Distribution Distribution::lognormal_median_p99(Duration median, Duration p99) {
  Distribution d;
  d.kind_ = Kind::lognormal;
  d.p_[2] = kLognormalMedianP99;
  if (median.ns <= 0) {
    // Degenerate: always 0 (exp(-inf)), rather than NaN from log(0).
    d.p_[0] = -kInfinity;
    return d;
  }
  d.p_[0] = std::log(median.seconds());
  // p99 below the median is rejected by the loader; here it degrades to a constant.
  d.p_[1] = p99 > median ? (std::log(p99.seconds()) - d.p_[0]) / kZ99 : 0.0;
  return d;
}

Distribution Distribution::lognormal_mean_stddev(Duration mean, Duration stddev) {
  Distribution d;
  d.kind_ = Kind::lognormal;
  d.p_[2] = kLognormalMeanStddev;
  if (mean.ns <= 0) {
    d.p_[0] = -kInfinity;
    return d;
  }
  const double cv = std::max(stddev.seconds(), 0.0) / mean.seconds();
  const double sigma2 = std::log1p(cv * cv);
  d.p_[0] = std::log(mean.seconds()) - sigma2 / 2.0;
  d.p_[1] = std::sqrt(sigma2);
  return d;
}

// p_: mean, cv, shape k = 1/cv², scale θ = mean/k.
Distribution Distribution::gamma(Duration mean, double cv) {
  Distribution d;
  d.kind_ = Kind::gamma;
  d.p_[0] = mean.seconds();
  d.p_[1] = cv > 0 ? cv : 0.0;  // also maps NaN to 0: a constant
  if (d.p_[1] > 0) {
    d.p_[2] = 1.0 / (d.p_[1] * d.p_[1]);
    d.p_[3] = d.p_[0] / d.p_[2];
  }
  return d;
}

Distribution Distribution::pareto(Duration scale, double shape) {
  Distribution d;
  d.kind_ = Kind::pareto;
  d.p_[0] = scale.seconds();
  d.p_[1] = shape;
  return d;
}

Distribution Distribution::weibull(Duration scale, double shape) {
  Distribution d;
  d.kind_ = Kind::weibull;
  d.p_[0] = scale.seconds();
  d.p_[1] = shape;
  return d;
}

Distribution Distribution::empirical(std::vector<std::pair<double, Duration>> points) {
  Distribution d;
  d.kind_ = Kind::empirical;
  // The loader guarantees order; sorting again keeps the binary search sound
  // for any caller.
  std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  d.points_.reserve(points.size());
  for (const auto& [percentile, value] : points) {
    d.points_.emplace_back(std::clamp(percentile, 0.0, 100.0) / 100.0, value.seconds());
  }
  return d;
}

Distribution Distribution::mixture(std::vector<std::pair<double, Distribution>> components) {
  Distribution d;
  d.kind_ = Kind::mixture;
  double total = 0;
  for (const auto& component : components) total += component.first > 0 ? component.first : 0.0;
  double cumulative = 0;
  for (auto& [weight, component] : components) {
    const double w = weight > 0 ? weight : 0.0;
    cumulative += total > 0 ? w : 1.0;  // all weights zero: pick uniformly
    d.cumulative_weights_.push_back(cumulative);
    d.components_.push_back(std::move(component));
  }
  for (double& c : d.cumulative_weights_) c /= cumulative;
  // Exactly 1 at the end, so a draw always lands on a component.
  if (!d.cumulative_weights_.empty()) d.cumulative_weights_.back() = 1.0;
  return d;
}

Duration Distribution::sample_other(RandomStream& rng) const { return Duration::from_seconds(sample_seconds(rng)); }

double Distribution::sample_seconds(RandomStream& rng) const {
  switch (kind_) {
    case Kind::constant:
      return p_[0];
    case Kind::exponential:
      return -p_[0] * std::log(rng.uniform01());
    case Kind::uniform:
      return p_[0] + (p_[1] - p_[0]) * rng.uniform01();
    case Kind::normal:
      for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        const double x = p_[0] + p_[1] * standard_normal(rng);
        if (x >= 0) return x;
      }
      return 0.0;
    case Kind::lognormal:
      return std::exp(p_[0] + p_[1] * standard_normal(rng));
    case Kind::gamma: {
      const double shape = p_[2];
      if (!(shape > 0)) return p_[0];  // cv = 0: no variation
      if (shape >= 1) return p_[3] * gamma_shape_at_least_one(shape, rng);
      // Shape below 1: Gamma(k) = Gamma(k + 1) · U^(1/k) (Marsaglia & Tsang's boost).
      const double x = gamma_shape_at_least_one(shape + 1.0, rng);
      return p_[3] * x * std::pow(rng.uniform01(), 1.0 / shape);
    }
    case Kind::pareto:
      return p_[0] / std::pow(rng.uniform01(), 1.0 / p_[1]);
    case Kind::weibull:
      return p_[0] * std::pow(-std::log(rng.uniform01()), 1.0 / p_[1]);
    case Kind::empirical: {
      if (points_.empty()) return 0.0;
      const double u = rng.uniform01();
      const auto above = std::upper_bound(points_.begin(), points_.end(), u,
                                          [](double x, const auto& point) { return x < point.first; });
      if (above == points_.begin()) return points_.front().second;
      if (above == points_.end()) return points_.back().second;
      const auto& [p1, x1] = *above;
      const auto& [p0, x0] = *(above - 1);
      return x0 + (x1 - x0) * (u - p0) / (p1 - p0);  // p1 > u >= p0, so p1 > p0
    }
    case Kind::mixture: {
      if (components_.empty()) return 0.0;
      const double u = rng.uniform01();
      auto i = static_cast<std::size_t>(
          std::upper_bound(cumulative_weights_.begin(), cumulative_weights_.end(), u) - cumulative_weights_.begin());
      i = std::min(i, components_.size() - 1);
      return components_[i].sample_seconds(rng);
    }
  }
  return 0.0;
}

double Distribution::mean_seconds() const {
  switch (kind_) {
    case Kind::constant:
    case Kind::exponential:
    case Kind::gamma:
      return p_[0];
    case Kind::uniform:
      return (p_[0] + p_[1]) / 2.0;
    case Kind::normal:
      return truncated_normal_moments(p_[0], p_[1]).first;
    case Kind::lognormal:
      return std::exp(p_[0] + p_[1] * p_[1] / 2.0);
    case Kind::pareto:
      if (p_[0] == 0) return 0.0;
      return p_[1] > 1 ? p_[1] * p_[0] / (p_[1] - 1.0) : kInfinity;
    case Kind::weibull:
      return p_[0] * std::tgamma(1.0 + 1.0 / p_[1]);
    case Kind::empirical: {
      if (points_.empty()) return 0.0;
      // The sampler holds the end values below the first and above the last point.
      double sum = points_.front().first * points_.front().second + (1.0 - points_.back().first) * points_.back().second;
      for (std::size_t i = 1; i < points_.size(); ++i) {
        const auto& [p0, x0] = points_[i - 1];
        const auto& [p1, x1] = points_[i];
        sum += (p1 - p0) * (x0 + x1) / 2.0;
      }
      return sum;
    }
    case Kind::mixture: {
      double sum = 0;
      double previous = 0;
      for (std::size_t i = 0; i < components_.size(); ++i) {
        const double w = cumulative_weights_[i] - previous;
        previous = cumulative_weights_[i];
        if (w > 0) sum += w * components_[i].mean_seconds();
      }
      return sum;
    }
  }
  return 0.0;
}

double Distribution::second_moment_seconds2() const {
  switch (kind_) {
    case Kind::constant:
      return p_[0] * p_[0];
    case Kind::exponential:
      return 2.0 * p_[0] * p_[0];
    case Kind::uniform:
      return (p_[0] * p_[0] + p_[0] * p_[1] + p_[1] * p_[1]) / 3.0;
    case Kind::normal:
      return truncated_normal_moments(p_[0], p_[1]).second;
    case Kind::lognormal:
      return std::exp(2.0 * p_[0] + 2.0 * p_[1] * p_[1]);
    case Kind::gamma:
      return p_[0] * p_[0] * (1.0 + p_[1] * p_[1]);
    case Kind::pareto:
      if (p_[0] == 0) return 0.0;
      return p_[1] > 2 ? p_[1] * p_[0] * p_[0] / (p_[1] - 2.0) : kInfinity;
    case Kind::weibull:
      return p_[0] * p_[0] * std::tgamma(1.0 + 2.0 / p_[1]);
    case Kind::empirical: {
      if (points_.empty()) return 0.0;
      const auto& first = points_.front();
      const auto& last = points_.back();
      double sum = first.first * first.second * first.second + (1.0 - last.first) * last.second * last.second;
      // ∫ (x0 + (x1 - x0) t)² dt over t in [0, 1] = (x0² + x0 x1 + x1²) / 3.
      for (std::size_t i = 1; i < points_.size(); ++i) {
        const auto& [p0, x0] = points_[i - 1];
        const auto& [p1, x1] = points_[i];
        sum += (p1 - p0) * (x0 * x0 + x0 * x1 + x1 * x1) / 3.0;
      }
      return sum;
    }
    case Kind::mixture: {
      double sum = 0;
      double previous = 0;
      for (std::size_t i = 0; i < components_.size(); ++i) {
        const double w = cumulative_weights_[i] - previous;
        previous = cumulative_weights_[i];
        if (w > 0) sum += w * components_[i].second_moment_seconds2();
      }
      return sum;
    }
  }
  return 0.0;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case Kind::constant:
      return text_of(p_[0]);
    case Kind::exponential:
      return fmt::format("exponential(mean {})", text_of(p_[0]));
    case Kind::uniform:
      return fmt::format("uniform(min {}, max {})", text_of(p_[0]), text_of(p_[1]));
    case Kind::normal:
      return fmt::format("normal(mean {}, stddev {})", text_of(p_[0]), text_of(p_[1]));
    case Kind::lognormal: {
      const double mu = p_[0];
      const double sigma = p_[1];
      if (p_[2] == kLognormalMeanStddev) {
        const double mean = std::exp(mu + sigma * sigma / 2.0);
        return fmt::format("lognormal(mean {}, stddev {})", text_of(mean),
                           text_of(mean * std::sqrt(std::expm1(sigma * sigma))));
      }
      return fmt::format("lognormal(median {}, p99 {})", text_of(std::exp(mu)), text_of(std::exp(mu + kZ99 * sigma)));
    }
    case Kind::gamma:
      return fmt::format("gamma(mean {}, cv {:g})", text_of(p_[0]), p_[1]);
    case Kind::pareto:
      return fmt::format("pareto(scale {}, shape {:g})", text_of(p_[0]), p_[1]);
    case Kind::weibull:
      return fmt::format("weibull(scale {}, shape {:g})", text_of(p_[0]), p_[1]);
    case Kind::empirical: {
      std::string out = "empirical(";
      for (std::size_t i = 0; i < points_.size(); ++i) {
        if (i > 0) out += ", ";
        out += fmt::format("p{:g} {}", points_[i].first * 100.0, text_of(points_[i].second));
      }
      return out + ")";
    }
    case Kind::mixture: {
      std::string out = "mixture(";
      double previous = 0;
      for (std::size_t i = 0; i < components_.size(); ++i) {
        if (i > 0) out += ", ";
        out += fmt::format("{:g}% {}", (cumulative_weights_[i] - previous) * 100.0, components_[i].describe());
        previous = cumulative_weights_[i];
      }
      return out + ")";
    }
  }
  return "?";
}

}  // namespace svcsim
