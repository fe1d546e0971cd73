// The contents of one cache instance (SPEC 3.3): up to `capacity` item keys
// with LRU, LFU or FIFO eviction and an optional ttl. Every array is sized
// when the cache is configured, so lookups, inserts and evictions never
// allocate: LRU and FIFO are O(1) (an intrusive list over the slots), LFU is
// O(log capacity) (an indexed min-heap on (uses, last use)), and keys are found
// through an open-addressing index (linear probing, backward-shift deletion).
#pragma once

#include <cstdint>
#include <vector>

#include "svcsim/scenario.hpp"

namespace svcsim::detail {

class ItemCache {
 public:
  /// Sizes every array for `capacity` items (allocates; call at build time).
  /// ttl_ns 0: items never expire.
  void configure(std::uint32_t capacity, Eviction policy, std::int64_t ttl_ns);

  /// A lookup at time `now`: true on a hit, which counts as a use (LRU moves
  /// the item to the most recent end, LFU counts it). An item older than the
  /// ttl is dropped and the lookup misses.
  bool lookup(std::uint32_t key, std::int64_t now);

  /// Stores `key` fetched at `now`, evicting the policy's victim when full.
  /// A key already present (two misses fetched it at once) is left as it is.
  void insert(std::uint32_t key, std::int64_t now);

  /// Forgets everything (the instance went down).
  void clear();

  /// Without side effects, for tests and reports.
  bool contains(std::uint32_t key) const { return find(key) != kEmpty; }
  std::uint32_t size() const { return size_; }
  std::uint32_t capacity() const { return capacity_; }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;

  std::uint32_t find(std::uint32_t key) const;
  std::uint32_t home(std::uint32_t key) const {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void index_insert(std::uint32_t slot);
  void index_erase(std::uint32_t key);
  void remove(std::uint32_t slot);  // from the index and the eviction order; the slot becomes free
  std::uint32_t victim() const { return policy_ == Eviction::lfu ? heap_[0] : head_; }
  // the eviction order: head = next victim (LRU, FIFO)
  void list_append(std::uint32_t slot);
  void list_unlink(std::uint32_t slot);
  // LFU heap ordered by (uses, last use)
  bool heap_less(std::uint32_t a, std::uint32_t b) const {
    return uses_[a] != uses_[b] ? uses_[a] < uses_[b] : last_use_[a] < last_use_[b];
  }
  void heap_place(std::uint32_t at, std::uint32_t slot) {
    heap_[at] = slot;
    heap_pos_[slot] = at;
  }
  void sift_up(std::uint32_t at);
  void sift_down(std::uint32_t at);

  Eviction policy_ = Eviction::lru;
  std::int64_t ttl_ns_ = 0;
  std::uint32_t capacity_ = 0;
  std::uint32_t size_ = 0;
  int shift_ = 64;
  std::vector<std::uint32_t> index_;  // slot of each key, by hash position; kEmpty: free
  std::vector<std::uint32_t> key_;    // by slot
  std::vector<std::int64_t> stored_at_;  // by slot (ttl only)
  std::vector<std::uint32_t> free_;   // free slots (a stack)
  std::vector<std::uint32_t> prev_, next_;  // LRU / FIFO list by slot
  std::uint32_t head_ = kEmpty, tail_ = kEmpty;
  std::vector<std::uint32_t> heap_, heap_pos_, uses_;  // LFU
  std::vector<std::uint64_t> last_use_;
  std::uint64_t clock_ = 0;  // LFU: ticks at every use, breaks ties by recency
};

}  // namespace svcsim::detail
