// What theory says about exponential servers behind a balancer fed by one
// Poisson stream: round robin and weighted round robin (each instance sees a
// fixed cycle of Erlang gaps: GI/M/1 and its periodic form, solved on the
// embedded chain at arrivals), and state-dependent policies (least_request,
// power_of_two) as the continuous-time Markov chain of the queue lengths,
// solved numerically with a truncation whose mass is reported.
// Units: rates per second, times in seconds.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <vector>

namespace svcsim::test::theory {

/// GI/M/1 with Erlang(k, lambda) interarrival times (every k-th arrival of a
/// Poisson stream of rate lambda, as round robin over k instances gives each):
/// an arrival finds n present with probability (1 - sigma) sigma^n, sigma the
/// root in (0, 1) of sigma = A*(mu (1 - sigma)) = (lambda / (lambda + mu (1 - sigma)))^k.
inline double erlang_m1_sigma(int k, double lambda, double mu) {
  double sigma = 0;  // the iteration rises monotonically to the smallest root
  for (int i = 0; i < 100000; ++i) {
    const double next = std::pow(lambda / (lambda + mu * (1 - sigma)), k);
    if (std::abs(next - sigma) < 1e-15) return next;
    sigma = next;
  }
  throw std::runtime_error("erlang_m1_sigma did not converge");
}

/// What arrivals to one FCFS exponential server find, averaged over arrivals.
struct ArrivalView {
  double p_wait = 0;     // P(the server is busy)
  double mean_wait = 0;  // s
  double mean_sojourn = 0;
};

/// One exponential server (rate mu) whose arrivals come every gaps[0], then
/// gaps[1], ... (cyclically) events of a Poisson stream of rate lambda: the
/// instance a weighted round robin gives a fixed share of a Poisson stream.
/// The number present seen by each arrival is a Markov chain whose step
/// through a gap of g events is known exactly (the departures during an
/// Erlang(g, lambda) time are negative binomial: d departures before g
/// arrivals of the superposed stream); it is iterated over whole cycles
/// until it no longer changes. States above `max_present` are cut off; the
/// probability they would have is below 1e-12 at the loads used (checked).
inline ArrivalView periodic_erlang_m1(const std::vector<int>& gaps, double lambda, double mu,
                                      std::size_t max_present = 400) {
  const std::size_t n = max_present + 1;
  const double q = lambda / (lambda + mu);
  auto step = [&](const std::vector<double>& seen, int g) {
    // P(d departures before g arrivals) = C(d + g - 1, d) q^g (1 - q)^d
    std::vector<double> pd(n + 1);
    pd[0] = std::pow(q, g);
    for (std::size_t d = 1; d <= n; ++d)
      pd[d] = pd[d - 1] * (1 - q) * static_cast<double>(d + static_cast<std::size_t>(g) - 1) / static_cast<double>(d);
    std::vector<double> next(n, 0.0);
    for (std::size_t present = 0; present < n; ++present) {
      const double mass = seen[present];
      if (mass == 0) continue;
      const std::size_t after = present + 1;  // the arrival joins
      double left = 1.0;
      for (std::size_t d = 0; d < after; ++d) {  // fewer departures than present: some remain
        const std::size_t remain = std::min(after - d, n - 1);
        next[remain] += mass * pd[d];
        left -= pd[d];
      }
      next[0] += mass * std::max(0.0, left);  // the server emptied during the gap
    }
    return next;
  };
  std::vector<std::vector<double>> phase(gaps.size(), std::vector<double>(n, 0.0));
  phase[0][0] = 1.0;
  for (int cycle = 0; cycle < 100000; ++cycle) {
    const std::vector<double> before = phase[0];
    for (std::size_t j = 0; j < gaps.size(); ++j) {
      std::vector<double> next = step(phase[j], gaps[j]);
      if (j + 1 < gaps.size()) phase[j + 1] = std::move(next);
      else phase[0] = std::move(next);
    }
    double change = 0;
    for (std::size_t i = 0; i < n; ++i) change += std::abs(phase[0][i] - before[i]);
    if (change < 1e-14) break;
  }
  ArrivalView v;
  for (const std::vector<double>& seen : phase) {
    if (seen[n - 1] > 1e-12) throw std::runtime_error("periodic_erlang_m1: raise max_present");
    for (std::size_t present = 0; present < n; ++present) {
      if (present > 0) v.p_wait += seen[present];
      v.mean_wait += seen[present] * static_cast<double>(present) / mu;  // FCFS, memoryless service
    }
  }
  v.p_wait /= static_cast<double>(gaps.size());
  v.mean_wait /= static_cast<double>(gaps.size());
  v.mean_sojourn = v.mean_wait + 1.0 / mu;
  return v;
}

/// `instances` FCFS exponential servers (rate mu each) fed by one Poisson
/// stream of rate lambda that a balancer routes by the queue lengths:
/// route(lengths, shares) fills shares[i] with the probability that an
/// arrival seeing `lengths` (calls at each instance, waiting or in service)
/// goes to instance i. The chain of queue lengths, each cut at `max_queue`
/// - 1 (an arrival to a full queue is dropped), is solved by Gauss-Seidel
/// sweeps on its balance equations; `truncated_mass` is the probability of
/// the states on the cut, which must be negligible for the answer to be exact.
struct DispatchView {
  ArrivalView arrivals;
  double truncated_mass = 0;
};

inline DispatchView dispatch_chain(int instances, int max_queue, double lambda, double mu,
                                   const std::function<void(const std::vector<int>&, std::vector<double>&)>& route) {
  const auto k = static_cast<std::size_t>(instances);
  const auto cut = static_cast<std::size_t>(max_queue);
  std::size_t states = 1;
  for (std::size_t i = 0; i < k; ++i) states *= cut;
  std::vector<std::size_t> stride(k, 1);
  for (std::size_t i = 1; i < k; ++i) stride[i] = stride[i - 1] * cut;
  auto decode = [&](std::size_t s, std::vector<int>& lengths) {
    for (std::size_t i = 0; i < k; ++i) lengths[i] = static_cast<int>((s / stride[i]) % cut);
  };
  // Routing shares of every state, computed once.
  std::vector<double> shares(states * k);
  std::vector<int> lengths(k);
  std::vector<double> one(k);
  for (std::size_t s = 0; s < states; ++s) {
    decode(s, lengths);
    std::fill(one.begin(), one.end(), 0.0);
    route(lengths, one);
    std::copy(one.begin(), one.end(), shares.begin() + static_cast<std::ptrdiff_t>(s * k));
  }
  std::vector<double> pi(states, 0.0);
  pi[0] = 1.0;
  for (int sweep = 0; sweep < 100000; ++sweep) {
    double change = 0;
    for (std::size_t s = 0; s < states; ++s) {
      decode(s, lengths);
      double out = 0, in = 0;
      for (std::size_t i = 0; i < k; ++i) {
        const auto len = static_cast<std::size_t>(lengths[i]);
        if (len + 1 < cut) out += lambda * shares[s * k + i];  // an arrival joins i
        if (len > 0) {
          out += mu;                                               // i finishes one
          in += pi[s - stride[i]] * lambda * shares[(s - stride[i]) * k + i];  // from one fewer at i
        }
        if (len + 1 < cut) in += pi[s + stride[i]] * mu;  // from one more at i
      }
      const double next = out > 0 ? in / out : pi[s];
      if (s == 0 && sweep == 0) continue;  // keep the seed mass until something flows
      change = std::max(change, std::abs(next - pi[s]));
      pi[s] = next;
    }
    double total = 0;
    for (const double p : pi) total += p;
    for (double& p : pi) p /= total;
    if (sweep > 10 && change / total < 1e-14) break;
  }
  DispatchView v;
  for (std::size_t s = 0; s < states; ++s) {
    decode(s, lengths);
    for (std::size_t i = 0; i < k; ++i) {
      const double arrive = pi[s] * shares[s * k + i];  // PASTA: arrivals see time averages
      if (lengths[i] > 0) v.arrivals.p_wait += arrive;
      v.arrivals.mean_wait += arrive * lengths[i] / mu;
      if (static_cast<std::size_t>(lengths[i]) + 1 == cut) v.truncated_mass += pi[s];
    }
  }
  v.arrivals.mean_sojourn = v.arrivals.mean_wait + 1.0 / mu;
  return v;
}

}  // namespace svcsim::test::theory
