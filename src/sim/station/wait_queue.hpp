// A station's wait queue (SPEC 7.2): the calls of one instance waiting for a
// worker, and the discipline that decides which of them gets the next free
// one. The records are the engine's tasks, linked through their queue_prev /
// queue_next fields, so waiting allocates nothing.
#pragma once

#include <array>
#include <cstdint>

#include "sim/slot_pool.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

class WaitQueue {
 public:
  void set_discipline(Discipline discipline) { discipline_ = discipline; }
  Discipline discipline() const { return discipline_; }
  bool empty() const { return size_ == 0; }
  std::int64_t size() const { return size_; }

  /// Adds a waiter of criticality `level` behind those of its level, or in
  /// front of them (`at_head`: a preempted call resumes first).
  template <class Tasks>
  void push(Tasks& tasks, std::uint32_t id, Criticality level, bool at_head = false) {
    const std::size_t list = list_of(level);
    auto& t = tasks[id];
    if (at_head) {
      t.queue_prev = kNone;
      t.queue_next = head_[list];
      if (head_[list] != kNone) tasks[head_[list]].queue_prev = id;
      else tail_[list] = id;
      head_[list] = id;
    } else {
      t.queue_next = kNone;
      t.queue_prev = tail_[list];
      if (tail_[list] != kNone) tasks[tail_[list]].queue_next = id;
      else head_[list] = id;
      tail_[list] = id;
    }
    ++size_;
  }

  /// The waiter the discipline serves next (kNone when empty): the oldest
  /// (fifo), the newest (lifo), or the oldest of the highest level (priority).
  std::uint32_t next() const {
    switch (discipline_) {
      case Discipline::fifo: return head_[0];
      case Discipline::lifo: return tail_[0];
      case Discipline::priority:
      case Discipline::priority_preemptive:
        for (std::size_t l = 0; l < kCriticalityLevels; ++l)
          if (head_[l] != kNone) return head_[l];
        return kNone;
    }
    return kNone;
  }

  template <class Tasks>
  void remove(Tasks& tasks, std::uint32_t id, Criticality level) {
    const std::size_t list = list_of(level);
    auto& t = tasks[id];
    if (t.queue_prev != kNone) tasks[t.queue_prev].queue_next = t.queue_next;
    else head_[list] = t.queue_next;
    if (t.queue_next != kNone) tasks[t.queue_next].queue_prev = t.queue_prev;
    else tail_[list] = t.queue_prev;
    t.queue_prev = t.queue_next = kNone;
    --size_;
  }

 private:
  /// fifo and lifo keep one list; the priority disciplines one per level.
  std::size_t list_of(Criticality level) const {
    return discipline_ == Discipline::fifo || discipline_ == Discipline::lifo ? 0 : static_cast<std::size_t>(level);
  }

  std::array<std::uint32_t, kCriticalityLevels> head_ = {kNone, kNone, kNone, kNone};
  std::array<std::uint32_t, kCriticalityLevels> tail_ = {kNone, kNone, kNone, kNone};
  std::int64_t size_ = 0;
  Discipline discipline_ = Discipline::fifo;
};

}  // namespace svcsim::detail
