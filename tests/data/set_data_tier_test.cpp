// Simulation::set on the data tier's settings (a workshop's control, a map's
// step): each path changes the run from the time it is set, setting the value
// the file has changes nothing (the same engine fingerprint), and a bad value
// gets the loader's own message.
#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

#include "faultline/scenario/load.hpp"
#include "faultline/simulation.hpp"
#include "support/results.hpp"
#include "support/text.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {

Spec scenario(const std::string& name) {
  return load_spec(std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/" + name + ".yaml");
}

/// The scenario run to its end with `path` = `value` set at `at_s`.
RunResult run_set(const std::string& name, double at_s, const std::string& path, const std::string& value) {
  Simulation sim(scenario(name));
  sim.advance_to(Time::zero() + Duration::from_ns_clamped(at_s * 1e9));
  const auto error = sim.set(path, value);
  INFO(path << " = " << value << ": " << error.value_or(""));
  REQUIRE_FALSE(error);
  sim.advance_to(sim.end());
  return sim.finish();
}

std::uint64_t fingerprint(const RunResult& r) { return r.engine.fingerprint; }

/// The message of a refused set at 5 s.
std::string refused(const std::string& name, const std::string& path, const std::string& value) {
  Simulation sim(scenario(name));
  sim.advance_to(Time::zero() + Duration::s(5));
  const auto error = sim.set(path, value);
  return error.value_or("(accepted)");
}

using faultline::testing::has;

}  // namespace

TEST_CASE("set caches.NAME.coalesce, .capacity, .ttl: from then on; the file's value changes nothing") {
  const RunResult base = run_scenario("cache-stampede");  // flush at 20 s, no coalescing: the stampede
  CHECK(fingerprint(run_set("cache-stampede", 10, "caches.profiles.coalesce", "false")) == fingerprint(base));
  CHECK(fingerprint(run_set("cache-stampede", 10, "caches.profiles.capacity", "2000")) == fingerprint(base));
  CHECK(fingerprint(run_set("cache-stampede", 10, "caches.profiles.ttl", "none")) == fingerprint(base));

  // Coalescing turned on before the flush: the cache refills as in the `coalescing` variant.
  const RunResult coalesced = run_set("cache-stampede", 15, "caches.profiles.coalesce", "true");
  const auto& hit = series(coalesced, "caches.profiles", "hit_ratio");
  CHECK(mean(hit, 10, 15) == doctest::Approx(mean(series(base, "caches.profiles", "hit_ratio"), 10, 15)));
  CHECK(mean(hit, 30, 40) > 0.95);
  CHECK(mean(series(base, "caches.profiles", "hit_ratio"), 30, 40) < 0.9);

  // A smaller capacity evicts to fit at once.
  const RunResult small = run_set("cache-stampede", 15, "caches.profiles.capacity", "100");
  const auto& size = series(small, "caches.profiles", "size");
  CHECK(size.at(13) > 1000);
  CHECK(size.at(16) <= 100);
  CHECK(small.caches.at(0).evictions > base.caches.at(0).evictions + 1000);

  // A short ttl: entries stop serving reads from then on.
  const RunResult brief = run_set("cache-stampede", 15, "caches.profiles.ttl", "10ms");
  CHECK(mean(series(brief, "caches.profiles", "hit_ratio"), 16, 20) < 0.5);
}

TEST_CASE("set queues.NAME.visibility_timeout and .consumer.concurrency: from then on") {
  const RunResult base = run_scenario("queue-redelivery-double-charge");  // visibility 2 s: slow charges redelivered
  CHECK(fingerprint(run_set("queue-redelivery-double-charge", 10, "queues.charges.visibility_timeout", "2s")) ==
        fingerprint(base));
  CHECK(fingerprint(run_set("queue-redelivery-double-charge", 10, "queues.charges.consumer.concurrency", "40")) ==
        fingerprint(base));

  // Longer than the slowest charge (3 s) from 5 s on: no redelivery after the deliveries then in flight.
  const RunResult longer = run_set("queue-redelivery-double-charge", 5, "queues.charges.visibility_timeout", "10s");
  CHECK(base.queues.at(0).redeliveries > 40);
  CHECK(longer.queues.at(0).redeliveries < 5);
  // Shorter than most charges (200 ms): nearly every delivery is redelivered, the ones in flight too.
  const RunResult shorter = run_set("queue-redelivery-double-charge", 10, "queues.charges.visibility_timeout", "100ms");
  CHECK(shorter.queues.at(0).redeliveries > 10 * base.queues.at(0).redeliveries);

  // Two consumers for 50 charges/s of ~340 ms: the queue grows from then on.
  const RunResult few = run_set("queue-redelivery-double-charge", 10, "queues.charges.consumer.concurrency", "2");
  const auto& depth = series(few, "queues.charges", "depth");
  CHECK(mean(depth, 5, 10) < 40);
  CHECK(depth.at(35) > 500);
}

