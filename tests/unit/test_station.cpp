// The station (SPEC 7), exactly: shared cores and CPU quotas (both worked
// examples of SPEC 7.1), processor sharing, queue disciplines, preemptive
// resume, criticality propagation, shedding, the adaptive limit and
// client-side throttling, on scenarios small enough to work out by hand.
#include <catch2/catch.hpp>

#include <memory>

#include "support/scenario_builder.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/simulation.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

/// Requests that arrive exactly at the given times (ms), from a trace.
Workload arrivals_at(std::string name, std::string target, std::vector<double> at_ms,
                     Criticality level = Criticality::critical) {
  Workload w = open_workload(std::move(name), std::move(target), 0, ArrivalProcess::trace);
  auto times = std::make_shared<std::vector<std::int64_t>>();
  for (const double t : at_ms) times->push_back(ms(t).ns);
  w.trace = times;
  w.criticality = level;
  return w;
}

const WorkloadResult& workload(const Results& r, const std::string& name) {
  for (const WorkloadResult& w : r.workloads)
    if (w.name == name) return w;
  throw std::out_of_range("no workload " + name);
}

/// The latency of a workload that made exactly one request, in ms (histograms keep min and max exactly).
double only_latency_ms(const Results& r, const std::string& name) {
  const WorkloadResult& w = workload(r, name);
  REQUIRE(w.succeeded == 1);
  return static_cast<double>(w.latency.max_ns()) / 1e6;
}

}  // namespace

TEST_CASE("SPEC 7.1: one 120 ms step under cpu_limit 0.5 core per 100 ms ends at 220 ms", "[station][cpu]") {
  Scenario s = scenario("cpu-limit-1", sec(1));
  Node api = service("api", Distribution::constant(ms(120)));
  api.cpu_limit = CpuLimit{0.5, ms(100)};
  s.nodes.push_back(api);
  s.workloads.push_back(arrivals_at("req", "api", {0}));
  const Results r = simulate(s);
  CHECK(only_latency_ms(r, "req") == 220.0);
  CHECK(r.run.end_s == 0.22);
  // Throttled over 50-100 ms and 150-200 ms of the 1 s window.
  CHECK(node_metric(find_node(r, "api"), r.measured_s, "throttled_fraction").value() == Approx(0.1).epsilon(1e-12));
}

TEST_CASE("SPEC 7.1: eight 25 ms steps on 8 cores under cpu_limit 1 core per 100 ms all end at 112.5 ms",
          "[station][cpu]") {
  Scenario s = scenario("cpu-limit-8", sec(1));
  Node api = service("api", Distribution::constant(ms(25)), 1, 8);
  api.cores = 8;
  api.cpu_limit = CpuLimit{1, ms(100)};
  s.nodes.push_back(api);
  s.workloads.push_back(arrivals_at("req", "api", {0, 0, 0, 0, 0, 0, 0, 0}));
  const Results r = simulate(s);
  const WorkloadResult& w = workload(r, "req");
  REQUIRE(w.succeeded == 8);
  CHECK(static_cast<double>(w.latency.min_ns()) / 1e6 == 112.5);
  CHECK(static_cast<double>(w.latency.max_ns()) / 1e6 == 112.5);
  const NodeResult& n = find_node(r, "api");
  // 200 core-ms of work on 8 cores over 1 s.
  CHECK(node_metric(n, r.measured_s, "cpu_utilization").value() == Approx(0.025).epsilon(1e-12));
  // Throttled with work waiting from 12.5 ms to 100 ms; the quota runs out
  // again at 112.5 ms just as the work ends, with nothing left to wait.
  CHECK(node_metric(n, r.measured_s, "throttled_fraction").value() == Approx(0.0875).epsilon(1e-12));
}

TEST_CASE("a lone worker on half a core takes twice its work time", "[station][cpu]") {
  Scenario s = scenario("half-core", sec(1));
  Node api = service("api", Distribution::constant(ms(10)));
  api.cores = 0.5;
  s.nodes.push_back(api);
  s.workloads.push_back(arrivals_at("req", "api", {0}));
  const Results r = simulate(s);
  CHECK(only_latency_ms(r, "req") == 20.0);
  // 10 ms of CPU over 1 s of half a core.
  CHECK(node_metric(find_node(r, "api"), r.measured_s, "cpu_utilization").value() == Approx(0.02).epsilon(1e-12));
}

