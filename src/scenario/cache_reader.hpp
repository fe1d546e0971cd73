// Reading a cache's fields (hit_ratio or capacity, origin, eviction, ttl,
// prewarm) and the rules between them.
#pragma once

#include "scenario/read_context.hpp"
#include "scenario/yaml_reader.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reads the cache keys present in the node map `r` (on any kind: the kind
/// rules say where they belong) and records the origin as a call site.
void read_cache_fields(MapReader& r, Node& node, int index, ReadContext& ctx);

/// The rules of caches, once the node's kind is known: cache keys only on
/// caches; a cache has `hit_ratio` or `capacity`; what needs an origin.
void check_cache_rules(const MapReader& r, const Node& node, const Where& name_where, Diagnostics& diag);

}  // namespace svcsim::detail
