// The FIFO of the minimal loops (minimal_mm1.cpp, minimal_tandem.cpp): a
// growable ring buffer of doubles. std::deque would allocate and free a block
// every few dozen requests, which a tight loop would not do.
#pragma once

#include <cstddef>
#include <vector>

namespace svcsim::bench {

class MinimalFifo {
 public:
  MinimalFifo() : buf_(64) {}
  bool empty() const { return size_ == 0; }
  void push(double v) {
    if (size_ == buf_.size()) grow();
    buf_[(head_ + size_) & (buf_.size() - 1)] = v;
    ++size_;
  }
  double pop() {
    const double v = buf_[head_];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
    return v;
  }

 private:
  void grow() {
    std::vector<double> bigger(buf_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = buf_[(head_ + i) & (buf_.size() - 1)];
    buf_.swap(bigger);
    head_ = 0;
  }
  std::vector<double> buf_;  // size is a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace svcsim::bench
