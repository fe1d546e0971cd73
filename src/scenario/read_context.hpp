// What the readers note down besides the Scenario itself: where names were
// written and every call target, so the cross-checks (call graph, name
// clashes) run after everything is read and can still point at the source.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scenario/diagnostics.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// One written call target: an endpoint's call (or one of its fallbacks), a
/// cache's origin or a workload's entry call. (Not `CallSite`: that is the
/// build stage's compiled call site, program/program.hpp, in the same
/// namespace; two types of one name broke the one-definition rule, which an
/// LTO build reported and ran into: the loader ran out of memory.)
struct WrittenCall {
  enum class Kind { step, fallback, origin, workload };
  Kind kind = Kind::step;
  std::string target;
  Where where;
  int owner_node = -1;         // the calling node (index in Scenario::nodes); -1 for a workload
  std::string owner_endpoint;  // the calling endpoint's name (kDefaultEndpointName for an origin)
  int owner_workload = -1;     // for Kind::workload: index in Scenario::workloads
};

/// A circuit breaker written on a call: breakers are kept per (caller node,
/// callee node), so every breaker of one pair must agree.
struct BreakerSite {
  int owner_node = -1;
  std::string callee;  // the node part of the call target
  CircuitBreakerPolicy policy;
  Where where;
};

/// A fault's target as written: `node`, `node[i]` or `node[i-j]`.
struct FaultTargetRef {
  std::string written;  // the whole target, for messages
  std::string node;
  std::int64_t first = -1;  // the instance range; -1 when none was written
  std::int64_t last = -1;
  Where where;
};

/// A name written somewhere that must refer to something else.
struct NameRef {
  std::string name;
  Where where;
  int owner = -1;
};

struct ReadContext {
  explicit ReadContext(Diagnostics& d) : diag(d) {}

  Diagnostics& diag;
  /// False when `nodes` was missing or not a map: references to nodes are then
  /// not judged (every one would fail, burying the one real error).
  bool nodes_read = false;
  std::vector<WrittenCall> calls;
  std::vector<Where> node_where;          // parallel to Scenario::nodes: the name's key
  std::vector<bool> node_incomplete;      // parallel: its endpoints could not all be read
  std::vector<NameRef> lb_targets;        // owner = load balancer's node index
  std::vector<Where> workload_where;      // parallel to Scenario::workloads
  std::vector<NameRef> link_ends;         // from/to of network links
  std::vector<BreakerSite> breakers;      // every circuit_breaker written on a call
  std::vector<FaultTargetRef> fault_targets;
  std::vector<NameRef> partition_ends;    // owner = fault index
};

}  // namespace svcsim::detail
