// Policies in whole runs: each changes what it exists for; turned off, the
// core behaviour comes back exactly.
#include <doctest/doctest.h>

#include <string>

#include "faultline/faultline.hpp"
#include "support/results.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

Spec two_tier(std::uint64_t seed = 1) {
  Spec s = base_spec(30, seed);
  const int retry = add_jittered_retry(s, "retry", 3, Duration::ms(5));
  const int api = add_service(s, "api", 50, exponential_ms(1), 100);
  const int db = add_service(s, "db", 8, exponential_ms(5), 50);
  add_call(s, api, db, Duration::ms(100), retry);
  const int c = add_open_client(s, "web", api, 800);
  s.clients[static_cast<std::size_t>(c)].timeout = Duration::s(1);
  return s;
}

}  // namespace

TEST_CASE("policies switched off leave the core run exactly as it was") {
  Spec plain = two_tier();
  Spec off = two_tier();
  // Present but disabled: nothing may change, not even a random draw.
  off.retry_policies[0].budget.ratio = 0.5;
  off.services[0].calls[0].policies.breaker.min_calls = 1;
  off.services[0].calls[0].policies.hedge.after = Duration::ms(1);
  const RunResult a = run(plain);
  const RunResult b = run(off);
  CHECK(a.engine.fingerprint == b.engine.fingerprint);
  CHECK(a.clients.at(0).succeeded == b.clients.at(0).succeeded);
}

TEST_CASE("retry budget caps retries at ratio x first attempts + reserve") {
  Spec s = two_tier();
  s.services[1].error_rate = 1.0;  // every db call fails: retries want 2 per call
  auto& budget = s.retry_policies[0].budget;
  budget.enabled = true;
  budget.ratio = 0.1;
  budget.min_per_second = 1;
  const RunResult r = run(s);
  const auto& e = edge(r, "api->db");
  CHECK(e.calls > 20000);
  // Over 30 s: retries <= 0.1 x calls + 1/s x 10 s per ttl window, 3 windows.
  CHECK(static_cast<double>(e.retries) <= 0.1 * static_cast<double>(e.calls) + 30 + 1);
  CHECK(static_cast<double>(e.retries) >= 0.09 * static_cast<double>(e.calls));
  CHECK(e.budget_denied > 0);
  CHECK(e.amplification < 1.12);
}

TEST_CASE("circuit breaker fails fast while the dependency is down - and closes after") {
  Spec s = two_tier();
  s.services[0].calls[0].policies.breaker = breaker(0.5, Duration::s(5), 20, Duration::s(2), 3);
  add_fault(s, FaultSpec::Kind::outage, 1, 10, 10).mode = FaultSpec::OutageMode::refuse;
  const RunResult r = run(s);
  const auto& e = edge(r, "api->db");
  CHECK(e.short_circuited > 5000);  // most calls during the outage never left the api
  const auto& db_in = series(r, "services.db", "arrivals_per_s");
  CHECK(db_in.at(15) < 50);    // probes only, every open_for
  CHECK(db_in.at(25) > 700);   // closed again after the outage
  const auto& state = series(r, "edges.api->db", "breaker_state");
  CHECK(state.at(5) == 0);   // closed before
  CHECK(state.at(15) > 0);   // open or half-open during
  CHECK(state.at(28) == 0);  // closed after
}

TEST_CASE("hedging: the first answer wins - the others become orphaned work") {
  Spec s = base_spec(30);
  DistSpec tail;
  tail.kind = DistSpec::Kind::mixture;
  tail.of.push_back({0.9, constant_ms(5)});
  tail.of.push_back({0.1, constant_ms(200)});
  const int db = add_service(s, "db", 200, constant_ms(5));
  s.services[0].service_time = tail;
  add_open_client(s, "web", db, 200);
  const RunResult plain = run(s);
  s.clients[0].policies.hedge.enabled = true;
  s.clients[0].policies.hedge.after = Duration::ms(20);
  s.clients[0].policies.hedge.max_extra = 1;
  const RunResult hedged = run(s);
  CHECK(plain.clients.at(0).latency.p99_ms > 190);
  CHECK(hedged.clients.at(0).latency.p99_ms < 30);  // 20 ms + a fast second attempt
  const auto& e = edge(hedged, "web->db");
  CHECK(static_cast<double>(e.hedges) == doctest::Approx(0.1 * static_cast<double>(e.calls)).epsilon(0.1));
  CHECK(hedged.services.at(0).orphaned > 0);
  CHECK(hedged.clients.at(0).amplification == doctest::Approx(1.1).epsilon(0.02));
}

TEST_CASE("deadlines bound operations - drop_expired discards queued work that nobody awaits") {
  Spec s = base_spec(30);
  const int db = add_service(s, "db", 1, constant_ms(10));  // capacity 100/s
  const int c = add_open_client(s, "web", db, 150);         // overloaded: the queue grows
  s.clients[static_cast<std::size_t>(c)].policies.deadline = Duration::ms(500);
  const RunResult keep = run(s);
  CHECK(keep.clients.at(0).succeeded < 1000);  // nearly everything waits past its deadline
  CHECK(keep.services.at(0).orphaned > 2000);
  s.services[0].queue.drop_expired = true;
  const RunResult drop = run(s);
  CHECK(drop.services.at(0).expired > 1000);
  CHECK(drop.services.at(0).orphaned < keep.services.at(0).orphaned);  // only work started just before its deadline
  CHECK(drop.clients.at(0).succeeded > 2 * keep.clients.at(0).succeeded);
}

