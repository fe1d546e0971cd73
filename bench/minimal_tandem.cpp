// A minimal tandem of M/M/c stations, in the style of minimal_mm1.cpp: a binary
// heap of (time, station) events and a FIFO of waiting requests per station.
// Same random generator (svcsim::RandomStream), same inverse-transform
// exponential draw, no allocation in steady state, nothing extra.
#include "minimal_tandem.hpp"

#include <cmath>
#include <queue>
#include <string>
#include <vector>

#include "minimal_fifo.hpp"
#include "svcsim/random.hpp"

namespace svcsim::bench {
namespace {

constexpr std::int32_t kArrival = -1;  // Event::station of an arrival into the first station

struct Event {
  double time;
  double origin;         // when the request arrived into the first station
  std::int32_t station;  // kArrival, or the station the request departs from
};

struct Later {
  bool operator()(const Event& x, const Event& y) const { return x.time > y.time; }
};

struct Station {
  int busy = 0;         // servers in use, at most `servers`
  MinimalFifo waiting;  // the origins of the requests waiting for a server
  RandomStream service;
};

}  // namespace

MinimalResult run_minimal_tandem(int stations, int servers, double arrival_rate_per_s, double mean_service_s,
                                 double duration_s, std::uint64_t seed) {
  RandomStream arrivals(seed, "minimal-tandem/arrivals");
  std::vector<Station> station(static_cast<std::size_t>(stations));
  for (int k = 0; k < stations; ++k)
    station[static_cast<std::size_t>(k)].service = RandomStream(seed, "minimal-tandem/s" + std::to_string(k) + "/service");
  const double mean_interarrival_s = 1.0 / arrival_rate_per_s;
  std::vector<Event> storage;
  // At most one arrival and one departure per busy server are pending.
  storage.reserve(static_cast<std::size_t>(stations * servers + 1));
  std::priority_queue<Event, std::vector<Event>, Later> heap(Later{}, std::move(storage));

  // A request reaches station k at `now`: it starts service if a server is
  // free, else waits in the station's FIFO.
  const auto enter = [&](std::int32_t k, double now, double origin) {
    Station& s = station[static_cast<std::size_t>(k)];
    if (s.busy < servers) {
      ++s.busy;
      heap.push(Event{now - mean_service_s * std::log(s.service.uniform01()), origin, k});
    } else {
      s.waiting.push(origin);
    }
  };

  MinimalResult r;
  double response_sum_s = 0;
  std::uint64_t completed = 0;
  const double first = -mean_interarrival_s * std::log(arrivals.uniform01());
  if (first < duration_s) heap.push(Event{first, first, kArrival});
  while (!heap.empty()) {
    const Event e = heap.top();
    heap.pop();
    ++r.events;
    if (e.station == kArrival) {
      ++r.requests;
      enter(0, e.time, e.time);
      const double next = e.time - mean_interarrival_s * std::log(arrivals.uniform01());
      if (next < duration_s) heap.push(Event{next, next, kArrival});
    } else {
      // The server the request leaves goes to the station's next waiter.
      Station& s = station[static_cast<std::size_t>(e.station)];
      if (!s.waiting.empty())
        heap.push(Event{e.time - mean_service_s * std::log(s.service.uniform01()), s.waiting.pop(), e.station});
      else
        --s.busy;
      if (e.station + 1 < stations) {
        enter(e.station + 1, e.time, e.origin);
      } else {
        response_sum_s += e.time - e.origin;
        ++completed;
      }
    }
  }
  r.mean_response_s = completed ? response_sum_s / static_cast<double>(completed) : 0.0;
  return r;
}

}  // namespace svcsim::bench
