// [data-tier] keys, row locks, replication and connection pools in the full
// model: each against queueing theory or a hand trace.
#include <doctest/doctest.h>

#include <cmath>

#include "faultline/faultline.hpp"
#include "support/results.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {
// One database with many workers, every request locking key 1 of 1: the lock
// is a single server, so lock waits are M/M/1's waits in queue.
Spec hot_key(double lambda, double work_ms, double duration_s, std::uint64_t seed) {
  Spec s = base_spec(duration_s, seed);
  s.simulation.warmup = Duration::s(10);
  const int db = add_service(s, "db", 200, exponential_ms(work_ms));
  s.services[0].keys.count = 1;
  s.services[0].locks.enabled = true;
  s.services[0].locks.share = 1;
  s.services[0].locks.timeout = Duration::infinite();
  add_open_client(s, "app", db, lambda);
  require_valid(s);
  return s;
}
}  // namespace

TEST_CASE("row locks: one hot key locked by every request waits as M/M/1 (mean and p99)") {
  const double lambda = 60, mu = 100;  // rho = 0.6
  double mean_sum = 0, p99_sum = 0;
  const int seeds = 3;
  for (int seed = 1; seed <= seeds; ++seed) {
    const RunResult r = run(hot_key(lambda, 1000 / mu, 1200, static_cast<std::uint64_t>(seed)));
    const ServiceSummary& db = r.services[0];
    REQUIRE(db.locks);
    mean_sum += db.lock_wait_mean_ms;
    p99_sum += db.lock_wait_p99_ms;
    CHECK(db.lock_timeouts == 0);
    CHECK(db.lock_waits == doctest::Approx(0.6 * static_cast<double>(db.arrivals)).epsilon(0.05));  // P(wait) = rho
    // Workers held while waiting: utilization counts the wait, CPU only the work.
    CHECK(db.cpu_utilization == doctest::Approx(lambda / mu / 200).epsilon(0.05));
    CHECK(db.utilization == doctest::Approx(lambda * (0.6 / (mu - lambda) + 1 / mu) / 200).epsilon(0.07));
  }
  const double mean_ms = 1000 * (lambda / mu) / (mu - lambda);       // rho / (mu - lambda) = 15 ms
  const double p99_ms = 1000 * std::log((lambda / mu) / 0.01) / (mu - lambda);  // P(W > t) = rho e^-(mu-lambda)t
  CHECK(mean_sum / seeds == doctest::Approx(mean_ms).epsilon(0.05));
  CHECK(p99_sum / seeds == doctest::Approx(p99_ms).epsilon(0.06));
}

TEST_CASE("row locks: share 0 locks nothing; a short timeout fails waiters as error, every request accounted") {
  Spec s = hot_key(90, 10, 60, 1);  // rho 0.9 on the hot key
  s.simulation.warmup = Duration::zero();
  s.services[0].locks.share = 0;
  const RunResult none = run(s);
  CHECK(none.services[0].lock_waits == 0);
  CHECK(none.services[0].lock_wait_p99_ms == 0);
  s.services[0].locks.share = 1;
  s.services[0].locks.timeout = Duration::ms(20);
  const RunResult r = run(s);
  const ServiceSummary& db = r.services[0];
  CHECK(db.lock_timeouts > 100);
  CHECK(db.errors == db.lock_timeouts);
  CHECK(r.clients[0].failed_error == db.errors);
  CHECK(db.arrivals == db.completed + db.errors + db.in_service);
  CHECK(db.lock_wait_p99_ms <= 20.0 * 1.05);  // nobody waits longer than the timeout
}

TEST_CASE("row locks: spreading keys removes the waits; locks are released before downstream calls") {
  Spec s = hot_key(60, 10, 60, 2);
  s.services[0].keys.count = 1000000;
  const RunResult spread = run(s);
  CHECK(spread.services[0].lock_waits < 5);
  // db calls a slow service after its own work: the lock is not held through it.
  Spec c = hot_key(60, 10, 60, 2);
  const int slow = add_service(c, "slow", 200, constant_ms(200));
  add_call(c, 0, slow);
  const RunResult chained = run(c);
  const RunResult alone = run(hot_key(60, 10, 60, 2));
  CHECK(chained.services[0].lock_wait_mean_ms == doctest::Approx(alone.services[0].lock_wait_mean_ms));
}

