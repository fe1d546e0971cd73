// Networks of stations against exact queueing theory: open Jackson tandems of
// 3 and 10 stations, probabilistic routing, a closed network against exact MVA
// at three populations, a cache in front of a slower origin, and Little's law,
// exactly, on a mixed architecture. (Splitting over instances: test_balancing.cpp.)
//
// Method as in test_single_station.cpp (support/validation_checks.hpp): R = 20
// replications (seeds 1..20), mean within 4 standard errors of the exact value
// (t with 19 degrees of freedom: false alarm 0.077 % per check) and 4 standard
// errors below 3 % of it (power), run lengths sized from pilot runs for an
// expected 4 SE of about 2 %; 10 % of each run is warm-up.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "support/queueing_theory.hpp"
#include "support/replications.hpp"
#include "support/scenario_builder.hpp"
#include "support/validation_checks.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

constexpr const char* kSection = "Networks";

std::vector<Results> run(const Scenario& s) { return replicate_checked(s, kSection); }

/// An event-loop station whose endpoint `serve` is [work, call next]: its worker
/// is released while the call is out, so the station queues only for its own
/// work (SPEC 3.2: a chain of such nodes is a Jackson network).
Node async_station(std::string name, Distribution work_time, const std::string& next) {
  Node n = with_endpoint(service(std::move(name), {}), "serve", {work(std::move(work_time)), call(next)});
  n.service_time.reset();
  n.threading = Threading::async;
  return n;
}

double seconds_of_ms(double v) { return v / 1e3; }

/// Mean time the calls admitted at `node` waited for a worker, in seconds
/// (metrics.hpp names no wait figure; the reports read the same histogram).
double mean_wait_s(const Results& r, const std::string& node) { return node_named(r, node).wait.mean_ns() * 1e-9; }

}  // namespace

namespace {
/// A Jackson tandem of M/M/1 stations (exponential work of `means_ms`, one
/// worker each, async so that a station queues only for its own work) fed by
/// Poisson(lambda): the end-to-end sojourn is the sum of independent
/// exponentials of rates mu_i - lambda (Reich 1957), so its mean and p99 are
/// exact, and each station waits like an M/M/1 (Burke: its input is Poisson).
void check_tandem(const char* name, std::string model, double lambda, const std::vector<double>& means_ms,
                  double duration_s) {
  Scenario s = scenario(name, sec(duration_s), sec(duration_s / 10.0));
  s.description = std::move(model);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < means_ms.size(); ++i) names.push_back("s" + std::to_string(i + 1));
  for (std::size_t i = 0; i + 1 < means_ms.size(); ++i)
    s.nodes.push_back(async_station(names[i], Distribution::exponential(ms(means_ms[i])), names[i + 1] + ".serve"));
  Node last = async_station(names.back(), Distribution::exponential(ms(means_ms.back())), "");
  last.endpoints.front().steps.pop_back();  // the last station calls no one
  s.nodes.push_back(last);
  s.workloads.push_back(open_workload("req", names.front() + ".serve", lambda));
  const std::vector<Results> runs = run(s);
  for (const Results& r : runs) check_little_workload(r, names.front());

  std::vector<double> rates;  // of the exponential sojourn at each station
  double total = 0;
  for (const double m : means_ms) {
    rates.push_back(1e3 / m - lambda);
    total += 1.0 / rates.back();
  }
  check_estimate("end-to-end mean (s)",
                 estimate(runs, [](const Results& r) { return seconds_of_ms(workload_figure(r, "mean")); }), total);
  check_estimate("end-to-end p99 (s)",
                 estimate(runs, [](const Results& r) { return seconds_of_ms(workload_figure(r, "p99")); }),
                 theory::hypoexponential_quantile(rates, 0.99), kPercentileResolution);
  for (std::size_t i = 0; i < means_ms.size(); ++i) {
    const double mu = 1e3 / means_ms[i];
    const std::string& station = names[i];
    check_estimate("station " + station + " wait mean (s)",
                   estimate(runs, [&](const Results& r) { return mean_wait_s(r, station); }),
                   theory::mm1_mean_wait(lambda, mu));
    check_estimate("station " + station + " utilisation",
                   estimate(runs, [&](const Results& r) { return node_figure(r, station, "utilization"); }),
                   lambda / mu);
  }
}
}  // namespace

