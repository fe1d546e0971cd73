// From many runs of one endpoint to one list of steps: the runs' call groups
// are aligned into one sequence (a shortest common supersequence, built from
// the most frequent patterns first), a group seen in only some runs gets its
// share as a probability, a call made several times in a row becomes a
// `repeat` (the most frequent count), and each run's own time is split over
// the places between the slots, where the run showed it.
#pragma once

#include <cstdint>
#include <vector>

#include "import/observations.hpp"

namespace svcsim::trace_import {

struct Slot {
  std::vector<EndpointId> targets;  // one: a call; several: calls that overlap (parallel)
  std::uint64_t runs = 0;           // runs that made it
  int repeat = 1;                   // calls in a row, the count seen most often
  int repeat_min = 1, repeat_max = 1;
  std::uint64_t runs_with_repeat = 0;  // runs that made it exactly `repeat` times
};

struct StepTemplate {
  std::vector<Slot> slots;
  /// Own time at slot k (before slots[k]), and at slots.size() (after the last): one sample per run,
  /// or per stride-th run when there are more than kMaxOwnTimeSamples runs. Where enough runs made
  /// both slots around a place (kMinSeparateSamples), only those runs' samples: a run that skipped a
  /// slot shows the own time on both sides of it as one, which cannot be split.
  std::vector<std::vector<std::int64_t>> own_time;
  /// Per place: the runs its samples come from (all runs, or those that made both slots around it).
  std::vector<std::uint64_t> own_time_runs;
  std::uint64_t runs = 0;
  std::uint64_t dropped_groups = 0;  // groups of rare patterns that fit no slot (left out)
  /// More than kMaxSlots slots: one slot per callee instead (its mean count as
  /// repeat, in order of first appearance) and all own time in one place.
  bool aggregated = false;
};

/// Beyond this many slots an endpoint's steps are aggregated per callee (a
/// batch job's thousands of calls would otherwise exceed what the loader reads).
inline constexpr std::size_t kMaxSlots = 500;

/// The most own-time samples kept per place: beyond it every k-th run is kept
/// (runs in trace order), enough for p99.99 and bounded in memory.
inline constexpr std::size_t kMaxOwnTimeSamples = 200'000;

/// A place's own time comes from the runs that made both slots around it when
/// at least this many did (else from every run, a skipped slot's time moved on).
inline constexpr std::size_t kMinSeparateSamples = 10;

/// How many distinct call patterns shape the sequence (the rest are fitted into it).
inline constexpr std::size_t kMaxPatterns = 200;

/// `runs` made calls; `leaf_durations` are the runs that made none.
StepTemplate build_step_template(const std::vector<Execution>& runs, const std::vector<std::int64_t>& leaf_durations);

}  // namespace svcsim::trace_import
