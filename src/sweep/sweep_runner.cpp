// run_sweep_points (see svcsim/sweep.hpp): a small pool of threads, each
// taking the next point and simulating its replications into the point's own
// slot. Points share nothing, so the results do not depend on the threads.
#include <algorithm>
#include <mutex>
#include <thread>

#include "svcsim/replicate.hpp"
#include "svcsim/sweep.hpp"

namespace svcsim {
namespace {

// The progress of a batch: each point's share done and events, summed under
// a lock of its own, so the caller's callback is never entered by two threads.
class BatchProgress {
 public:
  BatchProgress(const SweepRunOptions& options, std::size_t points)
      : callback_(options.progress), fractions_(points, 0.0), events_(points, 0) {}

  /// Point i's progress callback (empty when nobody listens).
  std::function<void(double, std::uint64_t)> for_point(std::size_t i) {
    if (!callback_) return {};
    return [this, i](double fraction, std::uint64_t events) { update(i, fraction, events); };
  }
  void finished(std::size_t i, const SweepPoint& p) {
    std::uint64_t events = 0;
    for (const Results& r : p.results.runs) events += r.run.events;
    if (callback_) update(i, 1.0, events);
  }

 private:
  void update(std::size_t i, double fraction, std::uint64_t events) {
    const std::lock_guard lock(mutex_);
    fractions_[i] = fraction;
    events_[i] = events;
    double done = 0;
    std::uint64_t all = 0;
    for (std::size_t k = 0; k < fractions_.size(); ++k) {
      done += fractions_[k];
      all += events_[k];
    }
    callback_(done / static_cast<double>(fractions_.size()), all);
  }

  std::function<void(double, std::uint64_t)> callback_;
  std::mutex mutex_;
  std::vector<double> fractions_;
  std::vector<std::uint64_t> events_;
};

SweepPoint simulate_point(const Scenario& scenario, const SweepRunOptions& options, std::size_t index,
                          BatchProgress& progress) {
  RunOptions run;
  run.max_in_flight = options.max_in_flight;
  run.interrupt = options.interrupt;
  run.progress = progress.for_point(index);
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
  BatchProgress progress(options, scenarios.size());
  auto worker = [&] {
    for (;;) {
      std::size_t i = 0;
      {
        const std::lock_guard lock(mutex);
        if (next == scenarios.size()) return;
        i = next++;
      }
      SweepPoint p = simulate_point(scenarios[i], options, i, progress);
      p.parameters = parameters[i];
      progress.finished(i, p);
      const std::lock_guard lock(mutex);
      points[i] = std::move(p);
      ++finished;
      if (done) done(finished);
    }
  };
  const std::size_t threads = std::min<std::size_t>(scenarios.size(), static_cast<std::size_t>(std::max(1, options.jobs)));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return points;
}

}  // namespace svcsim
