// CPU time of this process, in seconds: the machine is shared, so wall time
// would measure the neighbours as much as the code.
#pragma once

#include <ctime>

namespace svcsim::bench {

inline double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace svcsim::bench
