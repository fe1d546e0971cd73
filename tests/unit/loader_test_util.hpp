// Helpers shared by the loader tests: load from text as "s.yaml" and look for
// an exact formatted diagnostic.
#pragma once

#include <string>
#include <vector>

#include "svcsim/loader.hpp"

namespace svcsim::test {

inline LoadResult load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return load_scenario_text(text, "s.yaml", overrides);
}

/// Every diagnostic, formatted, one per line (for INFO and substring checks).
inline std::string all_errors(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.errors) out += d.format() + "\n";
  return out;
}

/// True when one diagnostic formats exactly as `expected`.
inline bool has_error(const LoadResult& r, const std::string& expected) {
  for (const auto& d : r.errors) {
    if (d.format() == expected) return true;
  }
  return false;
}

/// A small valid scenario; tests append or replace parts of it.
inline const char* kMinimal =
    "name: t\n"
    "duration: 10s\n"
    "nodes:\n"
    "  api: {service_time: 1ms}\n"
    "workloads:\n"
    "  - {name: w, call: api, rate: 10/s}\n";

}  // namespace svcsim::test
