// Counts heap allocations made through operator new in this executable, so the
// benchmark can show that steady state allocates nothing per event.
#pragma once

#include <cstdint>

namespace svcsim::bench {

/// Allocations (every form of operator new) since the program started.
std::uint64_t allocation_count();

}  // namespace svcsim::bench
