// The memory watch (RunOptions::max_memory_bytes, issue 14): a run whose
// process passes its memory limit, or whose allocation fails, stops like one
// that passes --max-in-flight (exit 3, results up to the stop) instead of
// being killed by the kernel, and the message names what grew: the calls in
// flight (and the saturated node), the time series, or the scenario itself.
#include <algorithm>

#include <fmt/format.h>

#include "sim/engine.hpp"
#include "sim/process_memory.hpp"

namespace svcsim::detail {

namespace {
std::string megabytes(std::uint64_t bytes) { return fmt::format("{} MB", (bytes + 500'000) / 1'000'000); }
}  // namespace

std::uint64_t Engine::over_memory_limit() const {
  if (options_.max_memory_bytes == 0) return 0;
  const std::uint64_t used = process_memory().resident;
  return used > options_.max_memory_bytes ? used : 0;
}

void Engine::stop_for_memory(std::uint64_t used) {
  stopped_ = true;
  stopped_by_ = "memory_limit";
  // Estimates of what can grow while the run goes on; the rest is the
  // scenario's runtime state (nodes, workloads, histograms), fixed once built.
  const std::uint64_t calls = live_tries() * sizeof(Try) + tasks_.live() * sizeof(Task) +
                              calls_.live() * sizeof(Call) + events_.size() * sizeof(Event);
  const std::uint64_t row = sizeof(SeriesRow) + nodes_.size() * sizeof(SeriesRow::NodeWindow) +
                            workloads_.size() * sizeof(SeriesRow::WorkloadWindow);
  const std::uint64_t series = series_.size() * row;
  const std::string head =
      used > 0 ? fmt::format("stopped at {}: memory use {} passed the limit of {} (--max-memory)", now_text(),
                             megabytes(used), megabytes(options_.max_memory_bytes))
               : fmt::format("stopped at {}: out of memory (an allocation failed)", now_text());
  // Runs at once (replications, sweep points) each hold their own calls, so
  // each weighs its own against its share of the process.
  const auto sharers = static_cast<std::uint64_t>(std::max(1, options_.runs_sharing_memory));
  const std::uint64_t reference = (used > 0 ? used : options_.max_memory_bytes) / sharers;
  const std::string each = sharers > 1 ? fmt::format(" in this run, one of {} at once", sharers) : "";
  if (calls >= series && calls * 4 >= reference) {
    stop_reason_ = head + fmt::format("; what grew: {} calls in flight{} ({} requests, {} events pending, about {})",
                                      live_tries(), each, in_flight_, events_.size(), megabytes(calls)) +
                   saturated_node();
  } else if (series * 4 >= reference) {
    stop_reason_ = head + fmt::format("; what grew: the time series{}, {} rows of {} nodes and {} workloads (about "
                                      "{}): use a longer --window",
                                      each, series_.size(), nodes_.size(), workloads_.size(), megabytes(series));
  } else {
    stop_reason_ = head + fmt::format("; what grew: the scenario's own state{}, {} nodes and {} workloads "
                                      "(calls in flight: about {}, time series: about {})",
                                      each, nodes_.size(), workloads_.size(), megabytes(calls), megabytes(series));
  }
}

}  // namespace svcsim::detail
