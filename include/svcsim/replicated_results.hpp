// Independent replications of one scenario: how each one's seed is derived,
// and every figure as the mean over replications with its 95 % confidence
// half-width (Student t). Figures are those of metrics.hpp, computed per run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "svcsim/results.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim {

/// The runs of one scenario, replication k at index k (same workloads and
/// nodes, in the same order, in every run).
struct ReplicatedResults {
  std::vector<Results> runs;
  std::vector<ObjectiveResult> slo;  // evaluated on the mean figures
  double wall_s = 0;                 // wall clock of the whole set (not deterministic)
};

/// The seed of replication k: the scenario's own seed for k = 0 (so a single
/// replication is exactly a plain run), otherwise the top 53 bits of the k-th
/// output of a splitmix64 generator started at the scenario's seed (below
/// 2^53, so JSON tools that read numbers as doubles keep it exact).
std::uint64_t replication_seed(std::uint64_t seed, int k);

/// The 0.975 quantile of Student's t with `degrees_of_freedom` >= 1.
double student_t_975(int degrees_of_freedom);

/// A figure over replications.
struct Estimate {
  std::optional<double> mean;  // nullopt when the figure is undefined in any replication
  std::optional<double> ci95;  // t(0.975, n-1) * s / sqrt(n); only with n >= 2 and a mean
};

/// Mean and 95 % half-width of per-replication values (in order: the sum runs
/// in replication order, so the result does not depend on how runs were scheduled).
Estimate estimate_of(std::span<const std::optional<double>> values);

/// `figure(run)` over every run; `figure` returns std::optional<double> (or a number).
template <class Figure>
Estimate estimate_over(std::span<const Results> runs, Figure&& figure) {
  std::vector<std::optional<double>> values;
  values.reserve(runs.size());
  for (const Results& r : runs) values.emplace_back(figure(r));
  return estimate_of(values);
}

/// workload_metric / node_metric of workload (node) `index` over the runs.
Estimate workload_estimate(std::span<const Results> runs, std::size_t index, std::string_view metric);
Estimate node_estimate(std::span<const Results> runs, std::size_t index, std::string_view metric);

/// Evaluates the objectives on the mean over replications: an objective holds
/// when its mean figure meets the limit (ci95 is reported, not used). With a
/// single run this is evaluate_objectives(). An objective that cannot be
/// evaluated in some replication cannot be evaluated at all (the problem names
/// the replication).
std::vector<ObjectiveResult> evaluate_objectives(const Scenario& scenario, std::span<const Results> runs);

}  // namespace svcsim
