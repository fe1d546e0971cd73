// The CPU of one instance (SPEC 7.1): its working workers share `cores` by
// processor sharing, optionally under a CFS quota (cpu_limit). Virtual time
// (the work each worker has received since the instance began) advances at
// min(1, cores / n) per second with n workers working, and at 0 while the
// instance is throttled; a job ends when the virtual time reaches its
// target, so a join, a leave or an end costs O(log n), never a pass over all
// workers. The engine asks next_event() and calls on_event() then.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "svcsim/scenario.hpp"

namespace svcsim::detail {

class CpuShare {
 public:
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

  /// `cores`: nullopt gives every worker a core of its own (only a quota, if
  /// any, then limits them).
  void configure(std::optional<double> cores, const std::optional<CpuLimit>& limit);

  /// A worker starts (or resumes) `demand_ns` of work for `task` at `now`;
  /// returns the job's handle.
  std::uint32_t start(std::int64_t now, double demand_ns, std::uint32_t task);
  /// A job leaves before its end (preempted, or its instance went down):
  /// returns the work it still needed, in ns.
  double stop(std::int64_t now, std::uint32_t job);
  /// When the next job ends, the quota runs out, or a throttled period ends;
  /// kNever while no job works.
  std::int64_t next_event() const;
  /// At `now`: advances to it and appends the tasks whose work is done to `done`
  /// (in the order of their targets, then of their starts).
  void on_event(std::int64_t now, std::vector<std::uint32_t>& done);

  int working() const { return working_; }
  /// Work waits for the next period: the quota is used up and some worker is
  /// working (as CFS counts throttled time: only while there is demand).
  bool throttled() const { return throttled_ && working_ > 0; }
  /// Cores in use now, in thousandths (an integer, for the engine's time integrals).
  std::int64_t busy_millicores() const;

  /// The engine's guard for the event it scheduled (stale ones carry an older token).
  std::uint32_t token = 0;
  std::int64_t scheduled_at = kNever;

 private:
  struct Job {
    std::uint32_t task = 0;
    std::uint32_t generation = 0;
    double target = 0;  // the virtual time at which its work is done
    bool live = false;
  };
  struct Entry {
    double target;
    std::uint64_t seq;  // ties: the job that started first ends first
    std::uint32_t job;
    std::uint32_t generation;
  };
  static bool later(const Entry& x, const Entry& y) {
    return x.target != y.target ? x.target > y.target : x.seq > y.seq;
  }
  void advance(std::int64_t now);
  double rate() const;             // virtual ns per ns for each working job
  double consumption() const;      // CPU ns per ns of the instance
  void drop_dead_top();
  void pop_top();

  double cores_ = std::numeric_limits<double>::infinity();
  bool limited_ = false;
  double quota_ns_ = 0;            // CPU ns per period
  std::int64_t period_ns_ = 0;
  std::int64_t period_end_ = 0;    // the end of the current period
  double quota_left_ = 0;
  bool throttled_ = false;
  double virtual_ = 0;             // virtual time
  std::int64_t last_ = 0;          // when virtual_ and quota_left_ were brought up to date
  int working_ = 0;
  std::uint64_t next_seq_ = 0;
  std::vector<Job> jobs_;
  std::vector<std::uint32_t> free_jobs_;
  std::vector<Entry> heap_;        // a min-heap by (target, seq); dead entries dropped lazily
};

}  // namespace svcsim::detail
