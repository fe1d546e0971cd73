// One station against exact queueing theory: M/M/1, M/M/c (Erlang C), M/D/1 and
// M/G/1 (Pollaczek–Khinchine), M/M/c/K and Erlang B blocking, and M/G/inf.
//
// Method (see support/validation_checks.hpp): R = 20 independent replications
// (seeds 1..20) of each scenario; each replication gives one estimate; the mean
// over replications must lie within 4 standard errors of the exact value (a
// t-test with 19 degrees of freedom: false alarm P(|t_19| > 4) = 0.077 %), and
// 4 standard errors must be below 3 % of the exact value (so a check cannot
// pass by being noisy). Every run starts empty; the first 10 % of each run is warm-up
// and not measured: far longer than the relaxation time of every station here
// (M/M/1 at rho 0.9 and 1 ms service: 1 / (mu (1 - sqrt rho)^2) = 0.38 s).
// Run lengths are sized from pilot runs so that the expected 4 SE is about 2 %
// of the exact value for the noisiest figure of each scenario (SE scales as
// 1 / sqrt(run length)); the standard errors they give are printed with
// SVCSIM_VALIDATION_VERBOSE=1.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>

#include "support/queueing_theory.hpp"
#include "support/replications.hpp"
#include "support/scenario_builder.hpp"
#include "support/validation_checks.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

/// The heading of these cases in docs/validation.md.
constexpr const char* kSection = "Single station";

std::vector<Results> run(const Scenario& s) { return replicate_one_station(s, kSection); }

/// Mean time an admitted call waited for a worker, in seconds. metrics.hpp does
/// not name a wait figure (the reports derive it from the same histogram).
double mean_wait_s(const Results& r) { return node_named(r, "server").wait.mean_ns() * 1e-9; }

}  // namespace

TEST_CASE("M/M/1: sojourn mean and p99, mean wait and utilisation at rho 0.5, 0.7 and 0.9", "[validation]") {
  const double mu = 1000.0;  // exponential service, mean 1 ms
  // Run lengths: the variance of a sojourn-time average grows like (1 - rho)^-4;
  // the p99 is the noisiest figure at both loads (pilot: 4 SE = 11 % of it with
  // 10 x 20 s at rho 0.5, 12 % with 10 x 200 s at rho 0.9; the run length
  // needed grows about as (1 - rho)^-1.5 between them, hence 700 s at 0.7).
  // rho 0.9 is the single most expensive scenario of the suite (67 M requests).
  for (const auto& [rho, duration_s] : {std::pair{0.5, 320.0}, std::pair{0.7, 700.0}, std::pair{0.9, 3700.0}}) {
    const double lambda = rho * mu;
    const std::string name = "mm1-rho" + std::string(rho < 0.6 ? "0.5" : rho < 0.8 ? "0.7" : "0.9");
    const std::string model =
        "M/M/1, exponential service of mean 1 ms, λ " + std::to_string(static_cast<int>(lambda)) + "/s (ρ " +
        name.substr(7) + ")";
    const Scenario s =
        one_station(name.c_str(), model, service("server", Distribution::exponential(ms(1))), lambda, duration_s);
    const std::vector<Results> runs = run(s);
    INFO("rho " << rho);
    check_estimate("sojourn mean (s)",
                   estimate(runs, [](const Results& r) { return workload_figure(r, "mean") / 1e3; }),
                   theory::mm1_mean_sojourn(lambda, mu));
    check_estimate("sojourn p99 (s)", estimate(runs, [](const Results& r) { return workload_figure(r, "p99") / 1e3; }),
                   theory::mm1_sojourn_quantile(lambda, mu, 0.99), kPercentileResolution);
    check_estimate("wait mean (s)", estimate(runs, mean_wait_s), theory::mm1_mean_wait(lambda, mu));
    check_estimate("utilisation",
                   estimate(runs, [](const Results& r) { return node_figure(r, "server", "utilization"); }), rho);
  }
}

TEST_CASE("M/M/c: Erlang C wait probability and mean wait, c = 4 at rho 0.8", "[validation]") {
  const int c = 4;
  const double mu = 250.0;  // exponential service, mean 4 ms
  const double lambda = 0.8 * c * mu;
  const Scenario s = one_station("mmc-c4-rho0.8", "M/M/4, exponential service of mean 4 ms, λ 800/s (ρ 0.8)",
                                 service("server", Distribution::exponential(ms(4)), 1, c), lambda, 640.0);
  const std::vector<Results> runs = run(s);
  const double pwait = theory::erlang_c(c, lambda / mu);
  const double wq = theory::mmc_mean_wait(c, lambda, mu);
  check_estimate("P(wait) = waited / admitted",
                 estimate(runs,
                          [](const Results& r) {
                            const NodeResult& n = node_named(r, "server");
                            return static_cast<double>(n.waited) / static_cast<double>(n.admitted);
                          }),
                 pwait);
  check_estimate("wait mean (s)", estimate(runs, mean_wait_s), wq);
  check_estimate("sojourn mean (s)", estimate(runs, [](const Results& r) { return workload_figure(r, "mean") / 1e3; }),
                 wq + 1.0 / mu);
  check_estimate("utilisation",
                 estimate(runs, [](const Results& r) { return node_figure(r, "server", "utilization"); }), 0.8);
  // The time-average number waiting against its exact value lambda Wq: a time
  // integral, where the two checks above are per-call averages.
  check_estimate("queue_mean", estimate(runs, [](const Results& r) { return node_figure(r, "server", "queue_mean"); }),
                 lambda * wq);
}