TEST_CASE("set services.NAME.calls[i].pool.size: a bigger pool ends the exhaustion, a smaller one starts it") {
  const RunResult base = run_scenario("pool-exhaustion");  // db 10x slower 20..40 s: 10 connections are too few
  CHECK(fingerprint(run_set("pool-exhaustion", 10, "services.api.calls[0].pool.size", "10")) == fingerprint(base));
  // More connections than the api has workers (64 a replica): nobody waits from then on.
  const RunResult bigger = run_set("pool-exhaustion", 25, "services.api.calls[0].pool.size", "100");
  const auto& waiters = series(bigger, "edges.api->db", "pool_waiters");
  CHECK(mean(waiters, 21, 25) > 50);  // exhausted until the change
  CHECK(mean(waiters, 27, 40) < 1);
  CHECK(edge(bigger, "api->db").pool_timeouts < edge(base, "api->db").pool_timeouts / 2);
  // One connection per replica from 10 s, before the slowdown: waits and timeouts start then.
  const RunResult smaller = run_set("pool-exhaustion", 10, "services.api.calls.0.pool.size", "1");
  CHECK(mean(series(smaller, "edges.api->db", "pool_in_use"), 12, 20) <= 2);
  CHECK(mean(series(smaller, "edges.api->db", "pool_waiters"), 12, 20) > 10);
  CHECK(mean(series(base, "edges.api->db", "pool_waiters"), 12, 20) < 1);
}

TEST_CASE("set services.NAME.locks.timeout and .share: from then on") {
  const RunResult base = run_scenario("hot-row-locks");  // timeout 2 s: no lock wait times out
  CHECK(fingerprint(run_set("hot-row-locks", 20, "services.db.locks.timeout", "2s")) == fingerprint(base));
  CHECK(base.services.at(1).lock_timeouts == 0);
  const RunResult strict = run_set("hot-row-locks", 20, "services.db.locks.timeout", "5ms");
  CHECK(strict.services.at(1).lock_timeouts > 100);
  const RunResult none = run_set("hot-row-locks", 20, "services.db.locks.share", "0");
  CHECK(mean(series(none, "services.db", "locks_waiting"), 22, 60) == 0);
  CHECK(mean(series(base, "services.db", "locks_waiting"), 22, 60) > 1);
}

TEST_CASE("set services.NAME.autoscale.max and .min: the next evaluations clamp to them") {
  const RunResult base = run_scenario("autoscale-too-late");  // 2..10 replicas; the spike at 80 s scales out
  CHECK(fingerprint(run_set("autoscale-too-late", 30, "services.api.autoscale.max", "10")) == fingerprint(base));
  CHECK(base.services.at(0).replicas_max > 2);
  const RunResult capped = run_set("autoscale-too-late", 30, "services.api.autoscale.max", "2");
  CHECK(capped.services.at(0).replicas_max == 2);
  const RunResult floor = run_set("autoscale-too-late", 7, "services.api.autoscale.min", "5");
  const auto& replicas = series(floor, "services.api", "replicas");
  CHECK(replicas.at(5) == 2);
  CHECK(replicas.at(20) >= 5);  // the evaluation at 15 s raises it
}

