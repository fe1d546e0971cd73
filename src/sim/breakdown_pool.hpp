// Tail attribution's per-request time sums: fixed-stride slices of integer
// nanoseconds (network, then per node queue, service, failed tries; the
// TailBreakdown layout without its leading latency), reused through a free
// list so the steady state allocates nothing. A slice is named by (id,
// generation): writes through a reference whose slice was released since are
// dropped, so work that no longer lies on any request's path adds nowhere.
// Above TailBreakdown::kDenseNodes nodes a slice is a chain of (index, ns)
// cells instead, one per sum that is not zero: a request pays for the nodes it
// went through, not for the scenario's size (issue 14). The cells are found by
// (slice, index) in a hash map, not by walking the chain: a request through a
// call chain of k nodes would pay k^2 (a 10,000-deep chain ran 159 s).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "sim/slot_pool.hpp"
#include "svcsim/results.hpp"

namespace svcsim::detail {

struct SliceRef {
  std::uint32_t id = kNone;
  std::uint32_t generation = 0;
};

class BreakdownPool {
 public:
  void set_stride(std::size_t stride, bool sparse) {
    stride_ = stride;
    sparse_ = sparse;
  }
  std::size_t stride() const { return stride_; }
  /// Cells instead of rows (see the top): get() is then not available.
  bool sparse() const { return sparse_; }

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
      if (sparse_) heads_.push_back(kNone);
      else data_.resize(data_.size() + stride_, 0);
    }
    return {id, generations_[id]};
  }
  void release(SliceRef ref) {
    if (!live(ref)) return;
    if (sparse_) free_cells(ref.id);
    else std::fill_n(data_.data() + ref.id * stride_, stride_, 0);
    release_cleared(ref);
  }
  /// Release of a slice the caller has already set back to zero.
  void release_cleared(SliceRef ref) {
    if (!live(ref)) return;
    ++generations_[ref.id];
    free_.push_back(ref.id);
  }
  bool live(SliceRef ref) const { return ref.id != kNone && generations_[ref.id] == ref.generation; }
  /// The slice's numbers, or nullptr when it was released (dense layout only).
  std::int64_t* get(SliceRef ref) { return live(ref) ? data_.data() + ref.id * stride_ : nullptr; }
  void add(SliceRef ref, int index, std::int64_t ns) {
    if (!live(ref)) return;
    if (sparse_) [[unlikely]] add_cell(ref.id, static_cast<std::uint32_t>(index), ns);
    else data_[ref.id * stride_ + static_cast<std::size_t>(index)] += ns;
  }
  /// Adds slice `from` into slice `to` (nothing when either was released).
  void add_slice(SliceRef to, SliceRef from) {
    if (!live(to) || !live(from)) return;
    if (sparse_) {
      for (std::uint32_t c = heads_[from.id]; c != kNone; c = cells_[c].next) add_cell(to.id, cells_[c].index, cells_[c].ns);
      return;
    }
    std::int64_t* t = data_.data() + to.id * stride_;
    const std::int64_t* f = data_.data() + from.id * stride_;
    for (std::size_t i = 0; i < stride_; ++i) t[i] += f[i];
  }
  /// Sparse layout: adds the slice into `tail`'s bucket (slice index i is
  /// the tail's i + 1: the tail starts with the latency) and empties it,
  /// ready for release_cleared.
  void drain_into(SliceRef ref, TailBreakdown& tail, int bucket) {
    if (!live(ref)) return;
    for (std::uint32_t c = heads_[ref.id]; c != kNone; c = cells_[c].next)
      tail.add(bucket, cells_[c].index + 1, cells_[c].ns);
    free_cells(ref.id);
  }

 private:
  struct Cell {
    std::uint32_t index = 0;
    std::uint32_t next = kNone;
    std::int64_t ns = 0;
  };
  static std::uint64_t cell_key(std::uint32_t slice, std::uint32_t index) {
    return std::uint64_t{slice} << 32 | index;
  }
  void add_cell(std::uint32_t slice, std::uint32_t index, std::int64_t ns) {
    if (ns == 0) return;
    const auto [at, fresh] = cell_of_.try_emplace(cell_key(slice, index), 0);
    if (!fresh) {
      cells_[at->second].ns += ns;
      return;
    }
    std::uint32_t c;
    if (!free_cells_.empty()) {
      c = free_cells_.back();
      free_cells_.pop_back();
    } else {
      c = static_cast<std::uint32_t>(cells_.size());
      cells_.emplace_back();
    }
    cells_[c] = Cell{index, heads_[slice], ns};
    heads_[slice] = c;
    at->second = c;
  }
  void free_cells(std::uint32_t slice) {
    for (std::uint32_t c = heads_[slice]; c != kNone; c = cells_[c].next) {
      cell_of_.erase(cell_key(slice, cells_[c].index));
      free_cells_.push_back(c);
    }
    heads_[slice] = kNone;
  }

  std::size_t stride_ = 1;
  bool sparse_ = false;
  std::vector<Cell> cells_;                // sparse: every slice's cells, chained
  std::vector<std::uint32_t> free_cells_;
  std::vector<std::uint32_t> heads_;       // sparse: per slice, its first cell
  boost::unordered_flat_map<std::uint64_t, std::uint32_t> cell_of_;  // sparse: (slice, index) -> its cell
  std::vector<std::int64_t> data_;
  std::vector<std::uint32_t> generations_;
  std::vector<std::uint32_t> free_;
};

}  // namespace svcsim::detail
