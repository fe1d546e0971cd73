// The future event list: a binary heap of small fixed-size records, totally
// ordered by (time, priority class, insertion sequence) so equal-time ties
// never depend on pointers, hash order or heap internals. Events for the
// current instant skip the heap (a FIFO keeps them in the same order).
#pragma once

#include <cstdint>
#include <vector>

namespace svcsim::detail {

enum class EventKind : std::uint8_t {
  control,        // a = 0: the measured window starts, 1: it ends
  open_arrival,   // a = workload
  user_wake,      // a = workload, b = user
  call_arrive,    // a = try
  work_done,      // a = task, b = task generation (a preempted step's task gets a new one)
  call_response,  // a = try, status = Outcome, flags = degraded
  call_timeout,   // a = call, b = call generation: the caller's overall timeout
  try_timeout,    // a = try, b = try generation: per_try_timeout
  retry_timer,    // a = call, b = call generation: the backoff is over
  hedge_timer,    // a = call, b = call generation
  queue_timeout,  // a = task, b = task generation
  fault_edge,     // a = fault, b = 0 start / 1 end
  crash_toggle,   // a = fault, b = instance (among the fault's)
  health_probe,   // a = node
  probe_result,   // a = node, b = instance: a probe that timed out
  series_tick,    // the end of a time-series window
  scale_sync,     // a = node: its autoscaler decides
  instance_ready, // a = node, b = instance: a started instance may take calls
  cpu_event,      // a = instance CPU (Engine::cpus_), b = its token: a shared-core job ends, a quota runs out or refills
  fill_failed,    // a = task, b = task generation, status = Outcome: the coalesced miss it waited on failed
  timer_line,     // a = a line of timers (TimerLines): its front timer is due
};

/// Lower classes run first among events at the same instant: observations (a
/// time-series window closing) see the state before anything changes then;
/// control actions (measurement window edges, fault windows, probes) come next.
enum class EventClass : std::uint8_t { observe = 0, control = 1, normal = 2 };

/// 32 bytes in two 16-byte halves, each written and read whole. An event
/// pushed a moment ago is often popped at once; a load can take its bytes
/// from the store buffer only when one store wrote them all, and a record
/// written field by field then read as a whole made every pop wait (seen in
/// profiles). GCC's and Clang's generic vector types keep each half one
/// store and one load on any target.
class Event {
 public:
  using Half = std::uint64_t __attribute__((vector_size(16)));

  Event() = default;
  Event(std::int64_t time, std::uint64_t order, std::uint32_t a, std::uint32_t b, EventKind kind,
        std::uint8_t status, std::uint8_t flags)
      : key_{static_cast<std::uint64_t>(time), order},
        data_{std::uint64_t{a} | std::uint64_t{b} << 32,
              std::uint64_t{static_cast<std::uint8_t>(kind)} | std::uint64_t{status} << 8 |
                  std::uint64_t{flags} << 16} {}

  std::int64_t time() const { return static_cast<std::int64_t>(key_[0]); }
  std::uint64_t order() const { return key_[1]; }  // class << 56 | insertion sequence
  std::uint32_t a() const { return static_cast<std::uint32_t>(data_[0]); }
  std::uint32_t b() const { return static_cast<std::uint32_t>(data_[0] >> 32); }
  EventKind kind() const { return static_cast<EventKind>(data_[1] & 0xFF); }
  std::uint8_t status() const { return static_cast<std::uint8_t>(data_[1] >> 8); }
  std::uint8_t flags() const { return static_cast<std::uint8_t>(data_[1] >> 16); }

 private:
  Half key_;   // time, order
  Half data_;  // a | b << 32; kind | status << 8 | flags << 16
};

class EventQueue {
 public:
  void push(std::int64_t time, EventClass cls, EventKind kind, std::uint32_t a, std::uint32_t b,
            std::uint8_t status = 0, std::uint8_t flags = 0) {
    sift_up(Event{time, order_of(cls), a, b, kind, status, flags});
  }
  /// A place in the total order among events at one instant, taken now for
  /// an event pushed later by push_ordered (TimerLines: the event then runs
  /// where it would have, had it been pushed now).
  std::uint64_t reserve_order(EventClass cls) { return order_of(cls); }
  void push_ordered(std::int64_t time, std::uint64_t order, EventKind kind, std::uint32_t a, std::uint32_t b) {
    sift_up(Event{time, order, a, b, kind, 0, 0});
  }
  /// An event at the current instant (class normal). It takes its place in the
  /// same total order, but waits in a FIFO instead of the heap: every event
  /// pushed later at this instant comes later in the order, so the FIFO is
  /// sorted, and pop() only compares its front with the heap's top.
  void push_now(std::int64_t now, EventKind kind, std::uint32_t a, std::uint32_t b, std::uint8_t status = 0,
                std::uint8_t flags = 0) {
    now_fifo_.push_back(Event{now, order_of(EventClass::normal), a, b, kind, status, flags});
  }
  bool empty() const { return heap_.empty() && now_head_ == now_fifo_.size(); }
  std::size_t size() const { return heap_.size() + (now_fifo_.size() - now_head_); }
  Event pop() {
    if (now_head_ < now_fifo_.size() && (heap_.empty() || Later{}(heap_.front(), now_fifo_[now_head_]))) {
      const Event e = now_fifo_[now_head_++];
      if (now_head_ == now_fifo_.size()) {
        now_fifo_.clear();  // keeps its capacity: no allocation in steady state
        now_head_ = 0;
      }
      return e;
    }
    const Event top = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return top;
  }

 private:
  /// A function object, not a function pointer, so the heap's sift loops inline it.
  struct Later {
    bool operator()(const Event& x, const Event& y) const {
      return x.time() != y.time() ? x.time() > y.time() : x.order() > y.order();
    }
  };
  // A plain binary heap with a moving hole: the future event list is usually
  // small, where std::push_heap/pop_heap's generic sifting costs more.
  void sift_up(const Event& e) {
    std::size_t hole = heap_.size();
    heap_.push_back(e);
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 2;
      if (!Later{}(heap_[parent], e)) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }
  void sift_down(const Event& e) {
    const std::size_t n = heap_.size();
    std::size_t hole = 0;
    for (;;) {
      std::size_t child = 2 * hole + 1;
      if (child >= n) break;
      if (child + 1 < n && Later{}(heap_[child], heap_[child + 1])) ++child;
      if (!Later{}(e, heap_[child])) break;
      heap_[hole] = heap_[child];
      hole = child;
    }
    heap_[hole] = e;
  }
  std::uint64_t order_of(EventClass cls) { return (static_cast<std::uint64_t>(cls) << 56) | next_seq_++; }

  std::vector<Event> heap_;
  std::vector<Event> now_fifo_;
  std::size_t now_head_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace svcsim::detail
