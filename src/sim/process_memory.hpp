// The process's own memory as the kernel counts it (/proc/self/statm): what
// the engine's memory watch compares with RunOptions::max_memory_bytes.
#pragma once

#include <cstdint>

namespace svcsim::detail {

struct ProcessMemory {
  std::uint64_t resident = 0;  // bytes in RAM (VmRSS)
  std::uint64_t size = 0;      // bytes of address space (VmSize, what RLIMIT_AS limits)
};

/// Zeros where /proc is not available.
ProcessMemory process_memory();

}  // namespace svcsim::detail
