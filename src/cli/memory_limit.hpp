// `--max-memory`: its value ("2G", "1500M", bytes) and the default derived
// from the machine, so that a run that would run out of memory stops with
// exit 3 and a message instead of being killed by the kernel (issue 14).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "svcsim/results.hpp"

namespace svcsim::cli {

/// Bytes from "123", "512K", "1500M", "2G", "1.5G" (powers of 1024); nullopt otherwise.
std::optional<std::uint64_t> parse_memory_size(std::string_view text);

/// 90 % of the least of: the memory the machine has available now plus what
/// this process already holds (/proc/meminfo's MemAvailable), the cgroup's
/// memory.max, and RLIMIT_AS less the address space the process reserves
/// beyond what it holds (libraries, stacks). 0 when none of them is known.
std::uint64_t default_memory_limit();

/// The error line for a --max-memory value that names no size; empty when it is usable.
std::string max_memory_problem(const std::string& text);

/// The limit a --max-memory value asks for: default_memory_limit() when it
/// is empty, else the size it names (checked first with max_memory_problem).
std::uint64_t max_memory_of(const std::string& text);

/// A run that --max-memory (or a failed allocation) stopped.
bool stopped_for_memory(const Results& run);

}  // namespace svcsim::cli