TEST_CASE("processor sharing: two jobs on one core share it until the shorter ends", "[station][cpu]") {
  Scenario s = scenario("ps-two", sec(1));
  Node api = steps_node("api", "short", {work(Distribution::constant(ms(10)))});
  api.endpoints.push_back(Endpoint{"long", {work(Distribution::constant(ms(30)))}, {}, {}});
  api.cores = 1;  // concurrency unlimited: M/G/1-PS
  s.nodes.push_back(api);
  s.workloads.push_back(arrivals_at("a", "api.short", {0}));
  s.workloads.push_back(arrivals_at("b", "api.long", {0}));
  const Results r = simulate(s);
  CHECK(only_latency_ms(r, "a") == 20.0);  // half a core each for 20 ms
  CHECK(only_latency_ms(r, "b") == 40.0);  // then the whole core for its last 20 ms
}

TEST_CASE("a worker waiting on a call uses no CPU", "[station][cpu]") {
  // Two requests at 0 on one core with two blocking workers: the first
  // worker's 10 ms work, then a 50 ms call; the second's work does not share
  // the core with the first while it waits on its call.
  Scenario s = scenario("blocked-no-cpu", sec(1));
  s.nodes.push_back(service("db", Distribution::constant(ms(50)), 1, std::nullopt));
  Node api = steps_node("api", "get", {work(Distribution::constant(ms(10))), call("db")}, 2);
  api.cores = 1;
  api.endpoints.push_back(Endpoint{"calc", {work(Distribution::constant(ms(10)))}, {}, {}});
  s.nodes.push_back(api);
  s.workloads.push_back(arrivals_at("a", "api.get", {0}));
  s.workloads.push_back(arrivals_at("b", "api.calc", {15}));
  const Results r = simulate(s);
  CHECK(only_latency_ms(r, "a") == 60.0);  // its work alone 0-10 ms, then the 50 ms call
  CHECK(only_latency_ms(r, "b") == 10.0);  // the core is b's alone while a waits on db (shared, it would take 20 ms)
}

TEST_CASE("cores at or above concurrency give the same figures as no cores", "[station][cpu]") {
  Scenario s = scenario("cores-enough", sec(60), sec(5));
  s.nodes.push_back(service("api", Distribution::exponential(ms(2)), 2, 4));
  s.workloads.push_back(open_workload("req", "api", 1500));
  const Results plain = simulate(s);
  s.nodes[0].cores = 4;
  const Results with_cores = simulate(s);
  CHECK(with_cores.workloads[0].latency.count() == plain.workloads[0].latency.count());
  CHECK(workload_metric(with_cores.workloads[0], with_cores.measured_s, "p99") ==
        workload_metric(plain.workloads[0], plain.measured_s, "p99"));
  const NodeResult& a = find_node(plain, "api");
  const NodeResult& b = find_node(with_cores, "api");
  CHECK(a.busy_integral_s == b.busy_integral_s);
  CHECK(a.queue_integral_s == b.queue_integral_s);
  // Every busy worker works (no calls), so CPU busy = workers busy: 4 cores per 4 workers.
  CHECK(node_metric(b, with_cores.measured_s, "cpu_utilization").value() ==
        Approx(node_metric(a, plain.measured_s, "utilization").value()).epsilon(1e-9));
  CHECK_FALSE(node_metric(a, plain.measured_s, "cpu_utilization").has_value());
}

TEST_CASE("a slowdown fault scales the CPU demand on shared cores", "[station][cpu]") {
  Scenario s = scenario("ps-slow", sec(1));
  Node api = service("api", Distribution::constant(ms(10)), 1, std::nullopt);
  api.cores = 1;
  s.nodes.push_back(api);
  Fault slow = fault("slow", FaultType::slowdown, "api", ms(0));
  slow.factor = 3;
  s.faults.push_back(slow);
  s.workloads.push_back(arrivals_at("req", "api", {1}));
  CHECK(only_latency_ms(simulate(s), "req") == 30.0);
}

namespace {
/// One worker, 10 ms constant work; one single-request workload per arrival time.
Scenario one_server(Discipline discipline, const std::vector<std::pair<double, Criticality>>& arrivals,
                    double work_ms = 10) {
  Scenario s = scenario("discipline", sec(1));
  Node server = service("server", Distribution::constant(ms(work_ms)));
  server.discipline = discipline;
  s.nodes.push_back(server);
  for (std::size_t i = 0; i < arrivals.size(); ++i)
    s.workloads.push_back(arrivals_at("w" + std::to_string(i), "server", {arrivals[i].first}, arrivals[i].second));
  return s;
}
constexpr Criticality kHigh = Criticality::critical;
constexpr Criticality kLow = Criticality::sheddable;
}  // namespace

