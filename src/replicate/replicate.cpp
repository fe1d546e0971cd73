// simulate_replications(): a small pool of threads, each taking the next
// replication index, running it with its derived seed into its own slot.
#include "svcsim/replicate.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace svcsim {
namespace {

// Sums the progress of every replication into one fraction, under a lock, so
// the caller's callback (a terminal line) is never entered by two threads.
class ProgressSum {
 public:
  ProgressSum(const RunOptions& options, std::size_t runs)
      : callback_(options.progress), fractions_(runs, 0.0), events_(runs, 0) {}

  /// The progress callback for replication k (empty when nobody listens).
  std::function<void(double, std::uint64_t)> for_run(std::size_t k) {
    if (!callback_) return {};
    return [this, k](double fraction, std::uint64_t events) { update(k, fraction, events); };
  }
  void finished(std::size_t k, std::uint64_t events) {
    if (callback_) update(k, 1.0, events);
  }

 private:
  void update(std::size_t k, double fraction, std::uint64_t events) {
    const std::lock_guard lock(mutex_);
    fractions_[k] = fraction;
    events_[k] = events;
    double done = 0;
    std::uint64_t all_events = 0;
    for (std::size_t i = 0; i < fractions_.size(); ++i) {
      done += fractions_[i];
      all_events += events_[i];
    }
    callback_(done / static_cast<double>(fractions_.size()), all_events);
  }

  std::function<void(double, std::uint64_t)> callback_;
  std::mutex mutex_;
  std::vector<double> fractions_;
  std::vector<std::uint64_t> events_;
};

}  // namespace

ReplicatedResults simulate_replications(const Scenario& scenario, const RunOptions& options, int jobs) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t count = static_cast<std::size_t>(std::max(1, scenario.replications));
  ReplicatedResults out;
  out.runs.resize(count);
  ProgressSum progress(options, count);
  std::atomic<std::size_t> next{0};

  auto worker = [&] {
    for (std::size_t k = next++; k < count; k = next++) {
      Scenario one = scenario;
      one.seed = replication_seed(scenario.seed, static_cast<int>(k));
      one.replications = 1;
      RunOptions run_options = options;
      run_options.progress = progress.for_run(k);
      Results r = simulate(one, run_options);
      progress.finished(k, r.run.events);
      out.runs[k] = std::move(r);
    }
  };
  const std::size_t threads = std::min<std::size_t>(count, static_cast<std::size_t>(std::max(1, jobs)));
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace svcsim
