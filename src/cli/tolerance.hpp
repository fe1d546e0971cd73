// `--tolerance 10%` of compare and calibrate: a percentage (may exceed 100 %) or a ratio.
#pragma once

#include <string>

#include "svcsim/time.hpp"

namespace svcsim::cli {

/// `10%` or a ratio such as `0.1`, like the scenario's ratios (SPEC 1), except
/// that a percentage may exceed 100 % (a tolerance of 200 % is meaningful).
Parsed<double> parse_tolerance(const std::string& text);

}  // namespace svcsim::cli
