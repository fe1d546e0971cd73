// How an objective's observed value and limit are written (terminal table and
// JUnit messages): in the metric's unit, ms, /s or %, so the two read alike.
#pragma once

#include <string>

#include "svcsim/results.hpp"

namespace svcsim::detail {

/// The observed value with its unit (`143.2ms`, `99.95%`, `1980/s`), plus
/// ` ± 2.1ms` when it is a mean over replications and `with_ci`; `-` when not evaluable.
std::string observed_text(const ObjectiveResult& s, bool with_ci = true);

/// The 95 % half-width over replications with its unit (`2.1ms`); `-` without one.
std::string half_width_text(const ObjectiveResult& s);

/// The unit a metric is shown in: "ms", "/s", "%" (a ratio shown x 100) or "".
const char* metric_unit(const std::string& metric);

/// The limit as `<op> <threshold><unit>` (`< 100ms`, `>= 99.9%`), without trailing zeros.
std::string limit_text(const ObjectiveResult& s);

}  // namespace svcsim::detail