TEST_CASE("Jackson tandem of 3 M/M/1 stations: end-to-end sojourn is the sum of 1/(mu_i - lambda)", "[validation]") {
  check_tandem("tandem-3", "Jackson tandem of 3 M/M/1 stations (1, 1.25, 0.8 ms), λ 600/s: ρ 0.6, 0.75, 0.48",
               600.0, {1.0, 1.25, 0.8}, 480.0);
}

TEST_CASE("Jackson tandem of 10 M/M/1 stations: end-to-end mean and p99, each station's wait", "[validation]") {
  // Distinct rates (the hypoexponential needs them), rho 0.3 to 0.6: the
  // busiest station sets the run length, and at 0.6 its mean wait needs half
  // the 480 s that the tandem of 3 needs for its station at 0.75 (pilot: 4 SE
  // = 1.8 % of the wait at 0.72 over 480 s; at most 1.9 % here over 240 s).
  check_tandem("tandem-10", "Jackson tandem of 10 M/M/1 stations (0.5 to 1 ms), λ 600/s: ρ 0.3 to 0.6", 600.0,
               {1.0, 0.8, 0.95, 0.6, 0.9, 0.7, 0.5, 0.85, 0.75, 0.65}, 240.0);
}

TEST_CASE("probabilistic routing: a calls b with probability 0.4, then c with probability 0.6", "[validation]") {
  // The two choices are independent Bernoulli draws, so the routing is
  // Markov (a -> b 0.4, a -> c 0.36, b -> c 0.6) and Jackson's theorem holds:
  // b and c are M/M/1 stations at 0.4 lambda and 0.6 lambda, and the
  // end-to-end mean is T_a + 0.4 T_b + 0.6 T_c.
  const double lambda = 700.0;
  const double mu_a = 1000.0, mu_b = 500.0, mu_c = 800.0;  // rho 0.7, 0.56, 0.525
  Scenario s = scenario("routing-0.4-0.6", sec(300), sec(30));
  s.description = "a (M/M/1, ρ 0.7) calls b (1/500 s) with probability 0.4, then c (1/800 s) with probability 0.6";
  CallSpec to_b = call_to("b");
  to_b.probability = 0.4;
  CallSpec to_c = call_to("c");
  to_c.probability = 0.6;
  Node a = with_endpoint(service("a", {}), "serve",
                         {work(Distribution::exponential(sec(1.0 / mu_a))), call(to_b), call(to_c)});
  a.service_time.reset();
  a.threading = Threading::async;
  s.nodes.push_back(a);
  s.nodes.push_back(service("b", Distribution::exponential(sec(1.0 / mu_b))));
  s.nodes.push_back(service("c", Distribution::exponential(sec(1.0 / mu_c))));
  s.workloads.push_back(open_workload("req", "a.serve", lambda));
  const std::vector<Results> runs = run(s);
  for (const Results& r : runs) check_little_workload(r, "a");
  const double t_a = theory::mm1_mean_sojourn(lambda, mu_a);
  const double t_b = theory::mm1_mean_sojourn(0.4 * lambda, mu_b);
  const double t_c = theory::mm1_mean_sojourn(0.6 * lambda, mu_c);
  check_estimate("end-to-end mean (s)",
                 estimate(runs, [](const Results& r) { return seconds_of_ms(workload_figure(r, "mean")); }),
                 t_a + 0.4 * t_b + 0.6 * t_c);
  for (const auto& [name, rate, mu] : {std::tuple{"b", 0.4 * lambda, mu_b}, std::tuple{"c", 0.6 * lambda, mu_c}}) {
    const std::string node = name;
    check_estimate("station " + node + " sojourn mean (s)",
                   estimate(runs, [&](const Results& r) { return seconds_of_ms(node_figure(r, node, "mean")); }),
                   theory::mm1_mean_sojourn(rate, mu));
    check_estimate("station " + node + " utilisation",
                   estimate(runs, [&](const Results& r) { return node_figure(r, node, "utilization"); }), rate / mu);
  }
}

