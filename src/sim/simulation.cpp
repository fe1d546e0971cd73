// simulate(): the run stage of the pipeline, Scenario -> Results.
#include "svcsim/simulation.hpp"

#include <new>

#include "sim/engine.hpp"

namespace svcsim {

Results simulate(const Scenario& scenario, const RunOptions& options) {
  detail::Engine engine(scenario, options);
  try {
    return engine.run();
  } catch (const std::bad_alloc&) {
    // Memory ran out mid-run (an address-space limit, no overcommit): a
    // stopped run, like one that passes --max-memory (issue 14).
    return engine.out_of_memory();
  }
}

}  // namespace svcsim
