// The future event list: a 4-ary heap of small fixed-size records, totally
// ordered by (time, priority class, insertion sequence) so equal-time ties
// never depend on pointers, hash order or heap internals. Events for the
// current instant skip the heap (a FIFO keeps them in the same order).
#pragma once

#include <bit>
#include <climits>
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
///
/// The key half, read as one unsigned 128-bit number, is the event's place in
/// the total order: the time (sign bit flipped, so that unsigned order is the
/// signed order) in the high 64 bits, the order word in the low. One compare
/// of two such numbers decides which event runs first, without a branch on
/// whether the times are equal.
class Event {
 public:
  using Half = std::uint64_t __attribute__((vector_size(16)));

  Event() = default;
  Event(std::int64_t time, std::uint64_t order, std::uint32_t a, std::uint32_t b, EventKind kind,
        std::uint8_t status, std::uint8_t flags)
      : key_{order, static_cast<std::uint64_t>(time) ^ kSignBit},
        data_{std::uint64_t{a} | std::uint64_t{b} << 32,
              std::uint64_t{static_cast<std::uint8_t>(kind)} | std::uint64_t{status} << 8 |
                  std::uint64_t{flags} << 16} {}

  std::int64_t time() const { return static_cast<std::int64_t>(key_[1] ^ kSignBit); }
  std::uint64_t order() const { return key_[0]; }  // class << 56 | insertion sequence
  std::uint32_t a() const { return static_cast<std::uint32_t>(data_[0]); }
  std::uint32_t b() const { return static_cast<std::uint32_t>(data_[0] >> 32); }
  EventKind kind() const { return static_cast<EventKind>(data_[1] & 0xFF); }
  std::uint8_t status() const { return static_cast<std::uint8_t>(data_[1] >> 8); }
  std::uint8_t flags() const { return static_cast<std::uint8_t>(data_[1] >> 16); }
  /// The place in the total order (time, then order): smaller runs first.
  unsigned __int128 rank() const { return std::bit_cast<unsigned __int128>(key_); }

 private:
  static constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;
  Half key_;   // order, time ^ sign bit (little-endian: time is the high half of rank())
  static_assert(std::endian::native == std::endian::little, "rank() reads the key's second element as its high half");
  Half data_;  // a | b << 32; kind | status << 8 | flags << 16
};

/// The future event list: a 4-ary min-heap on Event::rank(), plus a FIFO for
/// the current instant. Any correct priority queue pops the same sequence
/// (the order is total), so its shape is free to follow speed alone:
/// - four children per node: half the levels of a binary heap, and a node's
///   children share one or two cache lines;
/// - a popped top leaves a hole at the root instead of being refilled at
///   once: the event that runs next usually pushes one new event, which then
///   drops into the hole and sifts down once, where pop-then-push would sift
///   the last element down and the new one up.
class EventQueue {
 public:
  void push(std::int64_t time, EventClass cls, EventKind kind, std::uint32_t a, std::uint32_t b,
            std::uint8_t status = 0, std::uint8_t flags = 0) {
    insert(Event{at_most_end_of_time(time), order_of(cls), a, b, kind, status, flags});
  }
  /// The simulated clock's last instant, Duration::max() (about 73 years):
  /// an event due later happens then. Every duration saturates there too, so
  /// now + a duration never overflows, however much work queues up.
  static constexpr std::int64_t kEndOfTime = INT64_MAX / 4;
  /// A place in the total order among events at one instant, taken now for
  /// an event pushed later by push_ordered (TimerLines: the event then runs
  /// where it would have, had it been pushed now).
  std::uint64_t reserve_order(EventClass cls) { return order_of(cls); }
  void push_ordered(std::int64_t time, std::uint64_t order, EventKind kind, std::uint32_t a, std::uint32_t b) {
    insert(Event{at_most_end_of_time(time), order, a, b, kind, 0, 0});
  }
  /// An event at the current instant (class normal). It takes its place in the
  /// same total order, but waits in a FIFO instead of the heap: every event
  /// pushed later at this instant comes later in the order, so the FIFO is
  /// sorted, and pop() only compares its front with the heap's top.
  void push_now(std::int64_t now, EventKind kind, std::uint32_t a, std::uint32_t b, std::uint8_t status = 0,
                std::uint8_t flags = 0) {
    now_fifo_.push_back(Event{now, order_of(EventClass::normal), a, b, kind, status, flags});
  }
  bool empty() const { return heap_size() == 0 && now_head_ == now_fifo_.size(); }
  std::size_t size() const { return heap_size() + (now_fifo_.size() - now_head_); }
  Event pop() {
    fill_hole();
    if (now_head_ < now_fifo_.size() && (heap_.empty() || now_fifo_[now_head_].rank() < heap_.front().rank())) {
      const Event e = now_fifo_[now_head_++];
      if (now_head_ == now_fifo_.size()) {
        now_fifo_.clear();  // keeps its capacity: no allocation in steady state
        now_head_ = 0;
      }
      return e;
    }
    hole_ = true;  // the root is free until the next push or pop
    return heap_.front();
  }

 private:
  static constexpr std::size_t kArity = 4;
  std::size_t heap_size() const { return heap_.size() - (hole_ ? 1 : 0); }
  void insert(const Event& e) {
    if (hole_) {
      hole_ = false;
      sift_down(e);
    } else {
      sift_up(e);
    }
  }
  /// Refills a root left empty by pop() with the last element.
  void fill_hole() {
    if (!hole_) return;
    hole_ = false;
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
  }
  // Sifting moves a hole rather than swapping: each level costs one copy.
  void sift_up(const Event& e) {
    std::size_t hole = heap_.size();
    heap_.push_back(e);
    const unsigned __int128 rank = e.rank();
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (heap_[parent].rank() <= rank) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }
  /// Places `e` at the root (whose element is gone) and moves it down.
  void sift_down(const Event& e) {
    const std::size_t n = heap_.size();
    const unsigned __int128 rank = e.rank();
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = kArity * hole + 1;
      if (first >= n) break;
      std::size_t best = first;
      unsigned __int128 best_rank = heap_[first].rank();
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c) {
        const unsigned __int128 r = heap_[c].rank();
        if (r < best_rank) {
          best = c;
          best_rank = r;
        }
      }
      if (rank <= best_rank) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = e;
  }
  static std::int64_t at_most_end_of_time(std::int64_t time) { return time < kEndOfTime ? time : kEndOfTime; }
  std::uint64_t order_of(EventClass cls) { return (static_cast<std::uint64_t>(cls) << 56) | next_seq_++; }

  std::vector<Event> heap_;
  bool hole_ = false;  // heap_[0] was popped and not yet refilled
  std::vector<Event> now_fifo_;
  std::size_t now_head_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace svcsim::detail
