// The exit codes of SPEC section 5, named once.
#pragma once

namespace svcsim::cli {

enum ExitCode : int {
  kExitOk = 0,               // ran, and every objective held
  kExitObjectiveFailed = 1,  // an objective failed
  kExitUsage = 2,            // the scenario or the command line is wrong (or an objective cannot be evaluated)
  kExitStopped = 3,          // the simulation was stopped: in-flight limit or interrupt
};

}  // namespace svcsim::cli
