// The analytic station (see station_model.hpp).
#include "analysis/station_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace svcsim::detail {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Mean and second moment (s, s^2) of a program made of work steps only; nullopt otherwise.
std::optional<std::pair<double, double>> work_only_moments(const ModelSet& set, std::uint32_t program) {
  double mean = 0, variance = 0;
  for (const ModelStep& step : set.models[program].steps) {
    if (step.kind != ModelStep::Kind::work) return std::nullopt;
    const Distribution& d = set.programs.distributions[step.index];
    const double m = d.mean_seconds();
    const double m2 = d.second_moment_seconds2();
    if (!std::isfinite(m2)) return std::nullopt;
    mean += m;
    variance += m2 - m * m;  // independent draws: variances add
  }
  return std::pair{mean, variance + mean * mean};
}

}  // namespace

std::optional<double> shared_cores(const Node& node) {
  const std::optional<double> threads =
      node.concurrency ? std::optional<double>(static_cast<double>(*node.concurrency)) : std::nullopt;
  std::optional<double> cores = node.cores;
  if (node.cpu_limit) cores = cores ? std::min(*cores, node.cpu_limit->cores) : node.cpu_limit->cores;
  if (!cores || (threads && *cores >= *threads)) return std::nullopt;
  return cores;
}

CpuModel cpu_model(const Node& node, double work_rate) {
  const std::optional<double> c = shared_cores(node);
  if (!c || !(work_rate > 0)) return {};
  const double a = work_rate / static_cast<double>(node.instances);  // Erlangs of work per instance
  if (!(a < *c)) return {kInfinity, kInfinity};
  const double threads = node.concurrency ? static_cast<double>(*node.concurrency) : kInfinity;
  // p_n proportional to prod_{k<=n} a / min(k, c), summed until the
  // geometric tail (ratio a / c) no longer changes the sums.
  double term = 1, sum = 1, in_system = 0, in_cpu = 0;
  for (std::int64_t n = 1; n < 100'000'000; ++n) {
    const auto k = static_cast<double>(n);
    term *= a / std::min(k, *c);
    sum += term;
    in_system += k * term;
    in_cpu += std::min(k, threads) * term;
    if (k > *c && term < 1e-17 * sum) break;
  }
  return {(in_cpu / sum) / a, ((in_system - in_cpu) / sum) / a};
}

std::vector<std::array<double, kCriticalityLevels>> level_flows(const Scenario& scenario, const ModelSet& set,
                                                                const std::vector<double>& workload_rates) {
  std::vector<std::array<double, kCriticalityLevels>> flows(set.models.size());
  for (auto& f : flows) f.fill(0.0);
  const ProgramSet& ps = set.programs;
  for (std::size_t w = 0; w < scenario.workloads.size(); ++w) {
    const CallSite& entry = ps.sites[ps.workload_site[w]];
    const auto level = static_cast<std::size_t>(entry.level.value_or(scenario.workloads[w].criticality));
    flows[entry.program][level] += workload_rates[w];
  }
  // Callers before callees: the reverse of callees_first.
  for (auto it = set.callees_first.rbegin(); it != set.callees_first.rend(); ++it) {
    const std::uint32_t p = *it;
    for (std::size_t level = 0; level < kCriticalityLevels; ++level) {
      if (flows[p][level] == 0) continue;
      for (const SiteCount& sc : set.calls[p]) {
        const CallSite& site = ps.sites[sc.site];
        const auto to = site.level ? static_cast<std::size_t>(*site.level) : level;
        flows[site.program][to] += flows[p][level] * sc.count;
      }
    }
  }
  return flows;
}

std::vector<ClassAnalysis> class_table(const Scenario& scenario, const ModelSet& set, std::size_t node,
                                       const std::vector<std::array<double, kCriticalityLevels>>& flows) {
  const Node& spec = scenario.nodes[node];
  std::array<double, kCriticalityLevels> rate{}, s1{}, s2{};  // per level: calls/s, sum rate x E[S], rate x E[S^2]
  bool formula = spec.concurrency == 1 && !shared_cores(spec);
  for (const std::uint32_t p : set.node_programs[node]) {
    const auto moments = work_only_moments(set, p);
    for (std::size_t level = 0; level < kCriticalityLevels; ++level) {
      const double f = flows[p][level];
      if (f == 0) continue;
      rate[level] += f;
      if (!moments) {
        formula = false;
        continue;
      }
      s1[level] += f * moments->first;
      s2[level] += f * moments->second;
    }
  }
  std::vector<ClassAnalysis> out;
  for (std::size_t level = 0; level < kCriticalityLevels; ++level)
    if (rate[level] > 0) out.push_back(ClassAnalysis{static_cast<Criticality>(level), rate[level], {}, {}, ""});
  if (out.size() < 2) return {};
  if (!formula) {
    for (ClassAnalysis& c : out) c.model = "no formula (several workers, shared cores, or calls inside)";
    return out;
  }
  // Each instance an M/G/1 with its share of every level (round robin and
  // random balancing split the load evenly).
  const double k = static_cast<double>(spec.instances);
  double w0 = 0;  // mean residual work seen by an arrival: sum lambda_i E[S_i^2] / 2
  for (std::size_t level = 0; level < kCriticalityLevels; ++level) w0 += s2[level] / k / 2;
  double sigma = 0, residual = 0;  // load of the levels above and at this one; their residual work
  for (ClassAnalysis& c : out) {
    const auto level = static_cast<std::size_t>(c.level);
    const double es = s1[level] / rate[level];
    const double before = sigma;
    sigma += s1[level] / k;
    residual += s2[level] / k / 2;
    double wait = kInfinity;
    switch (spec.discipline) {
      case Discipline::fifo:
      case Discipline::lifo: {  // every level waits alike: Pollaczek-Khinchine
        double rho = 0;
        for (std::size_t l = 0; l < kCriticalityLevels; ++l) rho += s1[l] / k;
        if (rho < 1) wait = w0 / (1 - rho);
        c.model = "M/G/1 (every level waits alike)";
        break;
      }
      case Discipline::priority:
        if (sigma < 1) wait = w0 / ((1 - before) * (1 - sigma));
        c.model = "Cobham (M/G/1 non-preemptive priority)";
        break;
      case Discipline::priority_preemptive:
        // T = E[S] / (1 - sigma_above) + R_k / ((1 - sigma_above) (1 - sigma_k)); its wait is T - E[S].
        if (sigma < 1) wait = es / (1 - before) + residual / ((1 - before) * (1 - sigma)) - es;
        c.model = "M/G/1 preemptive-resume priority";
        break;
    }
    if (std::isfinite(wait)) {
      c.wait_ms = wait * 1e3;
      c.latency_ms = (wait + es) * 1e3;
    }
  }
  return out;
}

}  // namespace svcsim::detail
