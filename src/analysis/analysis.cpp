// analyze_scenario (see svcsim/analysis.hpp): visits, then closed workloads by
// MVA with open ones as background, then every node's figures at the full
// load, then the scale at which the first node saturates.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/mva.hpp"
#include "analysis/notes.hpp"
#include "analysis/open_model.hpp"
#include "analysis/station_model.hpp"
#include "analysis/visits.hpp"
#include "analysis/workload_rates.hpp"
#include "svcsim/analysis.hpp"

namespace svcsim {
namespace {

using namespace detail;

std::optional<double> finite_ms(double seconds) {
  if (!std::isfinite(seconds)) return std::nullopt;
  return seconds * 1e3;
}

std::vector<double> scaled(const std::vector<double>& v, double factor) {
  std::vector<double> out(v);
  for (double& x : out) x *= factor;
  return out;
}

std::string wait_model(const Node& node, bool by_mva, bool load_dependent) {
  if (const auto cores = shared_cores(node)) {
    const std::string sharing = fmt::format("processor sharing of {:g} cores per instance", *cores);
    if (node.cpu_limit) return sharing + " (cpu_limit as a steady quota: approximation)";
    if (!node.concurrency) return sharing + " (M/G/c-PS: exact)";
    return sharing + " under " + std::to_string(*node.concurrency) +
           " threads (exact for exponential work-only endpoints)";
  }
  if (!node.concurrency) return "none (unlimited concurrency)";
  const std::int64_t m = node.instances * *node.concurrency;
  if (by_mva)
    return m == 1           ? "MVA"
           : load_dependent ? "MVA, load-dependent m=" + std::to_string(m)
                            : "MVA, Seidmann m=" + std::to_string(m);
  if (node.instances == 1 || node.balancing == Balancing::least_request)
    return "M/M/" + std::to_string(m) + (node.instances > 1 ? " pooled" : "");
  return "M/M/" + std::to_string(*node.concurrency) + " per instance";
}

class Analyzer {
 public:
  explicit Analyzer(const Scenario& s)
      : s_(s),
        set_(build_model(s)),
        visits_(program_visits(set_)),
        node_visits_(node_visits(set_, visits_, s.nodes.size())) {}

  Analysis run() {
    a_.scenario_name = s_.name;
    rates_.assign(s_.workloads.size(), 0.0);
    for (std::size_t w = 0; w < s_.workloads.size(); ++w) {
      const Workload& wl = s_.workloads[w];
      if (wl.closed()) classes_.push_back({w, wl.users, wl.think_time.mean_seconds()});
      else rates_[w] = mean_rate(wl, s_.warmup, s_.duration);
    }
    solve_closed_workloads();
    const std::vector<double> flow = program_flows(set_, visits_, rates_);
    const bool closed_only = !classes_.empty() && classes_.size() == s_.workloads.size();
    OpenSolution at_load = closed_only ? with_closed_waits(flow) : solve_open(s_, set_, flow);
    find_bottleneck(flow);
    fill_nodes(at_load, closed_only);
    fill_workloads(at_load);
    add_warnings();
    a_.notes = approximation_notes(s_, set_, !classes_.empty() && !closed_.exact);
    return std::move(a_);
  }

 private:
  void solve_closed_workloads() {
    if (classes_.empty()) return;
    const OpenSolution background = solve_open(s_, set_, program_flows(set_, visits_, rates_));
    std::vector<double> open_utilization(s_.nodes.size(), 0.0);
    for (std::size_t n = 0; n < s_.nodes.size(); ++n)
      if (s_.nodes[n].concurrency) open_utilization[n] = utilization(s_.nodes[n], background.loads[n]);
    closed_ = solve_closed(s_, set_, visits_, classes_, open_utilization);
    for (std::size_t c = 0; c < classes_.size(); ++c) rates_[classes_[c].workload] = closed_.throughput[c];
  }

  /// Closed workloads only: each node's wait is its MVA wait, averaged over
  /// the classes by their visits.
  OpenSolution with_closed_waits(const std::vector<double>& flow) {
    OpenSolution s;
    s.wait_s.assign(s_.nodes.size(), 0.0);
    for (std::size_t n = 0; n < s_.nodes.size(); ++n) {
      const WorkloadFigures& v = node_visits_[n];
      double weight = 0;
      double sum = 0;
      for (std::size_t c = 0; c < classes_.size(); ++c) {
        const double x = closed_.throughput[c] * v[classes_[c].workload];
        weight += x;
        sum += times(x, closed_.wait_s[c][n]);
      }
      s.wait_s[n] = weight > 0 ? sum / weight : 0.0;
    }
    s.times = evaluate_programs(s_, set_, s.wait_s);
    s.loads = node_loads(s_, set_, flow, s.times);
    return s;
  }

