// Distributions of simulated times (work, latency, think time, inter-arrival),
// sampled with the project's own transforms (never std::*_distribution, whose
// output differs between standard libraries).
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "svcsim/random.hpp"
#include "svcsim/time.hpp"

namespace svcsim {

/// One time distribution. A small value type: parameters are stored in
/// seconds; `sample` returns whole nanoseconds (rounded, never negative).
class Distribution {
 public:
  enum class Kind { constant, exponential, uniform, normal, lognormal, gamma, pareto, weibull, empirical, mixture };

  /// A constant zero.
  Distribution() = default;

  static Distribution constant(Duration value);
  static Distribution exponential(Duration mean);
  static Distribution uniform(Duration min, Duration max);
  /// Truncated at 0 by resampling.
  static Distribution normal(Duration mean, Duration stddev);
  static Distribution lognormal_median_p99(Duration median, Duration p99);
  static Distribution lognormal_mean_stddev(Duration mean, Duration stddev);
  /// `cv` is the coefficient of variation; cv = 1 is exponential.
  static Distribution gamma(Duration mean, double cv);
  static Distribution pareto(Duration scale, double shape);
  static Distribution weibull(Duration scale, double shape);
  /// Points (percentile in [0, 100], value), sorted by percentile, with p0 and
  /// p100 present and values non-decreasing: a piecewise-linear inverse CDF.
  static Distribution empirical(std::vector<std::pair<double, Duration>> points);
  /// Weights need not sum to 1; they are normalised.
  static Distribution mixture(std::vector<std::pair<double, Distribution>> components);

  /// The two commonest kinds are inline: sampling is on the hot path.
  Duration sample(RandomStream& rng) const {
    if (kind_ == Kind::exponential) return Duration::from_seconds(-p_[0] * std::log(rng.uniform01()));
    if (kind_ == Kind::constant) return Duration::from_seconds(p_[0]);
    return sample_other(rng);
  }

  Kind kind() const { return kind_; }
  /// Mean in seconds (infinity for a Pareto with shape <= 1).
  double mean_seconds() const;
  /// Second moment E[X^2] in seconds^2 (infinity where it does not exist);
  /// what Pollaczek–Khinchine needs.
  double second_moment_seconds2() const;
  bool is_zero() const { return kind_ == Kind::constant && p_[0] == 0.0; }
  /// Short text for reports, e.g. "exponential(mean 2ms)".
  std::string describe() const;

 private:
  Duration sample_other(RandomStream& rng) const;
  double sample_seconds(RandomStream& rng) const;

  Kind kind_ = Kind::constant;
  double p_[4] = {0, 0, 0, 0};  // kind-specific parameters, in seconds where they are times
  std::vector<std::pair<double, double>> points_;  // empirical: (cumulative probability, seconds)
  std::vector<double> cumulative_weights_;         // mixture
  std::vector<Distribution> components_;           // mixture
};

}  // namespace svcsim
