// The approximations in force for one scenario, said in plain words for the
// analyze report: what the formulas assume that this scenario does not keep.
#pragma once

#include <string>
#include <vector>

#include "analysis/program_model.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// One sentence per approximation that applies; `schweitzer` when closed
/// workloads were solved by Schweitzer's fixed point instead of exact MVA.
std::vector<std::string> approximation_notes(const Scenario& scenario, const ModelSet& set, bool schweitzer);

}  // namespace svcsim::detail
