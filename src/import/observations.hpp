// What the traces show, per endpoint: each run of it (a server span, with the
// internal spans below it folded in) as its calls in time order, grouped where
// they overlap, and its own time before, between and after them; plus the
// one-way network delays of calls whose client and server spans are both
// present, each root's request, and the busiest moment of each service.
// Names are the originals here; names.hpp makes them valid.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "import/span.hpp"
#include "import/span_forest.hpp"

namespace svcsim::trace_import {

using EndpointId = std::uint32_t;

/// Calls of one run that overlap in time (one call, or a fork-join).
struct CallGroup {
  std::vector<EndpointId> targets;  // sorted
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
};

/// One run of an endpoint.
struct Execution {
  std::vector<CallGroup> groups;   // in time order
  std::vector<std::int64_t> gaps;  // own time: before groups[0], between groups, after the last (groups + 1)
  std::int64_t duration_ns = 0;
  bool own_error = false;  // the span (or an internal span folded into it) failed and none of its calls did
};

struct ObservedEndpoint {
  std::string node;       // service (or the untraced dependency's name), original spelling
  std::string operation;  // original spelling
  bool traced = true;     // false: only seen from client spans (a database, a cache, an untraced service)
  std::vector<Execution> executions;  // runs that made calls
  /// Runs without a call, kept compactly (most spans of a large export are
  /// leaves): their durations, all own time, and how many failed.
  std::vector<std::int64_t> leaf_durations;
  std::uint64_t leaf_errors = 0;

  std::uint64_t runs() const { return executions.size() + leaf_durations.size(); }
  std::uint64_t own_errors() const;
  /// Every run's duration (leaf runs after the others).
  std::vector<std::int64_t> durations() const;
};

struct ObservedWorkload {
  std::string operation;  // the root span's name
  EndpointId entry = 0;
  std::vector<std::int64_t> latencies_ns;  // root span durations
};

struct Observations {
  std::vector<ObservedEndpoint> endpoints;    // EndpointId indexes this
  std::vector<ObservedWorkload> workloads;    // by (operation, entry) in first-seen order
  /// One-way network delays per (caller, callee) service: half of client minus server duration.
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> links;
  std::map<std::string, std::int64_t> max_concurrent;  // traced service -> most runs in progress at once
  std::int64_t window_start_ns = 0;  // the earliest span start
  std::int64_t window_end_ns = 0;    // the latest span end
  std::uint64_t spans = 0;           // spans in the forest
  std::map<std::string, std::uint64_t> notes;  // decisions taken here (reason -> count)
};

/// The caller's name for the client side of a request that starts outside any service.
inline constexpr const char* kOutsideCaller = "client";

Observations observe(const SpanForest& forest, const StringTable& strings);

}  // namespace svcsim::trace_import
