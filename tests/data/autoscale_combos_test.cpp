// [data-tier] `autoscale` together with the service's other data-tier parts:
// scaling in while row-lock holders and waiters are on the removed replicas,
// connection pools on an autoscaled caller's calls (each replica slot its own
// pool), and an autoscaled database with read replicas (the HPA scales the
// primaries; reads keep going to the read replicas). Each checks the balances.
#include <doctest/doctest.h>

#include <string>

#include "faultline/faultline.hpp"
#include "support/results.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

RunResult run_combo(const std::string& yaml) { return run(load_spec_from_string(yaml, "combo.yaml")); }

using faultline::testing::check_balance;

// One hot key locked by every request (100 ms each, so the lock serves 10/s),
// 20/s for 2 s, then nothing: a backlog of lock waiters spread over the three
// replicas (round robin) that takes until about 4 s to clear.
std::string hot_lock(const std::string& autoscale) {
  return R"(name: hot-lock
simulation: {duration: 6s, seed: 3}
services:
  db:
    workers: 20
    replicas: 3
    service_time: {dist: constant, value: 100ms}
    keys: {count: 1}
    locks: {share: 100%, timeout: none}
)" + autoscale + R"(
clients:
  app:
    target: db
    rate: 20/s
    arrival: uniform
    timeout: 30s
    schedule:
      - {at: 2s, rate: 0/s}
)";
}

}  // namespace

TEST_CASE("autoscale + locks: a scale-in while lock holders and waiters are on the removed replicas changes no request") {
  // Arrivals per replica over [2 s, 3 s) are 0: the 3 s evaluation scales 3 -> 1 (min)
  // while replicas 1 and 2 still hold lock waiters. They finish them (the lock's FIFO
  // order is kept), then go.
  const RunResult still = run_combo(hot_lock(""));
  const RunResult scaled = run_combo(hot_lock(
      "    autoscale: {metric: arrivals_per_s, target: 1/s, min: 1, max: 3, evaluate_every: 1s, window: 1s, "
      "tolerance: 0%, provision_delay: 0s, scale_in_cooldown: 0s}"));
  REQUIRE(scaled.scale_events.size() == 1);
  CHECK(scaled.scale_events[0].at_s == doctest::Approx(3));
  CHECK(scaled.scale_events[0].from == 3);
  CHECK(scaled.scale_events[0].to == 1);
  const ServiceSummary& db = scaled.services[0];
  const ClientSummary& app = scaled.clients[0];
  CHECK(app.operations == 40);
  CHECK(app.succeeded == 40);  // the removed replicas' waiters got the lock and finished
  CHECK(db.errors == 0);
  CHECK(db.lost == 0);
  CHECK(db.lock_timeouts == 0);
  CHECK(db.lock_waits == 39);  // every request but the first found the key locked
  // The lock's order does not depend on which replica waits: every latency is as without autoscale.
  CHECK(app.latency.mean_ms == still.clients[0].latency.mean_ms);
  CHECK(app.latency.max_ms == still.clients[0].latency.max_ms);
  CHECK(db.lock_wait_p99_ms == still.services[0].lock_wait_p99_ms);
  // The last request (k = 39, on replica 0) ends at 4.0-4.1 s; replica 1's last
  // (k = 37) and replica 2's (k = 38) 0.1-0.2 s before: they are billed until then.
  // 3 x 3 s + 1 x 3 s + the two drains of about 0.9 s each.
  CHECK(db.replica_seconds > 12 + 2 * 0.7);
  CHECK(db.replica_seconds < 12 + 2 * 1.1);
  CHECK(db.replica_seconds < 3 * 6.0);  // what three replicas all run would bill
  const auto& serving = series(scaled, "services.db", "replicas_serving");
  CHECK(serving.at(2) == 3);
  CHECK(serving.at(4) == 1);
  check_balance(scaled);
  check_balance(still);
}

