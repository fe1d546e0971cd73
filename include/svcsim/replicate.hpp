// Running a scenario's replications: independent runs with derived seeds on a
// few threads, returned in replication order whatever the threads did.
#pragma once

#include <cstddef>
#include <span>

#include "svcsim/replicated_results.hpp"
#include "svcsim/simulation.hpp"

namespace svcsim {

/// Runs `scenario.replications` (at least 1) independent replications,
/// replication k with seed replication_seed(scenario.seed, k), on up to `jobs`
/// threads. Simulations share nothing, and each run lands in its own slot, so
/// the results are identical for any `jobs`. `options.progress` gets the
/// fraction done over all replications and is never called concurrently;
/// `options.interrupt` stops every run; `options.observer` watches replication 0
/// only (under `warmup: auto`, its measured run, not its pilot). A replication that stops (in-flight
/// limit, interrupt) does not stop the others: check each run's `run.stopped`.
/// `slo` is left empty for the caller to evaluate.
ReplicatedResults simulate_replications(const Scenario& scenario, const RunOptions& options, int jobs);

/// The same for the replications `which` only (ascending indices below
/// `scenario.replications`; a shard of them): `runs[k]` is replication
/// which[k], exactly as in the full set. Under `warmup: auto` every
/// replication's pilot still runs, since the warmup is chosen over all of them.
ReplicatedResults simulate_replications(const Scenario& scenario, const RunOptions& options, int jobs,
                                        std::span<const std::size_t> which);

}  // namespace svcsim
