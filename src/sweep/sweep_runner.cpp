// run_sweep_points (see svcsim/sweep.hpp): a small pool of threads, each
// taking the next point and simulating its replications into the point's own
// slot. Points share nothing, so the results do not depend on the threads.
#include <algorithm>
#include <mutex>
#include <thread>

#include "replicate/progress_sum.hpp"
#include "svcsim/replicate.hpp"
#include "svcsim/sweep.hpp"

namespace svcsim {
namespace {

// Point i's progress goes to the batch's sum (each point weighs the same).
// `threads`: the points simulated at once, which share the process's memory.
SweepPoint simulate_point(const Scenario& scenario, const SweepRunOptions& options, std::size_t index,
                          detail::ProgressSum& progress, std::size_t threads) {
  RunOptions run;
  run.max_in_flight = options.max_in_flight;
  run.max_memory_bytes = options.max_memory_bytes;
  run.runs_sharing_memory = static_cast<int>(threads);
  run.interrupt = options.interrupt;
  run.progress = progress.for_run(index);
  if (options.only == nullptr) return finish_sweep_point(scenario, {}, simulate_replications(scenario, run, 1));
  SweepPoint p;
  p.results = simulate_replications(scenario, run, 1, (*options.only)[index]);
  return p;
}

}  // namespace

SweepPoint finish_sweep_point(const Scenario& scenario, std::vector<Override> parameters, ReplicatedResults results) {
  SweepPoint p;
  p.parameters = std::move(parameters);
  p.results = std::move(results);
  p.results.slo = evaluate_objectives(scenario, p.results.runs);
  p.stopped = std::any_of(p.results.runs.begin(), p.results.runs.end(),
                          [](const Results& r) { return r.run.stopped; });
  p.pass = !p.stopped && std::all_of(p.results.slo.begin(), p.results.slo.end(),
                                     [](const ObjectiveResult& o) { return o.evaluable && o.pass; });
  return p;
}

std::vector<SweepPoint> run_sweep_points(const std::vector<Scenario>& scenarios,
                                         const std::vector<std::vector<Override>>& parameters,
                                         const SweepRunOptions& options,
                                         const std::function<void(std::size_t)>& done) {
  std::vector<SweepPoint> points(scenarios.size());
  std::size_t next = 0;
  std::size_t finished = 0;
  std::mutex mutex;
  detail::ProgressSum progress(options.progress, scenarios.size());
  const std::size_t threads =
      std::max<std::size_t>(1, std::min<std::size_t>(scenarios.size(), static_cast<std::size_t>(std::max(1, options.jobs))));
  auto worker = [&] {
    for (;;) {
      std::size_t i = 0;
      {
        const std::lock_guard lock(mutex);
        if (next == scenarios.size()) return;
        i = next++;
      }
      SweepPoint p = simulate_point(scenarios[i], options, i, progress, threads);
      p.parameters = parameters[i];
      std::uint64_t events = 0;
      for (const Results& r : p.results.runs) events += r.run.events;
      progress.finished(i, events);
      const std::lock_guard lock(mutex);
      points[i] = std::move(p);
      ++finished;
      if (done) done(finished);
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return points;
}

}  // namespace svcsim
