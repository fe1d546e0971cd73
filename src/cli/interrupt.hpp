// Ctrl-C during a run: the first SIGINT asks the simulation to stop (it then
// reports what it has, exit 3); a second one kills the process as usual.
#pragma once

#include <atomic>

#include <signal.h>

namespace svcsim::cli {

/// Installs the SIGINT handler for its lifetime and restores the previous one after.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  /// Set by the handler; pass to RunOptions::interrupt.
  const std::atomic<bool>& flag() const;

 private:
  struct sigaction previous_ {};
};

}  // namespace svcsim::cli
