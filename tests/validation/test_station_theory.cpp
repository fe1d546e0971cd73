// The station (SPEC 7) against exact queueing theory: processor sharing
// (M/G/1-PS insensitivity, M/M/2-PS and limited PS equal to Erlang C),
// priorities (Cobham's non-preemptive formula for 2 and 3 classes, the
// preemptive-resume formula, Kleinrock's conservation law), LIFO against
// FIFO, shedding against the M/M/1/K chain it makes, and the steady state of
// client-side throttling; plus the adaptive limit under overload.
//
// Method (support/validation_checks.hpp): 20 independent replications (seeds
// 1..20); the mean over them must lie within 4 standard errors of the exact
// value (a t-test at 19 degrees of freedom: false alarm P(|t_19| > 4) =
// 0.077 %), and 4 standard errors must be below 3 % of the exact value, so no
// check passes by being noisy. Run lengths were sized from pilot runs so that
// 4 SE is about 1-2.5 % of each figure (printed with SVCSIM_VALIDATION_VERBOSE=1);
// the first 10 % of every run is warm-up, far beyond the relaxation time of
// these stations (at most rho 0.8 with 1 ms service: under 0.1 s).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "support/queueing_theory.hpp"
#include "support/replications.hpp"
#include "support/scenario_builder.hpp"
#include "support/validation_checks.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

constexpr const char* kSection = "Station: processor sharing, priorities, disciplines, admission";

std::vector<Results> run(const Scenario& s) { return replicate_checked(s, kSection); }

/// `model` is the case's model in docs/validation.md.
Scenario station(const char* name, std::string model, Node server, double duration_s) {
  Scenario s = scenario(name, sec(duration_s), sec(duration_s / 10.0));
  s.description = std::move(model);
  server.name = "server";
  s.nodes.push_back(std::move(server));
  return s;
}

/// The mean sojourn (s) of workload `name`.
double mean_s(const Results& r, const std::string& name) {
  for (const WorkloadResult& w : r.workloads)
    if (w.name == name) return w.latency.mean_ns() * 1e-9;
  FAIL("no workload " << name);
  return 0;
}

/// The workload of priority class k: "c0", "c1", ... (appended, not
/// "c" + to_string: g++ 12 warns falsely on that once inlined here).
std::string class_name(std::size_t k) {
  std::string name = "c";
  name += std::to_string(k);
  return name;
}

Workload at_level(std::string name, double rate, Criticality level) {
  Workload w = open_workload(std::move(name), "server", rate);
  w.criticality = level;
  return w;
}

}  // namespace

TEST_CASE("M/G/1-PS: the mean sojourn is S / (1 - rho) whatever the service distribution", "[validation][station]") {
  struct Case {
    const char* name;
    const char* model;
    Distribution work;
    double duration_s;
  };
  // Exponential, deterministic and Pareto (shape 3: finite variance; scale
  // 2/3 ms gives mean 1 ms) at rho 0.8 on one core with unlimited threads.
  const Case cases[] = {
      {"mm1-ps", "M/M/1-PS: 1 core, unlimited threads, exponential work of 1 ms, ρ 0.8",
       Distribution::exponential(ms(1)), 300.0},
      {"md1-ps", "M/D/1-PS: 1 core, unlimited threads, constant work of 1 ms, ρ 0.8", Distribution::constant(ms(1)),
       200.0},
      {"pareto-mg1-ps", "M/G/1-PS: 1 core, unlimited threads, Pareto work (shape 3, mean 1 ms), ρ 0.8",
       Distribution::pareto(ms(2.0 / 3.0), 3.0), 300.0},
  };
  const double rho = 0.8;
  for (const Case& c : cases) {
    Node server = service("server", c.work, 1, std::nullopt);
    server.cores = 1;
    Scenario s = station(c.name, c.model, server, c.duration_s);
    const double es = c.work.mean_seconds();
    s.workloads.push_back(open_workload("req", "server", rho / es));
    const std::vector<Results> runs = run(s);
    check_estimate("sojourn mean (s)",
                   estimate(runs, [](const Results& r) { return mean_s(r, "req"); }), es / (1 - rho));
    check_estimate("cpu_utilization",
                   estimate(runs, [](const Results& r) { return node_figure(r, "server", "cpu_utilization"); }), rho);
  }
}

TEST_CASE("M/M/2-PS and 4 threads on 2 cores: the mean sojourn of Erlang C's M/M/2", "[validation][station]") {
  // With exponential work the number present is the birth-death chain of
  // M/M/2 (service rate min(n, 2) mu) under both, so the means agree.
  const double mu = 1000.0;
  const double lambda = 1600.0;  // rho 0.8 per core
  const double exact = theory::mmc_mean_wait(2, lambda, mu) + 1.0 / mu;
  for (const auto& [name, threads] : {std::pair{"mm2-ps", std::optional<std::int64_t>{}},
                                      std::pair{"four-threads-two-cores", std::optional<std::int64_t>{4}}}) {
    Node server = service("server", Distribution::exponential(ms(1)), 1, threads);
    server.cores = 2;
    Scenario s = station(name,
                         threads ? "4 threads sharing 2 cores, exponential work of 1 ms, λ 1600/s: M/M/2's mean"
                                 : "M/M/2-PS: 2 cores, unlimited threads, exponential work of 1 ms, λ 1600/s",
                         server, 200.0);
    s.workloads.push_back(open_workload("req", "server", lambda));
    const std::vector<Results> runs = run(s);
    check_estimate("sojourn mean (s)",
                   estimate(runs, [](const Results& r) { return mean_s(r, "req"); }), exact);
  }
}