  /// Utilisations when every workload's rate is multiplied by `scale`.
  std::vector<double> utilizations(const std::vector<double>& flow, double scale, std::vector<NodeLoad>* loads) {
    const OpenSolution sol = solve_open(s_, set_, scaled(flow, scale));
    std::vector<double> u(s_.nodes.size(), 0.0);
    for (std::size_t n = 0; n < u.size(); ++n) {
      const Node& node = s_.nodes[n];
      if (node.concurrency) u[n] = utilization(node, sol.loads[n]);
      // Shared cores saturate too, whatever the threads: unlimited threads on
      // 1 core take at most one core-second of work per second (SPEC 7.1).
      if (const auto cores = shared_cores(node))
        u[n] = std::max(u[n], sol.loads[n].work_rate / (static_cast<double>(node.instances) * *cores));
    }
    if (loads) *loads = sol.loads;
    return u;
  }

  bool saturated(const std::vector<double>& flow, double scale) {
    const std::vector<double> u = utilizations(flow, scale, nullptr);
    return std::any_of(u.begin(), u.end(), [](double x) { return x >= 1.0; });
  }

  /// Bisection on the common scale factor of all rates; utilisation only grows with it.
  void find_bottleneck(const std::vector<double>& flow) {
    double total = 0;
    for (const double r : rates_) total += r;
    if (!(total > 0)) return;
    double lo = 0;
    double hi = 1;
    while (!saturated(flow, hi)) {
      lo = hi;
      hi *= 2;
      if (hi > 1e15) return;  // nothing saturates: every loaded node has unlimited concurrency
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; ++i) {
      const double mid = 0.5 * (lo + hi);
      (saturated(flow, mid) ? hi : lo) = mid;
    }
    // The cause is a node saturated by its own busy time, not one whose workers
    // wait (blocking) on a saturated callee: its busy time per visit is finite.
    std::vector<NodeLoad> loads;
    const std::vector<double> u = utilizations(flow, hi, &loads);
    std::optional<std::size_t> best;
    for (std::size_t n = 0; n < u.size(); ++n) {
      if (u[n] < 1.0) continue;
      const bool own = std::isfinite(loads[n].busy_rate);
      const bool best_own = best && std::isfinite(loads[*best].busy_rate);
      if (!best || (own && !best_own) || (own == best_own && u[n] > u[*best])) best = n;
    }
    a_.bottleneck = best;
    a_.headroom = lo;
    a_.max_throughput_per_s = lo * total;
  }

  void fill_nodes(const OpenSolution& at, bool closed_only) {
    const auto flows = level_flows(s_, set_, rates_);
    for (std::size_t n = 0; n < s_.nodes.size(); ++n) {
      const Node& node = s_.nodes[n];
      const NodeLoad& l = at.loads[n];
      NodeAnalysis na;
      na.name = node.name;
      na.kind = node.kind;
      na.instances = node.instances;
      na.concurrency = node.concurrency;
      na.threading = node.threading;
      na.visits = std::move(node_visits_[n]);
      na.arrival_rate_per_s = l.visit_rate;
      na.offered_load = l.work_rate;
      na.utilization = utilization(node, l);
      na.wait_model = wait_model(node, closed_only, n < closed_.load_dependent.size() && closed_.load_dependent[n]);
      if (l.visit_rate > 0) {
        na.work_ms = l.work_rate / l.visit_rate * 1e3;
        na.busy_ms = l.busy_rate / l.visit_rate * 1e3;
        na.wait_ms = finite_ms(times(l.acquisition_rate, at.wait_s[n]) / l.visit_rate);
        na.latency_ms = finite_ms(l.response_rate / l.visit_rate);
      }
      na.cores = node.cores;
      if (node.cores) na.cpu_utilization = l.work_rate / (static_cast<double>(node.instances) * *node.cores);
      if (!at.stretch.empty()) na.cpu_stretch = at.stretch[n];
      na.classes = class_table(s_, set_, n, flows);
      a_.nodes.push_back(std::move(na));
    }
  }