namespace {

// api holds its worker while it waits for one of `size` connections to a slow
// db (100 ms). `rate` until `stop`, then nothing.
std::string pooled(const std::string& autoscale, const std::string& rate = "30/s", const std::string& stop = "4s") {
  return R"(name: pooled
simulation: {duration: 14s, seed: 5}
services:
  api:
    workers: 50
    service_time: {dist: constant, value: 1ms}
)" + autoscale + R"(
    calls:
      - service: db
        pool: {size: 1, wait_timeout: none}
  db:
    workers: 100
    service_time: {dist: constant, value: 100ms}
clients:
  web:
    target: api
    rate: )" + rate + R"(
    arrival: uniform
    timeout: 60s
    schedule:
      - {at: )" + stop + R"(, rate: 0/s}
)";
}

}  // namespace

TEST_CASE("autoscale + pool on calls: each new replica brings a pool of `size`; a draining one keeps its waiters") {
  // 30/s for 4 s. One replica with a pool of 1 serves 10/s: waiters pile up, and its
  // utilization (workers held while waiting) drives the HPA. Scaled out, every new
  // replica has its own connection, so up to size x replicas are in use.
  const RunResult one = run_combo(pooled(""));
  const RunResult scaled = run_combo(pooled(
      "    autoscale: {metric: utilization, target: 2%, min: 1, max: 4, evaluate_every: 500ms, window: 500ms, "
      "tolerance: 0%, provision_delay: 0s, scale_in_cooldown: 0s}"));
  const EdgeSummary& e1 = edge(one, "api->db");
  const EdgeSummary& e4 = edge(scaled, "api->db");
  CHECK(e1.pool_size == 1);
  CHECK(e1.pool_in_use_max == 1);
  CHECK(e4.pool_in_use_max == 4);  // size x replicas_max: a fresh pool per replica
  CHECK(scaled.services[0].replicas_max == 4);
  REQUIRE(scaled.scale_events.size() >= 2);
  CHECK(scaled.scale_events.back().to < scaled.scale_events.back().from);  // scaled in at the end
  // Scale-in came while the removed replicas still had pool waiters: no wait timed
  // out, nothing was lost, every operation succeeded, and sooner than on one replica.
  CHECK(e4.pool_timeouts == 0);
  CHECK(scaled.clients[0].succeeded == 120);
  CHECK(one.clients[0].succeeded == 120);  // 120 x 100 ms on one connection: done by about 12 s
  CHECK(scaled.clients[0].latency.max_ms < one.clients[0].latency.max_ms);
  CHECK(scaled.services[0].lost == 0);
  check_balance(scaled);
  check_balance(one);
}

TEST_CASE("autoscale + pool: a draining replica's pool waiters finish before it goes") {
  // 80/s for 1 s over 4 replicas (round robin): each gets 20 requests 50 ms apart and
  // serves them 100 ms each on its one connection, so at 1 s each holds about 10 pool
  // waiters. The 1 s evaluation reads 20/s per replica against 100/s: 4 -> 1.
  const RunResult r = run_combo(pooled(
      "    replicas: 4\n    autoscale: {metric: arrivals_per_s, target: 100/s, min: 1, max: 4, evaluate_every: 1s, "
      "window: 1s, tolerance: 0%, provision_delay: 0s, scale_in_cooldown: 0s}",
      "80/s", "1s"));
  REQUIRE(r.scale_events.size() == 1);
  CHECK(r.scale_events[0].at_s == doctest::Approx(1));
  CHECK(r.scale_events[0].to == 1);
  // Replicas 1..3 keep their pools and finish their waiters (about 2 s), then go.
  CHECK(r.clients[0].succeeded == 80);
  CHECK(r.clients[0].latency.max_ms < 1200);  // the last of 20 waits for 19 x 100 ms of calls, came 19 x 50 ms late
  CHECK(edge(r, "api->db").pool_timeouts == 0);
  CHECK(edge(r, "api->db").pool_in_use_max == 4);
  CHECK(r.services[0].lost == 0);
  // Billed: 4 x 1 s + 1 x 13 s + replicas 1..3 until they drained, about 1 s each after 1 s.
  CHECK(r.services[0].replica_seconds > 17 + 3 * 0.8);
  CHECK(r.services[0].replica_seconds < 17 + 3 * 1.2);
  check_balance(r);
}

