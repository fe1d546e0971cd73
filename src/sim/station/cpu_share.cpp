// Processor sharing with virtual time and a CFS quota (see cpu_share.hpp).
#include "sim/station/cpu_share.hpp"

#include <algorithm>
#include <cmath>

namespace svcsim::detail {

namespace {
/// A job whose target is within this much virtual time of now is done: event
/// times are rounded up to whole nanoseconds, so only floating-point error
/// (far below this) can leave a due job a hair short.
constexpr double kDoneTolerance = 0.5;
}  // namespace

void CpuShare::configure(std::optional<double> cores, const std::optional<CpuLimit>& limit) {
  cores_ = cores ? *cores : std::numeric_limits<double>::infinity();
  limited_ = limit.has_value();
  if (limited_) {
    period_ns_ = limit->period.ns;
    quota_ns_ = limit->cores * static_cast<double>(period_ns_);
    quota_left_ = quota_ns_;
    period_end_ = period_ns_;
  }
}

double CpuShare::rate() const {
  if (throttled_ || working_ == 0) return 0;
  return std::min(1.0, cores_ / working_);
}

double CpuShare::consumption() const {
  if (throttled_) return 0;
  return std::min(static_cast<double>(working_), cores_);
}

std::int64_t CpuShare::busy_millicores() const {
  return static_cast<std::int64_t>(std::llround(consumption() * 1000.0));
}

void CpuShare::advance(std::int64_t now) {
  while (last_ < now) {
    const std::int64_t until = limited_ ? std::min(now, period_end_) : now;
    if (!throttled_ && working_ > 0) {
      const auto dt = static_cast<double>(until - last_);
      virtual_ += dt * rate();
      if (limited_) {
        quota_left_ -= dt * consumption();
        if (quota_left_ <= 0) {
          quota_left_ = 0;
          throttled_ = true;
        }
      }
    }
    last_ = until;
    if (limited_ && last_ >= period_end_) {  // a new period: the quota is whole again
      quota_left_ = quota_ns_;
      throttled_ = false;
      period_end_ = last_ + period_ns_;
      // Idle for whole periods: jump to the one that holds `now` (periods start at 0).
      if (period_end_ <= now) {
        period_end_ = (now / period_ns_ + 1) * period_ns_;
        last_ = period_end_ - period_ns_;
      }
    }
  }
}

std::uint32_t CpuShare::start(std::int64_t now, double demand_ns, std::uint32_t task) {
  advance(now);
  std::uint32_t id;
  if (!free_jobs_.empty()) {
    id = free_jobs_.back();
    free_jobs_.pop_back();
  } else {
    id = static_cast<std::uint32_t>(jobs_.size());
    jobs_.emplace_back();
  }
  Job& job = jobs_[id];
  job.task = task;
  job.target = virtual_ + std::max(0.0, demand_ns);
  job.live = true;
  ++working_;
  heap_.push_back(Entry{job.target, next_seq_++, id, job.generation});
  std::push_heap(heap_.begin(), heap_.end(), later);
  return id;
}

double CpuShare::stop(std::int64_t now, std::uint32_t id) {
  advance(now);
  Job& job = jobs_[id];
  const double remaining = std::max(0.0, job.target - virtual_);
  job.live = false;
  ++job.generation;
  free_jobs_.push_back(id);
  --working_;
  drop_dead_top();
  return remaining;
}

void CpuShare::drop_dead_top() {
  while (!heap_.empty() && heap_.front().generation != jobs_[heap_.front().job].generation) pop_top();
}

void CpuShare::pop_top() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  heap_.pop_back();
}

std::int64_t CpuShare::next_event() const {
  if (working_ == 0) return kNever;
  if (throttled_) return period_end_;
  std::int64_t next = kNever;
  const double r = rate();
  if (!heap_.empty() && r > 0) {
    const double left = std::max(0.0, heap_.front().target - virtual_);
    next = last_ + static_cast<std::int64_t>(std::ceil(left / r));
  }
  if (limited_) {
    next = std::min(next, period_end_);
    const double use = consumption();
    if (use > 0) next = std::min(next, last_ + static_cast<std::int64_t>(std::ceil(quota_left_ / use)));
  }
  return next;
}

void CpuShare::on_event(std::int64_t now, std::vector<std::uint32_t>& done) {
  advance(now);
  while (!heap_.empty()) {
    const Entry top = heap_.front();
    Job& job = jobs_[top.job];
    if (top.generation != job.generation) {
      pop_top();
      continue;
    }
    if (top.target > virtual_ + kDoneTolerance) break;
    pop_top();
    done.push_back(job.task);
    job.live = false;
    ++job.generation;
    free_jobs_.push_back(top.job);
    --working_;
  }
}

}  // namespace svcsim::detail
