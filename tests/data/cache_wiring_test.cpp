// [data-tier] Caches wired into the running model (model/cache_component.hpp):
// a hit avoids the backend, coalescing cuts backend calls, a flush empties the
// cache, the TTL hit ratio of one hot key matches 1 - 1/(1 + rate x ttl), every
// counter adds up, and bad cache keys get located errors.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "faultline/faultline.hpp"
#include "faultline/metrics/registry.hpp"
#include "faultline/scenario/load.hpp"
#include "support/spec_builder.hpp"

using namespace faultline;
using namespace faultline::testing;

namespace {
// web -> api -> (cache profiles) -> db.
const std::string kBase = R"(name: t
simulation: {duration: 40s, seed: 5}
services:
  api:
    workers: 200
    service_time: {dist: constant, value: 1ms}
    calls:
      - cache: profiles
        timeout: 2s
  db:
    workers: 4
    service_time: {dist: constant, value: 20ms}
caches:
  profiles:
    backend: db
    keys: {count: 500, zipf: 0.9}
    ttl: 5s
    capacity: 300
clients:
  web: {target: api, rate: 150/s}
)";

RunResult run_cache(const std::string& yaml) { return run(load_spec_from_string(yaml, "t.yaml")); }

const CacheSummary& cache_of(const RunResult& r) {
  REQUIRE(r.caches.size() == 1);
  return r.caches[0];
}
const ServiceSummary& db_of(const RunResult& r) { return r.services[1]; }
std::uint64_t cache_edge_attempts(const RunResult& r) {
  for (const auto& e : r.edges)
    if (e.name == "api->profiles") return e.attempts;
  FAIL("no edge api->profiles");
  return 0;
}

std::string first_cache_error(const std::string& text) {
  try {
    load_spec_from_string(text, "in.yaml");
  } catch (const LoadFailure& f) {
    return f.errors().front().format();
  }
  return "";
}
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("cache: a hit avoids the backend; every read is a hit or a miss, every miss one backend arrival") {
  const RunResult r = run_cache(kBase);
  const CacheSummary& c = cache_of(r);
  CHECK(c.hits > 0);
  CHECK(c.misses > 0);
  CHECK(c.hits + c.misses == cache_edge_attempts(r));  // each attempt on the edge is one read
  CHECK(c.coalesced == 0);
  CHECK(c.backend_calls == c.misses);
  CHECK(db_of(r).arrivals == c.backend_calls);         // hits never reach the db
  CHECK(c.hit_ratio == doctest::Approx(static_cast<double>(c.hits) / static_cast<double>(c.hits + c.misses)));
  CHECK(c.evictions > 0);                              // 300 entries for 500 keys
  CHECK(c.size <= 300);
  CHECK(r.clients[0].failed_timeout + r.clients[0].failed_error == 0);
  // In the registry, so JSON, CSV, compare, sweep and expect: see them.
  const auto metrics = registry(r);
  CHECK(metrics->value("caches.profiles", "hit_ratio") == doctest::Approx(c.hit_ratio));
  CHECK(metrics->value("caches.profiles", "misses") == static_cast<double>(c.misses));
  CHECK(r.timeseries.find("caches.profiles", "hit_ratio") != nullptr);
  CHECK(r.timeseries.find("caches.profiles", "size") != nullptr);
}

TEST_CASE("cache: coalescing sends one fill per key to the backend; the others wait for it") {
  // One hot key, a slow db: without coalescing every miss while a fill is in flight calls the db.
  std::string hot = replaced(kBase, "keys: {count: 500, zipf: 0.9}", "keys: {count: 1}");
  hot = replaced(hot, "ttl: 5s", "ttl: 100ms");
  const RunResult plain = run_cache(hot);
  const RunResult coalesced = run_cache(replaced(hot, "capacity: 300", "capacity: 300\n    coalesce: true"));
  const CacheSummary& p = cache_of(plain);
  const CacheSummary& c = cache_of(coalesced);
  CHECK(p.backend_calls == p.misses);
  CHECK(c.coalesced > 0);
  CHECK(c.misses == c.backend_calls + c.coalesced);
  CHECK(db_of(coalesced).arrivals == c.backend_calls);
  CHECK(c.backend_calls * 2 < p.backend_calls);
  CHECK(c.hits + c.misses == cache_edge_attempts(coalesced));
  CHECK(coalesced.clients[0].succeeded + coalesced.clients[0].in_flight == coalesced.clients[0].operations);
}

