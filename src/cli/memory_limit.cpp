// `--max-memory`: parsing its value and the machine's default (/proc/meminfo,
// cgroup v2 memory.max, RLIMIT_AS).
#include "cli/memory_limit.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

namespace svcsim::cli {

namespace {

/// VmSize and VmRSS of this process, bytes (zeros without /proc).
std::pair<std::uint64_t, std::uint64_t> own_memory() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  return {size * page, resident * page};
}

std::uint64_t mem_available() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024;
  return 0;
}

std::uint64_t cgroup_limit() {
  std::ifstream f("/sys/fs/cgroup/memory.max");
  std::string value;
  if (!(f >> value) || value == "max") return 0;
  std::uint64_t bytes = 0;
  std::from_chars(value.data(), value.data() + value.size(), bytes);
  return bytes;
}

}  // namespace

std::optional<std::uint64_t> parse_memory_size(std::string_view text) {
  double number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || number < 0 || !std::isfinite(number)) return std::nullopt;
  const std::string_view unit = text.substr(static_cast<std::size_t>(end - text.data()));
  double scale = 1;
  if (unit == "K" || unit == "k") scale = 1024.0;
  else if (unit == "M") scale = 1024.0 * 1024;
  else if (unit == "G") scale = 1024.0 * 1024 * 1024;
  else if (!unit.empty()) return std::nullopt;
  const double bytes = std::floor(number * scale);
  if (bytes >= static_cast<double>(std::numeric_limits<std::uint64_t>::max())) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

std::uint64_t default_memory_limit() {
  const auto [size, resident] = own_memory();
  std::uint64_t limit = std::numeric_limits<std::uint64_t>::max();
  if (const std::uint64_t available = mem_available(); available > 0) limit = std::min(limit, available + resident);
  if (const std::uint64_t cgroup = cgroup_limit(); cgroup > 0) limit = std::min(limit, cgroup);
  rlimit as{};
  if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) {
    // The engine watches resident memory; the address space also holds
    // what is reserved and not resident (libraries, thread stacks).
    const std::uint64_t reserved = size > resident ? size - resident : 0;
    limit = std::min<std::uint64_t>(limit, as.rlim_cur > reserved ? as.rlim_cur - reserved : 0);
  }
  if (limit == std::numeric_limits<std::uint64_t>::max()) return 0;
  return limit / 10 * 9;
}

std::string max_memory_problem(const std::string& text) {
  if (text.empty() || parse_memory_size(text)) return {};
  return "error: --max-memory '" + text + "': expected a size such as 2G, 1500M or 0";
}

std::uint64_t max_memory_of(const std::string& text) {
  return text.empty() ? default_memory_limit() : parse_memory_size(text).value_or(0);
}

bool stopped_for_memory(const Results& run) { return run.run.stopped && run.run.stopped_by == "memory_limit"; }

}  // namespace svcsim::cli
