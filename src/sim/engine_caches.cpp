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
    if (spec.coalesce) stations_[i].fills.resize(n.instances.size());
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

void Engine::store_replicas(std::uint32_t node, std::uint32_t instance, std::uint32_t key) {
  NodeState& n = nodes_[node];
  n.ring.replicas(key, static_cast<std::uint32_t>(scenario_.nodes[node].replication), replicas_);
  for (const std::uint32_t i : replicas_)
    if (i != instance && routable(n, n.instances[i])) n.item_caches[i].insert(key, now_);
}

bool Engine::join_pending_fill(std::uint32_t id) {
  Task& t = tasks_[id];
  StationState& st = stations_[t.node];
  if (st.fills.empty()) return false;  // no `coalesce`
  const std::uint32_t key = task_key(t);
  if (key == kNone) return false;
  auto [it, fresh] = st.fills[t.instance].try_emplace(key);
  StationState::PendingFill& fill = it->second;
  if (fresh) {  // the first miss: it makes the origin call
    fill.leader = id;
    t.fill = Task::Fill::leader;
    return false;
  }
  t.fill = Task::Fill::waiter;
  t.enqueued_at = now_;  // its wait for the item counts as queueing at the cache
  t.queue_next = kNone;
  t.queue_prev = fill.tail;
  if (fill.tail != kNone) tasks_[fill.tail].queue_next = id;
  else fill.head = id;
  fill.tail = id;
  return true;
}

void Engine::end_pending_fill(std::uint32_t leader, bool ok, Outcome failure) {
  Task& l = tasks_[leader];
  l.fill = Task::Fill::none;
  auto& fills = stations_[l.node].fills[l.instance];
  const auto it = fills.find(task_key(l));
  if (it == fills.end()) return;
  std::uint32_t waiter = it->second.head;
  fills.erase(it);
  while (waiter != kNone) {
    Task& w = tasks_[waiter];
    const std::uint32_t next = w.queue_next;
    w.queue_prev = w.queue_next = kNone;
    w.fill = Task::Fill::none;
    add_node_time(w, TailBreakdown::kQueue, now_ - w.enqueued_at);
    if (ok) {
      w.pc += 2;  // past its lookup and the insert: the item is here now
      ready_.push_back(waiter);  // runs after this event, like a task handed a worker
    } else {
      // Through the queue: the leader may be failing inside a loop over its
      // instance's tasks (an instance going down), which the waiter is on too.
      schedule(now_, EventKind::fill_failed, waiter, w.generation, static_cast<std::uint8_t>(failure));
    }
    waiter = next;
  }
}

void Engine::leave_pending_fill(std::uint32_t id) {
  Task& t = tasks_[id];
  t.fill = Task::Fill::none;
  auto& fills = stations_[t.node].fills[t.instance];
  const auto it = fills.find(task_key(t));
  if (it == fills.end()) return;
  StationState::PendingFill& fill = it->second;
  if (t.queue_prev != kNone) tasks_[t.queue_prev].queue_next = t.queue_next;
  else fill.head = t.queue_next;
  if (t.queue_next != kNone) tasks_[t.queue_next].queue_prev = t.queue_prev;
  else fill.tail = t.queue_prev;
  t.queue_prev = t.queue_next = kNone;
}

void Engine::on_fill_failed(std::uint32_t id, std::uint32_t generation, Outcome outcome) {
  if (tasks_[id].generation != generation) return;  // it ended otherwise meanwhile
  complete_task(id, outcome);
}

}  // namespace svcsim::detail