TEST_CASE("fifo serves the oldest waiter, lifo the newest", "[station][discipline]") {
  const std::vector<std::pair<double, Criticality>> at = {{0, kHigh}, {1, kHigh}, {2, kHigh}, {3, kHigh}};
  const Results fifo = simulate(one_server(Discipline::fifo, at));
  CHECK(only_latency_ms(fifo, "w1") == 19.0);
  CHECK(only_latency_ms(fifo, "w2") == 28.0);
  CHECK(only_latency_ms(fifo, "w3") == 37.0);
  const Results lifo = simulate(one_server(Discipline::lifo, at));
  CHECK(only_latency_ms(lifo, "w0") == 10.0);
  CHECK(only_latency_ms(lifo, "w3") == 17.0);  // served second, 10-20 ms
  CHECK(only_latency_ms(lifo, "w2") == 28.0);  // 20-30 ms
  CHECK(only_latency_ms(lifo, "w1") == 39.0);  // last, 30-40 ms
}

TEST_CASE("priority serves the highest level first and keeps a started call on its worker", "[station][discipline]") {
  // w0 (low) holds the worker 0-10 ms; w1 (low) waits from 1 ms, w2 (high) from 2 ms.
  const Results r = simulate(one_server(Discipline::priority, {{0, kLow}, {1, kLow}, {2, kHigh}}));
  CHECK(only_latency_ms(r, "w0") == 10.0);  // not preempted
  CHECK(only_latency_ms(r, "w2") == 18.0);  // served 10-20 ms, before the older w1
  CHECK(only_latency_ms(r, "w1") == 29.0);  // 20-30 ms
}

TEST_CASE("priority_preemptive: a higher level takes the worker and the lower one resumes its rest",
          "[station][discipline]") {
  // w0 (low, 20 ms of work) from 0; w1 (high, 20 ms) at 5 ms takes the worker;
  // w0 resumes at 25 ms with 15 ms left.
  const Results r = simulate(one_server(Discipline::priority_preemptive, {{0, kLow}, {5, kHigh}}, 20));
  CHECK(only_latency_ms(r, "w1") == 20.0);
  CHECK(only_latency_ms(r, "w0") == 40.0);
  // Not for equals: a second low call waits.
  const Results same = simulate(one_server(Discipline::priority_preemptive, {{0, kLow}, {5, kLow}}, 20));
  CHECK(only_latency_ms(same, "w0") == 20.0);
  CHECK(only_latency_ms(same, "w1") == 35.0);
}

TEST_CASE("priority_preemptive: a call turned away for want of a victim takes no rate-limit token",
          "[station][discipline]") {
  // No waiting room and a bucket of 3 tokens that does not refill within the
  // run. w0 takes the worker (3 -> 2). w1, of the same level, finds no call
  // to preempt and the waiting room full: rejected, as a call is that a full
  // queue turns away without preemption, so its token goes back (2). w2
  // after w0's end takes one (1), w3 the last (0): both served. Keeping w1's
  // token left none for w3.
  Scenario s = one_server(Discipline::priority_preemptive, {{0, kLow}, {1, kLow}, {12, kLow}, {25, kLow}});
  s.nodes[0].queue = 0;
  s.nodes[0].rate_limit = RateLimit{0.001, 3};
  const Results r = simulate(s);
  CHECK(workload(r, "w1").rejected == 1);
  CHECK(only_latency_ms(r, "w2") == 10.0);
  CHECK(only_latency_ms(r, "w3") == 10.0);
  CHECK(find_node(r, "server").rejected == 1);
}

TEST_CASE("priority_preemptive on shared cores: the preempted call keeps the work it received", "[station][discipline]") {
  Scenario s = one_server(Discipline::priority_preemptive, {{0, kLow}, {5, kHigh}}, 20);
  s.nodes[0].cores = 0.5;  // every step takes twice as long: 40 ms alone
  const Results r = simulate(s);
  CHECK(only_latency_ms(r, "w1") == 40.0);   // 5-45 ms
  CHECK(only_latency_ms(r, "w0") == 80.0);   // 2.5 ms of work by 5 ms, the other 17.5 ms (35 ms) from 45 to 80 ms
}

