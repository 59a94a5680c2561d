// `faultline describe` shows the data tier of a scenario: pools and ops on
// calls, keys, locks, replication, admission, load-dependent latency,
// autoscaling, caches, queues with their publishers, and cost; a scenario
// without them shows none of it.
#include <doctest/doctest.h>

#include <string>

#include "faultline/report/report.hpp"
#include "faultline/scenario/load.hpp"
#include "support/text.hpp"

using namespace faultline;

namespace {
std::string described(const std::string& name) {
  return report::describe(load_spec(std::string(FAULTLINE_SOURCE_DIR) + "/scenarios/" + name));
}
using faultline::testing::has;
}  // namespace

TEST_CASE("describe: caches and the calls that read them") {
  const std::string d = described("cache-stampede.yaml");
  INFO(d);
  CHECK(has(d, "then reads cache profiles (a miss calls db, timeout 1s), no retry"));
  CHECK(has(d, "\nCaches\n  profiles -> db: 2000 entries, lru, ttl none, keys 2000 zipf 1.1, hit time constant(1ms), "
               "no coalescing"));
  CHECK(has(d, "cache_flush of profiles"));
}

TEST_CASE("describe: a connection pool on a call") {
  const std::string d = described("pool-exhaustion.yaml");
  INFO(d);
  CHECK(has(d, "then calls db, timeout 1s, no retry, pool of 10 connections per replica (wait up to 250ms)"));
}

TEST_CASE("describe: keys, locks, replication and op") {
  const std::string locks = described("hot-row-locks.yaml");
  INFO(locks);
  CHECK(has(locks, "    keys: 100000 rows, zipf 1.3\n"));
  CHECK(has(locks, "    locks: 80% of requests hold their row's lock during own work, wait timeout 2s\n"));
  const std::string rep = described("read-after-write.yaml");
  INFO(rep);
  CHECK(has(rep, "    replication: 2 read replicas, lag exponential(mean 100ms)"));
  CHECK(has(rep, "then calls db, timeout none, no retry, op write\n"));
  CHECK(has(rep, "then calls db, timeout none, no retry, op read\n"));
}

TEST_CASE("describe: admission, load-dependent latency, autoscale and cost") {
  const std::string adm = described("rate-limited-api.yaml");
  INFO(adm);
  CHECK(has(adm, "admission: token bucket 450/s, burst 100 per replica"));
  const std::string gc = described("gc-death-spiral.yaml");
  INFO(gc);
  CHECK(has(gc, "load-dependent service time x e^(2.5u)"));
  const std::string scale = described("cost-of-retries.yaml");
  INFO(scale);
  CHECK(has(scale, "    autoscale: cpu_utilization to 60% per replica, 2..16 replicas, every 10s over 20s (tolerance 10%), "
                   "provision delay 10s, scale-in cooldown 1m\n"));
  CHECK(has(scale, "\nCost\n  api: $0.50 per replica-hour, $2.00 per million requests\n"));
}

TEST_CASE("describe: queues with their publishers, delivery and dead letters") {
  const std::string d = described("queue-redelivery-double-charge.yaml");
  INFO(d);
  CHECK(has(d, "then publishes to queue charges"));
  CHECK(has(d, "  charges -> billing, 40 at once, at_least_once (visibility 2s, dead-lettered after 5 receives), "
               "capacity unbounded\n    published by checkout\n"));
}

TEST_CASE("describe: a scenario without a data tier mentions none of it") {
  const std::string d = described("retry-storm.yaml");
  for (const char* word : {"Caches", "Cost", "pool of", "keys:", "locks:", "replication:", "autoscale:", "admission:",
                           "load-dependent", "Queues"}) {
    CAPTURE(word);
    CHECK_FALSE(has(d, word));
  }
}
