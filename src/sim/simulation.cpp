// simulate(): the run stage of the pipeline, Scenario -> Results.
#include "svcsim/simulation.hpp"

#include "sim/engine.hpp"

namespace svcsim {

Results simulate(const Scenario& scenario, const RunOptions& options) {
  detail::Engine engine(scenario, options);
  return engine.run();
}

}  // namespace svcsim
