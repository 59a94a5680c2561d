// The data-tier scenarios show what they claim, and their fix variants fix it.
#include <doctest/doctest.h>

#include "faultline/faultline.hpp"
#include "support/results.hpp"

using namespace faultline;
using namespace faultline::testing;

TEST_CASE("gc-death-spiral: a 10 s burst leaves the service saturated; twice the workers recover") {
  const RunResult spiral = run_scenario("gc-death-spiral");
  const RunResult headroom = run_scenario("gc-death-spiral", {Override{"services.api.workers", "64"}});
  CHECK(spiral.services[0].utilization > 0.8);  // over the whole window: 16% before the burst
  CHECK(spiral.clients[0].goodput_per_s < 100);  // of 320/s offered
  CHECK(headroom.clients[0].goodput_per_s > 250);
  CHECK(headroom.services[0].utilization < 0.5);
}
