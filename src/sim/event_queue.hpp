// The future event list: a binary heap of small fixed-size records, totally
// ordered by (time, priority class, insertion sequence) so equal-time ties
// never depend on pointers, hash order or heap internals.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace svcsim::detail {

enum class EventKind : std::uint8_t {
  control,        // a = ControlAction
  open_arrival,   // a = workload
  user_wake,      // a = workload, b = user
  call_arrive,    // a = call
  work_done,      // a = task, b = task epoch
  call_response,  // a = call, status/flags
  call_timeout,   // a = call, b = call generation
  queue_timeout,  // a = task, b = task epoch
};

/// Lower classes run first among events at the same instant: control actions
/// (measurement window edges) see the state before anything else happens then.
enum class EventClass : std::uint8_t { control = 0, normal = 1 };

struct Event {
  std::int64_t time;
  std::uint64_t order;  // class << 56 | insertion sequence
  std::uint32_t a;
  std::uint32_t b;
  EventKind kind;
  std::uint8_t status;
  std::uint8_t flags;
};

class EventQueue {
 public:
  void push(std::int64_t time, EventClass cls, EventKind kind, std::uint32_t a, std::uint32_t b,
            std::uint8_t status = 0, std::uint8_t flags = 0) {
    heap_.push_back(Event{time, (static_cast<std::uint64_t>(cls) << 56) | next_seq_++, a, b, kind, status, flags});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  Event pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const Event e = heap_.back();
    heap_.pop_back();
    return e;
  }

 private:
  static bool later(const Event& x, const Event& y) {
    return x.time != y.time ? x.time > y.time : x.order > y.order;
  }
  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace svcsim::detail
