// load_dependent and admission wired into replicas: a run shows the format's
// arithmetic, and a service without them runs exactly as before.
#include <doctest/doctest.h>

#include <cmath>

#include "faultline/faultline.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {
// A service with `workers` and constant 10 ms work, fed at `rate` by evenly spaced arrivals.
Spec one_service(int workers, double rate, double duration_s, double work_ms = 10) {
  Spec s = base_spec(duration_s, 3);
  const int svc = add_service(s, "api", workers, constant_ms(work_ms));
  add_open_client(s, "web", svc, rate, ClientSpec::Arrival::uniform);
  return s;
}
}  // namespace

TEST_CASE("load_dependent: each request alone on its replica takes work x scale(1/workers)") {
  Spec s = one_service(4, 10, 20);  // 100 ms apart: never two at once
  s.services[0].load_dependent.mode = LoadDependentSpec::Mode::linear;
  s.services[0].load_dependent.factor = 2;
  CHECK(run(s).clients[0].latency.mean_ms == doctest::Approx(10 * (1 + 2 * 0.25)));
  s.services[0].load_dependent.mode = LoadDependentSpec::Mode::polynomial;
  s.services[0].load_dependent.exponent = 2;
  CHECK(run(s).clients[0].latency.mean_ms == doctest::Approx(10 * (1 + 2 * 0.0625)));
  s.services[0].load_dependent.mode = LoadDependentSpec::Mode::exponential;
  s.services[0].load_dependent.factor = 1;
  s.services[0].workers = 1;  // u = 1
  CHECK(run(s).clients[0].latency.mean_ms == doctest::Approx(10 * std::exp(1.0)).epsilon(1e-6));
}

TEST_CASE("load_dependent: the death spiral - a load that fits at constant speed overloads when work slows with load") {
  Spec s = one_service(8, 500, 60);  // 8 workers, 10 ms: rho = 0.625 at constant speed
  s.clients[0].arrival = ClientSpec::Arrival::poisson;
  const RunResult calm = run(s);
  s.services[0].load_dependent.mode = LoadDependentSpec::Mode::exponential;
  s.services[0].load_dependent.factor = 1.5;  // at u = 1: x4.5
  const RunResult spiral = run(s);
  CHECK(calm.services[0].utilization < 0.7);
  CHECK(spiral.services[0].utilization > 0.99);
  CHECK(spiral.clients[0].latency.p99_ms > 20 * calm.clients[0].latency.p99_ms);
}

TEST_CASE("admission: token bucket admits rate x t + burst; the rest is shed and seen as rejected") {
  Spec s = one_service(20, 400, 10, 1);  // arrivals every 2.5 ms
  s.services[0].admission.kind = AdmissionSpec::Kind::token_bucket;
  s.services[0].admission.rate_per_s = 100;
  s.services[0].admission.burst = 10;
  const RunResult r = run(s);
  const auto& svc = r.services[0];
  CHECK(svc.admission);
  CHECK(svc.shed == svc.rejected);
  CHECK(svc.arrivals - svc.shed == doctest::Approx(100 * 10 + 10).epsilon(0.002));
  CHECK(r.clients[0].failed_rejected == svc.shed);
}

TEST_CASE("admission: max_concurrency caps in service + queued") {
  Spec s = one_service(1, 200, 10, 10);  // rho = 2
  s.services[0].admission.kind = AdmissionSpec::Kind::max_concurrency;
  s.services[0].admission.max_concurrency = 3;
  const RunResult r = run(s);
  CHECK(r.services[0].queue_length_max <= 2);
  CHECK(r.services[0].completed == doctest::Approx(1000).epsilon(0.01));  // one worker's worth
  CHECK(r.services[0].shed == doctest::Approx(1000).epsilon(0.01));
}

TEST_CASE("admission: CoDel keeps the standing queue's wait near its target under overload") {
  Spec s = one_service(1, 150, 60, 10);  // rho = 1.5
  const RunResult unbounded = run(s);
  s.services[0].admission.kind = AdmissionSpec::Kind::codel;
  s.services[0].admission.target = Duration::ms(5);
  s.services[0].admission.interval = Duration::ms(100);
  const RunResult codel = run(s);
  CHECK(unbounded.services[0].queue_wait_p99_ms > 10000);
  CHECK(codel.services[0].shed > 0);
  CHECK(codel.services[0].queue_wait_p99_ms < 500);
  CHECK(codel.services[0].utilization > 0.95);  // it sheds the excess, not the work
}

TEST_CASE("data tier off: a service without the keys reports no shed and the same run") {
  Spec s = one_service(2, 150, 10, 10);
  s.clients[0].arrival = ClientSpec::Arrival::poisson;
  const RunResult a = run(s);
  CHECK_FALSE(a.services[0].admission);
  s.services[0].load_dependent.factor = 5;  // a factor with mode off changes nothing
  const RunResult b = run(s);
  CHECK(a.clients[0].latency.p99_ms == b.clients[0].latency.p99_ms);
  CHECK(a.services[0].completed == b.services[0].completed);
}

TEST_CASE("cost: a run's replica-hours, requests and cost per million successes, to the cent") {
  // One hour billed (warmup 10 s of 3610 s): api 2 replicas at $0.10, db 1 at
  // $1.20 plus $0.40 per million requests; 10 operations/s, each calling db once.
  Spec s = base_spec(3610, 5);
  s.simulation.warmup = Duration::s(10);
  const int db = add_service(s, "db", 4, constant_ms(1));
  const int api = add_service(s, "api", 4, constant_ms(1));
  s.services[static_cast<std::size_t>(api)].replicas = 2;
  CallSpec call;
  call.service = db;
  s.services[static_cast<std::size_t>(api)].calls.push_back(call);
  add_open_client(s, "web", api, 10, ClientSpec::Arrival::uniform);
  s.cost.enabled = true;
  s.cost.replica_hour = {1.20, 0.10};
  s.cost.per_million_requests = {0.40, 0};
  const RunResult r = run(s);
  REQUIRE(r.cost.present);
  REQUIRE(r.cost.by_service.size() == 2);
  const auto& db_cost = r.cost.by_service[0];
  const auto& api_cost = r.cost.by_service[1];
  CHECK(db_cost.replica_hours == doctest::Approx(1.0));
  CHECK(api_cost.replica_hours == doctest::Approx(2.0));
  CHECK(db_cost.requests == 36000);
  // db: $1.20 + 36000 x $0.40 / 10^6 = $1.2144; api: $0.20; total $1.4144 -> $1.41.
  CHECK(std::lround(db_cost.cost * 100) == 121);
  CHECK(std::lround(api_cost.cost * 100) == 20);
  CHECK(std::lround(r.cost.total * 100) == 141);
  CHECK(r.clients[0].succeeded == 36000);
  // $1.4144 / 0.036 million = $39.29 per million successful operations.
  CHECK(std::lround(r.cost.per_million_succeeded * 100) == 3929);
  s.cost.enabled = false;
  CHECK_FALSE(run(s).cost.present);
}