TEST_CASE("a call step's criticality holds for it and every call beneath it", "[station][criticality]") {
  // front.get calls back.get at the workload's level; front.prefetch marks its
  // call sheddable, and back forwards to db, which sheds sheddable calls once
  // one call waits. db serves 10 ms on one worker.
  Scenario s = scenario("propagation", sec(1));
  Node db = service("db", Distribution::constant(ms(10)));
  db.shed[static_cast<std::size_t>(Criticality::sheddable)] = 1;
  s.nodes.push_back(db);
  s.nodes.push_back(steps_node("back", "get", {call("db")}));
  CallSpec prefetch = call_to("back.get");
  prefetch.criticality = Criticality::sheddable;
  Node front = steps_node("front", "get", {call("back.get")});
  front.endpoints.push_back(Endpoint{"prefetch", {call(prefetch)}, {}, {}});
  s.nodes.push_back(front);
  // At 0 a critical call takes db's worker, at 1 another waits; at 2 a
  // prefetch finds one waiting: shed. At 3 a critical one still queues.
  s.workloads.push_back(arrivals_at("get", "front.get", {0, 1, 3}));
  s.workloads.push_back(arrivals_at("prefetch", "front.prefetch", {2}));
  const Results r = simulate(s);
  CHECK(workload(r, "get").succeeded == 3);
  CHECK(workload(r, "prefetch").rejected == 1);
  CHECK(find_node(r, "db").shed == 1);
  CHECK(find_node(r, "db").rejected == 1);
}

TEST_CASE("shed rejects a level once its instance has that many calls waiting", "[station][admission]") {
  // One worker, 10 ms; sheddable shed at 2 waiting: arrivals at 0..4 ms: 0
  // works, 1 and 2 wait, 3 and 4 are shed; critical calls are never shed.
  Scenario s = one_server(Discipline::fifo, {{0, kLow}, {1, kLow}, {2, kLow}, {3, kLow}, {4, kLow}, {5, kHigh}});
  s.nodes[0].shed[static_cast<std::size_t>(Criticality::sheddable)] = 2;
  const Results r = simulate(s);
  const NodeResult& n = find_node(r, "server");
  CHECK(n.shed == 2);
  CHECK(n.rejected == 2);
  CHECK(workload(r, "w3").rejected == 1);
  CHECK(workload(r, "w4").rejected == 1);
  CHECK(only_latency_ms(r, "w5") == 35.0);  // behind w1 and w2
}

TEST_CASE("adaptive_concurrency: calls beyond the limit are rejected, and the limit moves by AIMD", "[station][admission]") {
  // One instance, unlimited workers, 10 ms work; limit 2 from the start, max 3.
  Scenario s = scenario("aimd", sec(1));
  Node api = service("api", Distribution::constant(ms(10)), 1, std::nullopt);
  api.adaptive_concurrency = aimd(2, 1, 3, 0.5, ms(100));
  s.nodes.push_back(api);
  // 0, 0: both admitted (each found < 2 held); the third at 0 is limited. At
  // 10 ms both end fast, each having found >= limit/2 held -> limit 3, 3.
  // Three at 20 ms are then all admitted; a fourth is limited.
  s.workloads.push_back(arrivals_at("req", "api", {0, 0, 0, 20, 20, 20, 20}));
  const Results r = simulate(s);
  const NodeResult& n = find_node(r, "api");
  CHECK(n.limited == 2);
  CHECK(n.rejected == 2);
  REQUIRE(n.limit_timeline.size() >= 2);
  CHECK(n.limit_timeline.front() == std::pair<double, int>{0.0, 2});
  CHECK(n.limit_timeline[1] == std::pair<double, int>{0.01, 3});
  for (const auto& [t, limit] : n.limit_timeline) CHECK((limit >= 1 && limit <= 3));
}

TEST_CASE("adaptive_concurrency grows again from a limit of 1: the call counts itself", "[station][admission]") {
  // Netflix's AIMD counts the call in its in-flight: a lone call at limit 1
  // holds 1 >= 1/2 and raises the limit. Counted without itself it found the
  // instance empty, so a limit that fell to 1 stayed there for good.
  Scenario s = scenario("aimd-from-one", sec(1));
  Node api = service("api", Distribution::constant(ms(10)), 1, std::nullopt);
  api.adaptive_concurrency = aimd(1, 1, 3, 0.5, ms(100));
  s.nodes.push_back(api);
  s.workloads.push_back(arrivals_at("req", "api", {0, 20, 20}));
  const Results r = simulate(s);
  const NodeResult& n = find_node(r, "api");
  REQUIRE(n.limit_timeline.size() >= 2);
  CHECK(n.limit_timeline[1] == std::pair<double, int>{0.01, 2});
  CHECK(n.limited == 0);  // both calls at 20 ms fit under limit 2
}