TEST_CASE("closed network of 3 stations with think time: throughput and response time against exact MVA at 3, "
          "10 and 25 users",
          "[validation]") {
  const double think_s = 0.050;
  const std::vector<double> demands_s = {0.005, 0.004, 0.003};  // one visit each, exponential service
  // Below (3), near (10) and far above (25) the knee N* = (Z + sum D) / D_max = 12.4.
  for (const int users : {3, 10, 25}) {
    // 300 s: the estimates need far less (4 SE ~1 % at 60 s), but Little's edge
    // allowance scales with the ~20 ms sojourns over the run length.
    Scenario s = scenario("closed-mva-" + std::to_string(users), sec(300), sec(30));
    s.description = "closed: " + std::to_string(users) +
                    " users, exponential think 50 ms, M/M/1 stations of 5, 4, 3 ms (exact MVA)";
    s.nodes.push_back(async_station("a", Distribution::exponential(sec(demands_s[0])), "b.serve"));
    s.nodes.push_back(async_station("b", Distribution::exponential(sec(demands_s[1])), "c"));
    s.nodes.push_back(service("c", Distribution::exponential(sec(demands_s[2]))));
    s.workloads.push_back(closed_workload("users", "a.serve", users, Distribution::exponential(sec(think_s))));
    const std::vector<Results> runs = run(s);
    for (const Results& r : runs) check_little_workload(r, "a");

    const theory::MvaResult mva = theory::mva(users, demands_s, think_s);
    check_estimate("throughput (1/s)",
                   estimate(runs, [](const Results& r) { return workload_figure(r, "throughput"); }), mva.throughput);
    check_estimate("response time mean (s)",
                   estimate(runs, [](const Results& r) { return seconds_of_ms(workload_figure(r, "mean")); }),
                   mva.response);
    const char* names[] = {"a", "b", "c"};
    for (std::size_t k = 0; k < 3; ++k) {
      const std::string name = names[k];
      // Utilisation law: U_k = X D_k.
      check_estimate("station " + name + " utilisation",
                     estimate(runs, [&](const Results& r) { return node_figure(r, name, "utilization"); }),
                     mva.throughput * demands_s[k]);
    }
  }
}

TEST_CASE("a cache with a fixed hit ratio in front of a slower M/M/1 origin", "[validation]") {
  const double lambda = 1500.0;
  const double hit_ratio = 0.8;
  const double cache_work_s = 0.0005;  // constant, on every lookup
  const double origin_mu = 500.0;      // exponential service, mean 2 ms
  // Unlimited concurrency: the cache itself never queues, so its part of the
  // latency is exactly its own work.
  Node cache = service("cache", Distribution::constant(sec(cache_work_s)), 1, std::nullopt);
  cache.kind = NodeKind::cache;
  cache.hit_ratio = hit_ratio;
  cache.origin = "origin";
  Scenario s = scenario("cache-fixed-0.8", sec(180), sec(18));
  s.description = "cache hitting 80 % (constant 0.5 ms) in front of an M/M/1 origin (2 ms, ρ 0.6): a mixture";
  s.nodes.push_back(cache);
  s.nodes.push_back(service("origin", Distribution::exponential(sec(1.0 / origin_mu))));
  s.workloads.push_back(open_workload("req", "cache", lambda));
  const std::vector<Results> runs = run(s);
  for (const Results& r : runs) check_little_workload(r, "cache");

  // Misses are an independent thinning of a Poisson stream: the origin is an
  // M/M/1 at (1 - h) lambda (rho 0.6).
  const double origin_lambda = (1.0 - hit_ratio) * lambda;
  check_estimate("hit ratio",
                 estimate(runs,
                          [](const Results& r) {
                            const NodeResult& n = node_named(r, "cache");
                            return static_cast<double>(n.cache_hits) / static_cast<double>(n.cache_lookups);
                          }),
                 hit_ratio);
  check_estimate("origin sojourn mean (s)",
                 estimate(runs, [](const Results& r) { return seconds_of_ms(node_figure(r, "origin", "mean")); }),
                 theory::mm1_mean_sojourn(origin_lambda, origin_mu));
  check_estimate("client latency mean (s)",
                 estimate(runs, [](const Results& r) { return seconds_of_ms(workload_figure(r, "mean")); }),
                 cache_work_s + (1.0 - hit_ratio) * theory::mm1_mean_sojourn(origin_lambda, origin_mu));
  check_estimate("origin utilisation",
                 estimate(runs, [](const Results& r) { return node_figure(r, "origin", "utilization"); }),
                 origin_lambda / origin_mu);
}