TEST_CASE("deadline propagates to downstream calls") {
  Spec s = base_spec(10);
  const int api = add_service(s, "api", 100, constant_ms(1));
  const int db = add_service(s, "db", 100, constant_ms(300));
  add_call(s, api, db, Duration::s(5));  // its own timeout is long
  const int c = add_open_client(s, "web", api, 10, ClientSpec::Arrival::uniform);
  s.clients[static_cast<std::size_t>(c)].policies.deadline = Duration::ms(100);
  const RunResult r = run(s);
  // The api's call inherits ~99 ms, times out, and fails the request before the client's deadline.
  CHECK(r.clients.at(0).succeeded == 0);
  CHECK(r.services.at(0).errors > 80);
  CHECK(r.services.at(1).orphaned > 80);
}

TEST_CASE("replicas and balancers: a slow replica and three ways to spread load") {
  auto run_with = [](ServiceSpec::Balancer balancer) {
    Spec s = base_spec(60);
    const int db = add_service(s, "db", 4, exponential_ms(10), 1000);
    s.services[0].replicas = 4;
    s.services[0].balancer = balancer;
    add_open_client(s, "web", db, 1000);
    FaultSpec& f = add_fault(s, FaultSpec::Kind::latency, db, 0, 60);
    f.multiply = 5;
    f.replica = 0;
    return run(s);
  };
  const RunResult rr = run_with(ServiceSpec::Balancer::round_robin);
  const RunResult lo = run_with(ServiceSpec::Balancer::least_outstanding);
  const RunResult p2c = run_with(ServiceSpec::Balancer::p2c);
  const RunResult rnd = run_with(ServiceSpec::Balancer::random);
  // Round robin sends a quarter to the slow replica (capacity 80/s < 250/s): it piles up.
  CHECK(rr.clients.at(0).latency.p99_ms > 1000);
  CHECK(lo.clients.at(0).latency.p99_ms < 200);
  CHECK(p2c.clients.at(0).latency.p99_ms < 250);
  CHECK(rnd.clients.at(0).latency.p99_ms > 1000);
}

TEST_CASE("partition and network delay act on one edge only") {
  Spec s = base_spec(30);
  const int api = add_service(s, "api", 100, constant_ms(1));
  const int db = add_service(s, "db", 100, constant_ms(2));
  add_call(s, api, db, Duration::ms(50));
  add_open_client(s, "web", api, 100, ClientSpec::Arrival::uniform);
  FaultSpec& p = add_fault(s, FaultSpec::Kind::partition, -1, 10, 5);
  p.from = api;
  p.to = db;
  p.mode = FaultSpec::OutageMode::blackhole;
  FaultSpec& d = add_fault(s, FaultSpec::Kind::network_delay, -1, 20, 5);
  d.from = api;
  d.to = db;
  d.add = Duration::ms(10);
  const RunResult r = run(s);
  CHECK(series(r, "services.db", "arrivals_per_s").at(12) == 0);
  CHECK(series(r, "services.api", "errors_per_s").at(12) == doctest::Approx(100));
  CHECK(series(r, "clients.web", "p50_ms").at(5) == doctest::Approx(3).epsilon(0.02));
  CHECK(series(r, "clients.web", "p50_ms").at(22) == doctest::Approx(23).epsilon(0.02));  // 10 ms each way
  CHECK(series(r, "services.api", "cpu_utilization").at(22) == doctest::Approx(0.001).epsilon(0.05));
}

TEST_CASE("idempotency: lost responses plus retries charge twice - keys bring duplicates to zero") {
  Spec s = base_spec(30);
  const int retry = add_retry(s, "retry", 3);
  const int pay = add_service(s, "payments", 50, constant_ms(5));
  s.services[0].side_effect = true;
  const int c = add_open_client(s, "web", pay, 100, ClientSpec::Arrival::uniform);
  s.clients[static_cast<std::size_t>(c)].timeout = Duration::ms(100);
  s.clients[static_cast<std::size_t>(c)].retry = retry;
  add_fault(s, FaultSpec::Kind::drop_responses, pay, 0, 30).probability = 0.2;
  const RunResult naive = run(s);
  // ~20% of first answers are lost and the retry charges again (and 20% of those, again).
  CHECK(static_cast<double>(naive.services.at(0).duplicates) ==
        doctest::Approx(0.24 * static_cast<double>(naive.clients.at(0).operations)).epsilon(0.15));
  s.services[0].idempotency.keys = true;
  s.services[0].idempotency.ttl = Duration::s(60);
  const RunResult keyed = run(s);
  CHECK(keyed.services.at(0).duplicates == 0);
  CHECK(keyed.services.at(0).deduplicated > 0);
  CHECK(keyed.services.at(0).idempotency_store_max > 0);
  CHECK(keyed.services.at(0).idempotency_store_max <= 3000 * 2 + 10);
}
