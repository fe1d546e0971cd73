// The build stage's output: every endpoint compiled into a flat instruction
// list, every call into a resolved CallSite, every (from, to) pair into a Link
// with its own random stream. Names are resolved here once; the event loop
// works with indices only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "svcsim/distribution.hpp"
#include "svcsim/random.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// The id that stands for "none" in programs and in the runtime's pools.
inline constexpr std::uint32_t kNone = UINT32_MAX;

enum class Op : std::uint8_t {
  work,          // a = distribution index
  call,          // a = call site
  parallel,      // a = first entry in site_lists, b = count, c = how many must succeed
  choose,        // a = first Choice, b = count
  jump,          // a = target pc
  cache_lookup,  // a = origin call site (kNone: a hit is certain); b = 1: by item key (a cache_insert
                 // follows, skipped on a hit), 0: by the fixed hit_ratio
  cache_insert,  // stores the task's item key in its instance's cache (after the origin answered)
  end,           // the endpoint answers
};

struct Instr {
  Op op = Op::end;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t c = 0;
};

struct CallSite {
  std::uint32_t caller = 0;    // node index; nodes.size() for the client
  std::uint32_t node = 0;      // callee
  std::uint32_t program = 0;   // callee endpoint
  std::uint32_t link_out = 0;  // caller -> callee
  std::uint32_t link_back = 0; // callee -> caller
  double probability = 1.0;
  int repeat = 1;
  std::int64_t timeout_ns = 0;  // 0: none
  bool optional = false;
  bool cancel_on_timeout = false;
  const RetryPolicy* retry = nullptr;  // into the Scenario
  const HedgePolicy* hedge = nullptr;
  std::uint32_t breaker = kNoBreaker;  // index of the (caller, callee) breaker
  std::uint32_t fallback_first = 0;    // entries in site_lists
  std::uint32_t fallback_count = 0;
  /// The criticality its calls run at, when the step names one (SPEC 7.2).
  std::optional<Criticality> level;
  std::uint32_t throttle = kNoThrottle;  // index of the (caller, callee) client-side throttle
  double throttle_k = 2;
  /// `level` or `throttle` is set: send_try looks at them only then (one test on the hot path).
  bool station_options = false;
  static constexpr std::uint32_t kNoBreaker = UINT32_MAX;
  static constexpr std::uint32_t kNoThrottle = UINT32_MAX;
};

/// One client-side throttle per (caller node, callee node) that some call
/// configures; the first such call sets its window.
struct ThrottleSpec {
  std::uint32_t caller = 0;
  std::uint32_t callee = 0;
  std::int64_t window_ns = 0;
};

/// One circuit breaker per (caller node, callee node) that some call configures.
struct BreakerSpec {
  std::uint32_t caller = 0;
  std::uint32_t callee = 0;
  const CircuitBreakerPolicy* policy = nullptr;
};

struct Choice {
  double cumulative = 0;  // normalised cumulative weight, the last is 1
  std::uint32_t pc = 0;
};

struct Link {
  Distribution latency;
  RandomStream rng;
  bool zero = true;  // constant 0: no draw needed
};

struct ProgramSet {
  std::vector<Instr> code;
  std::vector<std::uint32_t> program_start;  // by program id
  std::vector<std::uint32_t> program_node;
  std::vector<std::string> program_name;     // "node.endpoint", for messages
  std::vector<std::int64_t> program_bulkhead;  // max concurrent per instance; 0: none
  std::vector<CallSite> sites;
  std::vector<std::uint32_t> site_lists;  // call sites of parallel steps and fallback chains
  std::vector<BreakerSpec> breakers;
  std::vector<ThrottleSpec> throttles;
  std::vector<Choice> choices;
  std::vector<Distribution> distributions;
  std::vector<Link> links;
  std::vector<std::uint32_t> workload_site;  // the entry call of each workload
};

/// Compiles the endpoints reachable from the workloads. The scenario must be
/// valid (the loader's job); an unresolvable name here is a bug and throws
/// std::logic_error.
ProgramSet build_programs(const Scenario& scenario);

}  // namespace svcsim::detail