TEST_CASE("Little's law holds exactly on every node when the window holds whole sojourns", "[validation]") {
  // Everything that touches the time integrals at once: a load balancer, a
  // blocking front (workers held across its calls) on 2 instances with
  // least_request, fork-join, a probabilistic call, an async node, a finite
  // queue that rejects, an unlimited-concurrency node, and network latency.
  // The window is [0, T] (no warm-up: the run starts empty, so no call that
  // arrived earlier is still there) and arrivals stop 5 s before T (so every
  // call has left before T: checked below). Both edge terms of check_little
  // are then exactly 0 and L T = sum of sojourns is an identity; what is left
  // is floating-point rounding of sums of integer nanoseconds, far below 1e-9.
  const double t_end = 40.0;
  Scenario s = scenario("little-exact", sec(t_end));
  s.network.latency = Distribution::exponential(ms(0.2));
  Node lb = service("lb", Distribution::constant(ms(0.05)), 1, std::nullopt);
  lb.kind = NodeKind::load_balancer;
  lb.threading = Threading::async;
  lb.target = "front";
  s.nodes.push_back(lb);
  ParallelStep fan_out;
  fan_out.calls = {call_to("a"), call_to("b.serve")};
  fan_out.wait_for = 2;
  CallSpec sometimes = call_to("c");
  sometimes.probability = 0.5;
  Node front = with_endpoint(service("front", {}, 2, 8), "get",
                             {work(Distribution::exponential(ms(1))), Step{fan_out, {}}, call(sometimes)});
  front.service_time.reset();
  front.balancing = Balancing::least_request;
  s.nodes.push_back(front);
  Node a = service("a", Distribution::gamma(ms(1.5), 1.5), 1, 2);
  a.queue = 4;  // rejects now and then: Little holds over admitted calls
  s.nodes.push_back(a);
  s.nodes.push_back(async_station("b", Distribution::uniform(ms(0.2), ms(1.0)), "d"));
  s.nodes.push_back(service("c", Distribution::exponential(ms(2)), 1, 2));
  s.nodes.push_back(service("d", Distribution::lognormal_mean_stddev(ms(3), ms(3)), 1, std::nullopt));
  Workload w = open_workload("req", "lb.get", 1000);
  w.schedule.push_back(RateChange{sec(t_end - 5.0), 0.0, {}});
  s.workloads.push_back(w);
  constexpr double kRounding = 1e-9;
  const std::vector<Results> runs = replicate(s, kReplications);
  for (const Results& r : runs) {
    REQUIRE_FALSE(r.run.stopped);
    REQUIRE(r.run.end_s < t_end);            // drained inside the window: B = 0
    CHECK(node_named(r, "a").rejected > 0);  // the finite queue did refuse: that path was exercised
    for (const NodeResult& n : r.nodes) {
      INFO("node " << n.name << ", seed " << r.seed);
      REQUIRE(n.admitted > 0);
      const double rate = static_cast<double>(n.admitted) / r.measured_s;
      const double l = node_metric(n, r.measured_s, "in_system_mean").value();
      const double lambda_w = rate * node_metric(n, r.measured_s, "mean").value() / 1e3;
      CHECK(std::abs(l - lambda_w) <= kRounding * lambda_w);
      // The waiting room alone: queue_mean = admitted rate x mean total wait.
      const double lq = node_metric(n, r.measured_s, "queue_mean").value();
      const double lambda_wq = rate * n.wait.mean_ns() * 1e-9;
      CHECK(std::abs(lq - lambda_wq) <= kRounding * std::max(lambda_wq, 1e-300));
      if (validation_verbose() && r.seed == 1)
        std::printf("  little-exact node %-6s L %.12g lambda W %.12g  Lq %.12g lambda Wq %.12g\n", n.name.c_str(), l,
                    lambda_w, lq, lambda_wq);
    }
  }
}
