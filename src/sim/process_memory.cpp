// Reads /proc/self/statm: sizes in pages, the first two fields.
#include "sim/process_memory.hpp"

#include <cstdio>
#include <unistd.h>

namespace svcsim::detail {

ProcessMemory process_memory() {
  ProcessMemory m;
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return m;
  unsigned long long size = 0, resident = 0;
  if (std::fscanf(f, "%llu %llu", &size, &resident) == 2) {
    const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    m.size = size * page;
    m.resident = resident * page;
  }
  std::fclose(f);
  return m;
}

}  // namespace svcsim::detail
