// Tail attribution's per-request time sums: fixed-stride slices of integer
// nanoseconds (network, then per node queue, service, failed tries; the
// TailBreakdown layout without its leading latency), reused through a free
// list so the steady state allocates nothing. A slice is named by (id,
// generation): writes through a reference whose slice was released since are
// dropped, so work that no longer lies on any request's path adds nowhere.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/slot_pool.hpp"

namespace svcsim::detail {

struct SliceRef {
  std::uint32_t id = kNone;
  std::uint32_t generation = 0;
};

class BreakdownPool {
 public:
  void set_stride(std::size_t stride) { stride_ = stride; }
  std::size_t stride() const { return stride_; }

  /// A zero slice: free slices are kept zero (release clears them), so
  /// taking one costs no clearing.
  SliceRef acquire() {
    std::uint32_t id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      id = static_cast<std::uint32_t>(generations_.size());
      generations_.push_back(0);
      data_.resize(data_.size() + stride_, 0);
    }
    return {id, generations_[id]};
  }
  void release(SliceRef ref) {
    if (!live(ref)) return;
    std::fill_n(data_.data() + ref.id * stride_, stride_, 0);
    release_cleared(ref);
  }
  /// Release of a slice the caller has already set back to zero.
  void release_cleared(SliceRef ref) {
    if (!live(ref)) return;
    ++generations_[ref.id];
    free_.push_back(ref.id);
  }
  bool live(SliceRef ref) const { return ref.id != kNone && generations_[ref.id] == ref.generation; }
  /// The slice's numbers, or nullptr when it was released.
  std::int64_t* get(SliceRef ref) { return live(ref) ? data_.data() + ref.id * stride_ : nullptr; }
  void add(SliceRef ref, int index, std::int64_t ns) {
    if (live(ref)) data_[ref.id * stride_ + static_cast<std::size_t>(index)] += ns;
  }

 private:
  std::size_t stride_ = 1;
  std::vector<std::int64_t> data_;
  std::vector<std::uint32_t> generations_;
  std::vector<std::uint32_t> free_;
};

}  // namespace svcsim::detail
