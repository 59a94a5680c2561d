// Issue 10's model items: every operation accounted for, runs that cannot
// advance stop with a reason, no time travel, no overflow, bursts that cost
// memory only for what is in flight, samples that own their boundary, and
// duplicates counted per operation and call site.
#include <doctest/doctest.h>

#include <stdexcept>

#include "faultline/engine/engine.hpp"
#include "faultline/faultline.hpp"
#include "support/results.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

void check_accounted(const RunResult& r) {
  for (const ClientSummary& c : r.clients) {
    INFO(r.scenario << " client " << c.name);
    CHECK(c.operations == c.succeeded + c.failed_timeout + c.failed_error + c.failed_rejected +
                              c.failed_short_circuited + c.failed_throttled + c.failed_deadline + c.in_flight);
  }
}

Spec closed_loop_failing_at_once() {
  Spec s = base_spec(10);
  const int api = add_service(s, "api", 1, constant_ms(1), 0);  // one worker, no queue
  add_closed_client(s, "web", api, 2);  // think time 0: the second user is rejected at once, and again, at one instant
  return s;
}

}  // namespace

TEST_CASE("accounting: operations = succeeded + every failure reason + in flight, in every scenario") {
  for (const char* name : {"deadline-propagation", "circuit-breaker", "retry-budget-rescue", "layered-retries"}) {
    const RunResult r = run_scenario(name);
    check_accounted(r);
  }
  const RunResult d = run_scenario("deadline-propagation");
  CHECK(d.clients.at(0).failed_deadline > 0);
}

TEST_CASE("accounting: short-circuited operations are counted as such") {
  Spec s = base_spec(30);
  const int db = add_service(s, "db", 4, constant_ms(5), 100);
  const int c = add_open_client(s, "web", db, 100, ClientSpec::Arrival::uniform);
  s.clients[static_cast<std::size_t>(c)].policies.breaker = breaker(0.5, Duration::s(5), 10, Duration::s(2), 2);
  add_fault(s, FaultSpec::Kind::errors, db, 10, 10).probability = 1;
  const RunResult r = run(s);
  CHECK(r.clients.at(0).failed_short_circuited > 0);
  CHECK(r.clients.at(0).failed_short_circuited == edge(r, "web->db").short_circuited);
  check_accounted(r);
}

TEST_CASE("hangs: closed-loop users failing at once with no think time stop the run with a reason") {
  const RunResult r = run(closed_loop_failing_at_once());
  CHECK(r.partial);
  CHECK(r.simulated_s < 1e-3);
  CHECK(r.stop_reason.find("simulated time stopped advancing") != std::string::npos);
  CHECK(r.stop_reason.find("web") != std::string::npos);

  Spec outage = closed_loop_failing_at_once();
  outage.services[0].queue.capacity = QueueSpec::kUnbounded;
  add_fault(outage, FaultSpec::Kind::outage, 0, 2, 1);  // refuse: every attempt fails at once
  const RunResult o = run(outage);
  CHECK(o.partial);
  CHECK(o.simulated_s == doctest::Approx(2.0));
  CHECK_FALSE(o.stop_reason.empty());

  Spec fine = closed_loop_failing_at_once();
  fine.clients[0].think_time = constant_ms(1);  // any think time lets time advance
  const RunResult f = run(fine);
  CHECK_FALSE(f.partial);
  CHECK(f.stop_reason.empty());
}

TEST_CASE("time travel: a users ramp cut short by the next step - and the engine refuses the past") {
  Spec s = base_spec(10);
  const int api = add_service(s, "api", 100, constant_ms(10));
  ClientSpec& c = s.clients[static_cast<std::size_t>(add_closed_client(s, "web", api, 0, constant_ms(90)))];
  ScheduleStep ramp;
  ramp.at = Duration::s(1);
  ramp.users = 1;
  ramp.ramp = Duration::s(5);
  ScheduleStep step;
  step.at = Duration::s(2);
  step.users = 10;
  c.schedule = {ramp, step};
  const RunResult r = run(s);
  // 10 users from 2 s, each an operation per 100 ms; the cut ramp never reached 1 user.
  CHECK(mean(series(r, "clients.web", "operations_per_s"), 0, 2) == 0);
  CHECK(mean(series(r, "clients.web", "operations_per_s"), 3, 10) == doctest::Approx(100).epsilon(0.05));

  Engine engine;
  struct Nothing final : EventHandler {
    void on_event(EventKind, std::uint64_t) override {}
  } nothing;
  const TargetId id = engine.add_handler(&nothing);
  engine.run_until(Time::zero() + Duration::s(1));
  CHECK_THROWS_AS(engine.schedule_at(Time::zero() + Duration::ms(500), id, 1, 0), std::logic_error);
}

TEST_CASE("network delay: a rejection that comes back after the caller gave up is rejected, not orphaned") {
  Spec s = base_spec(10);
  const int db = add_service(s, "db", 1, constant_ms(1e7), 0);  // the first attempt holds the worker for good
  const int c = add_open_client(s, "web", db, 50, ClientSpec::Arrival::uniform);
  s.clients[static_cast<std::size_t>(c)].timeout = Duration::ms(50);
  FaultSpec delay;
  delay.kind = FaultSpec::Kind::network_delay;
  delay.from = c;
  delay.from_client = true;
  delay.to = db;
  delay.add = Duration::ms(40);  // 80 ms there and back, past the 50 ms timeout
  delay.duration = Duration::infinite();
  s.faults.push_back(delay);
  const RunResult r = run(s);
  CHECK(r.services.at(0).rejected > 400);
  CHECK(r.services.at(0).orphaned == 0);
}

