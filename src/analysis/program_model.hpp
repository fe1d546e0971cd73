// The build stage's flat programs read back as step trees the analytic model
// can evaluate: work, calls, parallel blocks, cache misses and weighted choose
// branches, with the probability that an event-loop worker is re-acquired.
#pragma once

#include <cstdint>
#include <vector>

#include "program/program.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

struct ModelBranch;

struct ModelStep {
  enum class Kind { work, call, parallel, cache_miss, choose };
  Kind kind = Kind::work;
  std::uint32_t index = 0;     // work: distribution; call and cache_miss: site
  std::vector<std::uint32_t> sites;  // parallel: its call sites
  std::uint32_t wait_for = 0;  // parallel: answers needed
  double miss = 0;             // cache_miss: probability that the origin is called
  /// work: probability that the worker is not held when the step starts (an
  /// async node then queues for one again); 1 for the first step.
  double acquire = 0;
  std::vector<ModelBranch> branches;  // choose
};

struct ModelBranch {
  double probability = 0;
  std::vector<ModelStep> steps;
};

struct ProgramModel {
  std::uint32_t node = 0;
  std::vector<ModelStep> steps;
};

/// Expected number of times `site` is called per run of a program.
struct SiteCount {
  std::uint32_t site = 0;
  double count = 0;
};

/// Everything the analysis needs about the programs, computed once.
struct ModelSet {
  ProgramSet programs;
  std::vector<ProgramModel> models;             // by program id
  std::vector<std::vector<SiteCount>> calls;    // by program id: expected calls per run, by site
  std::vector<double> work_s;                   // by program id: mean work per run
  std::vector<double> acquisitions;             // by program id: expected worker acquisitions per run (async)
  std::vector<double> link_mean_s;              // by link id: mean one-way latency
  std::vector<std::uint32_t> callees_first;     // program ids, every callee before its callers
  std::vector<std::vector<std::uint32_t>> node_programs;  // by node: its program ids, ascending
  bool has_parallel = false;
  bool has_choose = false;
};

/// Builds the programs (detail::build_programs) and reads them back.
ModelSet build_model(const Scenario& scenario);

}  // namespace svcsim::detail