namespace {

// Each operation writes then reads the same key; 60/s. db's primaries are
// autoscaled on arrivals per replica, its two read replicas are fixed.
std::string replicated(const std::string& autoscale) {
  return R"(name: replicated
simulation: {duration: 5s, seed: 7}
services:
  api:
    workers: 50
    service_time: {dist: constant, value: 1ms}
    calls:
      - service: db
        op: write
      - service: db
        op: read
  db:
    workers: 50
    service_time: {dist: constant, value: 1ms}
    keys: {count: 100}
    replication: {read_replicas: 2, lag: {dist: constant, value: 0ms}}
)" + autoscale + R"(
clients:
  web:
    target: api
    rate: 60/s
    arrival: uniform
    timeout: 10s
)";
}

}  // namespace

TEST_CASE("autoscale + replication: the HPA scales the primaries; reads stay on the read replicas, billed all run") {
  const RunResult fixed = run_combo(replicated(""));
  const RunResult r = run_combo(replicated(
      "    autoscale: {metric: arrivals_per_s, target: 10/s, min: 1, max: 4, evaluate_every: 1s, window: 1s, "
      "tolerance: 0%, provision_delay: 0s, scale_in_cooldown: 60s}"));
  // At 1 s: 60 writes + 60 reads over 1 primary + 2 read replicas = 40/s each:
  // ceil(1 x 40 / 10) = 4 primaries. Then 120/s over 6 = 20/s: ceil(8) clamped to 4.
  REQUIRE(r.scale_events.size() == 1);
  CHECK(r.scale_events[0].at_s == doctest::Approx(1));
  CHECK(r.scale_events[0].from == 1);
  CHECK(r.scale_events[0].to == 4);
  const ServiceSummary& db = r.services[1];
  CHECK(db.replicas == 4);  // primaries
  // Billed: (1 primary + 2 read replicas) x 1 s + (4 + 2) x 4 s = 27 replica-seconds.
  CHECK(db.replica_seconds == doctest::Approx(27).epsilon(1e-9));
  // Every read ran on a read replica (only those count reads), as without autoscale.
  CHECK(db.reads == r.clients[0].succeeded);
  CHECK(db.reads == fixed.services[1].reads);
  CHECK(db.arrivals == fixed.services[1].arrivals);
  CHECK(db.stale_reads == 0);  // lag 0
  CHECK(r.clients[0].succeeded == fixed.clients[0].succeeded);
  check_balance(r);
  check_balance(fixed);
}

TEST_CASE("autoscale: an attempt in transit to a replica scaled in and gone is served there, counted and billed") {
  // 10/s, round robin over 2 replicas, a 300 ms network delay to db. The 1 s evaluation
  // (10/s over 2 = 5/s per replica, target 100/s) scales in to 1. Replica 1 holds
  // nothing then (1 ms of work each) and goes at once; the attempt sent to it at
  // 0.9 s arrives at 1.2 s: it drains again for that 1 ms, is served and billed.
  const RunResult r = run_combo(R"(name: in-transit
simulation: {duration: 3s, seed: 1}
services:
  db:
    replicas: 2
    service_time: {dist: constant, value: 1ms}
    autoscale: {metric: arrivals_per_s, target: 100/s, min: 1, max: 2, evaluate_every: 1s, window: 1s,
                tolerance: 0%, provision_delay: 0s, scale_in_cooldown: 0s}
clients:
  app:
    target: db
    rate: 10/s
    arrival: uniform
    timeout: 5s
faults:
  - {kind: network_delay, from: app, to: db, at: 0s, add: 300ms}
)");
  REQUIRE(r.scale_events.size() == 1);
  CHECK(r.scale_events[0].at_s == doctest::Approx(1));
  CHECK(r.scale_events[0].to == 1);
  const ServiceSummary& db = r.services[0];
  CHECK(db.lost == 0);
  CHECK(db.errors == 0);
  // 2 x 1 s + 1 x 2 s, plus replica 1's late attempts (1 ms each, at least one).
  CHECK(db.replica_seconds > 4 + 0.0009);
  CHECK(db.replica_seconds < 4 + 0.01);
  CHECK(db.utilization <= 1.0);
  for (const double u : series(r, "services.db", "utilization")) CHECK(u <= 1.0 + 1e-9);
  check_balance(r);
}
