// One cache instance's contents: see item_cache.hpp for the structures and
// their costs.
#include "sim/item_cache.hpp"

#include <algorithm>

namespace svcsim::detail {

void ItemCache::configure(std::uint32_t capacity, Eviction policy, std::int64_t ttl_ns) {
  policy_ = policy;
  ttl_ns_ = ttl_ns;
  capacity_ = std::max<std::uint32_t>(capacity, 1);
  // The index is at most half full, so probe runs stay short.
  std::uint64_t slots = 2;
  shift_ = 63;
  while (slots < 2ULL * capacity_) {
    slots *= 2;
    --shift_;
  }
  index_.assign(slots, kEmpty);
  key_.assign(capacity_, 0);
  if (ttl_ns_ > 0) stored_at_.assign(capacity_, 0);
  if (policy_ == Eviction::lfu) {
    heap_.assign(capacity_, 0);
    heap_pos_.assign(capacity_, 0);
    uses_.assign(capacity_, 0);
    last_use_.assign(capacity_, 0);
  } else {
    prev_.assign(capacity_, kEmpty);
    next_.assign(capacity_, kEmpty);
  }
  free_.reserve(capacity_);
  clear();
}

void ItemCache::clear() {
  std::fill(index_.begin(), index_.end(), kEmpty);
  free_.clear();
  for (std::uint32_t s = capacity_; s-- > 0;) free_.push_back(s);  // slot 0 on top: fills in slot order
  head_ = tail_ = kEmpty;
  size_ = 0;
}

std::uint32_t ItemCache::find(std::uint32_t key) const {
  if (capacity_ == 0) return kEmpty;
  const auto mask = static_cast<std::uint32_t>(index_.size() - 1);
  for (std::uint32_t at = home(key);; at = (at + 1) & mask) {
    const std::uint32_t slot = index_[at];
    if (slot == kEmpty) return kEmpty;
    if (key_[slot] == key) return slot;
  }
}

void ItemCache::index_insert(std::uint32_t slot) {
  const auto mask = static_cast<std::uint32_t>(index_.size() - 1);
  std::uint32_t at = home(key_[slot]);
  while (index_[at] != kEmpty) at = (at + 1) & mask;
  index_[at] = slot;
}

void ItemCache::index_erase(std::uint32_t key) {
  const auto mask = static_cast<std::uint32_t>(index_.size() - 1);
  std::uint32_t hole = home(key);
  while (key_[index_[hole]] != key) hole = (hole + 1) & mask;
  // Backward-shift deletion: pull later entries of the run into the hole when
  // their home position does not lie (cyclically) in (hole, at].
  for (std::uint32_t at = (hole + 1) & mask; index_[at] != kEmpty; at = (at + 1) & mask) {
    const std::uint32_t want = home(key_[index_[at]]);
    const bool stays = hole <= at ? (hole < want && want <= at) : (hole < want || want <= at);
    if (stays) continue;
    index_[hole] = index_[at];
    hole = at;
  }
  index_[hole] = kEmpty;
}

void ItemCache::list_append(std::uint32_t slot) {
  prev_[slot] = tail_;
  next_[slot] = kEmpty;
  if (tail_ != kEmpty) next_[tail_] = slot;
  else head_ = slot;
  tail_ = slot;
}

void ItemCache::list_unlink(std::uint32_t slot) {
  if (prev_[slot] != kEmpty) next_[prev_[slot]] = next_[slot];
  else head_ = next_[slot];
  if (next_[slot] != kEmpty) prev_[next_[slot]] = prev_[slot];
  else tail_ = prev_[slot];
}

void ItemCache::sift_up(std::uint32_t at) {
  const std::uint32_t slot = heap_[at];
  while (at > 0) {
    const std::uint32_t parent = (at - 1) / 2;
    if (!heap_less(slot, heap_[parent])) break;
    heap_place(at, heap_[parent]);
    at = parent;
  }
  heap_place(at, slot);
}

void ItemCache::sift_down(std::uint32_t at) {
  const std::uint32_t slot = heap_[at];
  for (;;) {
    std::uint32_t child = 2 * at + 1;
    if (child >= size_) break;
    if (child + 1 < size_ && heap_less(heap_[child + 1], heap_[child])) ++child;
    if (!heap_less(heap_[child], slot)) break;
    heap_place(at, heap_[child]);
    at = child;
  }
  heap_place(at, slot);
}

void ItemCache::remove(std::uint32_t slot) {
  index_erase(key_[slot]);
  if (policy_ == Eviction::lfu) {
    const std::uint32_t at = heap_pos_[slot];
    const std::uint32_t last = heap_[size_ - 1];
    --size_;
    if (at < size_) {
      heap_place(at, last);
      sift_down(at);
      sift_up(heap_pos_[last]);
    }
  } else {
    list_unlink(slot);
    --size_;
  }
  free_.push_back(slot);
}

bool ItemCache::lookup(std::uint32_t key, std::int64_t now) {
  const std::uint32_t slot = find(key);
  if (slot == kEmpty) return false;
  if (ttl_ns_ > 0 && now - stored_at_[slot] >= ttl_ns_) {  // stale: fetched again on this miss
    remove(slot);
    return false;
  }
  switch (policy_) {
    case Eviction::lru:
      list_unlink(slot);
      list_append(slot);
      break;
    case Eviction::lfu:
      ++uses_[slot];
      last_use_[slot] = ++clock_;
      sift_down(heap_pos_[slot]);
      break;
    case Eviction::fifo: break;  // order of arrival only
  }
  return true;
}

void ItemCache::insert(std::uint32_t key, std::int64_t now) {
  if (capacity_ == 0 || find(key) != kEmpty) return;
  if (size_ == capacity_) remove(victim());
  const std::uint32_t slot = free_.back();
  free_.pop_back();
  key_[slot] = key;
  if (ttl_ns_ > 0) stored_at_[slot] = now;
  index_insert(slot);
  if (policy_ == Eviction::lfu) {
    uses_[slot] = 1;
    last_use_[slot] = ++clock_;
    heap_[size_] = slot;
    heap_pos_[slot] = size_;
    ++size_;
    sift_up(size_ - 1);
  } else {
    list_append(slot);
    ++size_;
  }
}

}  // namespace svcsim::detail
