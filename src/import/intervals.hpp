// Time intervals of spans: clipping a child to its parent.
#pragma once

#include <algorithm>
#include <cstdint>

namespace svcsim::trace_import {

struct Interval {
  std::int64_t start = 0;
  std::int64_t end = 0;
};

/// `inner` cut to `outer`; an interval wholly outside becomes empty at the nearer edge.
inline Interval clip(Interval inner, Interval outer) {
  Interval out{std::clamp(inner.start, outer.start, outer.end), std::clamp(inner.end, outer.start, outer.end)};
  if (out.end < out.start) out.end = out.start;
  return out;
}

}  // namespace svcsim::trace_import
