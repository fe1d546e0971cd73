// Ctrl-C (SIGINT) or SIGTERM during a run: the first one asks the simulation
// to stop (it then writes what it has, exit 3); a second one kills the process
// as usual. While output files are written both are held back, so a signal
// never leaves a temporary file behind: it takes effect once they are written.
#pragma once

#include <atomic>

#include <signal.h>

namespace svcsim::cli {

/// Installs the SIGINT and SIGTERM handler for its lifetime and restores the previous ones after.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  /// Set by the handler; pass to RunOptions::interrupt.
  const std::atomic<bool>& flag() const;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

/// Holds SIGINT and SIGTERM back (blocked, pending) for its lifetime: the
/// calling thread must be the only one (no simulation threads running).
class SignalsHeld {
 public:
  SignalsHeld();
  ~SignalsHeld();
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  sigset_t previous_ {};
};

}  // namespace svcsim::cli