namespace {
/// One server, one worker, exponential 1 ms work; one Poisson class per level
/// (highest first), each at `rates[k]`.
Scenario priority_station(const char* name, std::string model, Discipline discipline,
                          const std::vector<double>& rates, double duration_s) {
  Node server = service("server", Distribution::exponential(ms(1)));
  server.discipline = discipline;
  Scenario s = station(name, std::move(model), server, duration_s);
  for (std::size_t k = 0; k < rates.size(); ++k)
    s.workloads.push_back(at_level(class_name(k), rates[k], static_cast<Criticality>(k)));
  return s;
}

/// Cobham: class k's mean wait W0 / ((1 - sigma_{k-1}) (1 - sigma_k)), W0 = sum lambda_i E[S^2] / 2.
std::vector<double> cobham_waits(const std::vector<double>& rates, double es, double es2) {
  double w0 = 0;
  for (const double l : rates) w0 += l * es2 / 2;
  std::vector<double> waits;
  double sigma = 0;
  for (const double l : rates) {
    const double before = sigma;
    sigma += l * es;
    waits.push_back(w0 / ((1 - before) * (1 - sigma)));
  }
  return waits;
}
}  // namespace

TEST_CASE("non-preemptive priority on one server: Cobham's formula for 2 and 3 classes, and the conservation law",
          "[validation][station]") {
  const double es = 1e-3, es2 = 2e-6;  // exponential, mean 1 ms
  for (const std::vector<double>& rates : {std::vector<double>{300, 500}, std::vector<double>{200, 300, 300}}) {
    const bool two = rates.size() == 2;
    const Scenario s = priority_station(
        two ? "cobham-2" : "cobham-3",
        two ? "non-preemptive priority, M/M/1 (1 ms), 2 classes at 300 and 500/s (Cobham)"
            : "non-preemptive priority, M/M/1 (1 ms), 3 classes at 200, 300 and 300/s (Cobham)",
        Discipline::priority, rates, 400.0);
    const std::vector<Results> runs = run(s);
    const std::vector<double> waits = cobham_waits(rates, es, es2);
    double conserved = 0;  // sum rho_k W_k: the same under every work-conserving non-preemptive order
    for (std::size_t k = 0; k < rates.size(); ++k) {
      const std::string cls = class_name(k);
      check_estimate(cls + " sojourn mean (s)",
                     estimate(runs, [&](const Results& r) { return mean_s(r, cls); }), waits[k] + es);
      conserved += rates[k] * es * waits[k];
    }
    // Kleinrock: sum rho_k W_k = rho W0 / (1 - rho), the FCFS value.
    double rho = 0, w0 = 0;
    for (const double l : rates) {
      rho += l * es;
      w0 += l * es2 / 2;
    }
    REQUIRE(conserved == Approx(rho * w0 / (1 - rho)).epsilon(1e-12));  // the formulas agree with the law
    check_estimate("sum rho_k W_k (s)",
                   estimate(runs,
                            [&](const Results& r) {
                              double sum = 0;
                              for (std::size_t k = 0; k < rates.size(); ++k)
                                sum += rates[k] * es * (mean_s(r, class_name(k)) - es);
                              return sum;
                            }),
                   rho * w0 / (1 - rho));
  }
}

TEST_CASE("preemptive-resume priority: T_k = S / (1 - sigma_{k-1}) + R_k / ((1 - sigma_{k-1}) (1 - sigma_k))",
          "[validation][station]") {
  const std::vector<double> rates = {300, 300, 200};
  const double es = 1e-3, es2 = 2e-6;
  const Scenario s =
      priority_station("preemptive-3", "preemptive-resume priority, M/M/1 (1 ms), 3 classes at 300, 300 and 200/s",
                       Discipline::priority_preemptive, rates, 400.0);
  const std::vector<Results> runs = run(s);
  double sigma = 0, residual = 0;
  for (std::size_t k = 0; k < rates.size(); ++k) {
    const double before = sigma;
    sigma += rates[k] * es;
    residual += rates[k] * es2 / 2;  // only classes at or above k delay class k
    const double exact = es / (1 - before) + residual / ((1 - before) * (1 - sigma));
    const std::string cls = class_name(k);
    check_estimate(cls + " sojourn mean (s)",
                   estimate(runs, [&](const Results& r) { return mean_s(r, cls); }), exact);
  }
}

