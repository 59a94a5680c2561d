// faultline::run: a Simulation advanced to its end in one step.
#include "faultline/faultline.hpp"
#include "faultline/simulation.hpp"

namespace faultline {

RunResult run(const Spec& spec, const RunOptions& options) {
  Simulation sim(spec, options);
  sim.advance_to(sim.end());
  return sim.finish();
}

}  // namespace faultline