TEST_CASE("adaptive_concurrency backs off after slow answers, never below min_limit", "[station][admission]") {
  Scenario s = scenario("aimd-slow", sec(1));
  Node api = service("api", Distribution::constant(ms(50)), 1, std::nullopt);
  api.adaptive_concurrency = aimd(8, 2, 8, 0.5, ms(20));  // every answer is slow
  s.nodes.push_back(api);
  s.workloads.push_back(arrivals_at("req", "api", {0, 0, 0, 0, 0, 0}));
  const Results r = simulate(s);
  const NodeResult& n = find_node(r, "api");
  // Six admitted (limit 8); at 50 ms each end halves it: 4, 2, then held at min_limit 2.
  CHECK(n.limited == 0);
  REQUIRE(n.limit_timeline.size() == 3);
  CHECK(n.limit_timeline[1].second == 4);
  CHECK(n.limit_timeline[2].second == 2);
}

TEST_CASE("throttle: a callee that rejects everything is mostly not called at all", "[station][throttle]") {
  // The callee's rate limit lets nothing through after its one token; the
  // caller's throttle then rejects locally with probability R / (R + 1).
  Scenario s = scenario("throttle", sec(20), sec(2));
  Node db = service("db", Distribution::constant(ms(1)), 1, std::nullopt);
  db.rate_limit = RateLimit{1e-9, 1};
  s.nodes.push_back(db);
  CallSpec c = call_to("db");
  c.throttle = ThrottlePolicy{2, sec(10)};
  s.nodes.push_back(steps_node("api", "get", {call(c)}));
  s.workloads.push_back(open_workload("req", "api.get", 1000));
  const Results r = simulate(s);
  const NodeResult& api = find_node(r, "api");
  const NodeResult& dbr = find_node(r, "db");
  const WorkloadResult& w = r.workloads[0];
  CHECK(w.rejected == w.requests);                       // every request ends rejected
  CHECK(api.throttled + dbr.requests == w.requests);     // rejected locally, or sent and refused
  // Over a 10 s window of ~10,000 requests, one in ~10,000 is sent.
  CHECK(dbr.requests < w.requests / 100);
  CHECK(api.throttled > 0);
}

TEST_CASE("an overloaded processor-sharing node is named when the in-flight limit stops the run", "[station][cpu]") {
  // Unlimited threads on one core never queue: the calls pile up sharing it.
  Scenario s = scenario("ps-overload", sec(60));
  Node server = service("server", Distribution::exponential(ms(1)), 1, std::nullopt);
  server.cores = 1;
  s.nodes.push_back(server);
  s.workloads.push_back(open_workload("req", "server", 1500));
  RunOptions options;
  options.max_in_flight = 2000;
  const Results r = simulate(s, options);
  REQUIRE(r.run.stopped);
  INFO(r.run.stop_reason);
  CHECK(r.run.stop_reason.find("node 'server' is saturated (2001 calls sharing its 1 x 1 cores)") != std::string::npos);
}

TEST_CASE("weighted_round_robin: over a cycle each instance gets exactly its weight's share", "[balancing]") {
  // Instance 1 fails every call (an errors fault on it alone): with weights
  // [3, 1] exactly one call in four fails, whatever the arrival process.
  Scenario s = scenario("wrr", ms(10001));  // constant arrivals every 2.5 ms: exactly 4000 before the end
  Node api = service("api", Distribution::constant(ms(1)), 2, std::nullopt);
  api.balancing = Balancing::weighted_round_robin;
  api.weights = {3, 1};
  s.nodes.push_back(api);
  Fault broken = on_instances(fault("broken", FaultType::errors, "api", ms(0)), 1, 1);
  broken.percentage = 1.0;
  s.faults.push_back(broken);
  s.workloads.push_back(open_workload("req", "api", 400, ArrivalProcess::constant));  // 4000 calls: 1000 cycles
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests % 4 == 0);
  CHECK(w.failed * 4 == w.requests);
  // Smooth: the failing instance never gets two calls in a row (its picks are spread over the cycle).
  s.nodes[0].weights = {1, 1};
  const Results even = simulate(s);
  CHECK(even.workloads[0].failed * 2 == even.workloads[0].requests);
}

