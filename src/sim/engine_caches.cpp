// Caches with contents (SPEC 3.3) and ring_hash balancing: each instance of a
// cache with `capacity` keeps its own items (item_cache.hpp), looked up by the
// key the request drew from its workload's catalog; an instance that goes down
// forgets them and comes back cold, or full again with `prewarm`. Everything
// is sized here, at build time; the event loop only looks up and stores.
#include <algorithm>

#include "sim/engine.hpp"

namespace svcsim::detail {

void Engine::setup_caches() {
  // Keys are item ranks 1..N shared by every catalog; a cache never holds
  // more distinct items than the largest catalog has.
  std::int64_t max_items = 0;
  for (const Workload& w : scenario_.workloads)
    if (w.catalog) max_items = std::max(max_items, w.catalog->items);
  keys_used_ = max_items > 0;
  for (std::uint32_t i = 0; i < nodes_.size(); ++i) {
    const Node& spec = scenario_.nodes[i];
    NodeState& n = nodes_[i];
    if (spec.balancing == Balancing::ring_hash) {
      // Every slot has its points (an autoscaled node has `max` slots); only
      // routable instances are live on the ring.
      n.ring.build(static_cast<std::uint32_t>(n.instances.size()), fnv1a64(spec.name));
      n.ring_live.assign(n.instances.size(), true);
      update_ring(i);  // slots an autoscaler has not started are not live
    }
    if (spec.kind != NodeKind::cache || !spec.capacity) continue;
    const auto capacity = static_cast<std::uint32_t>(std::min(*spec.capacity, std::max<std::int64_t>(max_items, 1)));
    n.item_caches.resize(n.instances.size());
    for (ItemCache& c : n.item_caches) c.configure(capacity, spec.eviction, spec.ttl ? spec.ttl->ns : 0);
    if (!spec.prewarm) continue;
    if (spec.balancing == Balancing::ring_hash) {
      // Each instance is pre-warmed with the most popular items of its own
      // share of the ring (its home share, when every instance is up).
      n.prewarm_keys.resize(n.instances.size());
      for (auto& keys : n.prewarm_keys) keys.reserve(capacity);
      std::size_t full = 0;
      for (std::int64_t k = 1; k <= max_items && full < n.instances.size(); ++k) {
        auto& keys = n.prewarm_keys[n.ring.home(static_cast<std::uint32_t>(k))];
        if (keys.size() >= capacity) continue;
        keys.push_back(static_cast<std::uint32_t>(k));
        if (keys.size() == capacity) ++full;
      }
    } else {
      n.prewarm_count = capacity;  // every instance sees every key: items 1..capacity
    }
    for (std::uint32_t inst = 0; inst < n.instances.size(); ++inst) prewarm(i, inst);
  }
}

void Engine::prewarm(std::uint32_t node, std::uint32_t instance) {
  NodeState& n = nodes_[node];
  ItemCache& cache = n.item_caches[instance];
  cache.clear();
  // Least popular first, so the most popular items are the last to be evicted
  // (LRU: most recent; LFU: latest use among equal counts; FIFO: newest).
  if (!n.prewarm_keys.empty()) {
    const auto& keys = n.prewarm_keys[instance];
    for (auto it = keys.rbegin(); it != keys.rend(); ++it) cache.insert(*it, now_);
  } else {
    for (std::uint32_t k = n.prewarm_count; k >= 1; --k) cache.insert(k, now_);
  }
}

void Engine::cache_instance_changed(std::uint32_t node, std::uint32_t instance, bool went_down, bool came_up) {
  NodeState& n = nodes_[node];
  if (n.item_caches.empty()) return;  // not a cache with contents
  if (went_down) n.item_caches[instance].clear();  // its memory is gone with the process
  if (came_up) {
    if (scenario_.nodes[node].prewarm) prewarm(node, instance);
    // else it is cold (cleared when it went down) and warms up from its misses
  }
}

void Engine::update_ring(std::uint32_t node) {
  NodeState& n = nodes_[node];
  bool changed = false;
  for (std::uint32_t i = 0; i < n.instances.size(); ++i) {
    const bool live = routable(n, n.instances[i]);
    if (n.ring_live[i] != live) {
      n.ring_live[i] = live;
      changed = true;
    }
  }
  if (changed) n.ring.set_live(n.ring_live);
}

}  // namespace svcsim::detail
