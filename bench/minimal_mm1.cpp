// A minimal M/M/1 event loop: a binary heap of (time, kind) events and a FIFO
// of arrival times. It is meant to be a fair baseline, not a strawman: the same
// random generator (svcsim::RandomStream) and the same inverse-transform
// exponential draw as svcsim, no allocation in steady state, nothing extra.
#include "minimal_mm1.hpp"

#include <cmath>
#include <queue>
#include <vector>

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

/// A growable ring buffer: std::deque would allocate and free a block every few
/// dozen requests, which a tight loop would not do.
class Fifo {
 public:
  Fifo() : buf_(64) {}
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

}  // namespace

MinimalResult run_minimal_mm1(double arrival_rate_per_s, double mean_service_s, double duration_s,
                              std::uint64_t seed) {
  RandomStream arrivals(seed, "minimal/arrivals");
  RandomStream service(seed, "minimal/service");
  const double mean_interarrival_s = 1.0 / arrival_rate_per_s;
  std::vector<Event> storage;
  storage.reserve(4);  // at most one arrival and one departure are pending
  std::priority_queue<Event, std::vector<Event>, Later> heap(Later{}, std::move(storage));
  Fifo in_system;  // arrival times; the front one is in service

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