TEST_CASE("cache: a flush empties it; the hit ratio falls at the flush and refills after") {
  const std::string flushed = kBase + "faults:\n  - {kind: cache_flush, target: profiles, at: 20s}\n";
  const RunResult r = run_cache(flushed);
  const Series* ratio = r.timeseries.find("caches.profiles", "hit_ratio");
  const Series* size = r.timeseries.find("caches.profiles", "size");
  REQUIRE(ratio != nullptr);
  REQUIRE(size != nullptr);
  // Interval i covers [i, i+1) s: 19 is the last before the flush, 20 the first after.
  CHECK(ratio->values[19] > 0.6);
  CHECK(ratio->values[20] < ratio->values[19] - 0.2);
  CHECK(size->values[20] < size->values[19] / 2);
  CHECK(ratio->values[39] > ratio->values[20]);
  REQUIRE(r.faults.size() == 1);
  CHECK(r.faults[0].kind == "cache_flush");
  CHECK(r.faults[0].target == "profiles");
  const RunResult plain = run_cache(kBase);
  CHECK(cache_of(r).misses > cache_of(plain).misses);
}

TEST_CASE("cache: one hot key's TTL hit ratio is 1 - 1/(1 + rate x ttl) (Poisson reads, instant fills)") {
  for (const auto& [rate, ttl_ms] : {std::pair{100.0, 50.0}, std::pair{200.0, 20.0}, std::pair{50.0, 100.0}}) {
    std::string text = replaced(kBase, "keys: {count: 500, zipf: 0.9}", "keys: {count: 1}");
    text = replaced(text, "ttl: 5s", "ttl: " + std::to_string(static_cast<int>(ttl_ms)) + "ms");
    text = replaced(text, "value: 20ms", "value: 0ms");
    text = replaced(text, "rate: 150/s", "rate: " + std::to_string(static_cast<int>(rate)) + "/s");
    text = replaced(text, "duration: 40s", "duration: 300s");
    const RunResult r = run_cache(text);  // kept: c refers into it
    const CacheSummary& c = cache_of(r);
    const double x = rate * ttl_ms / 1000;
    const double expected = 1 - 1 / (1 + x);
    const double n = static_cast<double>(c.hits + c.misses);
    CAPTURE(rate);
    CAPTURE(ttl_ms);
    // Renewal cycles are independent; 5 standard errors of a binomial share is generous for them.
    CHECK(std::abs(c.hit_ratio - expected) < 5 * std::sqrt(expected * (1 - expected) / n) + 1e-3);
  }
}

TEST_CASE("cache: a cache nobody reads changes nothing: the run's fingerprint is that of the file without it") {
  std::string without = replaced(kBase, "      - cache: profiles\n        timeout: 2s\n", "      - {service: db, timeout: 2s}\n");
  const std::string with_unused = without;  // still has caches:
  without = without.substr(0, without.find("caches:")) + without.substr(without.find("clients:"));
  const RunResult a = run_cache(without);
  const RunResult b = run_cache(with_unused);
  CHECK(a.caches.empty());
  CHECK(b.caches.size() == 1);
  CHECK(a.engine.fingerprint == b.engine.fingerprint);
  CHECK(registry(a)->find("caches.profiles.hits") == nullptr);
}

TEST_CASE("cache: bad values get located errors") {
  CHECK(first_cache_error(replaced(kBase, "- cache: profiles", "- cache: profile")) ==
        "in.yaml:8:16: services.api.calls[0].cache: no cache named `profile` (did you mean `profiles`?)");
  CHECK(first_cache_error(replaced(kBase, "backend: db", "backend: dbs")) ==
        "in.yaml:15:14: caches.profiles.backend: no service named `dbs` (did you mean `db`?)");
  CHECK(first_cache_error(kBase).empty());
  CHECK(first_cache_error(replaced(kBase, "capacity: 300", "capacity: 0")).find("caches.profiles.capacity") !=
        std::string::npos);
  CHECK(first_cache_error(replaced(kBase, "capacity: 300", "capacity: 300\n    eviction: random"))
            .find("caches.profiles.eviction: expected one of lru | fifo") != std::string::npos);
  CHECK(first_cache_error(replaced(kBase, "zipf: 0.9", "zipf: -1")).find("caches.profiles.keys.zipf") != std::string::npos);
  CHECK(first_cache_error(replaced(kBase, "    capacity: 300\n", "")).find("caches.profiles.capacity: missing") !=
        std::string::npos);
  CHECK(first_cache_error(replaced(kBase, "- cache: profiles", "- cache: profiles\n        service: db"))
            .find("not both") != std::string::npos);
  CHECK(first_cache_error(kBase + "faults:\n  - {kind: cache_flush, target: profile, at: 5s}\n")
            .find("faults[0].target: no cache named `profile` (did you mean `profiles`?)") != std::string::npos);
  CHECK(first_cache_error(kBase + "faults:\n  - {kind: cache_flush, target: profiles, at: 5s, duration: 2s}\n")
            .find("instantaneous") != std::string::npos);
}
