// Peak resident memory of an M/M/1 run of a given length, measured in a fresh
// child process so that nothing the benchmark did before inflates it.
#pragma once

#include <cstdint>
#include <optional>

namespace svcsim::bench {

/// The argument that makes svcsim_bench act as the measuring child.
inline constexpr const char* kPeakRssChildFlag = "--peak-rss-child";

struct PeakRss {
  std::uint64_t kib = 0;       // VmHWM of the child
  std::uint64_t requests = 0;  // workload requests it simulated
};

/// Re-executes this binary with kPeakRssChildFlag and `requests`; nullopt when
/// the child could not be run or failed.
std::optional<PeakRss> peak_rss_of_mm1_run(std::uint64_t requests);

/// The child's side: runs the M/M/1 scenario, prints its VmHWM in KiB on stdout.
int peak_rss_child_main(std::uint64_t requests);

}  // namespace svcsim::bench