TEST_CASE("M/M/1 under lifo has the mean sojourn of fifo", "[validation][station]") {
  const double lambda = 700, mu = 1000;
  Node server = service("server", Distribution::exponential(ms(1)));
  server.discipline = Discipline::lifo;
  Scenario s = station("mm1-lifo", "M/M/1 served last in first out, 1 ms, λ 700/s: FIFO's mean sojourn", server,
                       300.0);
  s.workloads.push_back(open_workload("req", "server", lambda));
  const std::vector<Results> runs = run(s);
  check_estimate("lifo sojourn mean (s)", estimate(runs, [](const Results& r) { return mean_s(r, "req"); }),
                 theory::mm1_mean_sojourn(lambda, mu));
}

TEST_CASE("shed: one worker shedding at q waiting is the M/M/1/K chain with K = q + 1", "[validation][station]") {
  const double lambda = 900, mu = 1000;
  const int q = 4;
  Node server = service("server", Distribution::exponential(ms(1)));
  server.shed[static_cast<std::size_t>(Criticality::sheddable)] = q;
  Scenario s = station("shed-mm1k", "M/M/1 (1 ms, λ 900/s) shedding at 4 waiting: M/M/1/5 blocking", server,
                       60.0);
  s.workloads.push_back(at_level("req", lambda, Criticality::sheddable));
  const std::vector<Results> runs = run(s);
  check_estimate("shed fraction = M/M/1/K blocking",
                 estimate(runs,
                          [](const Results& r) {
                            const NodeResult& n = node_named(r, "server");
                            return static_cast<double>(n.shed) / static_cast<double>(n.requests);
                          }),
                 theory::mmck_blocking(1, q + 1, lambda / mu));
}

TEST_CASE("client-side throttling: the local rejection share settles at (R - k A) / (R + 1)", "[validation][station]") {
  // A caller offers 1000/s to a callee whose rate limit (200/s, burst 1)
  // accepts fewer calls the fewer are sent: a token waits for the next call
  // (accepts = 1 / (5 ms + 1 / sent)). So the steady state is where the
  // share rejected locally, p = (R - k A) / (R + 1), and the accepts A it
  // leaves agree; R and A are counted over the 10 s window, here from each
  // run's own rates (A: calls the callee did not reject). With k = 2 it
  // settles near p = 0.8 (sent 200/s, accepted 100/s). The check is the
  // ratio of the measured share to the one the formula gives from the
  // measured rates: 1 in the steady state.
  Scenario s = scenario("throttle-steady", sec(120), sec(20));
  s.description = "client-side throttling (k 2, 10 s) against a 200/s rate limit, offered 1000/s: steady state";
  Node db = service("db", Distribution::constant(ms(1)), 1, std::nullopt);
  db.rate_limit = RateLimit{200, 1};
  s.nodes.push_back(db);
  CallSpec c = call_to("db");
  const double k = 2, window_s = 10;
  c.throttle = ThrottlePolicy{k, sec(window_s)};
  s.nodes.push_back(steps_node("api", "get", {call(c)}));
  s.workloads.push_back(open_workload("req", "api.get", 1000));
  const std::vector<Results> runs = run(s);
  check_estimate("locally rejected share / (R - k A) / (R + 1)",
                 estimate(runs,
                          [&](const Results& r) {
                            const NodeResult& callee = node_named(r, "db");
                            const double requests = static_cast<double>(r.workloads.front().requests);
                            const double share = static_cast<double>(node_named(r, "api").throttled) / requests;
                            const double window_requests = requests / r.measured_s * window_s;
                            const double window_accepts =
                                static_cast<double>(callee.requests - callee.rejected) / r.measured_s * window_s;
                            return share / ((window_requests - k * window_accepts) / (window_requests + 1));
                          }),
                 1.0);
}

TEST_CASE("adaptive_concurrency under a 1.5x overload: the limit stays in bounds, admitted calls stay fast, "
          "and the run is deterministic",
          "[validation][station]") {
  // 4 workers of 1 ms exponential work (capacity 4000/s) offered 6000/s.
  // Without a limit the queue grows without bound; AIMD keeps what it admits
  // near the point where answers take about its 20 ms timeout.
  Node server = service("server", Distribution::exponential(ms(1)), 1, 4);
  server.adaptive_concurrency = aimd(20, 4, 400, 0.9, ms(20));
  Scenario s = station("aimd-overload", "", server, 30.0);
  s.workloads.push_back(open_workload("req", "server", 6000));
  const Results first = simulate(s);
  const Results second = simulate(s);
  const NodeResult& n = node_named(first, "server");
  for (const auto& [t, limit] : n.limit_timeline) {
    INFO("limit " << limit << " at " << t << " s");
    CHECK((limit >= 4 && limit <= 400));
  }
  // Admitted calls are answered close to the timeout that drives the limit
  // (the limit backs off as soon as one answer exceeds it), not after a
  // queue that grows for 30 s (which would reach seconds).
  CHECK(node_figure(first, "server", "p99") < 60.0);
  CHECK(n.limited > 0);
  CHECK(node_figure(first, "server", "utilization") > 0.9);  // it does not starve the workers either
  CHECK(n.limit_timeline == node_named(second, "server").limit_timeline);
  CHECK(n.limited == node_named(second, "server").limited);
}
