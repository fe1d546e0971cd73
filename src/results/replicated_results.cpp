// Figures over replications: derived seeds, mean and Student-t half-width,
// objectives on the means (see replicated_results.hpp).
#include "svcsim/replicated_results.hpp"

#include <cmath>
#include <string>

#include <boost/math/distributions/students_t.hpp>

#include "svcsim/metrics.hpp"

namespace svcsim {

std::uint64_t replication_seed(std::uint64_t seed, int k) {
  if (k <= 0) return seed;
  // Output k of splitmix64 from state `seed`: the state after k steps, mixed;
  // its top 53 bits, so that the seed is an integer a JSON double holds
  // exactly (jq 1.6, JavaScript): `run.replication_seeds` read by such a tool
  // still reruns the replication with --seed.
  std::uint64_t z = seed + static_cast<std::uint64_t>(k) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return (z ^ (z >> 31)) >> 11;
}

double student_t_975(int degrees_of_freedom) {
  const boost::math::students_t_distribution<double> t(static_cast<double>(degrees_of_freedom < 1 ? 1
                                                                                                   : degrees_of_freedom));
  return boost::math::quantile(t, 0.975);
}

Estimate estimate_of(std::span<const std::optional<double>> values) {
  Estimate e;
  if (values.empty()) return e;
  double sum = 0;
  for (const auto& v : values) {
    if (!v) return e;
    sum += *v;
  }
  const auto n = static_cast<double>(values.size());
  const double mean = sum / n;
  e.mean = mean;
  if (values.size() < 2) return e;
  // Two passes: no cancellation when the spread is tiny beside the mean.
  double squares = 0;
  for (const auto& v : values) squares += (*v - mean) * (*v - mean);
  const double stddev = std::sqrt(squares / (n - 1));
  e.ci95 = student_t_975(static_cast<int>(values.size()) - 1) * stddev / std::sqrt(n);
  return e;
}

Estimate workload_estimate(std::span<const Results> runs, std::size_t index, std::string_view metric) {
  return estimate_over(runs, [&](const Results& r) { return workload_metric(r.workloads[index], r.measured_s, metric); });
}

Estimate node_estimate(std::span<const Results> runs, std::size_t index, std::string_view metric) {
  return estimate_over(runs, [&](const Results& r) { return node_metric(r.nodes[index], r.measured_s, metric); });
}

std::vector<ObjectiveResult> evaluate_objectives(const Scenario& scenario, std::span<const Results> runs) {
  if (runs.size() == 1) return evaluate_objectives(scenario, runs.front());
  std::vector<ObjectiveResult> out;
  out.reserve(scenario.slo.size());
  for (const Objective& objective : scenario.slo) {
    std::vector<std::optional<double>> values;
    std::optional<ObjectiveResult> unevaluable;
    for (std::size_t k = 0; k < runs.size() && !unevaluable; ++k) {
      ObjectiveResult one = evaluate_objective(objective, runs[k]);
      if (one.evaluable) {
        values.emplace_back(one.value);
      } else {
        one.problem = "in replication " + std::to_string(k) + " (seed " + std::to_string(runs[k].seed) +
                      "): " + one.problem;
        unevaluable = std::move(one);
      }
    }
    if (unevaluable) {
      out.push_back(std::move(*unevaluable));
      continue;
    }
    ObjectiveResult r = evaluate_objective(objective, runs.front());
    const Estimate e = estimate_of(values);
    r.value = *e.mean;
    r.ci95 = e.ci95;
    r.pass = objective_holds(r.value, objective.op, objective.threshold);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace svcsim