TEST_CASE("set services.NAME.admission.*: the token bucket's rate from then on") {
  const RunResult base = run_scenario("rate-limited-api");  // 450/s; the spike of 800/s at 20 s is shed
  CHECK(fingerprint(run_set("rate-limited-api", 10, "services.api.admission.token_bucket.rate", "450/s")) ==
        fingerprint(base));
  CHECK(base.services.at(0).shed > 5000);
  const RunResult open = run_set("rate-limited-api", 10, "services.api.admission.token_bucket.rate", "5000/s");
  CHECK(open.services.at(0).shed < base.services.at(0).shed / 10);
  const std::string e = refused("rate-limited-api", "services.api.admission.max_concurrency", "10");
  CHECK(has(e, "admission is admission.token_bucket.{rate, burst}"));
}

TEST_CASE("set on the data tier: bad values get the loader's words; unknown names and keys are refused") {
  CHECK(refused("cache-stampede", "caches.profiles.capacity", "0") ==
        "caches.profiles.capacity: expected an integer from 1 to 100000000, got 0");
  CHECK(has(refused("cache-stampede", "caches.profiles.ttl", "soon"), "caches.profiles.ttl: "));
  CHECK(has(refused("cache-stampede", "caches.profiles.eviction", "fifo"), "cannot change mid-run"));
  CHECK(has(refused("cache-stampede", "caches.nope.ttl", "1s"), "no cache named nope"));
  CHECK(refused("queue-redelivery-double-charge", "queues.charges.visibility_timeout", "0s") ==
        "queues.charges.visibility_timeout: expected a duration > 0");
  CHECK(has(refused("queue-redelivery-double-charge", "queues.charges.consumer.concurrency", "0"),
            "expected an integer from 1 to 1000000, got 0"));
  CHECK(has(refused("autoscale-too-late", "services.api.autoscale.min", "11"), "expected min <= max"));
  CHECK(has(refused("autoscale-too-late", "services.api.autoscale.max", "20"), "expected at most 10"));
  CHECK(has(refused("pool-exhaustion", "services.db.calls[0].pool.size", "5"), "has 0 calls"));
  CHECK(has(refused("hot-row-locks", "services.api.locks.timeout", "1s"), "has no locks"));
  CHECK(has(refused("hot-row-locks", "services.db.locks.share", "150%"), "services.db.locks.share: "));
}

namespace {
/// The incident cache-stampede with sets at given seconds; the hit ratio per second.
std::vector<double> incident_hits(const std::vector<std::tuple<int, std::string, std::string>>& sets) {
  Simulation sim(load_spec(std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/incidents/cache-stampede.yaml"));
  for (const auto& [at, path, value] : sets) {
    sim.advance_to(Time::zero() + Duration::s(at));
    REQUIRE_FALSE(sim.set(path, value));
  }
  sim.advance_to(sim.end());
  return series(sim.finish(), "caches.profiles", "hit_ratio");
}
}  // namespace

TEST_CASE("set caches.NAME.coalesce in the middle of the cache-stampede incident: it protects, it does not drain") {
  // Flush at 25 s; a participant turns coalescing on at 30 s. The database's queue is
  // already longer than the 1 s fill timeout: even one fill per key times out.
  const auto alone = incident_hits({{30, "caches.profiles.coalesce", "true"}});
  CHECK(mean(alone, 26, 30) < 0.85);
  CHECK(mean(alone, 38, 45) < 0.85);
  // With the queue drained (db workers x4 for 5 s), the cache refills and stays full.
  const auto drained = incident_hits({{30, "caches.profiles.coalesce", "true"},
                                      {30, "services.db.workers", "32"},
                                      {35, "services.db.workers", "8"}});
  CHECK(mean(drained, 38, 45) > 0.95);
}

TEST_CASE("set services.NAME.calls[i].pool.size in the connection-pool-exhaustion incident: a bigger pool early brings goodput back") {
  // db 10x slower 15..30 s; a participant gives each replica 40 connections at 20 s.
  Simulation sim(load_spec(std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/incidents/connection-pool-exhaustion.yaml"));
  sim.advance_to(Time::zero() + Duration::s(20));
  REQUIRE_FALSE(sim.set("services.api.calls[0].pool.size", "40"));
  sim.advance_to(sim.end());
  const RunResult r = sim.finish();  // kept: good refers into it
  const auto& good = series(r, "clients.users", "goodput_per_s");
  CHECK(mean(good, 16, 20) < 500);
  CHECK(mean(good, 22, 30) > 950);  // while the db is still slow
}
