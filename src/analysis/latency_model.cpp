// Mean times of programs (see latency_model.hpp).
#include "analysis/latency_model.hpp"

#include <algorithm>
#include <cmath>

namespace svcsim::detail {
namespace {

/// E[min] (ascending order) or E[max] (descending) of the means of the calls
/// sent: the i-th in order is the answer when it is sent and none before it was.
double first_sent(std::vector<std::pair<double, double>> calls, bool largest) {
  std::sort(calls.begin(), calls.end(), [largest](const auto& a, const auto& b) {
    return largest ? a.first > b.first : a.first < b.first;
  });
  double none_before = 1.0;
  double sum = 0;
  for (const auto& [mean, p] : calls) {
    sum += times(none_before * p, mean);
    none_before *= 1 - p;
  }
  return sum;
}

/// The k-th smallest mean of the calls sent, averaged over every subset of
/// calls (k capped at the subset's size, as the engine does).
double kth_over_subsets(const std::vector<std::pair<double, double>>& calls, std::uint32_t k) {
  const std::size_t n = calls.size();
  double sum = 0;
  std::vector<double> sent;
  for (std::uint64_t mask = 1; mask < (std::uint64_t{1} << n); ++mask) {
    double p = 1.0;
    sent.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (mask >> i & 1) {
        p *= calls[i].second;
        sent.push_back(calls[i].first);
      } else {
        p *= 1 - calls[i].second;
      }
    }
    if (p == 0) continue;
    const std::size_t kth = std::min<std::size_t>(k, sent.size()) - 1;
    std::nth_element(sent.begin(), sent.begin() + static_cast<std::ptrdiff_t>(kth), sent.end());
    sum += times(p, sent[kth]);
  }
  return sum;
}

class Evaluator {
 public:
  Evaluator(const Scenario& scenario, const ModelSet& set, const std::vector<double>& wait,
            const std::vector<double>& stretch, ProgramTimes& out)
      : scenario_(scenario), set_(set), wait_(wait), stretch_(stretch), out_(out) {}

  void program(std::uint32_t p) {
    const std::uint32_t n = set_.models[p].node;
    const Node& node = scenario_.nodes[n];
    const bool async = node.threading == Threading::async;
    stretch_now_ = stretch_.empty() ? 1.0 : stretch_[n];
    const double steps = sum(set_.models[p].steps, async ? wait_[n] : 0.0);
    out_.response_s[p] = async ? steps : wait_[n] + steps;
    out_.busy_s[p] = async ? times(stretch_now_, set_.work_s[p]) : steps;
  }

 private:
  /// Mean time of a list of steps; `acquire_wait` is paid each time an event
  /// loop queues for a worker again (0 for blocking nodes: they wait once, on arrival).
  double sum(const std::vector<ModelStep>& steps, double acquire_wait) const {
    double total = 0;
    for (const ModelStep& s : steps) total += step(s, acquire_wait);
    return total;
  }

  double step(const ModelStep& s, double acquire_wait) const {
    const ProgramSet& ps = set_.programs;
    switch (s.kind) {
      case ModelStep::Kind::work:
        return times(stretch_now_, ps.distributions[s.index].mean_seconds()) + times(s.acquire, acquire_wait);
      case ModelStep::Kind::call: {
        const CallSite& site = ps.sites[s.index];
        return times(site.probability * site.repeat, call_time(set_, s.index, out_));
      }
      case ModelStep::Kind::parallel: {
        std::vector<std::pair<double, double>> calls;
        for (const std::uint32_t site : s.sites) calls.emplace_back(call_time(set_, site, out_), ps.sites[site].probability);
        return parallel_time(std::move(calls), s.wait_for);
      }
      case ModelStep::Kind::cache_miss:
        return times(s.miss, call_time(set_, s.index, out_));
      case ModelStep::Kind::choose: {
        double total = 0;
        for (const ModelBranch& b : s.branches) total += times(b.probability, sum(b.steps, acquire_wait));
        return total;
      }
    }
    return 0;
  }

  const Scenario& scenario_;
  const ModelSet& set_;
  const std::vector<double>& wait_;
  const std::vector<double>& stretch_;
  double stretch_now_ = 1.0;  // the node of the program being evaluated
  ProgramTimes& out_;
};

}  // namespace

double parallel_time(std::vector<std::pair<double, double>> calls, std::uint32_t wait_for) {
  if (calls.empty()) return 0;
  const bool all_sent = std::all_of(calls.begin(), calls.end(), [](const auto& c) { return c.second >= 1.0; });
  const std::uint32_t k = std::max<std::uint32_t>(wait_for, 1);
  if (k >= calls.size()) return first_sent(std::move(calls), true);
  if (k == 1) return first_sent(std::move(calls), false);
  if (all_sent) {
    std::vector<double> means;
    for (const auto& c : calls) means.push_back(c.first);
    const auto kth = static_cast<std::ptrdiff_t>(k - 1);
    std::nth_element(means.begin(), means.begin() + kth, means.end());
    return means[k - 1];
  }
  if (calls.size() <= 10) return kth_over_subsets(calls, k);
  // Many calls, some of them uncertain: take those more likely sent than not.
  std::vector<std::pair<double, double>> likely;
  for (const auto& c : calls)
    if (c.second >= 0.5) likely.emplace_back(c.first, 1.0);
  return likely.empty() ? 0 : parallel_time(std::move(likely), wait_for);
}

double call_time(const ModelSet& set, std::uint32_t site_id, const ProgramTimes& t) {
  const CallSite& site = set.programs.sites[site_id];
  return set.link_mean_s[site.link_out] + t.response_s[site.program] + set.link_mean_s[site.link_back];
}

double workload_latency(const ModelSet& set, std::size_t w, const ProgramTimes& t) {
  return call_time(set, set.programs.workload_site[w], t);
}

ProgramTimes evaluate_programs(const Scenario& scenario, const ModelSet& set, const std::vector<double>& node_wait_s,
                               const std::vector<double>& cpu_stretch) {
  ProgramTimes out;
  out.response_s.assign(set.models.size(), 0.0);
  out.busy_s.assign(set.models.size(), 0.0);
  Evaluator evaluator(scenario, set, node_wait_s, cpu_stretch, out);
  for (const std::uint32_t p : set.callees_first) evaluator.program(p);
  return out;
}

}  // namespace svcsim::detail
