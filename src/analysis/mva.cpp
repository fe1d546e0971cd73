// Mean Value Analysis (see mva.hpp). Each node with finite concurrency is a
// station of m = instances x concurrency servers; per visit a class holds a
// worker for S (its busy time per acquisition: work, plus calls on a blocking
// node). MVA's arrival theorem: an arriving request sees the station as it is
// with one request of its own class fewer; its wait is the work ahead of it at
// the queueing part (Seidmann), stretched by open background load, or, for one
// closed workload, exactly by the station's marginal probabilities. The rest of
// the latency (network, unlimited nodes, parallel steps) comes from the same
// program evaluation as the open model, so both views agree on structure.
#include "analysis/mva.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>

#include "analysis/open_model.hpp"
#include "analysis/queueing.hpp"

namespace svcsim::detail {
namespace {

/// Per node, for one class: acquisitions and service per acquisition, per request.
struct StationDemand {
  double acquisitions = 0;  // per request of the class
  double service_s = 0;     // busy time per acquisition
};

std::vector<StationDemand> demands(const Scenario& scenario, const ModelSet& set, const std::vector<double>& visits,
                                   const ProgramTimes& times) {
  const std::vector<NodeLoad> per_request = node_loads(scenario, set, visits, times);
  std::vector<StationDemand> d(scenario.nodes.size());
  for (std::size_t n = 0; n < d.size(); ++n) {
    d[n].acquisitions = per_request[n].acquisition_rate;
    d[n].service_s = d[n].acquisitions > 0 ? per_request[n].busy_rate / d[n].acquisitions : 0.0;
  }
  return d;
}

/// Mean number of the class at each station's queueing part, per Little's law
/// on the queueing part (wait + S/m per acquisition).
double queueing_population(const Node& node, double throughput, const StationDemand& d, double wait) {
  const auto m = workers(node);
  if (!m || d.acquisitions == 0) return 0;
  return times(throughput * d.acquisitions, wait + d.service_s / *m);
}

class Solver {
 public:
  Solver(const Scenario& scenario, const ModelSet& set, const VisitTable& visits,
         const std::vector<ClosedClass>& classes, const std::vector<double>& open_utilization)
      : scenario_(scenario), set_(set), visits_(visits), classes_(classes), open_(open_utilization) {
    const std::size_t nodes = scenario.nodes.size();
    result_.throughput.assign(classes.size(), 0.0);
    result_.latency_s.assign(classes.size(), 0.0);
    result_.wait_s.assign(classes.size(), std::vector<double>(nodes, 0.0));
    queue_.assign(classes.size(), std::vector<double>(nodes, 0.0));
    demand_.assign(classes.size(), std::vector<StationDemand>(nodes));
  }

  /// One closed workload, population by population. A station of m > 1
  /// servers with no open load is load dependent (service rate min(j, m) / S
  /// with j present): its residence per acquisition is
  /// sum_j j S / min(j, m) p(j - 1 | n - 1), and its marginal probabilities
  /// follow p(j | n) = X acq S / min(j, m) p(j - 1 | n - 1), p(0 | n) = 1 - the
  /// rest (exact for a product-form network; Reiser and Lavenberg).
  ClosedSolution exact() {
    const std::size_t nodes = scenario_.nodes.size();
    result_.load_dependent.assign(nodes, false);
    std::vector<double> servers(nodes, 0.0);
    for (std::size_t n = 0; n < nodes; ++n) {
      const auto m = workers(scenario_.nodes[n]);
      servers[n] = m ? *m : 0.0;
      result_.load_dependent[n] = m && *m > 1 && !(open_[n] > 0);
    }
    const int users = classes_[0].users;
    std::vector<std::vector<double>> marginal(nodes);  // [node][j]: p(j | population - 1)
    for (std::size_t n = 0; n < nodes; ++n)
      if (result_.load_dependent[n]) marginal[n].assign(static_cast<std::size_t>(users) + 1, 0.0), marginal[n][0] = 1;
    for (int population = 1; population <= users; ++population) {
      solve_class(0, [&](std::size_t n) { return demand_[0][n].service_s * queue_[0][n]; },
                  [&](std::size_t n, double service_s) {
                    if (!result_.load_dependent[n]) return -1.0;  // not load dependent: Seidmann
                    double residence = 0;
                    for (int j = 1; j <= population; ++j)
                      residence += j * service_s / std::min<double>(j, servers[n]) * marginal[n][j - 1];
                    return residence - service_s;
                  });
      update_class(0, population);
      const double x = result_.throughput[0];
      for (std::size_t n = 0; n < nodes; ++n) {
        if (!result_.load_dependent[n]) continue;
        const StationDemand& d = demand_[0][n];
        std::vector<double>& p = marginal[n];
        double rest = 0;
        for (int j = population; j >= 1; --j) {  // downwards: p[j - 1] is still p(j - 1 | population - 1)
          p[j] = times(x * d.acquisitions * d.service_s / std::min<double>(j, servers[n]), p[j - 1]);
          rest += p[j];
        }
        p[0] = std::max(0.0, 1.0 - rest);
      }
    }
    return result_;
  }