TEST_CASE("replication: the share of stale reads d after a write is P(lag > d)") {
  // api writes a key, waits d (a constant-time service), then reads it from a read replica.
  const double d_ms = 100, lag_ms = 200;
  Spec s = base_spec(300, 4);
  const int api = add_service(s, "api", 1000, constant_ms(0));
  const int db = add_service(s, "db", 1000, constant_ms(1));
  const int pause = add_service(s, "pause", 1000, constant_ms(d_ms));
  ServiceSpec& dbs = s.services[static_cast<std::size_t>(db)];
  dbs.keys.count = 1000000000;  // one key per operation: no other write interferes
  dbs.replication.read_replicas = 2;
  dbs.replication.lag = exponential_ms(lag_ms);
  CallSpec write, wait, read;
  write.service = db;
  write.op = CallOp::write;
  wait.service = pause;
  read.service = db;
  read.op = CallOp::read;
  s.services[static_cast<std::size_t>(api)].calls = {write, wait, read};
  add_open_client(s, "app", api, 50);
  const RunResult r = run(s);
  const ServiceSummary& out = r.services[static_cast<std::size_t>(db)];
  REQUIRE(out.replication);
  CHECK(out.reads == r.clients[0].succeeded);
  CHECK(out.stale_read_share == doctest::Approx(std::exp(-d_ms / lag_ms)).epsilon(0.04));  // e^-0.5 = 0.607
  CHECK(out.stale_reads == static_cast<std::uint64_t>(std::llround(out.stale_read_share * static_cast<double>(out.reads))));
  // Reads from the primary (no op) are never stale, and not counted as replica reads.
  s.services[static_cast<std::size_t>(api)].calls[2].op = CallOp::none;
  const RunResult primary = run(s);
  CHECK(primary.services[static_cast<std::size_t>(db)].reads == 0);
  CHECK(primary.services[static_cast<std::size_t>(db)].stale_reads == 0);
}

TEST_CASE("replication: read replicas take the reads, primaries the writes, balanced as configured") {
  Spec s = base_spec(20, 5);
  const int api = add_service(s, "api", 100, constant_ms(0));
  const int db = add_service(s, "db", 10, constant_ms(2));
  ServiceSpec& dbs = s.services[static_cast<std::size_t>(db)];
  dbs.replicas = 2;
  dbs.keys.count = 100;
  dbs.replication.read_replicas = 3;
  dbs.replication.lag = constant_ms(0);
  CallSpec read;
  read.service = db;
  read.op = CallOp::read;
  s.services[static_cast<std::size_t>(api)].calls = {read, read, read};
  add_open_client(s, "app", api, 100, ClientSpec::Arrival::uniform);
  const RunResult r = run(s);
  const ServiceSummary& out = r.services[static_cast<std::size_t>(db)];
  CHECK(out.reads == out.arrivals);  // every request went to a read replica
  CHECK(out.stale_reads == 0);       // zero lag: never stale
  CHECK(out.reads == 3 * r.clients[0].succeeded);
}

