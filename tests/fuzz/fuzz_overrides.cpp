// Fuzz target: the `--set PATH=VALUE` path. Each line of the input is one
// --set argument, applied to a fixed, valid scenario; the outcome must be a
// scenario or errors, never a crash or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_checks.hpp"
#include "svcsim/loader.hpp"

namespace {

// A small scenario with every kind of list the overrides address by name.
constexpr std::string_view kBase = R"(name: fuzz-base
duration: 10s
warmup: 1s
nodes:
  api:
    instances: 2
    concurrency: 4
    endpoints:
      get:
        steps:
          - work: {dist: exponential, mean: 2ms}
          - {call: db.query, timeout: 50ms, retry: {max_retries: 2}}
  db:
    endpoints:
      query: {service_time: 1ms}
workloads:
  - {name: users, call: api.get, rate: 100/s}
faults:
  - {name: slow-db, target: db, type: outage, at: 5s, duration: 1s}
slo: ["users p99 < 100ms"]
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<svcsim::Override> overrides;
  std::size_t pos = 0;
  while (pos <= text.size() && overrides.size() < 16) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (auto o = svcsim::parse_override(text.substr(pos, end - pos))) overrides.push_back(std::move(*o));
    pos = end + 1;
  }
  const svcsim::LoadResult result = svcsim::load_scenario_text(kBase, "base.yaml", overrides);
  svcsim::fuzz::check_load_result(result);
  return 0;
}
