// The future event list (src/sim/event_queue.hpp): whatever the mix of
// pushes, pops, events at the current instant and reserved places, events
// come out in the total order (time, class, insertion sequence), checked
// against a sorted reference.
#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <tuple>
#include <vector>

#include "sim/event_queue.hpp"
#include "svcsim/random.hpp"

using namespace svcsim::detail;

namespace {

// (time, class, sequence of the push) identifies an event in the reference.
using Key = std::tuple<std::int64_t, int, std::uint32_t>;

}  // namespace

TEST_CASE("the event queue pops in (time, class, insertion) order", "[event_queue]") {
  svcsim::RandomStream rng(7, "test/event-queue");
  EventQueue queue;
  std::set<Key> reference;
  std::uint32_t seq = 0;
  std::int64_t now = 0;
  std::vector<std::uint64_t> reserved;  // places taken for later push_ordered
  std::vector<std::int64_t> reserved_at;
  std::vector<std::uint32_t> reserved_seq;
  std::size_t popped = 0;
  for (int step = 0; step < 200'000; ++step) {
    const std::uint64_t what = rng.below(10);
    if (what < 4) {  // a future event, often at a time already queued (ties)
      const std::int64_t t = now + static_cast<std::int64_t>(rng.below(50));
      const int cls = static_cast<int>(rng.below(3));
      queue.push(t, static_cast<EventClass>(cls), EventKind::work_done, seq, 0);
      reference.emplace(t, cls, seq++);
    } else if (what == 4) {  // at the current instant
      queue.push_now(now, EventKind::call_response, seq, 0);
      reference.emplace(now, 2, seq++);
    } else if (what == 5 && reserved.size() < 8) {  // a place now, the event later
      reserved.push_back(queue.reserve_order(EventClass::normal));
      reserved_at.push_back(now + static_cast<std::int64_t>(rng.below(50)));
      reserved_seq.push_back(seq++);
    } else if (what == 6 && !reserved.empty()) {
      queue.push_ordered(reserved_at.back(), reserved.back(), EventKind::timer_line, reserved_seq.back(), 0);
      reference.emplace(reserved_at.back(), 2, reserved_seq.back());
      reserved.pop_back();
      reserved_at.pop_back();
      reserved_seq.pop_back();
    } else if (!queue.empty()) {
      REQUIRE(queue.size() == reference.size());
      const Event e = queue.pop();
      const Key want = *reference.begin();
      reference.erase(reference.begin());
      REQUIRE(e.time() == std::get<0>(want));
      REQUIRE(e.a() == std::get<2>(want));
      now = e.time();
      ++popped;
    }
  }
  while (!queue.empty()) {
    const Event e = queue.pop();
    REQUIRE(e.a() == std::get<2>(*reference.begin()));
    reference.erase(reference.begin());
  }
  CHECK(reference.empty());
  CHECK(popped > 50'000);  // the loop above did exercise pops against a full heap
}

TEST_CASE("an event keeps its fields through the queue", "[event_queue]") {
  EventQueue queue;
  queue.push(123'456'789'012, EventClass::normal, EventKind::call_response, 0xFFFF'FFFF, 17, 3, 1);
  queue.push(0, EventClass::observe, EventKind::series_tick, 1, 2);
  const Event first = queue.pop();
  CHECK(first.time() == 0);
  CHECK(first.kind() == EventKind::series_tick);
  const Event e = queue.pop();
  CHECK(e.time() == 123'456'789'012);
  CHECK(e.kind() == EventKind::call_response);
  CHECK(e.a() == 0xFFFF'FFFF);
  CHECK(e.b() == 17);
  CHECK(e.status() == 3);
  CHECK(e.flags() == 1);
  CHECK(queue.empty());
}
