// Exact queueing-theory results (M/M/1, Erlang B and C, M/M/c/K,
// Pollaczek–Khinchine, exact MVA) that the validation tests hold the simulator to.
// Units: rates per second, times in seconds.
#pragma once

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

namespace svcsim::test::theory {

/// M/M/1 sojourn time (wait + service) is exponential with rate mu - lambda.
inline double mm1_mean_sojourn(double lambda, double mu) { return 1.0 / (mu - lambda); }

/// The p-quantile (p in (0, 1)) of the M/M/1 sojourn time: -ln(1 - p) / (mu - lambda).
inline double mm1_sojourn_quantile(double lambda, double mu, double p) { return -std::log1p(-p) / (mu - lambda); }

/// M/M/1 mean time in queue: rho / (mu - lambda).
inline double mm1_mean_wait(double lambda, double mu) { return (lambda / mu) / (mu - lambda); }

/// Erlang B: the blocking probability of M/M/c/c at offered load a = lambda / mu
/// (in Erlangs), by the numerically stable recursion B(k) = a B(k-1) / (k + a B(k-1)).
inline double erlang_b(int servers, double offered_load) {
  double b = 1.0;
  for (int k = 1; k <= servers; ++k) b = offered_load * b / (k + offered_load * b);
  return b;
}

/// Erlang C: the probability that an arrival to M/M/c waits, at offered load
/// a = lambda / mu < c: C = c B / (c - a (1 - B)).
inline double erlang_c(int servers, double offered_load) {
  const double b = erlang_b(servers, offered_load);
  const double c = static_cast<double>(servers);
  return c * b / (c - offered_load * (1.0 - b));
}

/// M/M/c mean time in queue: C(c, a) / (c mu - lambda).
inline double mmc_mean_wait(int servers, double lambda, double mu) {
  return erlang_c(servers, lambda / mu) / (static_cast<double>(servers) * mu - lambda);
}

/// M/M/c/K (K >= c places in all, K - c of them waiting): the probability that
/// an arrival finds the system full, which by PASTA is the stationary p_K.
/// p_n is proportional to a^n / n! for n <= c and a^c / c! (a / c)^(n - c) above.
inline double mmck_blocking(int servers, int capacity, double offered_load) {
  if (capacity < servers) throw std::invalid_argument("M/M/c/K needs K >= c");
  double term = 1.0;  // p_0 unnormalised
  double sum = 1.0;
  for (int n = 1; n <= capacity; ++n) {
    term *= offered_load / static_cast<double>(n <= servers ? n : servers);
    sum += term;
  }
  return term / sum;
}

/// M/G/1 mean time in queue (Pollaczek–Khinchine): lambda E[S^2] / (2 (1 - rho)).
inline double pk_mean_wait(double lambda, double mean_service, double second_moment_service) {
  const double rho = lambda * mean_service;
  return lambda * second_moment_service / (2.0 * (1.0 - rho));
}

/// P(T > t) for T a sum of independent exponentials with distinct rates
/// (hypoexponential): sum_i e^{-r_i t} prod_{j != i} r_j / (r_j - r_i).
inline double hypoexponential_survival(const std::vector<double>& rates, double t) {
  double sum = 0;
  for (std::size_t i = 0; i < rates.size(); ++i) {
    double coefficient = 1.0;
    for (std::size_t j = 0; j < rates.size(); ++j)
      if (j != i) coefficient *= rates[j] / (rates[j] - rates[i]);
    sum += coefficient * std::exp(-rates[i] * t);
  }
  return sum;
}

/// The p-quantile of a hypoexponential, by bisection (the survival is monotone).
/// In a tandem of M/M/1 stations a customer's sojourn times at the stations are
/// independent exponentials of rates mu_i - lambda (Reich 1957), so this is the
/// end-to-end sojourn quantile.
inline double hypoexponential_quantile(const std::vector<double>& rates, double p) {
  double lo = 0;
  double hi = 1.0;
  while (hypoexponential_survival(rates, hi) > 1.0 - p) hi *= 2.0;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (hypoexponential_survival(rates, mid) > 1.0 - p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

struct MvaResult {
  double throughput = 0;             // requests per second
  double response = 0;               // seconds, summed over the queueing stations (think time excluded)
  std::vector<double> residence;     // per station, seconds
  std::vector<double> queue_length;  // per station, mean number present
};

/// Exact Mean Value Analysis of a closed product-form network: `users` customers,
/// single-server FCFS exponential stations with service demands `demands`
/// (visit ratio x mean service, seconds) and a delay station of mean `think` s.
/// Reiser & Lavenberg: R_k(n) = D_k (1 + Q_k(n-1)), X(n) = n / (Z + sum R_k(n)),
/// Q_k(n) = X(n) R_k(n).
inline MvaResult mva(int users, const std::vector<double>& demands, double think) {
  MvaResult r;
  r.residence.assign(demands.size(), 0.0);
  r.queue_length.assign(demands.size(), 0.0);
  for (int n = 1; n <= users; ++n) {
    double total = 0;
    for (std::size_t k = 0; k < demands.size(); ++k) {
      r.residence[k] = demands[k] * (1.0 + r.queue_length[k]);
      total += r.residence[k];
    }
    r.throughput = static_cast<double>(n) / (think + total);
    r.response = total;
    for (std::size_t k = 0; k < demands.size(); ++k) r.queue_length[k] = r.throughput * r.residence[k];
  }
  return r;
}

}  // namespace svcsim::test::theory
