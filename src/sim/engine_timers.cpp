// The engine's timers of fixed delays (timeouts, per-try timeouts, hedge
// delays, queue timeouts), kept in lines with one queued event each (see
// timer_lines.hpp): which line a timer joins, and what its line's event does.
#include "sim/engine.hpp"

namespace svcsim::detail {

void Engine::setup_timer_lines() {
  site_timers_.assign(programs_.sites.size(), SiteTimers{});
  for (std::size_t s = 0; s < programs_.sites.size(); ++s) {
    const CallSite& site = programs_.sites[s];
    SiteTimers& lines = site_timers_[s];
    if (site.timeout_ns > 0) lines.call_timeout = timers_.add_line(EventKind::call_timeout);
    if (site.retry && site.retry->per_try_timeout) lines.try_timeout = timers_.add_line(EventKind::try_timeout);
    if (site.hedge) lines.hedge = timers_.add_line(EventKind::hedge_timer);
  }
  queue_timer_line_.assign(nodes_.size(), kNone);
  for (std::size_t n = 0; n < nodes_.size(); ++n)
    if (nodes_[n].queue_timeout_ns > 0) queue_timer_line_[n] = timers_.add_line(EventKind::queue_timeout);
}

void Engine::set_timer(std::uint32_t line, std::int64_t delay_ns, std::uint32_t a, std::uint32_t b) {
  if (delay_ns > 0) timers_.set(events_, line, now_ + delay_ns, a, b);
  else schedule(now_, timers_.kind(line), a, b);  // due at once: the zero-delay FIFO keeps the order
}

bool Engine::timer_alive(EventKind kind, const TimerLines::Timer& timer) const {
  switch (kind) {
    case EventKind::call_timeout:
    case EventKind::hedge_timer: return calls_[timer.a].generation == timer.b;
    case EventKind::try_timeout: return tries_[timer.a].generation == timer.b;
    case EventKind::queue_timeout: {
      const Task& t = tasks_[timer.a];
      return t.generation == timer.b && t.queued && !t.started;
    }
    default: return true;
  }
}

void Engine::on_timer_line(std::uint32_t line) {
  const TimerLines::Timer timer = timers_.take_due(line);
  const EventKind kind = timers_.kind(line);
  // The handlers check, as for any event, that what the timer was set for is
  // still there (a dead timer may be the front one: it died after its line's
  // event was queued).
  switch (kind) {
    case EventKind::call_timeout: on_call_timeout(timer.a, timer.b); break;
    case EventKind::try_timeout: on_try_timeout(timer.a, timer.b); break;
    case EventKind::hedge_timer: on_hedge_timer(timer.a, timer.b); break;
    case EventKind::queue_timeout: on_queue_timeout(timer.a, timer.b); break;
    default: break;
  }
  timers_.rearm(events_, line, [&](const TimerLines::Timer& next) { return timer_alive(kind, next); });
}

}  // namespace svcsim::detail