  ClosedSolution schweitzer() {
    result_.exact = false;
    for (int round = 0; round < 10'000; ++round) {
      const std::vector<std::vector<double>> before = queue_;
      for (std::size_t c = 0; c < classes_.size(); ++c) {
        const double own = (classes_[c].users - 1.0) / classes_[c].users;
        solve_class(c, [&](std::size_t n) {
          double ahead = 0;
          for (std::size_t j = 0; j < classes_.size(); ++j)
            ahead += times(demand_[j][n].service_s, before[j][n] * (j == c ? own : 1.0));
          return ahead;
        });
        update_class(c, classes_[c].users);
      }
      if (converged(before)) break;
    }
    return result_;
  }

 private:
  /// The class's waits and latency at the queue lengths an arrival sees;
  /// `work_ahead(n)` is the service of the requests it finds at node n. The
  /// service times depend on the waits (blocking nodes hold workers during
  /// calls), so they are settled together.
  /// `exact_wait(n, S)`, when given, is node n's wait per acquisition from an
  /// exact formula, or negative where there is none.
  template <class WorkAhead, class ExactWait = std::nullptr_t>
  void solve_class(std::size_t c, WorkAhead work_ahead, ExactWait exact_wait = nullptr) {
    std::vector<double>& wait = result_.wait_s[c];
    ProgramTimes t;
    const std::vector<double> visits = dense_visits(set_, visits_, classes_[c].workload);
    for (int round = 0; round < 1000; ++round) {
      t = evaluate_programs(scenario_, set_, wait);
      demand_[c] = demands(scenario_, set_, visits, t);
      bool done = true;
      for (std::size_t n = 0; n < wait.size(); ++n) {
        const Node& node = scenario_.nodes[n];
        const StationDemand& d = demand_[c][n];
        double w = 0;
        if (node.concurrency && d.acquisitions > 0) {
          w = -1;
          if constexpr (!std::is_same_v<ExactWait, std::nullptr_t>) w = exact_wait(n, d.service_s);
          if (w < 0) w = mva_wait(node.instances * *node.concurrency, d.service_s, work_ahead(n), open_[n]);
        }
        done = done && (w == wait[n] || std::fabs(w - wait[n]) <= 1e-12 * std::fabs(w));
        wait[n] = w;
      }
      if (done) break;
    }
    result_.latency_s[c] = workload_latency(set_, classes_[c].workload, t);
  }

  void update_class(std::size_t c, int population) {
    const double r = result_.latency_s[c];
    const double x = std::isfinite(r) ? population / (classes_[c].think_s + r) : 0.0;
    result_.throughput[c] = x;
    for (std::size_t n = 0; n < scenario_.nodes.size(); ++n)
      queue_[c][n] = queueing_population(scenario_.nodes[n], x, demand_[c][n], result_.wait_s[c][n]);
  }

  bool converged(const std::vector<std::vector<double>>& before) const {
    for (std::size_t c = 0; c < queue_.size(); ++c)
      for (std::size_t n = 0; n < queue_[c].size(); ++n)
        if (std::fabs(queue_[c][n] - before[c][n]) > 1e-10 * std::max(1.0, queue_[c][n])) return false;
    return true;
  }

  const Scenario& scenario_;
  const ModelSet& set_;
  const VisitTable& visits_;
  const std::vector<ClosedClass>& classes_;
  const std::vector<double>& open_;
  ClosedSolution result_;
  std::vector<std::vector<double>> queue_;           // [class][node] at the queueing part
  std::vector<std::vector<StationDemand>> demand_;   // [class][node]
};

}  // namespace

ClosedSolution solve_closed(const Scenario& scenario, const ModelSet& set,
                            const VisitTable& visits, const std::vector<ClosedClass>& classes,
                            const std::vector<double>& open_utilization) {
  if (classes.empty()) return {};
  Solver solver(scenario, set, visits, classes, open_utilization);
  if (classes.size() == 1 && classes[0].users <= kMaxExactMvaUsers) return solver.exact();
  return solver.schweitzer();
}

}  // namespace svcsim::detail
