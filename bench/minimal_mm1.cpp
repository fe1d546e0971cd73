// A minimal M/M/1 event loop: a binary heap of (time, kind) events and a FIFO
// of arrival times. It is meant to be a fair baseline, not a strawman: the same
// random generator (svcsim::RandomStream) and the same inverse-transform
// exponential draw as svcsim, no allocation in steady state, nothing extra.
#include "minimal_mm1.hpp"

#include <cmath>
#include <queue>
#include <vector>

#include "minimal_fifo.hpp"
#include "svcsim/random.hpp"

namespace svcsim::bench {
namespace {

enum class Kind : std::uint8_t { arrival, departure };

struct Event {
  double time;
  Kind kind;
};

struct Later {
  bool operator()(const Event& x, const Event& y) const { return x.time > y.time; }
};

}  // namespace

MinimalResult run_minimal_mm1(double arrival_rate_per_s, double mean_service_s, double duration_s,
                              std::uint64_t seed) {
  RandomStream arrivals(seed, "minimal/arrivals");
  RandomStream service(seed, "minimal/service");
  const double mean_interarrival_s = 1.0 / arrival_rate_per_s;
  std::vector<Event> storage;
  storage.reserve(4);  // at most one arrival and one departure are pending
  std::priority_queue<Event, std::vector<Event>, Later> heap(Later{}, std::move(storage));
  MinimalFifo in_system;  // arrival times; the front one is in service

  MinimalResult r;
  double response_sum_s = 0;
  std::uint64_t completed = 0;
  const double first = -mean_interarrival_s * std::log(arrivals.uniform01());
  if (first < duration_s) heap.push(Event{first, Kind::arrival});
  while (!heap.empty()) {
    const Event e = heap.top();
    heap.pop();
    ++r.events;
    if (e.kind == Kind::arrival) {
      ++r.requests;
      const bool idle = in_system.empty();
      in_system.push(e.time);
      if (idle) heap.push(Event{e.time - mean_service_s * std::log(service.uniform01()), Kind::departure});
      const double next = e.time - mean_interarrival_s * std::log(arrivals.uniform01());
      if (next < duration_s) heap.push(Event{next, Kind::arrival});
    } else {
      response_sum_s += e.time - in_system.pop();
      ++completed;
      if (!in_system.empty())
        heap.push(Event{e.time - mean_service_s * std::log(service.uniform01()), Kind::departure});
    }
  }
  r.mean_response_s = completed ? response_sum_s / static_cast<double>(completed) : 0.0;
  return r;
}

}  // namespace svcsim::bench
