// Simulation: a run advanced in steps is the run made in one; actions taken
// between steps (faults, settings) change it, and replay to the same run.
#include "faultline/simulation.hpp"

#include <doctest/doctest.h>

#include "support/results.hpp"
#include "support/spec_builder.hpp"
#include "support/sim_time.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

Spec steady_scenario() {
  Spec s = base_spec(20);
  const int db = add_service(s, "db", 4, exponential_ms(5), 100);
  const int c = add_open_client(s, "web", db, 200);
  s.clients[static_cast<std::size_t>(c)].timeout = Duration::ms(100);
  s.clients[static_cast<std::size_t>(c)].retry = add_jittered_retry(s, "r", 3, Duration::ms(10));
  add_fault(s, FaultSpec::Kind::latency, db, 5, 3).multiply = 4;
  return s;
}

FaultSpec outage_of(int service) {
  FaultSpec f;
  f.kind = FaultSpec::Kind::outage;
  f.target = service;
  f.mode = FaultSpec::OutageMode::refuse;
  return f;
}

using faultline::testing::at_s;

}  // namespace

TEST_CASE("simulation: advanced in uneven steps it is the run made in one") {
  const Spec s = steady_scenario();
  const RunResult whole = run(s);
  Simulation sim(s);
  for (double t : {0.0, 0.3, 1.0, 1.0, 4.999, 5.0, 7.25, 13.0}) CHECK(sim.advance_to(at_s(t)));
  CHECK(sim.now() == at_s(13.0));
  CHECK_FALSE(sim.done());
  CHECK(sim.series().times_s.size() == 13);  // complete intervals only
  CHECK(sim.faults().size() == 1);           // the latency fault began at 5 s
  sim.advance_to(at_s(1000));                // clipped to the end
  CHECK(sim.done());
  const RunResult stepped = sim.finish();
  CHECK(stepped.engine.fingerprint == whole.engine.fingerprint);
  CHECK(stepped.engine.events == whole.engine.events);
  CHECK(stepped.clients.at(0).succeeded == whole.clients.at(0).succeeded);
  CHECK_FALSE(stepped.partial);
}

TEST_CASE("simulation: an injected outage lowers goodput until cleared - replay gives the same run") {
  auto drive = [](bool clear) {
    Simulation sim(steady_scenario());
    sim.advance_to(at_s(10));
    const std::uint32_t id = sim.inject_fault(outage_of(0));
    CHECK(id == 1);  // after the scenario's one fault
    sim.advance_to(at_s(14));
    if (clear) CHECK(sim.clear_fault(id));
    CHECK_FALSE(sim.clear_fault(99));
    sim.advance_to(sim.end());
    return sim.finish();
  };
  const RunResult cleared = drive(true);
  const auto& goodput = series(cleared, "clients.web", "goodput_per_s");
  CHECK(mean(goodput, 1, 5) == doctest::Approx(200).epsilon(0.1));
  CHECK(mean(goodput, 10, 14) < 1);                                    // the outage
  CHECK(mean(goodput, 15, 20) == doctest::Approx(200).epsilon(0.1));  // over once cleared
  REQUIRE(cleared.faults.size() == 2);
  CHECK(cleared.faults[1].kind == "outage");
  CHECK(cleared.faults[1].start_s == doctest::Approx(10));
  CHECK(cleared.faults[1].end_s == doctest::Approx(14));

  const RunResult kept = drive(false);  // never cleared: lasts to the end
  CHECK(mean(series(kept, "clients.web", "goodput_per_s"), 15, 20) < 1);
  CHECK(kept.faults[1].end_s == doctest::Approx(20));

  CHECK(drive(true).engine.fingerprint == cleared.engine.fingerprint);  // replayed
  CHECK(cleared.engine.fingerprint != run(steady_scenario()).engine.fingerprint);
}

TEST_CASE("simulation: clearing a scheduled fault before it begins cancels it") {
  Simulation sim(steady_scenario());
  sim.advance_to(at_s(2));
  CHECK(sim.clear_fault(0));
  CHECK_FALSE(sim.clear_fault(0));
  sim.advance_to(sim.end());
  const RunResult r = sim.finish();
  CHECK(mean(series(r, "clients.web", "p50_ms"), 6, 8) < 10);  // no latency fault at 5..8 s
}

TEST_CASE("simulation: set changes a client's rate and a service's workers from now on") {
  Simulation sim(steady_scenario());
  sim.advance_to(at_s(10));
  CHECK_FALSE(sim.set("clients.web.rate", "50/s"));
  sim.advance_to(sim.end());
  const RunResult r = sim.finish();
  const auto& ops = series(r, "clients.web", "operations_per_s");
  CHECK(mean(ops, 1, 10) == doctest::Approx(200).epsilon(0.1));
  CHECK(mean(ops, 10, 20) == doctest::Approx(50).epsilon(0.15));

  Spec one = steady_scenario();
  one.faults.clear();
  one.services[0].workers = 1;  // 200/s of 5 ms on one worker: rho 1, queue full
  Simulation more(one);
  more.advance_to(at_s(10));
  CHECK_FALSE(more.set("services.db.workers", "8"));
  CHECK_FALSE(more.set("retry_policies.r.max_attempts", "1"));
  more.advance_to(more.end());
  const RunResult m = more.finish();
  const auto& queue = series(m, "services.db", "queue_length");
  CHECK(mean(queue, 5, 10) > 10);
  CHECK(mean(queue, 12, 20) < 1);
}

TEST_CASE("simulation: set refuses what cannot change mid-run, and bad values, with a message") {
  Simulation sim(steady_scenario());
  sim.advance_to(at_s(1));
  auto e = sim.set("services.db.replicas", "3");
  REQUIRE(e);
  CHECK(e->find("cannot change mid-run") != std::string::npos);
  e = sim.set("services.db.service_time", "{dist: constant, value: 1ms}");
  REQUIRE(e);
  CHECK(e->find("clients.NAME.rate") != std::string::npos);  // lists what can
  e = sim.set("clients.web.users", "3");
  REQUIRE(e);
  CHECK(e->find("open loop") != std::string::npos);
  e = sim.set("clients.nope.rate", "3/s");
  REQUIRE(e);
  CHECK(e->find("no client named nope") != std::string::npos);
  e = sim.set("retry_policies.r.max_attempts", "0");
  REQUIRE(e);
  CHECK(e->find("1..100") != std::string::npos);
  CHECK_FALSE(sim.set("retry_policies.r.retry_on", "[timeout, rejected]"));
  CHECK_FALSE(sim.set("clients.web.timeout", "none"));
  CHECK_THROWS_AS(sim.inject_fault(outage_of(7)), std::invalid_argument);
}
