// simulate_replications(): a small pool of threads, each taking the next
// replication index, running it with its derived seed into its own slot.
#include "svcsim/replicate.hpp"

#include "replicate/progress_sum.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <span>
#include <thread>
#include <vector>

namespace svcsim {
namespace {

using detail::ProgressSum;

// Runs the replications `which` (indices, each with its derived seed) into
// slots 0..which.size()-1, on up to `jobs` threads; progress slot
// `first_slot + k`. With `transients`, slot k's batch means go into (*transients)[k].
std::vector<Results> run_set(const Scenario& scenario, const RunOptions& options, int jobs, ProgressSum& progress,
                             std::size_t first_slot, std::vector<BatchMeans>* transients,
                             std::span<const std::size_t> which) {
  const std::size_t count = which.size();
  std::vector<Results> runs(count);
  const std::size_t threads = std::min<std::size_t>(count, static_cast<std::size_t>(std::max(1, jobs)));
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t k = next++; k < count; k = next++) {
      Scenario one = scenario;
      one.seed = replication_seed(scenario.seed, static_cast<int>(which[k]));
      one.replications = 1;
      RunOptions run_options = options;
      run_options.runs_sharing_memory = options.runs_sharing_memory * static_cast<int>(std::max<std::size_t>(1, threads));
      run_options.progress = progress.for_run(first_slot + k);
      if (transients != nullptr) run_options.transient = &(*transients)[k];
      // The observer watches replication 0 only (the scenario's own seed), never a pilot run.
      if (which[k] != 0 || transients != nullptr) run_options.observer = nullptr;
      Results r = simulate(one, run_options);
      progress.finished(first_slot + k, r.run.events);
      runs[k] = std::move(r);
    }
  };
  std::vector<std::thread> pool;
  if (threads > 0) pool.reserve(threads - 1);
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return runs;
}

// `warmup: auto`: MSER-5 over the pilot runs' batch means averaged across
// replications batch by batch (with one replication, its own series). The
// warmup ends when the last truncated batch closed (its mean closing time),
// which must come before `duration`, so candidates stop there.
AutoWarmup choose_warmup(std::vector<BatchMeans>& series, Duration duration, Duration& warmup) {
  std::size_t size = BatchMeans::kBatchSize;
  for (const BatchMeans& s : series) size = std::max(size, s.batch_size());
  std::size_t n = SIZE_MAX;
  for (BatchMeans& s : series) {
    s.coarsen_to(size);
    n = std::min(n, s.means().size());
  }
  std::vector<double> means(n, 0.0);
  std::vector<std::int64_t> ends(n, 0);
  // Sums in replication order: the same figures whatever the threads did.
  for (const BatchMeans& s : series) {
    for (std::size_t i = 0; i < n; ++i) {
      means[i] += s.means()[i];
      ends[i] += s.end_times()[i];
    }
  }
  const auto runs = static_cast<std::int64_t>(series.size());
  for (std::size_t i = 0; i < n; ++i) {
    means[i] /= static_cast<double>(runs);
    ends[i] /= runs;
  }
  std::size_t limit = 0;
  while (limit < n / 2 && ends[limit] < duration.ns) ++limit;
  const std::size_t d = mser_truncation(means, limit);
  warmup = Duration{d == 0 ? 0 : ends[d - 1]};
  return AutoWarmup{size, n, d};
}

}  // namespace

ReplicatedResults simulate_replications(const Scenario& scenario, const RunOptions& options, int jobs) {
  std::vector<std::size_t> all(static_cast<std::size_t>(std::max(1, scenario.replications)));
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
  return simulate_replications(scenario, options, jobs, all);
}

ReplicatedResults simulate_replications(const Scenario& scenario, const RunOptions& options, int jobs,
                                        std::span<const std::size_t> which) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t count = static_cast<std::size_t>(std::max(1, scenario.replications));
  ReplicatedResults out;
  if (!scenario.warmup_auto) {
    ProgressSum progress(options.progress, which.size());
    out.runs = run_set(scenario, options, jobs, progress, 0, nullptr, which);
  } else if (!which.empty()) {
    // A pilot of every replication from time 0 (all of them, even for a few
    // measured ones: the warmup is chosen over all), then the same seeds again
    // with the warmup it chose: the second runs draw exactly the same numbers,
    // so they measure exactly the requests after the truncation point.
    std::vector<std::size_t> all(count);
    for (std::size_t k = 0; k < count; ++k) all[k] = k;
    ProgressSum progress(options.progress, count + which.size());
    Scenario pilot = scenario;
    pilot.warmup = Duration{0};
    std::vector<BatchMeans> series(count);
    std::vector<Results> pilots = run_set(pilot, options, jobs, progress, 0, &series, all);
    const auto first_stopped =
        std::find_if(pilots.begin(), pilots.end(), [](const Results& r) { return r.run.stopped; });
    if (first_stopped != pilots.end()) {
      // The measured runs would stop the same way. Without every pilot's
      // series no warmup can be chosen, so a selected replication whose own
      // pilot ran to the end stops too, with the first pilot that did not
      // (its figures are its pilot's, from time 0: not the measured run's).
      const auto first = static_cast<std::size_t>(first_stopped - pilots.begin());
      const std::string stopped_by = pilots[first].run.stopped_by;
      const std::string why = "warmup: auto could not choose a warmup: the pilot of replication " +
                              std::to_string(first) + " stopped (" + pilots[first].run.stop_reason + ")";
      for (const std::size_t k : which) {
        Results r = std::move(pilots[k]);
        if (!r.run.stopped) {
          r.run.stopped = true;
          r.run.stopped_by = stopped_by;
          r.run.stop_reason = why;
        }
        out.runs.push_back(std::move(r));
      }
    } else {
      Scenario measured = scenario;
      const AutoWarmup chosen = choose_warmup(series, scenario.duration, measured.warmup);
      out.runs = run_set(measured, options, jobs, progress, count, nullptr, which);
      for (Results& r : out.runs) r.auto_warmup = chosen;
    }
  }
  out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace svcsim
