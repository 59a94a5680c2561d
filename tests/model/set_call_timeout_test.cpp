// Simulation::set on a service call's timeout (services.NAME.calls[i].timeout):
// the fix of timeout mis-ordering, applied mid-run by a workshop or a map.
#include <doctest/doctest.h>

#include "faultline/scenario/load.hpp"
#include "faultline/simulation.hpp"
#include "support/results.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

// The backend answers in 200 ms; the frontend waits up to 1 s, then 50 ms from 10 s on.
const char* kScenario = R"(
simulation: {duration: 20s, seed: 3}
services:
  frontend:
    workers: 100
    service_time: {dist: constant, value: 1ms}
    calls: [{service: backend, timeout: 1s}]
  backend:
    workers: 100
    service_time: {dist: constant, value: 200ms}
clients:
  web: {target: frontend, rate: 100/s}
)";

}  // namespace

TEST_CASE("set: a service call's timeout changes from now on; bad indices and values are refused") {
  const Spec spec = load_spec_from_string(kScenario, "s.yaml");
  Simulation sim(spec);
  sim.advance_to(Time::zero() + Duration::s(10));
  CHECK_FALSE(sim.set("services.frontend.calls[0].timeout", "50ms"));
  auto e = sim.set("services.frontend.calls[1].timeout", "50ms");
  REQUIRE(e);
  CHECK(e->find("has 1 calls") != std::string::npos);
  e = sim.set("services.frontend.calls.0.timeout", "soon");
  REQUIRE(e);
  CHECK(e->find("a duration") != std::string::npos);
  sim.advance_to(sim.end());
  const RunResult r = sim.finish();
  const auto& good = series(r, "clients.web", "goodput_per_s");
  CHECK(mean(good, 2, 10) == doctest::Approx(100).epsilon(0.1));  // 200 ms fits in 1 s
  CHECK(mean(good, 11, 20) < 1);                                   // but not in 50 ms
}