TEST_CASE("M/D/1 and M/G/1: Pollaczek-Khinchine mean wait", "[validation]") {
  struct Case {
    const char* name;
    const char* model;
    Distribution service_time;
    double rho;
    double duration_s;
  };
  // Deterministic, uniform and a gamma with cv 2 (E[S^2] = 5 E[S]^2): the mean
  // wait depends on the service time only through E[S^2].
  const Case cases[] = {
      {"md1-rho0.8", "M/D/1, constant service of 1 ms, ρ 0.8", Distribution::constant(ms(1)), 0.8, 180.0},
      {"mg1-uniform-rho0.8", "M/G/1, service uniform on [0, 2] ms, ρ 0.8", Distribution::uniform(ms(0), ms(2)), 0.8,
       360.0},
      {"mg1-gamma-cv2-rho0.6", "M/G/1, gamma service of mean 1 ms and cv 2, ρ 0.6", Distribution::gamma(ms(1), 2.0),
       0.6, 280.0},
  };
  for (const Case& k : cases) {
    const double es = k.service_time.mean_seconds();
    const double es2 = k.service_time.second_moment_seconds2();
    const double lambda = k.rho / es;
    const Scenario s = one_station(k.name, k.model, service("server", k.service_time), lambda, k.duration_s);
    const std::vector<Results> runs = run(s);
    INFO(k.name);
    const double wq = theory::pk_mean_wait(lambda, es, es2);
    check_estimate("wait mean (s)", estimate(runs, mean_wait_s), wq);
    check_estimate("sojourn mean (s)",
                   estimate(runs, [](const Results& r) { return workload_figure(r, "mean") / 1e3; }), wq + es);
  }
}

TEST_CASE("M/M/c/K blocking: M/M/2/5 at offered load 2 and Erlang B (K = c = 5, a = 4)", "[validation]") {
  struct Case {
    const char* name;
    const char* model;
    int servers;
    int capacity;  // K: places in all, so the waiting room is K - c
    double offered_load;
    double duration_s;
  };
  // 20 s is enough: blocking is a frequent event (~20 %), so 4 SE is ~1.4 % of it.
  const Case cases[] = {
      {"mm2k5-a2", "M/M/2/5 (3 waiting places), exponential service of mean 1 ms, offered load 2 Erlangs", 2, 5,
       2.0, 20.0},
      {"erlang-b-c5-a4", "M/M/5/5 (Erlang B), exponential service of mean 1 ms, offered load 4 Erlangs", 5, 5, 4.0,
       20.0},
  };
  const double mu = 1000.0;  // exponential service, mean 1 ms
  for (const Case& k : cases) {
    Node server = service("server", Distribution::exponential(ms(1)), 1, k.servers);
    server.queue = k.capacity - k.servers;
    const double lambda = k.offered_load * mu;
    const Scenario s = one_station(k.name, k.model, server, lambda, k.duration_s);
    const std::vector<Results> runs = run(s);
    INFO(k.name);
    const double blocking = theory::mmck_blocking(k.servers, k.capacity, k.offered_load);
    if (k.capacity == k.servers) REQUIRE(blocking == Approx(theory::erlang_b(k.servers, k.offered_load)));
    check_estimate("blocking (rejected_rate)",
                   estimate(runs, [](const Results& r) { return workload_figure(r, "rejected_rate"); }), blocking);
    // Carried load: the servers are busy lambda (1 - P_K) / mu on average.
    check_estimate("utilisation",
                   estimate(runs, [](const Results& r) { return node_figure(r, "server", "utilization"); }),
                   k.offered_load * (1.0 - blocking) / k.servers);
    for (const Results& r : runs) {
      // Every refusal is the node's and reaches the client as a rejection.
      CHECK(node_named(r, "server").rejected == r.workloads.front().rejected);
      CHECK(node_named(r, "server").queue_max <= k.capacity - k.servers);
    }
  }
}

TEST_CASE("M/G/inf (unlimited concurrency): latency is the service time, mean busy is lambda E[S]", "[validation]") {
  // Lognormal service (mean 20 ms, stddev 30 ms): M/G/inf is insensitive to the
  // distribution beyond its mean, so a non-exponential one tests more.
  const Distribution st = Distribution::lognormal_mean_stddev(ms(20), ms(30));
  const double lambda = 500.0;
  // 200 s: the edge allowance of Little's law scales with the mean residual
  // sojourn (32 ms here, cv 1.5) over the run length; 20 s would leave it at 20 %.
  const Scenario s = one_station("mginf", "M/G/∞ (pure delay), lognormal service of mean 20 ms and sd 30 ms, λ 500/s",
                                 service("server", st, 1, std::nullopt), lambda, 200.0);
  const std::vector<Results> runs = run(s);
  const double es = st.mean_seconds();
  check_estimate("latency mean (s)", estimate(runs, [](const Results& r) { return workload_figure(r, "mean") / 1e3; }),
                 es);
  // For unlimited concurrency the mean number busy is `busy_mean` (docs/results.md).
  check_estimate("mean number busy (busy_mean)",
                 estimate(runs, [](const Results& r) { return node_figure(r, "server", "busy_mean"); }), lambda * es);
  for (const Results& r : runs) {
    CHECK(node_named(r, "server").waited == 0);  // nobody ever waits for a worker
    CHECK(node_figure(r, "server", "queue_mean") == 0.0);
  }
}
