// For a RunOptions switch that is a speed-up only (draw_ahead, direct_calls):
// runs a scenario with it on and off and requires the two results files to
// be identical, time series included.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "svcsim/loader.hpp"
#include "svcsim/report.hpp"
#include "svcsim/simulation.hpp"

namespace svcsim::test {

inline std::string results_file_with(const Scenario& scenario, bool RunOptions::*speed_up, bool on) {
  RunOptions options;
  options.*speed_up = on;
  options.series_window = Duration::from_s(1);  // the time series too
  Results r = simulate(scenario, options);
  r.run.wall_s = 0;  // the one figure that may differ
  return results_to_json(r);
}

inline void check_same_both_ways(const LoadResult& loaded, const std::string& what, bool RunOptions::*speed_up) {
  INFO(what);
  REQUIRE(loaded.scenario);
  const std::string with = results_file_with(*loaded.scenario, speed_up, true);
  const std::string without = results_file_with(*loaded.scenario, speed_up, false);
  CHECK(with.size() > 1000);
  CHECK(with == without);
}

/// Every scenario file in `dir`, both ways; at least `at_least` of them.
inline void check_directory_both_ways(const std::filesystem::path& dir, int at_least, bool RunOptions::*speed_up) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    check_same_both_ways(load_scenario_file(entry.path().string()), entry.path().string(), speed_up);
    ++checked;
  }
  CHECK(checked >= at_least);
}

}  // namespace svcsim::test
