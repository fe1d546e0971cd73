// Running a Scenario: build the runtime model, run the event loop, return Results.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "svcsim/mser.hpp"
#include "svcsim/results.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim {

class RunObserver;  // src/trace/run_observer.hpp

struct RunOptions {
  /// Stop (RunInfo::stopped) once more than this many workload requests, or
  /// calls (live tries, those whose caller stopped waiting included), are in flight.
  std::uint64_t max_in_flight = 1'000'000;
  /// Stop (RunInfo::stopped, "memory_limit") once the process's resident
  /// memory passes this many bytes, checked every 2^16 events and when the
  /// run starts; 0: no limit. The CLI derives a default from the machine
  /// (src/cli/memory_limit.cpp). A failed allocation during the run stops it
  /// the same way.
  std::uint64_t max_memory_bytes = 0;
  /// How many runs share the process's memory at once (replications or sweep
  /// points on threads; simulate_replications and the sweep set it). A stop
  /// for memory weighs what this run holds against its share of the process,
  /// so that its message names what grew in each of them.
  int runs_sharing_memory = 1;
  /// Called now and then with the fraction of simulated time done, in [0, 1].
  std::function<void(double fraction, std::uint64_t events)> progress;
  /// The time series' window (Results::series); 0: no series.
  Duration series_window;
  /// When set and true, the run stops as soon as it can (an interrupt).
  const std::atomic<bool>* interrupt = nullptr;
  /// When set, every succeeded workload request's latency (ms) goes into it,
  /// in completion order, from time 0 (the pilot run of `warmup: auto`).
  BatchMeans* transient = nullptr;
  /// Draw a waiter's work time when it is handed a worker, not when it runs
  /// (a speed-up; docs/architecture.md, "Workers and queues"). It must never
  /// change a result: false exists so that tests/unit/test_draw_ahead.cpp can
  /// check exactly that.
  bool draw_ahead = true;
  /// Send a call that nothing can befall on the way straight into its
  /// callee's task, and a request's entry call of that kind with no Try
  /// record (a speed-up; see src/sim/engine_direct_calls.cpp). Like
  /// draw_ahead it must never change a result: false exists for
  /// tests/unit/test_direct_calls.cpp.
  bool direct_calls = true;
  /// When set, told what happens to every request (trace export, SPEC 8.1);
  /// it only watches: no result changes. One run at a time.
  RunObserver* observer = nullptr;
};

/// Runs one replication with the scenario's own seed. Never throws on
/// simulated failures; the scenario must be valid (as the loader ensures).
Results simulate(const Scenario& scenario, const RunOptions& options = {});

}  // namespace svcsim