  void fill_workloads(const OpenSolution& at) {
    std::vector<std::optional<std::size_t>> class_of(s_.workloads.size());
    for (std::size_t c = 0; c < classes_.size(); ++c) class_of[classes_[c].workload] = c;
    for (std::size_t w = 0; w < s_.workloads.size(); ++w) {
      const Workload& wl = s_.workloads[w];
      WorkloadAnalysis wa;
      wa.name = wl.name;
      wa.closed = wl.closed();
      wa.users = wl.users;
      wa.think_ms = wl.closed() ? wl.think_time.mean_seconds() * 1e3 : 0.0;
      wa.rate_per_s = rates_[w];
      if (a_.headroom) wa.max_rate_per_s = *a_.headroom * rates_[w];
      if (class_of[w]) {
        wa.latency_ms = finite_ms(closed_.latency_s[*class_of[w]]);
        if (wa.latency_ms) wa.throughput_per_s = rates_[w];
      } else {
        wa.latency_ms = finite_ms(workload_latency(set_, w, at.times));
        // Beyond capacity an open workload completes at most its share of it.
        wa.throughput_per_s = wa.max_rate_per_s ? std::min(rates_[w], *wa.max_rate_per_s) : rates_[w];
      }
      a_.workloads.push_back(std::move(wa));
    }
  }

  void add_warnings() {
    for (const NodeAnalysis& n : a_.nodes) {
      // Shared cores saturate on their own, whatever the threads (M/G/c-PS).
      if (n.cpu_utilization && *n.cpu_utilization >= 1.0) {
        a_.warnings.push_back(cpu_saturation_warning(n));
        continue;
      }
      if (!n.concurrency || n.utilization < 1.0) continue;
      const double workers = static_cast<double>(n.instances) * static_cast<double>(*n.concurrency);
      if (!std::isfinite(n.utilization)) {
        a_.warnings.push_back(
            n.name + ": no finite utilisation: its workers wait (threading: blocking) on a saturated node");
        continue;
      }
      a_.warnings.push_back(saturation_warning(n, workers));
    }
    for (std::size_t c = 0; c < classes_.size(); ++c)
      if (!std::isfinite(closed_.latency_s[c]))
        a_.warnings.push_back(s_.workloads[classes_[c].workload].name +
                              ": no prediction: open load saturates a node on its path");
  }

  /// Its work needs more CPU than its cores give: threads pile up however many there are.
  static std::string cpu_saturation_warning(const NodeAnalysis& n) {
    const double cores = *n.cores * static_cast<double>(n.instances);
    const double needed_per_instance = std::floor(*n.cpu_utilization * *n.cores) + 1;
    return fmt::format("{}: predicted CPU {:.0f} % (at or above 100 %): its work needs {:.2f} cores and its "
                       "instances have {:g}; it cannot keep up and its calls pile up without bound: it needs more "
                       "instances or at least {:g} cores each",
                       n.name, *n.cpu_utilization * 100, *n.cpu_utilization * cores, cores, needed_per_instance);
  }

  /// Workers are busy `busy` on average; a queue is stable only with more
  /// workers than that: at least floor(busy) + 1.
  static std::string saturation_warning(const NodeAnalysis& n, double workers) {
    const double busy = n.utilization * workers;
    const auto needed = static_cast<long long>(std::floor(busy)) + 1;
    const auto per_instance = static_cast<long long>(*n.concurrency);
    return fmt::format("{}: predicted utilisation {:.0f} % (at or above 100 %): it cannot keep up and its queue grows "
                       "without bound; it keeps {:.1f} workers busy and has {}: it needs at least {} ({} instances "
                       "of concurrency {})",
                       n.name, n.utilization * 100, busy, workers, needed, (needed + per_instance - 1) / per_instance,
                       per_instance);
  }

  const Scenario& s_;
  const ModelSet set_;
  const VisitTable visits_;
  std::vector<WorkloadFigures> node_visits_;  // by node; fill_nodes moves them into the result
  std::vector<double> rates_;  // by workload: open mean rate, or closed predicted throughput
  std::vector<ClosedClass> classes_;
  ClosedSolution closed_;
  Analysis a_;
};

}  // namespace

Analysis analyze_scenario(const Scenario& scenario) { return Analyzer(scenario).run(); }

}  // namespace svcsim
