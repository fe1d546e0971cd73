// Caches (SPEC 3.3): a fixed hit_ratio, or a capacity of items per instance
// with an eviction policy, an optional ttl and prewarm; both call an origin
// on a miss.
#include "scenario/cache_reader.hpp"

#include <string>

#include "scenario/suggest.hpp"

namespace svcsim::detail {
namespace {

constexpr std::int64_t kMaxCapacity = 1'000'000'000;

const std::vector<std::string>& eviction_names() {
  static const std::vector<std::string> names = {"lru", "lfu", "fifo"};  // Eviction order
  return names;
}

/// The keys that only a cache has, in the order they are checked.
constexpr const char* kCacheKeys[] = {"hit_ratio", "origin",   "capacity", "eviction",
                                      "ttl",       "prewarm",  "coalesce", "replication"};

}  // namespace

void read_cache_fields(MapReader& r, Node& node, int index, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  if (const YamlNode* n = r.get("hit_ratio")) {
    if (const auto v = read_ratio(*n, "hit_ratio", diag)) node.hit_ratio = *v;
  }
  if (const YamlNode* n = r.get("origin")) {
    if (const auto v = read_string(*n, "origin", diag)) {
      node.origin = *v;
      if (node.kind == NodeKind::cache) {
        ctx.calls.push_back(WrittenCall{WrittenCall::Kind::origin, *v, n->where, index, kDefaultEndpointName, -1});
      }
    }
  }
  if (const YamlNode* n = r.get("capacity")) {
    if (const auto v = read_integer(*n, "capacity", 1, kMaxCapacity, diag)) node.capacity = *v;
  }
  if (const YamlNode* n = r.get("eviction")) {
    if (const auto v = read_choice(*n, "eviction", eviction_names(), diag)) node.eviction = static_cast<Eviction>(*v);
  }
  if (const YamlNode* n = r.get("ttl")) {
    if (const auto v = read_positive_duration(*n, "ttl", diag)) node.ttl = *v;
  }
  if (const YamlNode* n = r.get("prewarm")) {
    if (const auto v = read_bool(*n, "prewarm", diag)) node.prewarm = *v;
  }
  if (const YamlNode* n = r.get("coalesce")) {
    if (const auto v = read_bool(*n, "coalesce", diag)) node.coalesce = *v;
  }
  if (const YamlNode* n = r.get("replication")) {
    if (const auto v = read_integer(*n, "replication", 1, 1'000'000, diag)) node.replication = static_cast<int>(*v);
  }
}

void check_cache_rules(const MapReader& r, const Node& node, const Where& name_where, Diagnostics& diag) {
  if (node.kind == NodeKind::cache && r.has("replication")) {
    const int slots = node.autoscaling ? node.autoscaling->max : node.instances;
    if (node.balancing != Balancing::ring_hash)
      diag.error(r.key_where("replication"), "'replication' needs 'balancing: ring_hash' (an item's replicas are "
                                             "the next instances of the ring)");
    else if (node.replication > slots)
      diag.error(r.key_where("replication"), "'replication' (" + std::to_string(node.replication) +
                                                 ") is above the cache's instances (" + std::to_string(slots) +
                                                 "): an item cannot live on more instances than there are");
  }
  if (node.kind != NodeKind::cache) {
    for (const char* key : kCacheKeys) {
      if (r.has(key)) diag.error(r.key_where(key), quote(key) + " is only for cache nodes");
    }
    return;
  }
  const bool has_ratio = r.has("hit_ratio");
  const bool has_capacity = r.has("capacity");
  if (has_ratio && has_capacity) {
    diag.error(r.key_where("capacity"), "a cache has 'hit_ratio' (a fixed probability) or 'capacity' (items it "
                                        "keeps), not both");
  } else if (!has_ratio && !has_capacity) {
    diag.error(name_where, "missing field 'hit_ratio' (the fraction of lookups that hit, e.g. 95%) or 'capacity' "
                           "(the items each instance keeps, e.g. 20000)");
  } else if (has_ratio && node.hit_ratio && *node.hit_ratio < 1.0 && !r.has("origin")) {
    diag.error(r.key_where("hit_ratio"), "cache '" + node.name + "' has hit_ratio below 100% but no 'origin' "
                                         "to call on a miss");
  } else if (has_capacity && !r.has("origin")) {
    diag.error(r.key_where("capacity"), "cache '" + node.name + "' has 'capacity' but no 'origin' to call on a miss");
  }
  if (!has_capacity) {
    for (const char* key : {"eviction", "ttl", "prewarm", "coalesce", "replication"}) {
      if (r.has(key)) {
        diag.error(r.key_where(key), quote(key) + " needs 'capacity' (with a fixed 'hit_ratio' the "
                                                              "cache keeps no items)");
      }
    }
  }
}

}  // namespace svcsim::detail
