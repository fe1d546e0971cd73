// Timers of one fixed delay kept in a line, with one event in the queue per
// line instead of one per timer. A call site's timeout, its per-try timeout,
// its hedge delay and a node's queue timeout are constants, and every timer
// of one is set at now + that constant with time never going back, so its
// timers fall due in the order they were set: a FIFO. Most of them are dead
// long before they fall due (the call answered), and an event per timer made
// the queue pop a stale event for nearly every timed call (two per request
// in scenarios/netflix.yaml). The line's one event stands for its front
// timer; when it fires, dead timers behind it are dropped from the line
// without touching the queue, and the event goes to the first live one.
//
// Each timer reserves its place in the queue's total order when it is set,
// exactly as a pushed event would, and its line's event carries that place:
// events still run in the same order as with one event per timer, so no
// figure changes, only the count of events popped.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/event_queue.hpp"

namespace svcsim::detail {

class TimerLines {
 public:
  struct Timer {
    std::int64_t due = 0;
    std::uint64_t order = 0;  // its place among events at the same instant (EventQueue::reserve_order)
    std::uint32_t a = 0, b = 0;  // as the event of `kind` would carry them
  };

  /// A new line for timers that fire as events of `kind`; returns its id.
  std::uint32_t add_line(EventKind kind) {
    lines_.push_back(Line{kind});
    return static_cast<std::uint32_t>(lines_.size() - 1);
  }
  EventKind kind(std::uint32_t line) const { return lines_[line].kind; }

  /// Sets a timer due at `due` (> now, and no earlier than the line's last).
  void set(EventQueue& queue, std::uint32_t line, std::int64_t due, std::uint32_t a, std::uint32_t b) {
    Line& l = lines_[line];
    l.push(Timer{due, queue.reserve_order(EventClass::normal), a, b});
    if (!l.armed) arm(queue, l, line);
  }

  /// The line's event fired: its front timer, taken off the line.
  Timer take_due(std::uint32_t line) {
    Line& l = lines_[line];
    l.armed = false;
    return l.pop();
  }

  /// After the front timer ran: drops the dead timers now at the front
  /// (`alive(timer)` false) and puts the line's event at the first live one.
  template <class Alive>
  void rearm(EventQueue& queue, std::uint32_t line, Alive alive) {
    Line& l = lines_[line];
    if (l.armed) return;  // the timer that ran set one on an empty line, and armed it
    while (l.size > 0 && !alive(l.front())) l.pop();
    if (l.size > 0) arm(queue, l, line);
  }

 private:
  /// A growable ring of timers (a std::deque would allocate and free blocks as
  /// the line moves: an allocation every few hundred timers).
  struct Line {
    EventKind kind;
    bool armed = false;  // its event is in the queue
    std::vector<Timer> ring = std::vector<Timer>(8);  // size a power of two
    std::size_t head = 0, size = 0;

    const Timer& front() const { return ring[head]; }
    Timer pop() {
      const Timer t = ring[head];
      head = (head + 1) & (ring.size() - 1);
      --size;
      return t;
    }
    void push(const Timer& t) {
      if (size == ring.size()) grow();
      ring[(head + size) & (ring.size() - 1)] = t;
      ++size;
    }
    void grow() {
      std::vector<Timer> bigger(ring.size() * 2);
      for (std::size_t i = 0; i < size; ++i) bigger[i] = ring[(head + i) & (ring.size() - 1)];
      ring.swap(bigger);
      head = 0;
    }
  };
  static void arm(EventQueue& queue, Line& l, std::uint32_t line) {
    queue.push_ordered(l.front().due, l.front().order, EventKind::timer_line, line, 0);
    l.armed = true;
  }

  std::vector<Line> lines_;
};

}  // namespace svcsim::detail