TEST_CASE("overflow: huge legal durations saturate instead of wrapping into the past") {
  CHECK((Duration::infinite() + Duration::s(1)).is_infinite());
  CHECK((Duration::ns(INT64_MAX - 1) + Duration::ns(5)).is_infinite());
  CHECK(Duration::from_ns_clamped(1e22).is_infinite());

  Spec s = base_spec(20);
  const int db = add_service(s, "db", 4, constant_ms(1e7), 100);  // 10,000 s of work
  const int c = add_open_client(s, "web", db, 10, ClientSpec::Arrival::uniform);
  s.clients[static_cast<std::size_t>(c)].timeout = Duration::ms(100);
  add_fault(s, FaultSpec::Kind::latency, db, 1, 5).multiply = 1e6;
  // The largest values validate(Spec) allows: the faults' adds total 10^9 s (the bound),
  // and 10^4 s x 10^6 = 10^19 ns is past int64 on its own.
  for (int i = 0; i < 5; ++i) add_fault(s, FaultSpec::Kind::latency, db, 2, 5).add = Duration::s(1e8);
  for (int i = 0; i < 10; ++i) {
    FaultSpec d;
    d.kind = FaultSpec::Kind::network_delay;
    d.from = c;
    d.from_client = true;
    d.to = db;
    d.at = Duration::s(3);
    d.duration = Duration::s(2);
    d.add = Duration::s(5e7);
    s.faults.push_back(d);
  }
  const RunResult r = run(s);
  CHECK_FALSE(r.partial);
  CHECK(r.clients.at(0).failed_timeout + r.clients.at(0).failed_rejected > 190);
  check_accounted(r);
}

TEST_CASE("bursts: started in chunks at their instant - counted in the interval they start") {
  Spec s = base_spec(10);
  const int db = add_service(s, "db", 1, constant_ms(1), 0);  // rejects all but one at once
  const int c = add_open_client(s, "web", db, 0);
  BurstSpec b;
  b.at = Duration::s(5);
  b.count = 100'000;
  s.clients[static_cast<std::size_t>(c)].bursts.push_back(b);
  const RunResult r = run(s);
  const auto& ops = series(r, "clients.web", "operations_per_s");
  CHECK(ops.at(4) == 0);
  CHECK(ops.at(5) == 100'000);
  CHECK(r.clients.at(0).operations == 100'000);
  CHECK(r.clients.at(0).failed_rejected == 100'000 - 1);
}

TEST_CASE("duplicates: per operation and call site - two calls and a diamond are not duplicates") {
  auto side_effects = [](bool retry_db) {
    Spec s = base_spec(20);
    const int api = add_service(s, "api", 100, constant_ms(1));
    const int a = add_service(s, "a", 100, constant_ms(1));
    const int b = add_service(s, "b", 100, constant_ms(1));
    const int db = add_service(s, "db", 100, constant_ms(retry_db ? 20 : 1));
    s.services[static_cast<std::size_t>(db)].side_effect = true;
    add_call(s, api, db);  // twice from one request: two call sites
    add_call(s, api, db);
    add_call(s, api, a);   // and a diamond: api -> a -> db, api -> b -> db
    add_call(s, api, b);
    add_call(s, a, db, retry_db ? Duration::ms(10) : Duration::infinite(), retry_db ? add_retry(s, "r", 2) : -1);
    add_call(s, b, db);
    add_open_client(s, "web", api, 20, ClientSpec::Arrival::uniform);
    return run(s);
  };
  const RunResult clean = side_effects(false);
  CHECK(clean.services.at(3).completed > 1000);
  CHECK(clean.services.at(3).duplicates == 0);
  const RunResult retried = side_effects(true);  // a's call to db times out and is retried: its work repeats
  CHECK(retried.services.at(3).duplicates > 300);
}

TEST_CASE("saturation context: workers_available follows capacity faults and outages - latency of every operation") {
  Spec s = base_spec(30);
  const int db = add_service(s, "db", 4, constant_ms(5), 1000);
  const int c = add_open_client(s, "web", db, 100, ClientSpec::Arrival::uniform);
  s.clients[static_cast<std::size_t>(c)].timeout = Duration::ms(50);
  add_fault(s, FaultSpec::Kind::capacity, db, 10, 5).workers = 1;
  add_fault(s, FaultSpec::Kind::outage, db, 20, 5);
  const RunResult r = run(s);
  const auto& available = series(r, "services.db", "workers_available");
  CHECK(mean(available, 0, 10) == 4);
  CHECK(mean(available, 10, 15) == 1);
  CHECK(mean(available, 15, 20) == 4);
  CHECK(mean(available, 20, 25) == 0);
  CHECK(mean(available, 25, 30) == 4);
  CHECK(r.services.at(0).workers_available_mean == doctest::Approx((4 * 20 + 1 * 5) / 30.0));
  const ClientSummary& web = r.clients.at(0);
  CHECK(web.latency_all.count == web.operations - web.in_flight);
  CHECK(web.latency.count == web.succeeded);
  CHECK(web.latency_all.count > web.latency.count);  // the outage's failures
  CHECK(mean(series(r, "clients.web", "p99_all_ms"), 1, 10) == doctest::Approx(5).epsilon(0.05));
}
