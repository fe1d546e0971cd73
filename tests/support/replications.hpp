// Independent replications of one scenario (seeds 1..R), run on all cores, and
// the across-replication mean, standard deviation and standard error of a figure.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include "svcsim/results.hpp"
#include "svcsim/scenario.hpp"
#include "svcsim/simulation.hpp"

namespace svcsim::test {

/// Runs `count` replications of `base` with seeds 1..count. Simulations share
/// nothing (ARCHITECTURE: no globals), so they run on worker threads; the
/// results come back in seed order whatever the scheduling, so a test's
/// outcome does not depend on the number of cores.
inline std::vector<Results> replicate(const Scenario& base, int count) {
  std::vector<Results> out(static_cast<std::size_t>(count));
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int i = next++; i < count; i = next++) {
      Scenario s = base;
      s.seed = static_cast<std::uint64_t>(i + 1);
      out[static_cast<std::size_t>(i)] = simulate(s);
    }
  };
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const auto threads = static_cast<int>(std::min<unsigned>(cores, static_cast<unsigned>(count)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return out;
}

/// One figure over R independent replications.
struct Estimate {
  std::vector<double> values;
  double mean = 0;
  double stddev = 0;          // sample standard deviation (R - 1 in the denominator)
  double standard_error = 0;  // stddev / sqrt(R)
};

inline Estimate estimate_of(std::vector<double> values) {
  Estimate e;
  e.values = std::move(values);
  const auto n = static_cast<double>(e.values.size());
  if (e.values.empty()) return e;
  for (const double v : e.values) e.mean += v;
  e.mean /= n;
  if (e.values.size() < 2) return e;
  double sum_sq = 0;
  for (const double v : e.values) sum_sq += (v - e.mean) * (v - e.mean);
  e.stddev = std::sqrt(sum_sq / (n - 1.0));
  e.standard_error = e.stddev / std::sqrt(n);
  return e;
}

/// The figure `per_run(results)` of every replication.
template <class F>
Estimate estimate(const std::vector<Results>& runs, F&& per_run) {
  std::vector<double> values;
  values.reserve(runs.size());
  for (const Results& r : runs) values.push_back(per_run(r));
  return estimate_of(std::move(values));
}

}  // namespace svcsim::test
