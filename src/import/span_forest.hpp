// Spans as trees: what real exports need before a model can be read from
// them. Spans that end before they start are left out; Zipkin's shared
// client/server ids are split into two spans; other repeated ids keep their
// first span; kinds missing from the export are inferred (DeathStarBench's
// `…_client`/`…_server` operation names, else from the parent's service);
// parents are linked, asynchronous links (Jaeger FOLLOWS_FROM, a CONSUMER
// below a PRODUCER) cut so that the span after them starts a request of its
// own; a missing parent makes a root; cycles of parent links are left out.
// Every such decision is counted for the report.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "import/span.hpp"

namespace svcsim::trace_import {

inline constexpr std::uint32_t kNoSpan = 0xffffffffu;

struct SpanForest {
  std::vector<Span> spans;                 // the spans kept, in a fixed order (trace, start, id)
  std::vector<std::uint32_t> parent;       // index of the parent, kNoSpan for a root
  std::vector<std::uint32_t> child_begin;  // children of i: children[child_begin[i] .. child_begin[i+1])
  std::vector<std::uint32_t> children;     // ordered by start time, then index
  std::vector<std::uint32_t> roots;        // in span order
  std::uint64_t traces = 0;
  /// Decisions that kept spans but changed them (reason -> count), for the report.
  std::map<std::string, std::uint64_t> notes;

  std::size_t size() const { return spans.size(); }
  std::uint32_t first_child(std::uint32_t i) const { return child_begin[i]; }
  std::uint32_t end_child(std::uint32_t i) const { return child_begin[i + 1]; }
};

/// Builds the forest from what the readers produced; what it leaves out goes
/// to `set.left_out`. The SpanSet's string table stays valid for the result.
SpanForest build_span_forest(SpanSet& set);

}  // namespace svcsim::trace_import