TEST_CASE("an instance at speed 0.5 takes twice the work time", "[balancing]") {
  // Round robin over [1, 0.5]: calls alternate between 10 ms and 20 ms.
  Scenario s = scenario("speed", sec(1));
  Node api = service("api", Distribution::constant(ms(10)), 2, std::nullopt);
  api.speed = {1, 0.5};
  s.nodes.push_back(api);
  s.workloads.push_back(arrivals_at("req", "api", {0, 100, 200, 300}));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.succeeded == 4);
  CHECK(w.latency.min_ns() == ms(10).ns);
  CHECK(w.latency.max_ns() == ms(20).ns);
  CHECK(w.latency.mean_ns() == Approx(15e6));
}

TEST_CASE("a tiny speed makes long work, never negative work", "[balancing][regression]") {
  // 10 ms at speed 1e-13 is 1e11 s: past what integer nanoseconds hold, it
  // once wrapped to a negative time (p50 0, busy below zero). It saturates at
  // Duration::max() (about 73 years) instead.
  Scenario s = scenario("tiny-speed", sec(1));
  Node api = service("api", Distribution::constant(ms(10)), 2, std::nullopt);
  api.speed = {1e-13, 1};
  s.nodes.push_back(api);
  s.workloads.push_back(arrivals_at("req", "api", {0, 100}));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.succeeded == 2);
  CHECK(w.latency.min_ns() == ms(10).ns);
  CHECK(w.latency.max_ns() == Duration::max().ns);
  const NodeResult& n = find_node(r, "api");
  CHECK(n.busy_integral_s >= 0.0);  // busy workers' time: it went below zero
}

TEST_CASE("work queued behind years of work ends at the end of time, never past it", "[balancing][regression]") {
  // Each step is capped at Duration::max(), but six of them queued on one
  // worker added up past INT64_MAX: the clock wrapped (end_s negative) or the
  // run crashed. Every event is due at Duration::max() at the latest.
  Scenario s = scenario("queued-years", sec(1));
  Node api = service("api", Distribution::constant(ms(10)), 1, 1);
  api.speed = {1e-13};
  s.nodes.push_back(api);
  s.workloads.push_back(arrivals_at("req", "api", {0, 100, 200, 300, 400, 500}));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  CHECK(w.succeeded == 6);
  CHECK(w.latency.min_ns() > 0);
  CHECK(w.latency.max_ns() <= Duration::max().ns);
  CHECK(r.run.end_s == Approx(Duration::max().seconds()));
}

TEST_CASE("shared cores: tasks whose work ends together all leave their step before any goes on",
          "[station][cpu][regression]") {
  // x has two threads on one core and preempts by criticality. hi (x.a) and
  // lo (x.d) start together with the same work and end in the same CPU
  // event; hi then calls y, which calls back into x.c at once (zero
  // latency). Both threads are held then, and that arrival must not take
  // lo's: lo's work has just ended (it once did: lo's CPU job was stopped
  // twice and the core's count of working threads went wrong). x.c waits for
  // lo's thread, which lo gives back at once (its endpoint is done).
  Scenario s = scenario("same-event", sec(1));
  Node x = steps_node("x", "a", {work(Distribution::constant(ms(10))), call("y")}, 2);
  x.endpoints.push_back(Endpoint{"c", {work(Distribution::constant(ms(1)))}, {}, {}});
  x.endpoints.push_back(Endpoint{"d", {work(Distribution::constant(ms(10)))}, {}, {}});
  x.cores = 1;
  x.discipline = Discipline::priority_preemptive;
  s.nodes.push_back(x);
  s.nodes.push_back(steps_node("y", "b", {call("x.c")}));
  s.workloads.push_back(arrivals_at("hi", "x.a", {0}, Criticality::critical));
  s.workloads.push_back(arrivals_at("lo", "x.d", {0}, Criticality::sheddable));
  const Results r = simulate(s);
  CHECK(only_latency_ms(r, "lo") == 20.0);  // half the core for 20 ms
  CHECK(only_latency_ms(r, "hi") == 21.0);  // then x.c alone for 1 ms on lo's thread
  CHECK(find_node(r, "x").admitted == 3);
  CHECK(find_node(r, "x").succeeded == 3);
}
