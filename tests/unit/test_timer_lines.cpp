// Timer lines (src/sim/timer_lines.hpp): timers of one fixed delay wait in a
// line with one event in the queue; the events come out in exactly the order
// they would have as one event per timer, and dead timers cost no event.
#include <catch2/catch.hpp>

#include <set>
#include <vector>

#include "sim/timer_lines.hpp"

using namespace svcsim::detail;

namespace {

struct Popped {
  std::int64_t time;
  std::uint32_t a;
  bool operator==(const Popped&) const = default;
};

}  // namespace

TEST_CASE("timers in a line run where one event per timer would have run", "[timers]") {
  // The same pushes twice: once each timer its own event, once through a line.
  // Other events share the timers' instants, before and after them.
  EventQueue direct, lined;
  TimerLines lines;
  const std::uint32_t line = lines.add_line(EventKind::call_timeout);
  struct Push { std::int64_t time; std::uint32_t a; bool timer; };
  const std::vector<Push> pushes = {{5, 100, false}, {10, 1, true},  {10, 101, false}, {12, 2, true},
                                    {12, 3, true},   {12, 102, false}, {40, 4, true}};
  for (const Push& p : pushes) {
    direct.push(p.time, EventClass::normal, p.timer ? EventKind::call_timeout : EventKind::work_done, p.a, 0);
    if (p.timer) lines.set(lined, line, p.time, p.a, 0);
    else lined.push(p.time, EventClass::normal, EventKind::work_done, p.a, 0);
  }
  std::vector<Popped> want, got;
  while (!direct.empty()) {
    const Event e = direct.pop();
    want.push_back({e.time(), e.a()});
  }
  while (!lined.empty()) {
    const Event e = lined.pop();
    if (e.kind() == EventKind::timer_line) {
      const TimerLines::Timer t = lines.take_due(e.a());
      REQUIRE(t.due == e.time());
      got.push_back({t.due, t.a});
      lines.rearm(lined, e.a(), [](const TimerLines::Timer&) { return true; });
    } else {
      got.push_back({e.time(), e.a()});
    }
  }
  CHECK(got == want);
}

TEST_CASE("dead timers are dropped without an event", "[timers]") {
  EventQueue queue;
  TimerLines lines;
  const std::uint32_t line = lines.add_line(EventKind::call_timeout);
  for (std::uint32_t i = 0; i < 100; ++i) lines.set(queue, line, 1000 + i, i, 0);
  // Only 50 and 99 stay alive. Timer 0's event was queued when it was set; it
  // died afterwards, so that one stale event still pops, and no other.
  const std::set<std::uint32_t> alive = {50, 99};
  std::vector<std::uint32_t> fired;
  int events = 0;
  while (!queue.empty()) {
    const Event e = queue.pop();
    ++events;
    REQUIRE(e.kind() == EventKind::timer_line);
    const TimerLines::Timer t = lines.take_due(e.a());
    if (alive.count(t.a)) fired.push_back(t.a);
    lines.rearm(queue, e.a(), [&](const TimerLines::Timer& next) { return alive.count(next.a) > 0; });
  }
  CHECK(fired == std::vector<std::uint32_t>{50, 99});
  CHECK(events == 3);  // the front one, then straight to 50, then 99
}

TEST_CASE("a timer set while its line's front runs is not lost or doubled", "[timers]") {
  EventQueue queue;
  TimerLines lines;
  const std::uint32_t line = lines.add_line(EventKind::hedge_timer);
  lines.set(queue, line, 10, 1, 0);
  std::vector<std::int64_t> fired;
  while (!queue.empty()) {
    const Event e = queue.pop();
    const TimerLines::Timer t = lines.take_due(e.a());
    fired.push_back(t.due);
    // Like a hedge timer, each sets the next one while it runs (the line is empty then).
    if (fired.size() < 3) lines.set(queue, line, t.due + 10, t.a + 1, 0);
    lines.rearm(queue, e.a(), [](const TimerLines::Timer&) { return true; });
  }
  CHECK(fired == std::vector<std::int64_t>{10, 20, 30});
}

TEST_CASE("a line grows past its first ring without losing order", "[timers]") {
  EventQueue queue;
  TimerLines lines;
  const std::uint32_t line = lines.add_line(EventKind::queue_timeout);
  for (std::uint32_t i = 0; i < 1000; ++i) lines.set(queue, line, 7 + i, i, 0);
  std::uint32_t next = 0;
  while (!queue.empty()) {
    const Event e = queue.pop();
    const TimerLines::Timer t = lines.take_due(e.a());
    CHECK(t.a == next++);
    lines.rearm(queue, e.a(), [](const TimerLines::Timer&) { return true; });
  }
  CHECK(next == 1000);
}