TEST_CASE("pools: a burst through a pool of one waits in line; waits past wait_timeout fail as error") {
  // Five operations at once; api (many workers) calls db (10 ms) through one connection.
  Spec s = base_spec(5, 1);
  const int api = add_service(s, "api", 10, constant_ms(0));
  const int db = add_service(s, "db", 10, constant_ms(10));
  CallSpec call;
  call.service = db;
  call.pool.size = 1;
  call.pool.wait_timeout = Duration::ms(25);
  s.services[static_cast<std::size_t>(api)].calls = {call};
  ClientSpec c;
  c.name = "app";
  c.target = api;
  c.rate_per_s = 0;
  c.bursts = {BurstSpec{Duration::s(1), 5}};
  push_client(s, c);
  const RunResult r = run(s);
  // Waits 0, 10, 20 ms succeed (latency 10, 20, 30 ms); 30 and 40 ms give up at 25 ms.
  CHECK(r.clients[0].succeeded == 3);
  CHECK(r.clients[0].failed_error == 2);
  CHECK(r.clients[0].latency.max_ms == doctest::Approx(30).epsilon(0.01));
  CHECK(r.clients[0].latency.mean_ms == doctest::Approx(20).epsilon(0.01));
  const EdgeSummary& e = edge(r, "api->db");
  CHECK(e.pool);
  CHECK(e.pool_size == 1);
  CHECK(e.pool_in_use_max == 1);
  CHECK(e.pool_waiters_max == 4);
  CHECK(e.pool_timeouts == 2);
  CHECK(e.calls == 3);  // the two that timed out never called
  CHECK(r.services[static_cast<std::size_t>(api)].errors == 2);
  CHECK(r.services[static_cast<std::size_t>(db)].arrivals == 3);
}

TEST_CASE("pools: the connection is held across retries and the caller's worker is held while waiting") {
  Spec s = base_spec(5, 1);
  const int api = add_service(s, "api", 1, constant_ms(0));  // one worker: the second waits in api's queue
  const int db = add_service(s, "db", 10, constant_ms(10));
  s.services[static_cast<std::size_t>(db)].error_rate = 1;  // every attempt fails: three attempts each
  const int retry = add_retry(s, "three", 3);
  CallSpec call;
  call.service = db;
  call.retry = retry;
  call.pool.size = 1;
  s.services[static_cast<std::size_t>(api)].calls = {call};
  ClientSpec c;
  c.name = "app";
  c.target = api;
  c.rate_per_s = 0;
  c.bursts = {BurstSpec{Duration::s(1), 2}};
  push_client(s, c);
  const RunResult r = run(s);
  CHECK(r.clients[0].failed_error == 2);
  CHECK(r.services[static_cast<std::size_t>(db)].arrivals == 6);
  CHECK(edge(r, "api->db").pool_waiters_max == 0);  // api's single worker: never two callers at once
  CHECK(r.services[static_cast<std::size_t>(api)].queue_wait_p99_ms == doctest::Approx(30).epsilon(0.02));
}

TEST_CASE("pools and locks survive outages: holders and waiters of a dropped replica give back what they hold") {
  Spec s = base_spec(30, 3);
  const int api = add_service(s, "api", 20, exponential_ms(1));
  const int db = add_service(s, "db", 20, exponential_ms(8));
  s.services[static_cast<std::size_t>(api)].replicas = 2;
  ServiceSpec& dbs = s.services[static_cast<std::size_t>(db)];
  dbs.keys.count = 3;
  dbs.locks.enabled = true;
  dbs.locks.timeout = Duration::ms(100);
  CallSpec call;
  call.service = db;
  call.timeout = Duration::ms(300);
  call.pool.size = 2;
  call.pool.wait_timeout = Duration::ms(50);
  s.services[static_cast<std::size_t>(api)].calls = {call};
  add_open_client(s, "app", api, 150);
  FaultSpec& f = add_fault(s, FaultSpec::Kind::outage, api, 10, 2);
  f.replica = 0;
  FaultSpec& g = add_fault(s, FaultSpec::Kind::outage, db, 15, 1);
  g.mode = FaultSpec::OutageMode::blackhole;
  add_fault(s, FaultSpec::Kind::pause, api, 20, 0.5);
  require_valid(s);
  const RunResult r = run(s);
  for (const ServiceSummary& v : r.services) {
    CHECK(v.arrivals == v.rejected + v.completed + v.errors + v.expired + v.deduplicated + v.lost + v.in_service);
  }
  const ClientSummary& c = r.clients[0];
  CHECK(c.operations == c.succeeded + c.failed_error + c.failed_timeout + c.failed_rejected + c.in_flight);
  CHECK(c.succeeded > 3000);  // the pools and locks work again after the faults
  CHECK(edge(r, "api->db").pool_in_use_max <= 4);
}
