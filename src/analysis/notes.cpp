// Approximation notes (see notes.hpp).
#include "analysis/notes.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/cache_model.hpp"
#include "analysis/workload_rates.hpp"

namespace svcsim::detail {
namespace {

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

bool exponential_like(const Distribution& d) {
  if (d.kind() == Distribution::Kind::exponential) return true;
  const double mean = d.mean_seconds();
  const double second = d.second_moment_seconds2();
  if (!(mean > 0) || !std::isfinite(second)) return false;
  return std::fabs(second / (mean * mean) - 2.0) < 1e-9;  // cv = 1, e.g. gamma with cv 1
}

/// Resilience and limits on the calls of a list of steps, which the model leaves out.
void scan_calls(const CallSpec& c, std::vector<std::string>& seen) {
  auto note = [&](const char* what) {
    for (const auto& s : seen)
      if (s == what) return;
    seen.emplace_back(what);
  };
  if (c.timeout) note("call timeouts");
  if (c.retry) note("retries");
  if (!c.fallback.empty()) note("fallbacks");
  if (c.circuit_breaker) note("circuit breakers");
  if (c.hedge) note("hedges");
}

void scan_steps(const std::vector<Step>& steps, std::vector<std::string>& seen) {
  for (const Step& step : steps) {
    if (const auto* call = std::get_if<CallStep>(&step.action)) scan_calls(call->call, seen);
    if (const auto* par = std::get_if<ParallelStep>(&step.action))
      for (const CallSpec& c : par->calls) scan_calls(c, seen);
    if (const auto* choose = std::get_if<ChooseStep>(&step.action))
      for (const ChooseBranch& b : choose->branches) scan_steps(b.steps, seen);
  }
}

std::vector<std::string> unmodelled(const Scenario& s) {
  std::vector<std::string> seen;
  auto note = [&](const char* what, bool present) {
    if (present) seen.emplace_back(what);
  };
  bool errors = false, queues = false, queue_timeouts = false, rate_limits = false, budgets = false,
       autoscaling = false;
  for (const Node& n : s.nodes) {
    autoscaling = autoscaling || n.autoscaling.has_value();
    errors = errors || n.errors > 0;
    queues = queues || n.queue.has_value();
    queue_timeouts = queue_timeouts || n.queue_timeout.has_value();
    rate_limits = rate_limits || n.rate_limit.has_value();
    budgets = budgets || n.retry_budget.has_value();
    for (const Endpoint& e : n.endpoints) scan_steps(e.steps, seen);
  }
  note("node errors", errors);
  note("queue limits", queues);
  note("queue timeouts", queue_timeouts);
  note("rate limits", rate_limits);
  note("retry budgets", budgets);
  note("autoscaling (instances as at time 0)", autoscaling);
  bool workload_timeouts = false;
  for (const Workload& w : s.workloads) workload_timeouts = workload_timeouts || w.timeout.has_value();
  note("workload timeouts", workload_timeouts);
  note("faults", !s.faults.empty());
  bool shed = false, adaptive = false, throttle = false;
  for (const Node& n : s.nodes) {
    for (const auto& level : n.shed) shed = shed || level.has_value();
    adaptive = adaptive || n.adaptive_concurrency.has_value();
    for (const Endpoint& e : n.endpoints)
      for (const Step& step : e.steps)
        if (const auto* call = std::get_if<CallStep>(&step.action)) throttle = throttle || call->call.throttle;
  }
  note("shedding", shed);
  note("adaptive concurrency limits", adaptive);
  note("client-side throttling", throttle);
  return seen;
}

/// Whether any work step (choose branches included) is not exponential.
bool has_general_work(const ModelSet& set, const std::vector<ModelStep>& steps) {
  for (const ModelStep& step : steps) {
    if (step.kind == ModelStep::Kind::work && !exponential_like(set.programs.distributions[step.index])) return true;
    for (const ModelBranch& b : step.branches)
      if (has_general_work(set, b.steps)) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> approximation_notes(const Scenario& s, const ModelSet& set, bool schweitzer) {
  std::vector<std::string> notes;
  std::vector<std::string> general_work, blocking_callers, split, pooled, reacquire;
  std::vector<bool> has_calls(s.nodes.size(), false);
  for (std::size_t p = 0; p < set.models.size(); ++p) {
    const std::uint32_t n = set.models[p].node;
    has_calls[n] = has_calls[n] || !set.calls[p].empty();
    if (s.nodes[n].threading == Threading::async && set.acquisitions[p] > 1.0 + 1e-12 && s.nodes[n].concurrency)
      reacquire.push_back(s.nodes[n].name);
  }
  std::vector<bool> general(s.nodes.size(), false);
  for (const ProgramModel& m : set.models)
    general[m.node] = general[m.node] || has_general_work(set, m.steps);
  for (std::size_t n = 0; n < s.nodes.size(); ++n) {
    const Node& node = s.nodes[n];
    if (!node.concurrency) continue;
    if (general[n]) general_work.push_back(node.name);
    if (node.threading == Threading::blocking && has_calls[n]) blocking_callers.push_back(node.name);
    if (node.instances > 1) (node.balancing == Balancing::least_request ? pooled : split).push_back(node.name);
  }
  std::sort(reacquire.begin(), reacquire.end());
  reacquire.erase(std::unique(reacquire.begin(), reacquire.end()), reacquire.end());

  if (!general_work.empty())
    notes.push_back("M/M/c assumes exponential work; " + join(general_work) +
                    " have other distributions, so their waits are estimates (lower variability waits less, "
                    "higher waits more); utilisation and visits do not depend on it");
  if (!blocking_callers.empty())
    notes.push_back("threading: blocking holds a worker during calls: the service time of " + join(blocking_callers) +
                    " includes the predicted latency of their calls (network, callee's wait and work), computed "
                    "bottom-up, so their utilisation rises with the load of the nodes they call");
  if (!reacquire.empty())
    notes.push_back("event loops queue again for a worker after each call: " + join(reacquire) +
                    " wait once per work run, each wait taken as an independent M/M/c wait");
  if (set.has_parallel)
    notes.push_back("a parallel step is taken to last as long as the largest mean of its calls (the k-th smallest "
                    "for wait: any or k): the mean of a maximum is larger than the maximum of means, so latencies "
                    "through parallel steps are optimistic");
  // The station (SPEC 7).
  std::vector<std::string> limited_ps, quota, levels;
  for (const Node& node : s.nodes) {
    if (node.cpu_limit) quota.push_back(node.name);
    if (node.cores && node.concurrency && *node.cores < static_cast<double>(*node.concurrency) && !node.cpu_limit)
      limited_ps.push_back(node.name);
    if (node.discipline != Discipline::fifo) levels.push_back(node.name);
  }
  std::vector<std::string> replicated;
  for (const Node& node : s.nodes)
    if (node.replication > 1 || node.coalesce) replicated.push_back(node.name);
  if (!replicated.empty())
    notes.push_back("cache replication and request coalescing (" + join(replicated) +
                    ") are not modelled: hit ratios are those of one copy, misses each call the origin");
  std::vector<std::string> unequal;
  for (const Node& node : s.nodes)
    if (!node.weights.empty() || !node.speed.empty()) unequal.push_back(node.name);
  if (!unequal.empty())
    notes.push_back("instances of " + join(unequal) +
                    " differ (weights or speed): the model gives every instance an equal share at the mean speed, "
                    "so the busiest instance waits more than predicted");
  if (!quota.empty())
    notes.push_back("a cpu_limit is taken as a steady share of min(cores, quota) cores (a fluid view of CFS): " +
                    join(quota) + " are optimistic, since work that meets the end of the quota waits for the next "
                    "period (docs/overload.md)");
  if (!limited_ps.empty())
    notes.push_back("threads over fewer cores (" + join(limited_ps) +
                    ") as the birth-death chain of min(n, cores): exact for work-only endpoints with exponential work, "
                    "an estimate with other work or with calls inside");
  if (!levels.empty())
    notes.push_back("per-level waits of " + join(levels) +
                    " by Cobham's formula or the preemptive-resume formula (one worker per instance, work-only "
                    "endpoints: exact for M/G/1); node and workload figures are the mean over every level");
  if (!split.empty())
    notes.push_back("instances of " + join(split) +
                    " are independent M/M/c queues with an equal share of the calls (exact for random balancing; "
                    "round_robin is smoother, so waits are a little lower)");
  if (!pooled.empty())
    notes.push_back("least_request keeps instances about equally busy: " + join(pooled) +
                    " are modelled as one pooled M/M/c over all their workers (optimistic)");
  std::vector<std::string> keyed_caches;
  for (const Node& node : s.nodes)
    if (node.kind == NodeKind::cache && node.capacity)
      keyed_caches.push_back(fmt::format("{} {:.3g}", node.name, predicted_hit_ratio(s, node)));
  if (!keyed_caches.empty())
    notes.push_back("caches with capacity hit as in steady state under the largest catalog (LRU: Che's "
                    "approximation; FIFO: its analogue; LFU: the most popular items, an upper bound; ring_hash instances as one "
                    "cache of their summed capacity): " + join(keyed_caches) +
                    "; cold starts, restarts and ttl are not modelled");
  for (const Workload& w : s.workloads) {
    if (w.closed()) continue;
    if (!w.schedule.empty())
      notes.push_back(fmt::format("workload {} follows a rate schedule: figures use its mean rate over the measured "
                                  "window ({:.6g}/s; peak {:.6g}/s)",
                                  w.name, mean_rate(w, s.warmup, s.duration), peak_rate(w, s.duration)));
    if (w.arrivals != ArrivalProcess::poisson)
      notes.push_back("workload " + w.name +
                      " does not arrive as a Poisson process: M/M/c waits assume Poisson arrivals");
  }
  bool closed = false;
  for (const Workload& w : s.workloads) closed = closed || w.closed();
  if (closed)
    notes.push_back(schweitzer ? "closed workloads by Schweitzer's approximate MVA (several closed workloads, or very "
                                 "many users); multi-server nodes by Seidmann's approximation"
                               : "closed workload by exact MVA (exact for product-form networks: exponential "
                                 "work at queueing nodes); multi-server nodes by load-dependent MVA with marginal "
                                 "probabilities, or by Seidmann's approximation (a single server of S/m plus a "
                                 "delay of S(m-1)/m) where open workloads also load them");
  if (const auto missing = unmodelled(s); !missing.empty())
    notes.push_back("steady state without failures: " + join(missing) + " are not modelled");
  return notes;
}

}  // namespace svcsim::detail
