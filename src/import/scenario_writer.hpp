// The scenario as YAML text, from what the traces showed: the ordinary loader
// reads it, so every rule of the loader applies to it. Every value carries a
// comment saying how many spans it comes from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "import/names.hpp"
#include "import/observations.hpp"

namespace svcsim::trace_import {

struct WriterOptions {
  std::string name;                  // the scenario's name
  std::string description;
  double sampled = 1.0;              // the share of requests the traces kept
};

struct WrittenScenario {
  std::string yaml;
  std::uint64_t cycles_cut = 0;      // calls taken out because they closed a call cycle
  std::uint64_t groups_dropped = 0;  // call groups of rare patterns that fit no step
  std::uint64_t aggregated = 0;      // endpoints whose calls were aggregated per callee (StepTemplate::aggregated)
};

WrittenScenario write_scenario(const Observations& obs, const ScenarioNames& names, const WriterOptions& options);

}  // namespace svcsim::trace_import
